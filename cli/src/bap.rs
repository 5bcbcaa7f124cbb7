//! `sigma-auth bap`: BAP IDs, the keys of a BAP identity, and attestations (issue 13's contract).
//!
//! PUSHES is a JSON array of hex strings, the pushes after the OP_RETURN opcode, given as the
//! argument or `-` for standard input.

use std::io::Read;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde_json::json;
use sigma_auth_core::PublicKey;
use sigma_auth_core::bap::IdentitySummary;
use sigma_auth_core::bap::attestation::{self, Attestation, Kind, Subject};
use sigma_auth_core::bap::bip32::ExtendedPrivateKey;
use sigma_auth_core::bap::id::{bap_id_from_address, bap_id_from_public_key};
use sigma_auth_core::bap::legacy_keys::LegacyIdentity;
use sigma_auth_core::bap::type42_keys::Type42Identity;
use zeroize::Zeroizing;

use crate::failure::Failure;
use crate::key_input::KeyArgs;
use crate::output::{Out, warn};
use crate::token::{EXIT_INVALID, hex};

/// The largest PUSHES text read (far above any BAP output).
const MAX_PUSHES_INPUT: u64 = 1 << 20;

/// The `bap` commands.
#[derive(Subcommand)]
pub enum BapCommand {
    /// Print the BAP ID (identity key) of an address or public key.
    Id(IdArgs),
    /// Print the keys of the first identity of a BAP master key, as bsv-bap derives them:
    /// `new BAP({rootPk}).newId()` for --wif (Type42), `new BAP(xprv).newId()` for --xprv.
    Keys(KeysArgs),
    /// Sign an ATTEST output (AIP with the pipe, as bsv-bap signs it) with the key given by
    /// --wif; prints {"hash":…,"pushes":[…]}.
    Attest(AttestArgs),
    /// Check an ATTEST or REVOKE output. Exit 0 valid, 1 invalid, 2 usage or input error.
    ///
    /// With --json: {"valid":true,"type":"ATTEST"|"REVOKE","hash":…,"sequence":N,"address":…}
    /// or {"valid":false,"code":REASON,"message":…}.
    VerifyAttestation(VerifyArgs),
}

/// Runs a `bap` command.
pub fn run(cmd: BapCommand, out: &mut Out) -> Result<ExitCode, Failure> {
    match cmd {
        BapCommand::Id(a) => id(a, out),
        BapCommand::Keys(a) => keys(a, out),
        BapCommand::Attest(a) => attest(a, out),
        BapCommand::VerifyAttestation(a) => verify(a, out),
    }
}

/// `bap id`.
#[derive(Args)]
#[group(required = true, multiple = false)]
pub struct IdArgs {
    /// A mainnet P2PKH address.
    #[arg(long)]
    address: Option<String>,
    /// A public key in hex, any SEC1 spelling (compressed, uncompressed, hybrid); the answer is
    /// for its compressed address.
    #[arg(long)]
    pubkey: Option<String>,
}

fn id(a: IdArgs, out: &mut Out) -> Result<ExitCode, Failure> {
    let bap_id = match (a.address, a.pubkey) {
        (Some(address), _) => bap_id_from_address(address.trim())?,
        (None, Some(pubkey)) => {
            bap_id_from_public_key(&PublicKey::from_hex_lenient(pubkey.trim())?)
        }
        (None, None) => return Err(Failure::usage("give --address or --pubkey")),
    };
    writeln!(out, "{bap_id}")?;
    Ok(ExitCode::SUCCESS)
}

