//! BAP: BAP IDs, attestation hashes, signing and checking ATTEST outputs (the core's `bap`;
//! the `bap*` calls of the Node binding).

use js_sys::{Array, Object, Reflect, Uint8Array};
use sigma_auth_core::Reason;
use sigma_auth_core::bap::attestation::{self, Kind, Subject};
use sigma_auth_core::bap::id;
use wasm_bindgen::prelude::*;

use crate::conversions::{
    absent, byte_list, get, message, object, opt_index, string, to_byte_array,
};
use crate::errors::Fault;
use crate::keys::{PrivateKey, PublicKey};

#[wasm_bindgen(typescript_custom_section)]
const BAP_TYPES: &str = r#"
/** The attested identity attribute: `urn:bap:id:<attribute>:<value>:<nonce>` of `identityKey`. */
export interface BapSubject {
  attribute: string;
  value: string;
  nonce: string;
  /** The subject's BAP ID (the identity the hash covers). */
  identityKey: string;
}

/** A checked attestation. */
export interface BapAttestation {
  type: 'ATTEST' | 'REVOKE';
  /** 64 lower-case hex digits. */
  hash: string;
  sequence: number;
  /** The signer's address (compressed key, mainnet). */
  address: string;
  /** The DATA push, when the output has a DATA part. */
  data?: Uint8Array;
}
"#;

/// The largest integer a JavaScript number holds exactly.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// The four fields of a `BapSubject` object, read from `v` (named `field`).
struct SubjectFields {
    attribute: String,
    value: String,
    nonce: String,
    identity_key: String,
}

impl SubjectFields {
    fn read(v: &JsValue, field: &str) -> Result<SubjectFields, Fault> {
        let o = object(v.clone(), field)?;
        if absent(&o) {
            return Err(Fault::wrong_type(field, "an object"));
        }
        let s = |name: &str| string(&get(&o, name), &format!("{field}.{name}"));
        Ok(SubjectFields {
            attribute: s("attribute")?,
            value: s("value")?,
            nonce: s("nonce")?,
            identity_key: s("identityKey")?,
        })
    }

    fn subject(&self) -> Subject<'_> {
        Subject::new(
            &self.attribute,
            &self.value,
            &self.nonce,
            &self.identity_key,
        )
    }
}

/// The BAP ID of a mainnet P2PKH address; throws `SigmaAuthError` `invalid_address`.
#[wasm_bindgen(js_name = bapIdFromAddress)]
pub fn bap_id_from_address(address: &str) -> Result<String, Fault> {
    Ok(id::bap_id_from_address(address)?)
}

/// The BAP ID of a public key (of its compressed address).
#[wasm_bindgen(js_name = bapIdFromPublicKey)]
pub fn bap_id_from_public_key(public_key: &PublicKey) -> String {
    id::bap_id_from_public_key(&public_key.inner)
}

/// The attestation hash (bsv-bap form, 64 hex digits) of `subject`.
#[wasm_bindgen(js_name = bapAttestationHash)]
pub fn bap_attestation_hash(
    #[wasm_bindgen(unchecked_param_type = "BapSubject")] subject: &JsValue,
) -> Result<String, Fault> {
    Ok(SubjectFields::read(subject, "subject")?.subject().hash())
}

/// An ATTEST output signed by `key` (AIP with the pipe): the pushes after OP_RETURN.
/// `options.sequence` defaults to 0; `options.data` adds a DATA part.
#[wasm_bindgen(js_name = bapSignAttestation, unchecked_return_type = "Uint8Array[]")]
pub fn bap_sign_attestation(
    key: &PrivateKey,
    hash: &str,
    #[wasm_bindgen(unchecked_param_type = "{ sequence?: number; data?: string | Uint8Array }")]
    options: Option<JsValue>,
) -> Result<Array, Fault> {
    let o = object(options.unwrap_or_default(), "options")?;
    let sequence = get(&o, "sequence");
    if sequence.as_f64().is_some_and(|n| n < 0.0) {
        return Err(Fault::input(
            Reason::BapBadSequence.code(),
            "options.sequence is negative",
        ));
    }
    let sequence = opt_index(&sequence, "options.sequence", 0, MAX_SAFE_INTEGER)?;
    let data = get(&o, "data");
    let data = if absent(&data) {
        None
    } else {
        Some(message(&data, "options.data")?)
    };
    let pushes = attestation::sign(&key.inner, Kind::Attest, hash, sequence, data.as_deref())?;
    Ok(to_byte_array(pushes))
}

/// Checks an ATTEST or REVOKE output (the pushes after OP_RETURN); with `subject`, the hash is
/// recomputed. Returns `{ type, hash, sequence, address, data? }`; throws `SigmaAuthError` with
/// the refusal's code (`bap_layout`, `aip_invalid_signature`, `bap_hash_mismatch`, ...).
#[wasm_bindgen(js_name = bapCheckAttestation, unchecked_return_type = "BapAttestation")]
pub fn bap_check_attestation(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array[]")] pushes: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "BapSubject")] subject: Option<JsValue>,
) -> Result<JsValue, Fault> {
    let pushes = byte_list(pushes, "pushes")?;
    let fields = match subject {
        Some(s) if !absent(&s) => Some(SubjectFields::read(&s, "subject")?),
        _ => None,
    };
    let subject = fields.as_ref().map(SubjectFields::subject);
    let checked = attestation::check(&pushes, subject.as_ref())?;
    if checked.sequence > MAX_SAFE_INTEGER {
        return Err(Fault::input(
            Reason::BapBadSequence.code(),
            "the sequence is above 2^53 - 1, which a JavaScript number cannot hold exactly",
        ));
    }
    let out = Object::new();
    // Defining properties on a fresh plain object cannot fail.
    let _ = Reflect::set(&out, &"type".into(), &checked.kind.as_str().into());
    let _ = Reflect::set(&out, &"hash".into(), &checked.hash.into());
    let _ = Reflect::set(&out, &"sequence".into(), &(checked.sequence as f64).into());
    let _ = Reflect::set(&out, &"address".into(), &checked.address.into());
    if let Some(data) = checked.data {
        let _ = Reflect::set(&out, &"data".into(), &Uint8Array::from(&data[..]));
    }
    Ok(out.into())
}
