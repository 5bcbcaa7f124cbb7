//! `sigma-auth encrypt`, `decrypt` and `friend-pubkey`: BRC-78 (the default), ECIES-Electrum
//! (`--ecies`) and friend encryption (`--friend`).
//!
//! MESSAGE and CIPHERTEXT are an argument, or `-` for standard input. `--format hex|base64`
//! is the text form of the ciphertext that encrypt writes and decrypt reads; decrypt writes the
//! plaintext raw. A ciphertext that does not open (wrong key, a changed byte, truncated, bad
//! hex or base64) exits 1 with its reason code on standard error and nothing on standard
//! output; exit 2 is for usage errors (options, keys).

use std::io::Read;
use std::process::ExitCode;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use clap::{Args, ValueEnum};
use sigma_auth_core::ecies::{self, KeyMode, SenderKey};
use sigma_auth_core::friend::{self, FriendMode};
use sigma_auth_core::{PublicKey, encrypted_message};

use crate::failure::Failure;
use crate::key_input::KeyArgs;
use crate::output::Out;

/// Exit status of a ciphertext that does not open.
pub const EXIT_UNOPENED: u8 = 1;

/// The largest message or ciphertext read (from an argument or standard input).
const MAX_INPUT: u64 = 64 << 20;

/// The text form of a ciphertext.
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// Lower-case hexadecimal (either case is read).
    Hex,
    /// Standard base64 with padding (bsv-bap writes this).
    Base64,
}

/// Which friend-key scheme `--friend` uses.
#[derive(Clone, Copy, ValueEnum)]
pub enum SchemeArg {
    /// bsv-bap MemberID: "2-friend-" + sha256hex(friend BAP ID), deterministic ECIES.
    BapMember,
    /// bsv-bap MasterID (Type42): sha256hex(friend BAP ID) from the root-path key.
    BapMaster,
    /// TokenPass note to self ("sigma-encrypt-" + ID), random ephemeral key.
    TokenpassSelf,
    /// TokenPass between friends, one consistent derivation: encrypt to the friend's
    /// published "sigma-friend-" key, open with our own.
    TokenpassPeer,
}

/// `encrypt`.
#[derive(Args)]
pub struct EncryptArgs {
    #[command(flatten)]
    key: KeyArgs,
    /// The recipient's public key (hex); with --friend, the friend key the friend published
    /// for you (omit it for a bsv-bap note to self).
    #[arg(long, value_name = "PUBHEX")]
    to: Option<String>,
    /// ECIES-Electrum (BIE1) from the --wif key instead of BRC-78. Deterministic: prefer BRC-78.
    #[arg(long, conflicts_with = "friend")]
    ecies: bool,
    /// With --ecies: leave the sender key out of the ciphertext (the recipient must know it).
    #[arg(long, requires = "ecies")]
    no_key: bool,
    /// Friend encryption for this friend BAP ID (bsv-bap MemberID unless --scheme).
    #[arg(long, value_name = "BAPID")]
    friend: Option<String>,
    /// The friend-key scheme.
    #[arg(long, value_enum, requires = "friend")]
    scheme: Option<SchemeArg>,
    /// The text form of the ciphertext.
    #[arg(long, value_enum, default_value = "hex")]
    format: Format,
    /// The message, or `-` to read it from standard input (raw bytes).
    message: String,
}

/// `decrypt`.
#[derive(Args)]
pub struct DecryptArgs {
    #[command(flatten)]
    key: KeyArgs,
    /// ECIES-Electrum (BIE1) instead of BRC-78.
    #[arg(long, conflicts_with = "friend")]
    ecies: bool,
    /// The sender's public key (hex). With --ecies and an embedded key, the embedded key must be
    /// this one; with --friend, the friend key the sender published for you.
    #[arg(long, value_name = "PUBHEX")]
    from: Option<String>,
    /// With --ecies: the ciphertext has no embedded sender key, so --from is required. Never
    /// guessed from the bytes.
    #[arg(long, requires_all = ["ecies", "from"])]
    no_key: bool,
    /// Friend encryption for this friend BAP ID (the sender's).
    #[arg(long, value_name = "BAPID")]
    friend: Option<String>,
    /// The friend-key scheme.
    #[arg(long, value_enum, requires = "friend")]
    scheme: Option<SchemeArg>,
    /// The text form of the ciphertext.
    #[arg(long, value_enum, default_value = "hex")]
    format: Format,
    /// The ciphertext, or `-` to read it from standard input.
    ciphertext: String,
}

/// `friend-pubkey`.
#[derive(Args)]
pub struct FriendPubkeyArgs {
    #[command(flatten)]
    key: KeyArgs,
    /// The friend's BAP ID.
    #[arg(long, value_name = "BAPID")]
    friend: String,
    /// The friend-key scheme (tokenpass-self and tokenpass-peer both mean TokenPass's
    /// /api/friend-pubkey key).
    #[arg(long, value_enum, default_value = "bap-member")]
    scheme: SchemeArg,
}

