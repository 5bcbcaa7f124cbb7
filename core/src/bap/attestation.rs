//! BAP attestations: the attestation hash, the ID / ATTEST / REVOKE pushes, and the local check
//! of an attestation (spec/identity.md §2.3–2.5).
//!
//! The pushes are those after the `OP_RETURN` opcode (bsv-bap's arrays add a leading `[0x6a]`
//! element for the opcode, so its "10 elements" are our 9 pushes):
//!
//! ```text
//! BAP ATTEST|REVOKE <hash: 64 ASCII hex> <sequence: ASCII decimal> |                    (5)
//!     [BAP DATA <hash> <data> |]                                                      (+5)
//!     15PciHG22SNLQJXMoSUaWVi7WSqc7hCfva BITCOIN_ECDSA <address> <signature>           (+4)
//! ```
//!
//! The AIP signature covers `0x6a || pushes before the AIP prefix` **with** the last `|`, as
//! `signAttestationWithAIP` signs it. [`check`] is stricter than `verifyAttestationWithAIP`
//! (spec §5 items 1, 2, 10): the exact layout, the AIP prefix and algorithm, header 31..34 and
//! low S (all through [`crate::aip`]), a hash of 64 lower-case hex characters, a canonical
//! sequence, and, when the subject is given, the hash recomputed. It returns the 64-character
//! hash itself (the reference returns the hex of its ASCII).
//!
//! Whether the signing address was the attesting identity's signing key at that time is not
//! visible in the pushes: it needs an indexer, behind [`SigningKeyHistory`] ([`check_at`]).
//!
//! ```
//! use sigma_auth_core::bap::attestation::{self, Kind, Subject};
//! use sigma_auth_core::PrivateKey;
//! let attestor = PrivateKey::from_hex(&"02".repeat(32))?;
//! let subject = Subject::new("name", "John Doe", "e2c6fb40", "GXquXd8cXBZoahkpqrLRsuWA7qe");
//! let hash = subject.hash();
//! let pushes = attestation::sign(&attestor, Kind::Attest, &hash, 0, None)?;
//! let checked = attestation::check(&pushes, Some(&subject))?;
//! assert_eq!(checked.hash, hash);
//! assert_eq!(checked.address, attestor.public_key().address(Default::default()));
//! # Ok::<(), sigma_auth_core::Error>(())
//! ```

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::id::check_address;
use super::{BAP_PREFIX, refused};
use crate::aip::{self, Convention};
use crate::encoding::{hex_encode, is_lower_hex};
use crate::error::{Error, Reason};
use crate::hash::sha256;
use crate::keys::{PrivateKey, PublicKey};
use crate::script;

/// Pushes after OP_RETURN of an attestation without DATA.
pub const PUSHES: usize = 9;
/// Pushes after OP_RETURN of an attestation with DATA.
pub const PUSHES_WITH_DATA: usize = 14;

const PIPE: &[u8] = b"|";
const DATA: &[u8] = b"DATA";

/// The two attestation types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `ATTEST`: the signer vouches for the subject's attribute.
    Attest,
    /// `REVOKE`: the signer withdraws an attestation.
    Revoke,
}

impl Kind {
    /// `"ATTEST"` or `"REVOKE"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Attest => "ATTEST",
            Kind::Revoke => "REVOKE",
        }
    }

    fn from_push(push: &[u8]) -> Option<Kind> {
        match push {
            b"ATTEST" => Some(Kind::Attest),
            b"REVOKE" => Some(Kind::Revoke),
            _ => None,
        }
    }
}

