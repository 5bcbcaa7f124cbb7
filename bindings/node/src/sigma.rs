//! Sigma signatures in output scripts.

use napi::Result;
use napi::bindgen_prelude::{Buffer, Env};
use napi_derive::napi;
use sigma_auth_core::sigma::{self, Algorithm, Outpoint};

use crate::errors::{Fault, OrThrow, boundary};
use crate::keys::PrivateKey;

/// A verified Sigma instance.
#[napi(object)]
pub struct SigmaVerified {
    /// `"BSM"` or `"BRC77"`.
    pub algorithm: String,
    /// The signer's address.
    pub address: String,
    /// The input index the instance names.
    pub vin: u32,
}

fn algorithm(name: &str) -> std::result::Result<Algorithm, Fault> {
    match name {
        "bsm" | "BSM" => Ok(Algorithm::Bsm),
        "brc77" | "BRC77" => Ok(Algorithm::Brc77),
        _ => Err(Fault::input(
            "invalid_input",
            "algorithm: not \"bsm\" or \"brc77\"",
        )),
    }
}

/// Signs `script` for the input spending `input_vout` of `input_txid` (hex, display order) and
/// returns the signed script.
#[napi(catch_unwind)]
pub fn sigma_sign(
    env: Env,
    script: Buffer,
    key: &PrivateKey,
    input_txid: String,
    input_vout: u32,
    algorithm_name: String,
    vin: u32,
) -> Result<Buffer> {
    boundary(&env, || {
        let algorithm = algorithm(&algorithm_name).or_throw(&env)?;
        let input = Outpoint::from_hex(&input_txid, input_vout).or_throw(&env)?;
        sigma::sign(&script, Some(&input), vin, &key.inner, algorithm)
            .map(Buffer::from)
            .or_throw(&env)
    })
}

/// Verifies Sigma instance `instance` of `script` for the input spending `input_vout` of
/// `input_txid` (hex, display order); throws with the reason code otherwise.
#[napi(catch_unwind)]
pub fn sigma_verify(
    env: Env,
    script: Buffer,
    input_txid: String,
    input_vout: u32,
    instance: u32,
) -> Result<SigmaVerified> {
    boundary(&env, || {
        let input = Outpoint::from_hex(&input_txid, input_vout).or_throw(&env)?;
        let v = sigma::verify(&script, Some(&input), instance as usize).or_throw(&env)?;
        Ok(SigmaVerified {
            algorithm: v.algorithm.as_str().to_string(),
            address: v.address,
            vin: v.vin,
        })
    })
}
