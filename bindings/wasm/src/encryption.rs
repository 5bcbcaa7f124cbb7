//! Encryption: BRC-78 encrypted messages, with the key ID and IV from Web Crypto.

use js_sys::{Object, Reflect, Uint8Array};
use sigma_auth_core::{Error as CoreError, encrypted_message};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::conversions::{absent, bytes, get, message, object};
use crate::errors::Fault;
use crate::keys::{PrivateKey, PublicKey};
use crate::random;

/// BRC-78: encrypts a non-empty `message` from `sender` to `recipient`
/// (`EncryptedMessage.encrypt` of `@bsv/sdk`). `options.keyId` and `options.iv` (32 bytes
/// each, both or neither) make it deterministic; random (Web Crypto) by default.
#[wasm_bindgen(js_name = brc78Encrypt)]
pub fn brc78_encrypt(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] msg: &JsValue,
    sender: &PrivateKey,
    recipient: &PublicKey,
    #[wasm_bindgen(unchecked_param_type = "{ keyId?: Uint8Array | null; iv?: Uint8Array | null }")]
    options: Option<JsValue>,
) -> Result<Uint8Array, Fault> {
    let msg = Zeroizing::new(message(msg, "message")?);
    let o = object(options.unwrap_or_default(), "options")?;
    let (key_id, iv) = (get(&o, "keyId"), get(&o, "iv"));
    let (key_id, iv) = match (absent(&key_id), absent(&iv)) {
        (true, true) => (random::bytes32()?, random::bytes32()?),
        (false, false) => (
            bytes32(&bytes(&key_id, "options.keyId")?, "keyId")?,
            bytes32(&bytes(&iv, "options.iv")?, "iv")?,
        ),
        _ => {
            return Err(Fault::input(
                "invalid_input",
                "keyId and iv: give both or neither",
            ));
        }
    };
    let sealed = encrypted_message::encrypt(&msg, &sender.inner, &recipient.inner, key_id, iv)?;
    Ok(Uint8Array::from(&sealed[..]))
}

/// BRC-78: opens `data` addressed to `recipient`. Returns `{ plaintext: Uint8Array, sender:
/// PublicKey }`; throws `SigmaAuthError` `wrong_recipient`, `decryption_failed`,
/// `version_mismatch` or `invalid_length`.
#[wasm_bindgen(
    js_name = brc78Decrypt,
    unchecked_return_type = "{ plaintext: Uint8Array; sender: PublicKey }"
)]
pub fn brc78_decrypt(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] data: &JsValue,
    recipient: &PrivateKey,
) -> Result<JsValue, Fault> {
    let data = bytes(data, "data")?;
    let (plain, sender) = encrypted_message::decrypt(&data, &recipient.inner)?;
    let plain = Zeroizing::new(plain);
    let out = Object::new();
    // Defining properties on a fresh plain object cannot fail.
    let _ = Reflect::set(&out, &"plaintext".into(), &Uint8Array::from(&plain[..]));
    let _ = Reflect::set(
        &out,
        &"sender".into(),
        &JsValue::from(PublicKey { inner: sender }),
    );
    Ok(out.into())
}

/// Exactly 32 bytes for `field`.
fn bytes32(data: &[u8], field: &'static str) -> Result<[u8; 32], Fault> {
    data.try_into().map_err(|_| {
        Fault::from(CoreError::InvalidLength {
            field,
            expected: 32,
            actual: data.len(),
        })
    })
}