/// The string that is hashed into an attestation hash: the bsv-bap form, or one of the legacy
/// forms that other documents and implementations use (spec §2.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum HashVariant {
    /// `bap:attest:<urnHash>:<idKey>`: bsv-bap 0.1.24 (`MasterID.getAttestation`), what Sigma
    /// Identity writes. The default.
    #[default]
    BsvBap,
    /// Legacy: `urn:bap:id:attest:<urnHash>:<idKey>`, PROTOCOL.md's worked example.
    LegacyProtocolExample,
    /// Legacy: `urn:bap:attest:<urnHash>:<idKey>`, PROTOCOL.md's prose.
    LegacyProtocolProse,
    /// Legacy: go-bap, `urn:bap:attest:<urnHash bytes as Go prints [32]byte>:<idKey>`
    /// (`[177 124 …]`); go-bap pushes the 32 raw bytes of this hash and no sequence.
    LegacyGoBap,
}

/// The attested identity attribute: `urn:bap:id:<attribute>:<value>:<nonce>` of the identity
/// `identity_key` (the subject's BAP ID, the one the hash covers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject<'a> {
    /// The attribute name (`name`, `email`, …).
    pub attribute: &'a str,
    /// The attribute value.
    pub value: &'a str,
    /// The nonce (secret salt) of the attribute.
    pub nonce: &'a str,
    /// The subject's BAP ID.
    pub identity_key: &'a str,
    /// The form of the hash (default [`HashVariant::BsvBap`]).
    pub variant: HashVariant,
}

impl<'a> Subject<'a> {
    /// The subject with the default hash form.
    pub fn new(
        attribute: &'a str,
        value: &'a str,
        nonce: &'a str,
        identity_key: &'a str,
    ) -> Subject<'a> {
        Subject {
            attribute,
            value,
            nonce,
            identity_key,
            variant: HashVariant::BsvBap,
        }
    }

    /// `urn:bap:id:<attribute>:<value>:<nonce>`.
    pub fn urn(&self) -> String {
        format!(
            "urn:bap:id:{}:{}:{}",
            self.attribute, self.value, self.nonce
        )
    }

    /// The attestation hash as bytes.
    pub fn hash_bytes(&self) -> [u8; 32] {
        let urn_hash = sha256(self.urn().as_bytes());
        let id = self.identity_key;
        let text = match self.variant {
            HashVariant::BsvBap => format!("bap:attest:{}:{id}", hex_encode(&urn_hash)),
            HashVariant::LegacyProtocolExample => {
                format!("urn:bap:id:attest:{}:{id}", hex_encode(&urn_hash))
            }
            HashVariant::LegacyProtocolProse => {
                format!("urn:bap:attest:{}:{id}", hex_encode(&urn_hash))
            }
            HashVariant::LegacyGoBap => {
                let bytes: Vec<String> = urn_hash.iter().map(|b| format!("{b}")).collect();
                format!("urn:bap:attest:[{}]:{id}", bytes.join(" "))
            }
        };
        sha256(text.as_bytes())
    }

    /// The attestation hash as 64 lower-case hex characters (what ATTEST pushes as ASCII).
    pub fn hash(&self) -> String {
        hex_encode(&self.hash_bytes())
    }
}

/// A checked attestation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attestation {
    /// ATTEST or REVOKE.
    pub kind: Kind,
    /// The attestation hash, 64 lower-case hex characters.
    pub hash: String,
    /// The sequence number.
    pub sequence: u64,
    /// The signer's address (compressed key, mainnet).
    pub address: String,
    /// The signer's public key, recovered from the signature.
    pub public_key: PublicKey,
    /// The DATA push, when the attestation has a DATA part.
    pub data: Option<Vec<u8>>,
}

/// The data pushes of an ATTEST or REVOKE output, before AIP's final `|`: `BAP`, type, hash,
/// sequence, and with `data` the DATA part `| BAP DATA hash data`.
pub fn data_pushes(
    kind: Kind,
    hash: &str,
    sequence: u64,
    data: Option<&[u8]>,
) -> Result<Vec<Vec<u8>>, Error> {
    check_hash(hash.as_bytes())?;
    let mut out = Vec::from([
        BAP_PREFIX.as_bytes().to_vec(),
        kind.as_str().as_bytes().to_vec(),
        hash.as_bytes().to_vec(),
        format!("{sequence}").into_bytes(),
    ]);
    if let Some(data) = data {
        out.extend([
            PIPE.to_vec(),
            BAP_PREFIX.as_bytes().to_vec(),
            DATA.to_vec(),
            hash.as_bytes().to_vec(),
            data.to_vec(),
        ]);
    }
    Ok(out)
}

