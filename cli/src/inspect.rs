//! `sigma-auth token inspect`: each field of a token and each stage of verification, as the
//! core's verifier traces them (`Verifier::trace`); no stage is re-implemented here.

use std::process::ExitCode;

use clap::Args;
use serde_json::{Value, json};
use sigma_auth_core::signed_message::Verifier as Audience;
use sigma_auth_core::token::{Request, Scheme, SignatureDetail, Stage, Step, Trace};
use sigma_auth_core::{Network, Timestamp};

use crate::failure::Failure;
use crate::input::{self, BodyArgs};
use crate::output::Out;
use crate::token::{EXIT_INVALID, VerifierArgs, hex, verdict_json};

/// `token inspect`.
#[derive(Args)]
pub struct InspectArgs {
    /// The token, or - to read it from standard input.
    token: String,
    /// Also verify against this request path (and --body or --body-file).
    #[arg(long)]
    path: Option<String>,
    #[command(flatten)]
    body: BodyArgs,
    #[command(flatten)]
    verifier: VerifierArgs,
    /// Print JSON: {"well_formed","fields","checks":[{"name","ok","code","detail"}],
    /// "not_checked","verification"}.
    #[arg(long)]
    json: bool,
}

/// The stages that need a request, listed as not checked without `--path`.
const NEED_REQUEST: [Stage; 3] = [Stage::Path, Stage::Body, Stage::Signature];

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
    let request = a.path.as_deref().map(|path| {
        let mut req = Request::new(path);
        req.body = body.as_ref().map(|b| b.as_body());
        req
    });
    let trace = a.verifier.verifier().trace(&tok, request.as_ref(), now);
    let checks = explain_steps(&trace, &a.verifier, now);
    if a.json {
        print_json(out, &trace, &checks)?;
    } else {
        print_text(out, &trace, &checks)?;
    }
    let ok = match &trace.verdict {
        Some(v) => v.is_ok(),
        None => trace.all_passed(),
    };
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INVALID)
    })
}

fn print_json(out: &mut Out, trace: &Trace<'_>, checks: &[Check]) -> Result<(), Failure> {
    let checks: Vec<Value> = checks
        .iter()
        .map(
            |c| json!({"name": c.name, "ok": c.code.is_none(), "code": c.code, "detail": c.detail}),
        )
        .collect();
    let not_checked: Vec<&str> = if trace.verdict.is_none() {
        NEED_REQUEST.iter().map(|s| s.name()).collect()
    } else {
        Vec::new()
    };
    let fields = trace.parts.as_ref().map(|p| {
        json!({"pubkey": p.pubkey, "scheme": p.scheme.as_str(), "timestamp": p.timestamp,
               "path": p.request_path, "signature": p.signature})
    });
    let verdict = trace.verdict.as_ref().map(verdict_json);
    writeln!(
        out,
        "{}",
        json!({"well_formed": trace.all_passed(), "fields": fields, "checks": checks,
               "not_checked": not_checked, "verification": verdict})
    )
}

fn print_text(out: &mut Out, trace: &Trace<'_>, checks: &[Check]) -> Result<(), Failure> {
    for c in checks {
        let mark = if c.code.is_none() { "✓" } else { "✗" };
        writeln!(out, "{mark} {:<18} {}", c.name, c.detail)?;
    }
    match (&trace.verdict, &trace.parts) {
        (Some(Ok(v)), _) => writeln!(
            out,
            "\nverification: valid (replay id {})",
            hex(v.replay_id())
        ),
        (Some(Err(e)), _) => writeln!(
            out,
            "\nverification: invalid — {}: {}",
            e.code(),
            e.detail()
        ),
        (None, Some(parts)) => writeln!(
            out,
            "· {:<18} {:?} — not checked: give --path (and --body if the request has one) \
             to check the path, the body and the signature",
            "path", parts.request_path
        ),
        (None, None) => Ok(()),
    }
}

/// One line of the report: a stage, its refusal code if it failed, and what it found.
struct Check {
    name: &'static str,
    code: Option<&'static str>,
    detail: String,
}