fn mode(s: Option<SchemeArg>) -> FriendMode {
    match s.unwrap_or(SchemeArg::BapMember) {
        SchemeArg::BapMember => FriendMode::BapMember,
        SchemeArg::BapMaster => FriendMode::BapMasterType42,
        SchemeArg::TokenpassSelf => FriendMode::TokenPassSelf,
        SchemeArg::TokenpassPeer => FriendMode::TokenPassPeer,
    }
}

fn pubkey(option: &str, text: &str) -> Result<PublicKey, Failure> {
    PublicKey::from_hex(text.trim())
        .map_err(|e| Failure::usage(format!("{option}: not a public key in hex ({e})")))
}

/// The argument's bytes, or standard input's when it is `-`.
fn read_input(arg: &str, what: &str) -> Result<Vec<u8>, Failure> {
    if arg != "-" {
        return Ok(arg.as_bytes().to_vec());
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Io(format!("reading the {what} from standard input: {e}")))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(Failure::usage(format!(
            "the {what} on standard input is longer than {} MiB",
            MAX_INPUT >> 20
        )));
    }
    Ok(bytes)
}

fn encode(format: Format, bytes: &[u8]) -> String {
    match format {
        Format::Hex => base16ct::lower::encode_string(bytes),
        Format::Base64 => STANDARD.encode(bytes),
    }
}

fn decode(format: Format, text: &[u8]) -> Result<Vec<u8>, sigma_auth_core::Error> {
    let text = text.trim_ascii();
    match format {
        Format::Hex => {
            base16ct::mixed::decode_vec(text).map_err(|_| sigma_auth_core::Error::InvalidHex {
                field: "ciphertext",
                why: "not an even number of hexadecimal digits",
            })
        }
        Format::Base64 => {
            STANDARD
                .decode(text)
                .map_err(|_| sigma_auth_core::Error::InvalidBase64 {
                    field: "ciphertext",
                    why: "not canonical padded base64",
                })
        }
    }
}

/// Runs `encrypt`.
pub fn run_encrypt(a: EncryptArgs, out: &mut Out) -> Result<ExitCode, Failure> {
    let to = a.to.as_deref().map(|t| pubkey("--to", t)).transpose()?;
    let sender = a.key.load()?;
    let message = read_input(&a.message, "message")?;
    let sealed = match (&a.friend, a.ecies) {
        (Some(id), _) => {
            friend::encrypt_as(mode(a.scheme), &message, &sender.key, id, to.as_ref())?
        }
        (None, true) => {
            let to = to.ok_or_else(|| Failure::usage("--ecies needs --to"))?;
            let mode = if a.no_key {
                KeyMode::Omitted
            } else {
                KeyMode::Embedded
            };
            ecies::encrypt(&message, &to, &sender.key, mode)?
        }
        (None, false) => {
            let to = to.ok_or_else(|| Failure::usage("missing --to"))?;
            encrypted_message::encrypt_random(&message, &sender.key, &to)?
        }
    };
    writeln!(out, "{}", encode(a.format, &sealed))?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `decrypt`.
pub fn run_decrypt(a: DecryptArgs, out: &mut Out) -> Result<ExitCode, Failure> {
    let from = a.from.as_deref().map(|t| pubkey("--from", t)).transpose()?;
    if from.is_some() && !a.ecies && a.friend.is_none() {
        return Err(Failure::usage(
            "--from applies to --ecies and --friend only",
        ));
    }
    let recipient = a.key.load()?;
    let text = read_input(&a.ciphertext, "ciphertext")?;
    let opened = decode(a.format, &text).and_then(|data| match (&a.friend, a.ecies) {
        (Some(id), _) => {
            friend::decrypt_as(mode(a.scheme), &data, &recipient.key, id, from.as_ref())
        }
        (None, true) => {
            let sender = match (&from, a.no_key) {
                (Some(k), true) => SenderKey::Given(k),
                (Some(k), false) => SenderKey::EmbeddedExpected(k),
                (None, _) => SenderKey::Embedded,
            };
            ecies::decrypt(&data, &recipient.key, sender)
        }
        (None, false) => encrypted_message::decrypt(&data, &recipient.key).map(|(plain, _)| plain),
    });
    match opened {
        Ok(plain) => {
            out.write_bytes(&plain)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            crate::output::error_line(format_args!("{}: {e}", e.code()));
            Ok(ExitCode::from(EXIT_UNOPENED))
        }
    }
}

/// Runs `friend-pubkey`.
pub fn run_friend_pubkey(a: FriendPubkeyArgs, out: &mut Out) -> Result<ExitCode, Failure> {
    let key = a.key.load()?;
    let public = friend::friend_public_key(mode(Some(a.scheme)).key_scheme(), &key.key, &a.friend)?;
    writeln!(out, "{public}")?;
    Ok(ExitCode::SUCCESS)
}
