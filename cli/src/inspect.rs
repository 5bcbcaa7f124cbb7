//! `sigma-auth token inspect`: each field of a token, what it means, and each check.

use std::process::ExitCode;

use clap::Args;
use serde_json::{Value, json};
use sigma_auth_core::bsm::CompactSignature;
use sigma_auth_core::encoding::{base64_decode, base64_decode_lenient};
use sigma_auth_core::signed_message::{self, Verifier as EnvelopeVerifier};
use sigma_auth_core::token::{self, Request, Scheme};
use sigma_auth_core::{Network, Policy, PublicKey, Timestamp};

use crate::failure::Failure;
use crate::input::{self, BodyArgs};
use crate::output::Out;
use crate::token::{EXIT_INVALID, VerifierArgs, hex as hex_encode, verdict_json};

/// `token inspect`.
#[derive(Args)]
pub struct InspectArgs {
    /// The token, or - to read it from standard input.
    token: String,
    /// Also verify against this request path.
    #[arg(long)]
    path: Option<String>,
    #[command(flatten)]
    body: BodyArgs,
    #[command(flatten)]
    verifier: VerifierArgs,
    /// Print JSON: {"well_formed","checks":[{"name","ok","detail"}],"verification"}.
    #[arg(long)]
    json: bool,
}

/// One line of the report: a field or a check, whether it passed, and what it says.
struct Line {
    name: &'static str,
    ok: bool,
    detail: String,
}

fn line(name: &'static str, ok: bool, detail: impl Into<String>) -> Line {
    Line {
        name,
        ok,
        detail: detail.into(),
    }
}

/// Runs `token inspect`.
pub fn run(a: InspectArgs, out: &mut Out) -> Result<ExitCode, Failure> {
    let now = input::timestamp_or_now("--now", a.verifier.now.as_deref())?;
    if a.path.is_none() && a.body.given() {
        return Err(Failure::usage(
            "--body and --body-file need --path (the request to verify the token for)",
        ));
    }
    let body = a.body.load()?;
    let tok = input::read_token(&a.token)?;
    let policy = a.verifier.policy();
    let mut lines = Vec::new();
    let parts = match token::parse(&tok) {
        Ok(p) => p,
        Err(e) => {
            lines.push(line(
                "structure",
                false,
                format!("{}: {}", e.code(), e.detail()),
            ));
            return finish(out, &lines, None, a.json);
        }
    };
    lines.push(line(
        "structure",
        true,
        "five '|'-separated fields: pubkey|scheme|timestamp|path|signature",
    ));

    let key = match policy {
        Policy::Strict => PublicKey::from_hex(parts.pubkey)
            .ok()
            .filter(|_| parts.pubkey.len() == 66 && parts.pubkey == parts.pubkey.to_lowercase()),
        Policy::Compat => PublicKey::from_hex_lenient(parts.pubkey).ok(),
    };
    lines.push(match &key {
        Some(k) => line(
            "pubkey",
            true,
            format!(
                "{} — the identity the token claims; address {}",
                k,
                k.address(Network::Mainnet)
            ),
        ),
        None => line(
            "pubkey",
            false,
            format!(
                "{:?} is not an accepted public key ({policy:?})",
                parts.pubkey
            ),
        ),
    });
    lines.push(line("scheme", true, match parts.scheme {
        Scheme::Bsm => "bsm — Bitcoin Signed Message (65-byte compact signature) over path|timestamp|bodyHash",
        Scheme::Brc77 => "brc77 — BRC-77 signed message (anyone-verifiable envelope) over path|timestamp|bodyHash",
    }));
    let ts = match policy {
        Policy::Strict => Timestamp::parse_iso("timestamp", parts.timestamp),
        Policy::Compat => Timestamp::parse_lenient("timestamp", parts.timestamp),
    };
    let window = ts.ok().map(|t| window_line(t, now, &a.verifier));
    lines.push(match ts {
        Ok(t) => {
            let age = (now.unix_millis() - t.unix_millis()) as f64 / 1000.0;
            let when = if age >= 0.0 {
                format!("{age:.3} s ago")
            } else {
                format!("{:.3} s in the future", -age)
            };
            line(
                "timestamp",
                true,
                format!("{t} — signed {when} (verifier clock {now})"),
            )
        }
        Err(e) => line("timestamp", false, format!("{:?}: {e}", parts.timestamp)),
    });
    lines.extend(window);
    lines.push(line(
        "path",
        true,
        format!(
            "{:?} — must equal the request path byte for byte",
            parts.request_path
        ),
    ));

    let raw = match policy {
        Policy::Strict => base64_decode("signature", parts.signature),
        Policy::Compat => base64_decode_lenient("signature", parts.signature),
    };
    match (raw, parts.scheme) {
        (Err(e), _) => lines.push(line("signature", false, e.to_string())),
        (Ok(raw), Scheme::Bsm) => match CompactSignature::parse(&raw, policy) {
            Ok(sig) => lines.push(line(
                "signature",
                true,
                format!(
                    "65-byte compact signature: header {} (recovery id {}, {} key), r {}, s {}",
                    sig.header(),
                    sig.recovery_id(),
                    if sig.compressed() {
                        "compressed"
                    } else {
                        "uncompressed"
                    },
                    hex_encode(&sig.rs()[..32]),
                    hex_encode(&sig.rs()[32..])
                ),
            )),
            Err(e) => lines.push(line("signature", false, e.to_string())),
        },
        (Ok(raw), Scheme::Brc77) => match signed_message::parse(&raw, policy) {
            Ok(env) => {
                let verifier = match env.verifier {
                    EnvelopeVerifier::Anyone => "anyone".to_string(),
                    EnvelopeVerifier::Key(k) => k.to_hex(),
                    EnvelopeVerifier::Unparsed(b) => hex_encode(&b),
                };
                lines.push(line("signature", true, format!(
                    "BRC-77 envelope ({} bytes): signer {}, verifier {verifier}, key ID {}, r {}, s {}",
                    raw.len(), env.signer, hex_encode(&env.key_id), hex_encode(&env.signature[..32]), hex_encode(&env.signature[32..]))));
                lines.push(line("signer binding", key.as_ref() == Some(&env.signer),
                    if key.as_ref() == Some(&env.signer) { "the envelope signer is the token's pubkey".to_string() }
                    else { "the envelope signer differs from the token's pubkey: a forged identity (bitcoin-auth 0.0.7 does not check this)".to_string() }));
                lines.push(line(
                    "audience",
                    env.verifier == EnvelopeVerifier::Anyone,
                    if env.verifier == EnvelopeVerifier::Anyone {
                        "verifiable by anyone, as bitcoin-auth tokens are"
                    } else {
                        "addressed to a specific verifier: not a bitcoin-auth token"
                    },
                ));
            }
            Err(e) => lines.push(line("signature", false, e.to_string())),
        },
    }

    let verdict = a.path.as_ref().map(|path| {
        let mut req = Request::new(path);
        req.body = body.as_ref().map(|b| b.as_body());
        verdict_json(&a.verifier.verifier().verify(&tok, &req, now))
    });
    finish(out, &lines, verdict, a.json)
}

