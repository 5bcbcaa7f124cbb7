//! AIP signatures over OP_RETURN pushes (`aipSign`, `aipVerify` of the Node binding).

use js_sys::{Array, Object, Reflect};
use sigma_auth_core::aip::{self, Convention};
use wasm_bindgen::prelude::*;

use crate::conversions::{byte_list, get, object, opt_bool, to_byte_array};
use crate::errors::Fault;
use crate::keys::PrivateKey;

#[wasm_bindgen(typescript_custom_section)]
const AIP_TYPES: &str = r#"
/** A verified AIP signature. */
export interface AipVerified {
  /** The signer's (compressed-key, mainnet) address. */
  address: string;
  /** Which signed bytes matched: the pushes and `|`, or the pushes alone. */
  convention: 'with_pipe' | 'without_pipe';
  /** How many data pushes precede the AIP part. */
  dataPushes: number;
}
"#;

/// AIP: signs `pushes` (those after OP_RETURN); returns them followed by `|`, the AIP prefix,
/// `BITCOIN_ECDSA`, the address and the 65-byte signature. `options.withPipe` signs the pushes
/// and `|`.
#[wasm_bindgen(js_name = aipSign, unchecked_return_type = "Uint8Array[]")]
pub fn aip_sign(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array[]")] pushes: &JsValue,
    key: &PrivateKey,
    #[wasm_bindgen(unchecked_param_type = "{ withPipe?: boolean }")] options: Option<JsValue>,
) -> Result<Array, Fault> {
    let pushes = byte_list(pushes, "pushes")?;
    let o = object(options.unwrap_or_default(), "options")?;
    let convention = if opt_bool(&get(&o, "withPipe"), "options.withPipe", false)? {
        Convention::WithPipe
    } else {
        Convention::WithoutPipe
    };
    let signed = aip::sign_payload(&pushes, &key.inner, convention)?;
    Ok(to_byte_array(signed))
}

/// AIP: verifies the signature that ends `pushes`; returns `{ address, convention,
/// dataPushes }` or throws `SigmaAuthError` with an `aip_*` code.
#[wasm_bindgen(js_name = aipVerify, unchecked_return_type = "AipVerified")]
pub fn aip_verify(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array[]")] pushes: &JsValue,
) -> Result<JsValue, Fault> {
    let pushes = byte_list(pushes, "pushes")?;
    let v = aip::verify(&pushes)?;
    let out = Object::new();
    // Defining properties on a fresh plain object cannot fail.
    let _ = Reflect::set(&out, &"address".into(), &v.address.into());
    let _ = Reflect::set(&out, &"convention".into(), &v.convention.as_str().into());
    let _ = Reflect::set(&out, &"dataPushes".into(), &(v.data_pushes as f64).into());
    Ok(out.into())
}
