//! ECIES-Electrum ("BIE1") and friend encryption (bsv-bap MemberID / MasterID, TokenPass):
//! the `ecies*` and `friend*` calls of the Node binding. Random keys come from Web Crypto.

use js_sys::{Function, Uint8Array};
use sigma_auth_core::Error as CoreError;
use sigma_auth_core::ecies::{self, KeyMode, SenderKey};
use sigma_auth_core::friend::{self, FriendMode, tokenpass};
use sigma_auth_core::keys::{PrivateKey as CorePrivateKey, PublicKey as CorePublicKey};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::conversions::{absent, bytes, get, message, object, opt_bool, opt_string};
use crate::errors::Fault;
use crate::keys::{PrivateKey, PublicKey};

#[wasm_bindgen(typescript_custom_section)]
const FRIEND_TYPES: &str = r#"
/** A friend-encryption format: bsv-bap MemberID (default), MasterID (Type42), TokenPass self or peer. */
export type FriendMode = 'bap-member' | 'bap-master' | 'tokenpass-self' | 'tokenpass-peer';
"#;

/// The bytes a key object's `toBytes()` returns, for the optional key `options[name]`.
/// wasm-bindgen cannot borrow an exported object out of another value (taking it would
/// consume the caller's key), so the key is read through its own method.
fn key_bytes(options: &JsValue, name: &str, wanted: &str) -> Result<Option<Vec<u8>>, Fault> {
    let v = get(options, name);
    if absent(&v) {
        return Ok(None);
    }
    let field = format!("options.{name}");
    let method = get(&v, "toBytes")
        .dyn_into::<Function>()
        .map_err(|_| Fault::wrong_type(&field, wanted))?;
    let out = method
        .call0(&v)
        .map_err(|_| Fault::wrong_type(&field, wanted))?;
    bytes(&out, &field).map(Some)
}

/// The optional public key `options[name]`.
fn opt_public_key(options: &JsValue, name: &str) -> Result<Option<CorePublicKey>, Fault> {
    match key_bytes(options, name, "a PublicKey")? {
        None => Ok(None),
        Some(b) => Ok(Some(CorePublicKey::from_sec1(&b)?)),
    }
}

/// The optional private key `options[name]`; the copied bytes are wiped.
fn opt_private_key(options: &JsValue, name: &str) -> Result<Option<CorePrivateKey>, Fault> {
    let Some(b) = key_bytes(options, name, "a PrivateKey")? else {
        return Ok(None);
    };
    let b = Zeroizing::new(b);
    let arr: Zeroizing<[u8; 32]> = Zeroizing::new(b[..].try_into().map_err(|_| {
        Fault::from(CoreError::InvalidLength {
            field: "sender",
            expected: 32,
            actual: b.len(),
        })
    })?);
    Ok(Some(CorePrivateKey::from_bytes(*arr)?))
}

/// The friend mode `options.mode` (default `"bap-member"`).
fn mode(options: &JsValue) -> Result<FriendMode, Fault> {
    match opt_string(&get(options, "mode"), "options.mode")? {
        None => Ok(FriendMode::BapMember),
        Some(name) => FriendMode::from_name(&name).map_err(|_| {
            Fault::wrong_type(
                "options.mode",
                "'bap-member', 'bap-master', 'tokenpass-self' or 'tokenpass-peer'",
            )
        }),
    }
}

/// ECIES-Electrum ("BIE1", `ECIES.electrumEncrypt` of @bsv/sdk). With `options.sender` the
/// output is deterministic (it is the ephemeral key); without it a fresh random key is used.
/// `options.noKey` leaves the sender key out (needs `sender`).
#[wasm_bindgen(js_name = eciesEncrypt)]
pub fn ecies_encrypt(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] msg: &JsValue,
    recipient: &PublicKey,
    #[wasm_bindgen(unchecked_param_type = "{ sender?: PrivateKey | null; noKey?: boolean }")]
    options: Option<JsValue>,
) -> Result<Uint8Array, Fault> {
    let msg = Zeroizing::new(message(msg, "message")?);
    let o = object(options.unwrap_or_default(), "options")?;
    let no_key = opt_bool(&get(&o, "noKey"), "options.noKey", false)?;
    let sender = opt_private_key(&o, "sender")?;
    let mode = if no_key {
        KeyMode::Omitted
    } else {
        KeyMode::Embedded
    };
    let sender = match sender {
        Some(k) => k,
        None if no_key => {
            return Err(Fault::input(
                "invalid_input",
                "noKey needs a sender key: the recipient must know it",
            ));
        }
        None => PrivateKey::generate()?.inner,
    };
    let sealed = ecies::encrypt(&msg, &recipient.inner, &sender, mode)?;
    Ok(Uint8Array::from(&sealed[..]))
}