/// Whether `t` lies in the verifier's window around `now`.
fn window_line(t: Timestamp, now: Timestamp, v: &VerifierArgs) -> Line {
    let age = i128::from(now.unix_millis()) - i128::from(t.unix_millis());
    let (max_age, max_skew) = (i128::from(v.max_age) * 1000, i128::from(v.max_skew) * 1000);
    let bounds = format!(
        "accepted from {} s before to {} s after the verifier clock {now}",
        v.max_age, v.max_skew
    );
    if age > max_age {
        line("window", false, format!("expired: {bounds}"))
    } else if -age > max_skew {
        line("window", false, format!("not yet valid: {bounds}"))
    } else {
        line("window", true, bounds)
    }
}

fn finish(
    out: &mut Out,
    lines: &[Line],
    verdict: Option<Value>,
    as_json: bool,
) -> Result<ExitCode, Failure> {
    let all_ok = lines.iter().all(|l| l.ok);
    let valid = verdict.as_ref().map(|v| v["valid"] == true);
    if as_json {
        let fields: Vec<Value> = lines
            .iter()
            .map(|l| json!({"name": l.name, "ok": l.ok, "detail": l.detail}))
            .collect();
        writeln!(
            out,
            "{}",
            json!({"well_formed": all_ok, "checks": fields, "verification": verdict})
        )?;
    } else {
        for l in lines {
            writeln!(
                out,
                "{} {:<15} {}",
                if l.ok { "✓" } else { "✗" },
                l.name,
                l.detail
            )?;
        }
        match &verdict {
            Some(v) if v["valid"] == true => writeln!(
                out,
                "\nverification: valid (replay id {})",
                v["replay_id"].as_str().unwrap_or("")
            ),
            Some(v) => writeln!(
                out,
                "\nverification: invalid — {}: {}",
                v["code"].as_str().unwrap_or(""),
                v["message"].as_str().unwrap_or("")
            ),
            None => writeln!(
                out,
                "\n(give --path, and --body if the request has one, to run the full verification)"
            ),
        }?;
    }
    Ok(if valid.unwrap_or(all_ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INVALID)
    })
}