/// An ATTEST or REVOKE output signed by `key` as `signAttestationWithAIP` signs it (AIP with
/// the pipe): the pushes after OP_RETURN, AIP part included. `key` is the attestor's current
/// signing key; `hash` the subject's attestation hash ([`Subject::hash`]).
pub fn sign(
    key: &PrivateKey,
    kind: Kind,
    hash: &str,
    sequence: u64,
    data: Option<&[u8]>,
) -> Result<Vec<Vec<u8>>, Error> {
    aip::sign_payload(
        &data_pushes(kind, hash, sequence, data)?,
        key,
        Convention::WithPipe,
    )
}

/// The data pushes of an ID output: `BAP ID <identityKey> <signing address>`.
pub fn id_data_pushes(identity_key: &str, address: &str) -> Result<Vec<Vec<u8>>, Error> {
    check_address("address", address)?;
    if identity_key.is_empty() || identity_key.len() > 64 {
        return Err(refused(
            Reason::BapLayout,
            "identity_key",
            "not 1 to 64 characters",
        ));
    }
    Ok(Vec::from([
        BAP_PREFIX.as_bytes().to_vec(),
        b"ID".to_vec(),
        identity_key.as_bytes().to_vec(),
        address.as_bytes().to_vec(),
    ]))
}

/// An ID output as bsv-bap's `getIdTransaction` signs it: AIP **without** the pipe, by
/// `key` (the signing key of the previous path, which vouches for the new `address`).
pub fn sign_id(key: &PrivateKey, identity_key: &str, address: &str) -> Result<Vec<Vec<u8>>, Error> {
    aip::sign_payload(
        &id_data_pushes(identity_key, address)?,
        key,
        Convention::WithoutPipe,
    )
}

/// Checks an attestation given as the pushes after OP_RETURN: the exact layout, the AIP
/// signature (with the pipe) by the address it names, and with `subject` the hash recomputed.
pub fn check<P: AsRef<[u8]>>(
    pushes: &[P],
    subject: Option<&Subject<'_>>,
) -> Result<Attestation, Error> {
    let layout = |why| refused(Reason::BapLayout, "pushes", why);
    let n = pushes.len();
    if n != PUSHES && n != PUSHES_WITH_DATA {
        return Err(layout(
            "not 9 pushes (14 with DATA) after OP_RETURN: BAP part, `|`, AIP part",
        ));
    }
    let p = |i: usize| pushes[i].as_ref();
    if p(0) != BAP_PREFIX.as_bytes() {
        return Err(layout("the first push is not the BAP prefix"));
    }
    let kind = Kind::from_push(p(1)).ok_or(refused(
        Reason::BapUnsupportedType,
        "pushes[1]",
        "not ATTEST or REVOKE",
    ))?;
    check_hash(p(2))?;
    let sequence = parse_sequence(p(3))?;
    if p(4) != PIPE {
        return Err(layout("the fifth push is not `|`"));
    }
    let data = if n == PUSHES_WITH_DATA {
        if p(5) != BAP_PREFIX.as_bytes() || p(6) != DATA || p(9) != PIPE {
            return Err(layout(
                "the DATA part is not BAP prefix, DATA, hash, data, `|`",
            ));
        }
        if p(7) != p(2) {
            return Err(refused(
                Reason::BapDataMismatch,
                "pushes[7]",
                "the DATA part names another attestation hash",
            ));
        }
        Some(p(8).to_vec())
    } else {
        None
    };
    // The hash check is cheap; do it before the signature.
    // (`p(2)` is 64 lower-case hex characters, so it is ASCII.)
    let hash = String::from_utf8(p(2).to_vec())
        .map_err(|_| refused(Reason::BapBadHash, "pushes[2]", "not ASCII"))?;
    if let Some(subject) = subject
        && subject.hash() != hash
    {
        return Err(refused(
            Reason::BapHashMismatch,
            "pushes[2]",
            "not the hash of the given attribute, value, nonce and identity key",
        ));
    }
    let verified = aip::verify_as(pushes, Convention::WithPipe)?;
    Ok(Attestation {
        kind,
        hash,
        sequence,
        address: verified.address,
        public_key: verified.public_key,
        data,
    })
}