/// The trace's steps, each explained with what the trace decoded.
fn explain_steps(trace: &Trace<'_>, settings: &VerifierArgs, now: Timestamp) -> Vec<Check> {
    trace
        .steps
        .iter()
        .map(|step| Check {
            name: step.stage.name(),
            code: step.outcome.err().map(|e| e.code()),
            detail: explain(trace, step, settings, now),
        })
        .collect()
}

fn explain(trace: &Trace<'_>, step: &Step, settings: &VerifierArgs, now: Timestamp) -> String {
    if let Err(e) = step.outcome {
        let mut text = format!("{}: {}", e.code(), e.detail());
        if step.stage == Stage::Window {
            text.push_str(&format!(" ({})", window(settings, now)));
        }
        if step.stage == Stage::Path
            && let Some(p) = &trace.parts
        {
            text.push_str(&format!(" (the token is for {:?})", p.request_path));
        }
        if step.stage == Stage::SignerBinding {
            text.push_str(" — a forged identity (bitcoin-auth 0.0.7 does not check this)");
        }
        return text;
    }
    match step.stage {
        Stage::Structure => match trace.parts.as_ref().map(|p| p.scheme) {
            Some(Scheme::Bsm) => "five '|'-separated fields; scheme bsm — Bitcoin Signed \
                Message (65-byte compact signature) over path|timestamp|bodyHash"
                .to_string(),
            _ => "five '|'-separated fields; scheme brc77 — BRC-77 signed message \
                (anyone-verifiable envelope) over path|timestamp|bodyHash"
                .to_string(),
        },
        Stage::Pubkey => match &trace.pubkey {
            Some(k) => format!(
                "{k} — the identity the token claims; address {}",
                k.address(Network::Mainnet)
            ),
            None => "an accepted public key".to_string(),
        },
        Stage::Timestamp => match trace.timestamp {
            Some(t) => {
                let age = (now.unix_millis() - t.unix_millis()) as f64 / 1000.0;
                let when = if age >= 0.0 {
                    format!("{age:.3} s ago")
                } else {
                    format!("{:.3} s in the future", -age)
                };
                format!("{t} — signed {when} (verifier clock {now})")
            }
            None => "an accepted timestamp".to_string(),
        },
        Stage::Window => window(settings, now),
        Stage::Path => "the token's path equals the request's, byte for byte".to_string(),
        Stage::Body => "the request body is valid for its encoding".to_string(),
        Stage::SignatureEncoding => match &trace.signature {
            Some(SignatureDetail::Bsm(sig)) => format!(
                "65-byte compact signature: header {} (recovery id {}, {} key), r {}, s {}",
                sig.header(),
                sig.recovery_id(),
                if sig.compressed() {
                    "compressed"
                } else {
                    "uncompressed"
                },
                hex(&sig.rs()[..32]),
                hex(&sig.rs()[32..])
            ),
            Some(SignatureDetail::Brc77(env)) => {
                let verifier = match &env.verifier {
                    Audience::Anyone => "anyone".to_string(),
                    Audience::Key(k) => k.to_hex(),
                    Audience::Unparsed(b) => hex(b),
                };
                format!(
                    "BRC-77 envelope: signer {}, verifier {verifier}, key ID {}, r {}, s {}",
                    env.signer,
                    hex(&env.key_id),
                    hex(&env.signature[..32]),
                    hex(&env.signature[32..])
                )
            }
            None => "the signature field decodes".to_string(),
        },
        Stage::Audience => "verifiable by anyone, as bitcoin-auth tokens are".to_string(),
        Stage::SignerBinding => "the envelope signer is the token's pubkey".to_string(),
        Stage::Signature => "the signature verifies over path|timestamp|bodyHash".to_string(),
        _ => "passed".to_string(),
    }
}

/// The accepted window around `now`.
fn window(settings: &VerifierArgs, now: Timestamp) -> String {
    format!(
        "accepted from {} s before to {} s after the verifier clock {now}",
        settings.max_age, settings.max_skew
    )
}
