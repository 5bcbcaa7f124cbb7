//! `sigma-auth`: create, verify and inspect bitcoin-auth `X-Auth-Token`s, manage keys, derive
//! BRC-42 child keys, and run a demonstration of the whole flow.

mod demo;
mod inspect;

use std::io::Read;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::json;
use sigma_auth_core::encoding::hex_encode;
use sigma_auth_core::token::{self, Body, BodyEncoding, NewToken, Request, Scheme};
use sigma_auth_core::type42::{Counterparty, KeyDeriver, Protocol};
use sigma_auth_core::{Network, Policy, PrivateKey, PublicKey, Timestamp, Verifier, Wif};

/// Bitcoin-key sign-in from the command line: bitcoin-auth tokens, keys and BRC-42 derivation.
#[derive(Parser)]
#[command(name = "sigma-auth", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create, verify or inspect an X-Auth-Token.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Make or show a key.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Derive a BRC-42 child key for a counterparty, protocol and key ID.
    Derive(DeriveArgs),
    /// Walk through the whole flow: sign, verify, and refuse a forgery, a replay and an old token.
    Demo,
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Sign a request; prints the token alone.
    Create(CreateArgs),
    /// Verify a token for a request. Exit 0 valid, 1 invalid, 2 usage error.
    Verify(VerifyArgs),
    /// Explain each field of a token and each check.
    Inspect(InspectArgs),
}

