//! `sigma-auth token inspect`: each field of a token, what it means, and each check.

use std::process::ExitCode;

use serde_json::{Value, json};
use sigma_auth_core::bsm::CompactSignature;
use sigma_auth_core::encoding::{base64_decode, base64_decode_lenient, hex_encode};
use sigma_auth_core::signed_message::{self, Verifier as EnvelopeVerifier};
use sigma_auth_core::token::{self, Request, Scheme};
use sigma_auth_core::{Network, Policy, PublicKey, Timestamp, Verifier};

use crate::{InspectArgs, Usage, parse_now, read_token};

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

pub fn run(a: InspectArgs) -> Result<ExitCode, Usage> {
    let tok = read_token(&a.token)?;
    let now = parse_now(&a.now)?;
    let policy = if a.compat {
        Policy::Compat
    } else {
        Policy::Strict
    };
    let mut lines = Vec::new();
    let parts = match token::parse(&tok) {
        Ok(p) => p,
        Err(e) => {
            lines.push(line(
                "structure",
                false,
                format!("{}: {}", e.code(), e.detail()),
            ));
            return finish(&lines, None, a.json);
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

    let verdict = match &a.path {
        Some(path) => {
            let body = a.body.load().map_err(Usage)?;
            let mut req = Request::new(path);
            req.body = body.as_body();
            Some(Verifier::new().with_policy(policy).verify(&tok, &req, now))
        }
        None => None,
    };
    let verdict_json = verdict.map(|r| match r {
        Ok(v) => json!({"valid": true, "pubkey": v.pubkey.to_hex(), "scheme": v.scheme.as_str(),
                        "timestamp": v.timestamp.to_iso(), "replay_id": hex_encode(&v.replay_id)}),
        Err(e) => json!({"valid": false, "code": e.code(), "message": e.detail()}),
    });
    finish(&lines, verdict_json, a.json)
}

fn finish(lines: &[Line], verdict: Option<Value>, as_json: bool) -> Result<ExitCode, Usage> {
    let all_ok = lines.iter().all(|l| l.ok);
    let valid = verdict.as_ref().map(|v| v["valid"] == true);
    if as_json {
        let fields: Vec<Value> = lines
            .iter()
            .map(|l| json!({"name": l.name, "ok": l.ok, "detail": l.detail}))
            .collect();
        println!(
            "{}",
            json!({"well_formed": all_ok, "checks": fields, "verification": verdict})
        );
    } else {
        for l in lines {
            println!(
                "{} {:<15} {}",
                if l.ok { "✓" } else { "✗" },
                l.name,
                l.detail
            );
        }
        match &verdict {
            Some(v) if v["valid"] == true => println!(
                "\nverification: valid (replay id {})",
                v["replay_id"].as_str().unwrap_or("")
            ),
            Some(v) => println!(
                "\nverification: invalid — {}: {}",
                v["code"].as_str().unwrap_or(""),
                v["message"].as_str().unwrap_or("")
            ),
            None => println!(
                "\n(give --path, and --body if the request has one, to run the full verification)"
            ),
        }
    }
    Ok(if valid.unwrap_or(all_ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
