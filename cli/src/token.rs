//! `sigma-auth token create` and `token verify`.

use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;
use sigma_auth_core::token::{self, NewToken, Request, Scheme};
use sigma_auth_core::{Policy, Verified, Verifier};

use crate::failure::Failure;
use crate::input::{self, BodyArgs};
use crate::inspect::InspectArgs;
use crate::key_input::KeyArgs;
use crate::output::Out;

/// Exit status of a token that fails verification (or a check of `inspect`).
pub const EXIT_INVALID: u8 = 1;

/// The `token` commands.
#[derive(Subcommand)]
pub enum TokenCommand {
    /// Sign a request; prints the token alone.
    Create(CreateArgs),
    /// Verify a token for a request. Exit 0 valid, 1 invalid, 2 usage, input or output error.
    ///
    /// With --json the verdict is one line: {"valid":true,"pubkey":…,"scheme":…,"timestamp":…,
    /// "replay_id":…} (exit 0) or {"valid":false,"code":REASON,"message":…} (exit 1); a usage or
    /// input error is {"valid":false,"code":"usage"|"io","message":…} (exit 2).
    Verify(VerifyArgs),
    /// Explain each field of a token and each check.
    Inspect(InspectArgs),
}

/// Runs a `token` command.
pub fn run(cmd: TokenCommand, out: &mut Out) -> Result<ExitCode, Failure> {
    match cmd {
        TokenCommand::Create(a) => create(a, out),
        TokenCommand::Verify(a) => verify(a, out),
        TokenCommand::Inspect(a) => crate::inspect::run(a, out),
    }
}

/// The signature scheme of a new token.
#[derive(Clone, Copy, ValueEnum)]
pub enum SchemeArg {
    /// BRC-77 signed message (anyone-verifiable).
    Brc77,
    /// Bitcoin Signed Message.
    Bsm,
}

/// `token create`.
#[derive(Args)]
pub struct CreateArgs {
    #[command(flatten)]
    key: KeyArgs,
    /// The request path with its query, exactly as the server sees it.
    #[arg(long)]
    path: String,
    #[command(flatten)]
    body: BodyArgs,
    /// Signature scheme.
    #[arg(long, value_enum, default_value = "brc77")]
    scheme: SchemeArg,
    /// When the token is signed (ISO-8601 with a zone, as --now takes); default now.
    #[arg(long)]
    timestamp: Option<String>,
}

/// The verifier settings shared by `verify` and `inspect`.
#[derive(Args)]
pub struct VerifierArgs {
    /// The verifier's clock (ISO-8601 with a zone, e.g. 2025-01-15T12:00:00.000Z); default the
    /// system clock.
    #[arg(long)]
    pub now: Option<String>,
    /// Maximum token age in seconds.
    #[arg(long, default_value_t = token::DEFAULT_MAX_AGE.as_secs())]
    pub max_age: u64,
    /// Maximum clock skew (token dated in the future) in seconds.
    #[arg(long, default_value_t = token::DEFAULT_MAX_SKEW.as_secs())]
    pub max_skew: u64,
    /// Accept every encoding the JavaScript reference tolerates (security checks stay).
    #[arg(long)]
    pub compat: bool,
}

impl VerifierArgs {
    /// The verifier these options describe.
    pub fn verifier(&self) -> Verifier {
        Verifier::new()
            .with_max_age(Duration::from_secs(self.max_age))
            .with_max_skew(Duration::from_secs(self.max_skew))
            .with_policy(self.policy())
    }

    /// Strict, or Compat with `--compat`.
    pub fn policy(&self) -> Policy {
        if self.compat {
            Policy::Compat
        } else {
            Policy::Strict
        }
    }
}

/// `token verify`.
#[derive(Args)]
pub struct VerifyArgs {
    /// The token, or - to read it from standard input.
    token: String,
    /// The request path with its query, as the server received it.
    #[arg(long)]
    path: String,
    #[command(flatten)]
    body: BodyArgs,
    #[command(flatten)]
    verifier: VerifierArgs,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

fn create(a: CreateArgs, out: &mut Out) -> Result<ExitCode, Failure> {
    input::check_path(&a.path)?;
    let timestamp = input::timestamp_or_now("--timestamp", a.timestamp.as_deref())?;
    let body = a.body.load()?;
    let key = a.key.load()?;
    key.warn_if_uncompressed();
    let scheme = match a.scheme {
        SchemeArg::Brc77 => Scheme::Brc77,
        SchemeArg::Bsm => Scheme::Bsm,
    };
    let mut spec = NewToken::new(&a.path, scheme, timestamp);
    spec.body = body.as_ref().map(|b| b.as_body());
    writeln!(out, "{}", token::create_random(&key.key, &spec)?)?;
    Ok(ExitCode::SUCCESS)
}

fn verify(a: VerifyArgs, out: &mut Out) -> Result<ExitCode, Failure> {
    let now = input::timestamp_or_now("--now", a.verifier.now.as_deref())?;
    let body = a.body.load()?;
    let tok = input::read_token(&a.token)?;
    let mut req = Request::new(&a.path);
    req.body = body.as_ref().map(|b| b.as_body());
    let verdict = a.verifier.verifier().verify(&tok, &req, now);
    if a.json {
        writeln!(out, "{}", verdict_json(&verdict))?;
    } else {
        match &verdict {
            Ok(v) => {
                writeln!(
                    out,
                    "valid: signed by {} ({}) at {}",
                    v.pubkey,
                    v.scheme.as_str(),
                    v.timestamp
                )?;
                writeln!(out, "replay id: {}", hex(v.replay_id()))?;
            }
            Err(e) => writeln!(out, "invalid: {} — {}", e.code(), e.detail())?,
        }
    }
    Ok(verdict_status(&verdict))
}

/// 0 for a valid token, 1 for an invalid one.
pub fn verdict_status<E>(verdict: &Result<Verified, E>) -> ExitCode {
    match verdict {
        Ok(_) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(EXIT_INVALID),
    }
}

/// The verdict as `token verify --json` prints it.
pub fn verdict_json(verdict: &Result<Verified, sigma_auth_core::VerifyError>) -> serde_json::Value {
    match verdict {
        Ok(v) => json!({"valid": true, "pubkey": v.pubkey.to_hex(), "scheme": v.scheme.as_str(),
                        "timestamp": v.timestamp.to_iso(), "replay_id": hex(v.replay_id())}),
        Err(e) => json!({"valid": false, "code": e.code(), "message": e.detail()}),
    }
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    base16ct::lower::encode_string(bytes)
}