#[derive(Subcommand)]
enum KeyCommand {
    /// A new random key.
    New {
        /// Write the WIF for testnet.
        #[arg(long)]
        testnet: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show the public key and address of a WIF or 64-hex private key.
    Show {
        /// WIF or hex private key.
        key: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemeArg {
    Brc77,
    Bsm,
}

#[derive(Clone, Copy, ValueEnum)]
enum EncodingArg {
    Utf8,
    Hex,
    Base64,
}

impl From<EncodingArg> for BodyEncoding {
    fn from(e: EncodingArg) -> Self {
        match e {
            EncodingArg::Utf8 => BodyEncoding::Utf8,
            EncodingArg::Hex => BodyEncoding::Hex,
            EncodingArg::Base64 => BodyEncoding::Base64,
        }
    }
}

#[derive(Args)]
struct BodyArgs {
    /// The request body as text.
    #[arg(long, conflicts_with = "body_file")]
    body: Option<String>,
    /// Read the request body from a file.
    #[arg(long)]
    body_file: Option<std::path::PathBuf>,
    /// How the body text turns into bytes.
    #[arg(long, value_enum, default_value = "utf8")]
    body_encoding: EncodingArg,
}

/// A body read from the arguments, owned.
enum OwnedBody {
    None,
    Text(String, BodyEncoding),
    Bytes(Vec<u8>),
}

impl BodyArgs {
    fn load(&self) -> Result<OwnedBody, String> {
        let enc = BodyEncoding::from(self.body_encoding);
        match (&self.body, &self.body_file) {
            (Some(text), _) => Ok(OwnedBody::Text(text.clone(), enc)),
            (None, Some(path)) => {
                let bytes = std::fs::read(path)
                    .map_err(|e| format!("--body-file {}: {e}", path.display()))?;
                match enc {
                    BodyEncoding::Utf8 => Ok(OwnedBody::Bytes(bytes)),
                    _ => String::from_utf8(bytes)
                        .map(|t| OwnedBody::Text(t.trim_end().to_string(), enc))
                        .map_err(|_| {
                            "--body-file is not text, but the encoding is hex or base64".into()
                        }),
                }
            }
            (None, None) => Ok(OwnedBody::None),
        }
    }
}

impl OwnedBody {
    fn as_body(&self) -> Option<Body<'_>> {
        match self {
            OwnedBody::None => None,
            OwnedBody::Text(t, e) => Some(Body::Text(t, *e)),
            OwnedBody::Bytes(b) => Some(Body::Bytes(b)),
        }
    }
}

#[derive(Args)]
struct CreateArgs {
    /// The signer's private key as WIF.
    #[arg(long)]
    wif: String,
    /// The request path with its query, exactly as the server sees it.
    #[arg(long)]
    path: String,
    #[command(flatten)]
    body: BodyArgs,
    /// Signature scheme.
    #[arg(long, value_enum, default_value = "brc77")]
    scheme: SchemeArg,
    /// Timestamp (YYYY-MM-DDTHH:mm:ss.sssZ); default now.
    #[arg(long)]
    timestamp: Option<String>,
}

#[derive(Args)]
struct VerifyArgs {
    /// The token, or - to read it from standard input.
    token: String,
    /// The request path with its query, as the server received it.
    #[arg(long)]
    path: String,
    #[command(flatten)]
    body: BodyArgs,
    /// The verifier's clock (ISO-8601); default the system clock.
    #[arg(long)]
    now: Option<String>,
    /// Maximum token age in seconds.
    #[arg(long, default_value_t = 300)]
    max_age: u64,
    /// Maximum clock skew (token dated in the future) in seconds.
    #[arg(long, default_value_t = 300)]
    max_skew: u64,
    /// Accept every encoding the JavaScript reference tolerates (security checks stay).
    #[arg(long)]
    compat: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct InspectArgs {
    /// The token, or - to read it from standard input.
    token: String,
    /// Also verify against this request path.
    #[arg(long)]
    path: Option<String>,
    #[command(flatten)]
    body: BodyArgs,
    /// The verifier's clock (ISO-8601); default the system clock.
    #[arg(long)]
    now: Option<String>,
    /// Read the token under the Compat policy.
    #[arg(long)]
    compat: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct DeriveArgs {
    /// The owner's private key as WIF.
    #[arg(long)]
    wif: String,
    /// `self`, `anyone`, or the counterparty's public key (hex).
    #[arg(long)]
    counterparty: String,
    /// BRC-43 security level (0, 1 or 2).
    #[arg(long, default_value_t = 2)]
    level: i64,
    /// BRC-43 protocol name.
    #[arg(long)]
    protocol: String,
    /// BRC-43 key ID.
    #[arg(long)]
    key_id: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// A usage or input error: printed to stderr, exit code 2.
struct Usage(String);

impl<E: std::fmt::Display> From<E> for Usage {
    fn from(e: E) -> Self {
        Usage(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Token(TokenCommand::Create(a)) => create(a),
        Command::Token(TokenCommand::Verify(a)) => verify(a),
        Command::Token(TokenCommand::Inspect(a)) => inspect::run(a),
        Command::Key(k) => key(k),
        Command::Derive(a) => derive(a),
        Command::Demo => demo::run(),
    };
    match result {
        Ok(code) => code,
        Err(Usage(msg)) => {
            eprintln!("sigma-auth: {msg}");
            ExitCode::from(2)
        }
    }
}

fn read_token(arg: &str) -> Result<String, Usage> {
    if arg == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        Ok(s.trim_end_matches(['\r', '\n']).to_string())
    } else {
        Ok(arg.to_string())
    }
}

fn parse_now(now: &Option<String>) -> Result<Timestamp, Usage> {
    match now {
        Some(text) => Ok(Timestamp::parse_lenient("--now", text)?),
        None => Ok(Timestamp::now()),
    }
}

fn create(a: CreateArgs) -> Result<ExitCode, Usage> {
    let key = PrivateKey::from_wif(&a.wif)?;
    let timestamp = match &a.timestamp {
        Some(t) => Timestamp::parse_iso("--timestamp", t)?,
        None => Timestamp::now(),
    };
    let scheme = match a.scheme {
        SchemeArg::Brc77 => Scheme::Brc77,
        SchemeArg::Bsm => Scheme::Bsm,
    };
    let body = a.body.load().map_err(Usage)?;
    let mut spec = NewToken::new(&a.path, scheme, timestamp);
    spec.body = body.as_body();
    println!("{}", token::create_random(&key, &spec)?);
    Ok(ExitCode::SUCCESS)
}

fn verify(a: VerifyArgs) -> Result<ExitCode, Usage> {
    let tok = read_token(&a.token)?;
    let now = parse_now(&a.now)?;
    let body = a.body.load().map_err(Usage)?;
    let mut req = Request::new(&a.path);
    req.body = body.as_body();
    let verifier = Verifier::new()
        .with_max_age(Duration::from_secs(a.max_age))
        .with_max_skew(Duration::from_secs(a.max_skew))
        .with_policy(if a.compat {
            Policy::Compat
        } else {
            Policy::Strict
        });
    match verifier.verify(&tok, &req, now) {
        Ok(v) => {
            if a.json {
                println!(
                    "{}",
                    json!({"valid": true, "pubkey": v.pubkey.to_hex(), "scheme": v.scheme.as_str(),
                           "timestamp": v.timestamp.to_iso(), "replay_id": hex_encode(&v.replay_id)})
                );
            } else {
                println!(
                    "valid: signed by {} ({}) at {}",
                    v.pubkey,
                    v.scheme.as_str(),
                    v.timestamp
                );
                println!("replay id: {}", hex_encode(&v.replay_id));
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            if a.json {
                println!(
                    "{}",
                    json!({"valid": false, "code": e.code(), "message": e.detail()})
                );
            } else {
                println!("invalid: {} — {}", e.code(), e.detail());
            }
            Ok(ExitCode::from(1))
        }
    }
}

fn load_key(text: &str) -> Result<(PrivateKey, Network), Usage> {
    match Wif::decode(text) {
        Ok(w) => Ok((w.key, w.network)),
        Err(wif_err) => PrivateKey::from_hex(text)
            .map(|k| (k, Network::Mainnet))
            .map_err(|_| Usage(format!("not a WIF or 64-hex private key ({wif_err})"))),
    }
}

fn key(cmd: KeyCommand) -> Result<ExitCode, Usage> {
    let (key, network, json_out) = match cmd {
        KeyCommand::New { testnet, json } => {
            let net = if testnet {
                Network::Testnet
            } else {
                Network::Mainnet
            };
            (PrivateKey::generate()?, net, json)
        }
        KeyCommand::Show { key, json } => {
            let (k, net) = load_key(&key)?;
            (k, net, json)
        }
    };
    let public = key.public_key();
    if json_out {
        println!(
            "{}",
            json!({"wif": &*key.to_wif(network), "public_key": public.to_hex(),
                   "address": public.address(network)})
        );
    } else {
        println!("wif:        {}", &*key.to_wif(network));
        println!("public key: {public}");
        println!("address:    {}", public.address(network));
    }
    Ok(ExitCode::SUCCESS)
}

fn derive(a: DeriveArgs) -> Result<ExitCode, Usage> {
    let owner = PrivateKey::from_wif(&a.wif)?;
    let counterparty = match a.counterparty.as_str() {
        "self" => Counterparty::Myself,
        "anyone" => Counterparty::Anyone,
        hex => Counterparty::Other(PublicKey::from_hex(hex)?),
    };
    let protocol = Protocol::new(a.level, &a.protocol)?;
    let invoice = protocol.invoice_number(&a.key_id)?;
    let deriver = KeyDeriver::new(owner);
    let child = deriver.derive_private_key(&protocol, &a.key_id, &counterparty)?;
    let theirs = deriver.derive_public_key(&protocol, &a.key_id, &counterparty, false)?;
    if a.json {
        println!(
            "{}",
            json!({"invoice_number": invoice, "child_private_key": &*child.to_hex(),
                   "child_public_key": child.public_key().to_hex(),
                   "counterparty_child_public_key": theirs.to_hex()})
        );
    } else {
        println!("invoice number:                {invoice}");
        println!("child private key (yours):     {}", &*child.to_hex());
        println!("child public key (yours):      {}", child.public_key());
        println!("counterparty's child public:   {theirs}");
    }
    Ok(ExitCode::SUCCESS)
}
