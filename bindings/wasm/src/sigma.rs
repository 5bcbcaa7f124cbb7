//! Sigma signatures in output scripts (`sigmaSign`, `sigmaVerify` of the Node binding).

use js_sys::{Object, Reflect, Uint8Array};
use sigma_auth_core::sigma::{self, Algorithm, Outpoint};
use wasm_bindgen::prelude::*;

use crate::conversions::{absent, bytes, get, object, opt_index, opt_string};
use crate::errors::Fault;
use crate::keys::PrivateKey;
use crate::random;

#[wasm_bindgen(typescript_custom_section)]
const SIGMA_TYPES: &str = r#"
/** A verified Sigma instance. */
export interface SigmaVerified {
  algorithm: 'BSM' | 'BRC77';
  /** The signer's address. */
  address: string;
  /** The input index the instance names. */
  vin: number;
}
"#;

/// The algorithm named `name` (`"bsm"`, the default, or `"brc77"`).
fn algorithm(name: Option<String>) -> Result<Algorithm, Fault> {
    match name.as_deref() {
        None | Some("bsm") | Some("BSM") => Ok(Algorithm::Bsm),
        Some("brc77") | Some("BRC77") => Ok(Algorithm::Brc77),
        _ => Err(Fault::input(
            "invalid_input",
            "algorithm: not \"bsm\" or \"brc77\"",
        )),
    }
}

/// The output index `inputVout`: a whole number from 0 to 2^32 - 1.
fn vout(v: &JsValue) -> Result<u32, Fault> {
    if absent(v) {
        return Err(Fault::wrong_type("inputVout", "a number"));
    }
    Ok(opt_index(v, "inputVout", 0, u32::MAX.into())? as u32)
}

/// Sigma: signs the output `script` for the input spending `inputVout` of `inputTxid` (hex,
/// display order); returns the signed script. `options.algorithm` is `"bsm"` (default) or
/// `"brc77"`, `options.vin` the input index (default 0).
#[wasm_bindgen(js_name = sigmaSign)]
pub fn sigma_sign(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] script: &JsValue,
    key: &PrivateKey,
    input_txid: &str,
    #[wasm_bindgen(unchecked_param_type = "number")] input_vout: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ algorithm?: 'bsm' | 'brc77'; vin?: number }")]
    options: Option<JsValue>,
) -> Result<Uint8Array, Fault> {
    let script = bytes(script, "script")?;
    let o = object(options.unwrap_or_default(), "options")?;
    let algorithm = algorithm(opt_string(&get(&o, "algorithm"), "options.algorithm")?)?;
    let vin = opt_index(&get(&o, "vin"), "options.vin", 0, u32::MAX.into())? as u32;
    let input = Outpoint::from_hex(input_txid, vout(input_vout)?)?;
    // BRC-77 takes its key ID from Web Crypto (the core's `sigma::sign` needs std for it).
    let signed = match algorithm {
        Algorithm::Bsm => sigma::sign_bsm(&script, Some(&input), vin, &key.inner)?,
        Algorithm::Brc77 => {
            sigma::sign_brc77(&script, Some(&input), vin, &key.inner, random::bytes32()?)?
        }
    };
    Ok(Uint8Array::from(&signed[..]))
}

/// Sigma: verifies instance `options.instance` (default 0) of `script` for the input spending
/// `inputVout` of `inputTxid`; returns `{ algorithm, address, vin }` or throws
/// `SigmaAuthError` with a `sigma_*` code.
#[wasm_bindgen(js_name = sigmaVerify, unchecked_return_type = "SigmaVerified")]
pub fn sigma_verify(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] script: &JsValue,
    input_txid: &str,
    #[wasm_bindgen(unchecked_param_type = "number")] input_vout: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ instance?: number }")] options: Option<JsValue>,
) -> Result<JsValue, Fault> {
    let script = bytes(script, "script")?;
    let o = object(options.unwrap_or_default(), "options")?;
    let instance = opt_index(&get(&o, "instance"), "options.instance", 0, u32::MAX.into())?;
    let input = Outpoint::from_hex(input_txid, vout(input_vout)?)?;
    let v = sigma::verify(&script, Some(&input), instance as usize)?;
    let out = Object::new();
    // Defining properties on a fresh plain object cannot fail.
    let _ = Reflect::set(&out, &"algorithm".into(), &v.algorithm.as_str().into());
    let _ = Reflect::set(&out, &"address".into(), &v.address.into());
    let _ = Reflect::set(&out, &"vin".into(), &f64::from(v.vin).into());
    Ok(out.into())
}
