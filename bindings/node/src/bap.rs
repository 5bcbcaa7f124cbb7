//! BAP: BAP IDs, attestation hashes, signing and checking ATTEST outputs (the core's `bap`).

use napi::Result;
use napi::bindgen_prelude::{Buffer, Env};
use napi_derive::napi;
use sigma_auth_core::Reason;
use sigma_auth_core::bap::IdentitySummary;
use sigma_auth_core::bap::attestation::{self, Kind, Subject};
use sigma_auth_core::bap::bip32::ExtendedPrivateKey;
use sigma_auth_core::bap::id;
use sigma_auth_core::bap::legacy_keys::LegacyIdentity;
use sigma_auth_core::bap::type42_keys::Type42Identity;
use zeroize::Zeroizing;

use crate::errors::{Fault, OrThrow, boundary};
use crate::keys::{PrivateKey, PublicKey};

/// The most rotations a key derivation applies (each BIP32 rotation derives a path); more is
/// refused with `invalid_input` before any work (the C ABI's `SIGMA_BAP_MAX_ROTATIONS`).
const MAX_ROTATIONS: u32 = 10_000;

/// The largest integer a JavaScript number holds exactly.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// A checked attestation.
#[napi(object)]
pub struct BapAttestation {
    /// `"ATTEST"` or `"REVOKE"`.
    #[napi(js_name = "type")]
    pub kind: String,
    /// The attestation hash, 64 lower-case hex digits.
    pub hash: String,
    /// The sequence number.
    pub sequence: f64,
    /// The signer's address.
    pub address: String,
    /// The DATA push, when the output has a DATA part.
    pub data: Option<Buffer>,
}

/// The public keys of a BAP identity, as bsv-bap derives them.
#[napi(object)]
pub struct BapIdentity {
    /// The address of the root path key (the address the BAP ID is made from).
    pub root_address: String,
    /// The BAP ID (identity key).
    pub identity_key: String,
    /// The member public key (root path key), compressed hex.
    pub member_public_key: String,
    /// The address of the current signing key.
    pub signing_address: String,
}

impl From<IdentitySummary> for BapIdentity {
    fn from(s: IdentitySummary) -> Self {
        BapIdentity {
            root_address: s.root_address,
            identity_key: s.identity_key,
            member_public_key: s.member_key.to_hex(),
            signing_address: s.signing_address,
        }
    }
}

/// Refuses more than [`MAX_ROTATIONS`] rotations.
fn check_rotations(env: &Env, rotations: u32) -> Result<()> {
    if rotations > MAX_ROTATIONS {
        return Err(
            Fault::input(Reason::InvalidInput.code(), "rotations: more than 10000").throw(env),
        );
    }
    Ok(())
}

/// The first identity of the Type42 master `key` (`new BAP({rootPk}).newId(…, idSeed)`), after
/// `rotations` calls of `incrementPath`.
#[napi(catch_unwind)]
pub fn bap_identity_type42(
    env: Env,
    key: &PrivateKey,
    id_seed: Option<String>,
    rotations: u32,
) -> Result<BapIdentity> {
    boundary(&env, || {
        check_rotations(&env, rotations)?;
        let summary = (|| {
            let mut ident = Type42Identity::new(&key.inner, 0, id_seed.as_deref())?;
            for _ in 0..rotations {
                ident.rotate()?;
            }
            ident.summary()
        })()
        .or_throw(&env)?;
        Ok(summary.into())
    })
}

/// The first identity of the BIP32 master key `xprv` (`new BAP(xprv).newId(…, idSeed)`), after
/// `rotations` calls of `incrementPath`. The xprv text is wiped when done.
#[napi(catch_unwind)]
pub fn bap_identity_bip32(
    env: Env,
    xprv: String,
    id_seed: Option<String>,
    rotations: u32,
) -> Result<BapIdentity> {
    let xprv = Zeroizing::new(xprv);
    boundary(&env, || {
        check_rotations(&env, rotations)?;
        let summary = (|| {
            let master = ExtendedPrivateKey::from_xprv(&xprv)?;
            let mut ident = LegacyIdentity::new(&master, 0, id_seed.as_deref())?;
            for _ in 0..rotations {
                ident.rotate()?;
            }
            ident.summary()
        })()
        .or_throw(&env)?;
        Ok(summary.into())
    })
}

/// The BAP ID of a mainnet P2PKH address.
#[napi(catch_unwind)]
pub fn bap_id_from_address(env: Env, address: String) -> Result<String> {
    boundary(&env, || id::bap_id_from_address(&address).or_throw(&env))
}

/// The BAP ID of a public key (of its compressed address).
#[napi(catch_unwind)]
pub fn bap_id_from_public_key(env: Env, key: &PublicKey) -> Result<String> {
    boundary(&env, || Ok(id::bap_id_from_public_key(&key.inner)))
}

/// The attestation hash (bsv-bap form) of `attribute` = `value` with `nonce` of `identity_key`.
#[napi(catch_unwind)]
pub fn bap_attestation_hash(
    env: Env,
    attribute: String,
    value: String,
    nonce: String,
    identity_key: String,
) -> Result<String> {
    boundary(&env, || {
        Ok(Subject::new(&attribute, &value, &nonce, &identity_key).hash())
    })
}

/// An ATTEST output signed by `key` (AIP with the pipe): the pushes after OP_RETURN.
#[napi(catch_unwind)]
pub fn bap_sign_attestation(
    env: Env,
    key: &PrivateKey,
    hash: String,
    sequence: i64,
    data: Option<Buffer>,
) -> Result<Vec<Buffer>> {
    boundary(&env, || {
        let sequence = u64::try_from(sequence).map_err(|_| {
            Fault::input(Reason::BapBadSequence.code(), "sequence is negative").throw(&env)
        })?;
        let pushes = attestation::sign(&key.inner, Kind::Attest, &hash, sequence, data.as_deref())
            .or_throw(&env)?;
        Ok(pushes.into_iter().map(Buffer::from).collect())
    })
}

/// Checks an ATTEST or REVOKE output (the pushes after OP_RETURN); with the four subject
/// fields, the hash is recomputed. Throws SigmaAuthError with the refusal's code.
#[napi(catch_unwind)]
pub fn bap_check_attestation(
    env: Env,
    pushes: Vec<Buffer>,
    attribute: Option<String>,
    value: Option<String>,
    nonce: Option<String>,
    identity_key: Option<String>,
) -> Result<BapAttestation> {
    boundary(&env, || {
        let subject = match (&attribute, &value, &nonce, &identity_key) {
            (Some(a), Some(v), Some(n), Some(i)) => Some(Subject::new(a, v, n, i)),
            (None, None, None, None) => None,
            _ => {
                return Err(Fault::input(
                    Reason::InvalidInput.code(),
                    "subject: give attribute, value, nonce and identityKey, or none of them",
                )
                .throw(&env));
            }
        };
        let items: Vec<&[u8]> = pushes.iter().map(|p| &p[..]).collect();
        let checked = attestation::check(&items, subject.as_ref()).or_throw(&env)?;
        if checked.sequence > MAX_SAFE_INTEGER {
            return Err(Fault::input(
                Reason::BapBadSequence.code(),
                "the sequence is above 2^53 - 1, which a JavaScript number cannot hold exactly",
            )
            .throw(&env));
        }
        Ok(BapAttestation {
            kind: checked.kind.as_str().to_string(),
            hash: checked.hash,
            sequence: checked.sequence as f64,
            address: checked.address,
            data: checked.data.map(Buffer::from),
        })
    })
}