/// `bap keys`.
#[derive(Args)]
pub struct KeysArgs {
    #[command(flatten)]
    key: KeyArgs,
    /// A BIP32 master key (xprv), or `-` to read it from standard input: the legacy hierarchy.
    #[arg(long, value_name = "XPRV", conflicts_with_all = ["wif", "wif_file"])]
    xprv: Option<String>,
    /// The idSeed, as `newId(…, idSeed)` applies it.
    #[arg(long, value_name = "S")]
    id_seed: Option<String>,
    /// How many times to rotate the signing key (`incrementPath`).
    #[arg(long, value_name = "N", default_value_t = 0)]
    rotations: u32,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

fn keys(a: KeysArgs, out: &mut Out) -> Result<ExitCode, Failure> {
    let seed = a.id_seed.as_deref();
    let (summary, root_path, current_path) = match a.xprv {
        Some(text) => {
            let text = read_xprv(text)?;
            let master = ExtendedPrivateKey::from_xprv(text.trim())?;
            let mut ident = LegacyIdentity::new(&master, 0, seed)?;
            for _ in 0..a.rotations {
                ident.rotate()?;
            }
            let paths = (
                ident.root_path().to_string(),
                ident.current_path().to_string(),
            );
            (ident.summary()?, paths.0, paths.1)
        }
        None => {
            let key = a.key.load()?;
            let mut ident = Type42Identity::new(&key.key, 0, seed)?;
            for _ in 0..a.rotations {
                ident.rotate()?;
            }
            let paths = (
                ident.root_path().to_string(),
                ident.current_path().to_string(),
            );
            (ident.summary()?, paths.0, paths.1)
        }
    };
    let IdentitySummary {
        root_address,
        identity_key,
        member_key,
        signing_address,
    } = summary;
    if a.json {
        let line = json!({"root_address": root_address, "identity_key": identity_key,
            "member_key": member_key.to_hex(), "signing_address": signing_address,
            "root_path": root_path, "current_path": current_path});
        writeln!(out, "{line}")?;
    } else {
        writeln!(out, "root address:    {root_address}")?;
        writeln!(out, "identity key:    {identity_key}")?;
        writeln!(out, "member key:      {member_key}")?;
        writeln!(out, "signing address: {signing_address}")?;
        writeln!(out, "root path:       {root_path}")?;
        writeln!(out, "current path:    {current_path}")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The xprv argument, or standard input for `-` (warning that a key on the command line is
/// visible to other users otherwise).
fn read_xprv(arg: String) -> Result<Zeroizing<String>, Failure> {
    if arg != "-" {
        warn(format_args!(
            "a key on the command line is visible to other users in the process list; use `--xprv -` and standard input"
        ));
        return Ok(Zeroizing::new(arg));
    }
    let mut bytes = Zeroizing::new(Vec::new());
    std::io::stdin()
        .lock()
        .take(4097)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Io(format!("reading the xprv from standard input: {e}")))?;
    if bytes.len() > 4096 {
        return Err(Failure::usage(
            "standard input holds more than 4096 bytes, far more than an xprv",
        ));
    }
    std::str::from_utf8(&bytes)
        .map(|t| Zeroizing::new(t.to_string()))
        .map_err(|_| Failure::usage("the xprv on standard input is not UTF-8 text"))
}

/// The attested subject: all four options, or none.
#[derive(Args)]
pub struct SubjectArgs {
    /// The attribute name (name, email, …).
    #[arg(long, requires_all = ["value", "nonce", "identity_key"])]
    attribute: Option<String>,
    /// The attribute value.
    #[arg(long, requires_all = ["attribute", "nonce", "identity_key"])]
    value: Option<String>,
    /// The attribute's nonce.
    #[arg(long, requires_all = ["attribute", "value", "identity_key"])]
    nonce: Option<String>,
    /// The attested subject's identity key (the BAP ID the hash covers).
    #[arg(long, requires_all = ["attribute", "value", "nonce"])]
    identity_key: Option<String>,
}

impl SubjectArgs {
    fn subject(&self) -> Option<Subject<'_>> {
        match (
            &self.attribute,
            &self.value,
            &self.nonce,
            &self.identity_key,
        ) {
            (Some(a), Some(v), Some(n), Some(i)) => Some(Subject::new(a, v, n, i)),
            _ => None,
        }
    }
}

/// `bap attest`.
#[derive(Args)]
pub struct AttestArgs {
    #[command(flatten)]
    key: KeyArgs,
    /// The attribute name (name, email, …).
    #[arg(long)]
    attribute: String,
    /// The attribute value.
    #[arg(long)]
    value: String,
    /// The attribute's nonce.
    #[arg(long)]
    nonce: String,
    /// The attested subject's identity key (the BAP ID the hash covers).
    #[arg(long)]
    identity_key: String,
    /// The attestation's sequence number.
    #[arg(long, default_value_t = 0)]
    sequence: u64,
}

fn attest(a: AttestArgs, out: &mut Out) -> Result<ExitCode, Failure> {
    let key = a.key.load()?;
    key.warn_if_uncompressed();
    let hash = Subject::new(&a.attribute, &a.value, &a.nonce, &a.identity_key).hash();
    let pushes = attestation::sign(&key.key, Kind::Attest, &hash, a.sequence, None)?;
    let pushes: Vec<String> = pushes.iter().map(|p| hex(p)).collect();
    writeln!(out, "{}", json!({"hash": hash, "pushes": pushes}))?;
    Ok(ExitCode::SUCCESS)
}

/// `bap verify-attestation`.
#[derive(Args)]
pub struct VerifyArgs {
    /// A JSON array of hex strings (the pushes after OP_RETURN), or - to read it from standard
    /// input.
    pushes: String,
    #[command(flatten)]
    subject: SubjectArgs,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

fn verify(a: VerifyArgs, out: &mut Out) -> Result<ExitCode, Failure> {
    let pushes = read_pushes(&a.pushes)?;
    let verdict = attestation::check(&pushes, a.subject.subject().as_ref());
    if a.json {
        writeln!(out, "{}", verdict_json(&verdict))?;
    } else {
        match &verdict {
            Ok(v) => writeln!(
                out,
                "valid: {} {} sequence {} signed by {}",
                v.kind.as_str(),
                v.hash,
                v.sequence,
                v.address
            )?,
            Err(e) => writeln!(out, "invalid: {} — {e}", e.code())?,
        }
    }
    Ok(match verdict {
        Ok(_) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(EXIT_INVALID),
    })
}

fn verdict_json(verdict: &Result<Attestation, sigma_auth_core::Error>) -> serde_json::Value {
    match verdict {
        Ok(v) => json!({"valid": true, "type": v.kind.as_str(), "hash": v.hash,
                        "sequence": v.sequence, "address": v.address}),
        Err(e) => json!({"valid": false, "code": e.code(), "message": e.to_string()}),
    }
}

/// PUSHES: a JSON array of hex strings, as the argument or `-` for standard input.
pub fn read_pushes(arg: &str) -> Result<Vec<Vec<u8>>, Failure> {
    let text = if arg == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_PUSHES_INPUT + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::Io(format!("reading PUSHES from standard input: {e}")))?;
        if bytes.len() as u64 > MAX_PUSHES_INPUT {
            return Err(Failure::usage(
                "PUSHES on standard input is longer than 1 MiB",
            ));
        }
        String::from_utf8(bytes)
            .map_err(|_| Failure::usage("PUSHES on standard input is not UTF-8 text"))?
    } else {
        arg.to_string()
    };
    let items: Vec<String> = serde_json::from_str(text.trim())
        .map_err(|_| Failure::usage("PUSHES is not a JSON array of hex strings"))?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            base16ct::mixed::decode_vec(item)
                .map_err(|_| Failure::usage(format!("PUSHES[{i}] is not hex")))
        })
        .collect()
}