/// [`check`] of a whole locking script: the data pushes after its `OP_RETURN` opcode
/// ([`script::op_return_pushes`]: decided by opcode, never by a first data byte).
pub fn check_script(script: &[u8], subject: Option<&Subject<'_>>) -> Result<Attestation, Error> {
    check(&script::op_return_pushes(script)?, subject)
}

/// The answer of an indexer that cannot answer (network down, identity unknown to it, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HistoryUnavailable {
    /// Why, in words (not stable).
    pub why: &'static str,
}

/// The signing-key history of BAP identities, as an indexer (a BAP server) knows it from the
/// ID transactions on chain. sigma-auth ships no implementation: only the caller's indexer can
/// answer.
pub trait SigningKeyHistory {
    /// Whether `address` was the current signing address of the identity `identity_key` at
    /// block height `block_height` (the block that holds the attestation).
    fn was_signing_address(
        &self,
        identity_key: &str,
        address: &str,
        block_height: u64,
    ) -> Result<bool, HistoryUnavailable>;
}

/// The full attestation check: [`check`], then `history` confirms that the signing address was
/// the signing key of the attestor's identity `attestor` at `block_height`
/// (`bap_signer_not_current` if not, `bap_lookup_failed` if the history cannot answer).
pub fn check_at<P: AsRef<[u8]>, H: SigningKeyHistory + ?Sized>(
    pushes: &[P],
    subject: Option<&Subject<'_>>,
    attestor: &str,
    block_height: u64,
    history: &H,
) -> Result<Attestation, Error> {
    let attestation = check(pushes, subject)?;
    match history.was_signing_address(attestor, &attestation.address, block_height) {
        Ok(true) => Ok(attestation),
        Ok(false) => Err(refused(
            Reason::BapSignerNotCurrent,
            "aip.address",
            "not the attestor's signing key at that height",
        )),
        Err(e) => Err(refused(Reason::BapLookupFailed, "history", e.why)),
    }
}

fn check_hash(push: &[u8]) -> Result<(), Error> {
    if push.len() != 64 {
        return Err(refused(Reason::BapBadHash, "hash", "not 64 characters"));
    }
    match core::str::from_utf8(push) {
        Ok(text) if is_lower_hex(text) => Ok(()),
        _ => Err(refused(Reason::BapBadHash, "hash", "not lower-case hex")),
    }
}

/// ASCII decimal without a leading zero (except `0` itself), below 2^64.
fn parse_sequence(push: &[u8]) -> Result<u64, Error> {
    let bad = |why| refused(Reason::BapBadSequence, "pushes[3]", why);
    if push.is_empty() || push.len() > 20 {
        return Err(bad("not 1 to 20 digits"));
    }
    if !push.iter().all(u8::is_ascii_digit) {
        return Err(bad("not ASCII decimal digits"));
    }
    if push.len() > 1 && push[0] == b'0' {
        return Err(bad("a leading zero"));
    }
    core::str::from_utf8(push)
        .ok()
        .and_then(|t| t.parse().ok())
        .ok_or(bad("above 2^64 - 1"))
}