/// ECIES-Electrum: opens `data`. With `options.noKey` the ciphertext has no embedded key and
/// `options.sender` is required; otherwise the embedded key must be `sender` when given. Throws
/// `SigmaAuthError` `decryption_failed`, `version_mismatch` or `invalid_length`.
#[wasm_bindgen(js_name = eciesDecrypt)]
pub fn ecies_decrypt(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] data: &JsValue,
    recipient: &PrivateKey,
    #[wasm_bindgen(unchecked_param_type = "{ sender?: PublicKey | null; noKey?: boolean }")]
    options: Option<JsValue>,
) -> Result<Uint8Array, Fault> {
    let data = bytes(data, "data")?;
    let o = object(options.unwrap_or_default(), "options")?;
    let no_key = opt_bool(&get(&o, "noKey"), "options.noKey", false)?;
    let sender = opt_public_key(&o, "sender")?;
    let sender = match (&sender, no_key) {
        (Some(k), true) => SenderKey::Given(k),
        (None, true) => {
            return Err(Fault::input(
                "invalid_input",
                "noKey: the ciphertext has no embedded key, so the sender key is required",
            ));
        }
        (Some(k), false) => SenderKey::EmbeddedExpected(k),
        (None, false) => SenderKey::Embedded,
    };
    let plain = Zeroizing::new(ecies::decrypt(&data, &recipient.inner, sender)?);
    Ok(Uint8Array::from(&plain[..]))
}

/// The friend public key `key` publishes to `friendBapId` in `options.mode`.
#[wasm_bindgen(js_name = friendPublicKey)]
pub fn friend_public_key(
    key: &PrivateKey,
    friend_bap_id: &str,
    #[wasm_bindgen(unchecked_param_type = "{ mode?: FriendMode }")] options: Option<JsValue>,
) -> Result<PublicKey, Fault> {
    let o = object(options.unwrap_or_default(), "options")?;
    let mode = mode(&o)?;
    let inner = friend::friend_public_key(mode.key_scheme(), &key.inner, friend_bap_id)?;
    Ok(PublicKey { inner })
}

/// Friend encryption for `friendBapId`, to `options.to` (the friend key the friend published
/// for you). The bsv-bap modes are deterministic, byte-identical to bsv-bap `encryptWithSeed`;
/// the TokenPass modes use a fresh random key (Web Crypto).
#[wasm_bindgen(js_name = friendEncrypt)]
pub fn friend_encrypt(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] msg: &JsValue,
    key: &PrivateKey,
    friend_bap_id: &str,
    #[wasm_bindgen(unchecked_param_type = "{ to?: PublicKey | null; mode?: FriendMode }")]
    options: Option<JsValue>,
) -> Result<Uint8Array, Fault> {
    let msg = Zeroizing::new(message(msg, "message")?);
    let o = object(options.unwrap_or_default(), "options")?;
    let mode = mode(&o)?;
    let to = opt_public_key(&o, "to")?;
    let to = to.as_ref();
    // `friend::encrypt_as` without its std-only random key: the same rules, Web Crypto's key.
    let sealed = match (mode, to) {
        (FriendMode::TokenPassSelf, None) => {
            let ephemeral = PrivateKey::generate()?;
            tokenpass::encrypt_self(&msg, &key.inner, friend_bap_id, &ephemeral.inner)?
        }
        (FriendMode::TokenPassSelf, Some(_)) => {
            return Err(CoreError::InvalidInput {
                field: "to",
                why: "a TokenPass note to self is encrypted to our own key; no recipient key applies",
            }
            .into());
        }
        (FriendMode::TokenPassPeer, Some(to)) => {
            friend::check_friend_id(friend_bap_id)?;
            let ephemeral = PrivateKey::generate()?;
            tokenpass::encrypt_to_peer(&msg, to, &ephemeral.inner)?
        }
        (FriendMode::TokenPassPeer, None) => {
            return Err(CoreError::InvalidInput {
                field: "to",
                why: "TokenPass peer mode needs the friend key the friend published for us",
            }
            .into());
        }
        (m, to) => friend::encrypt(m.key_scheme(), &msg, &key.inner, friend_bap_id, to)?,
    };
    Ok(Uint8Array::from(&sealed[..]))
}

/// Opens a friend message from `friendBapId` in `options.mode`; `options.from` is checked
/// against the embedded key.
#[wasm_bindgen(js_name = friendDecrypt)]
pub fn friend_decrypt(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] data: &JsValue,
    key: &PrivateKey,
    friend_bap_id: &str,
    #[wasm_bindgen(unchecked_param_type = "{ from?: PublicKey | null; mode?: FriendMode }")]
    options: Option<JsValue>,
) -> Result<Uint8Array, Fault> {
    let data = bytes(data, "data")?;
    let o = object(options.unwrap_or_default(), "options")?;
    let mode = mode(&o)?;
    let from = opt_public_key(&o, "from")?;
    let plain = friend::decrypt_as(mode, &data, &key.inner, friend_bap_id, from.as_ref())?;
    let plain = Zeroizing::new(plain);
    Ok(Uint8Array::from(&plain[..]))
}
