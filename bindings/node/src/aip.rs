//! AIP signatures over OP_RETURN pushes.

use napi::Result;
use napi::bindgen_prelude::{Buffer, Env};
use napi_derive::napi;
use sigma_auth_core::aip::{self, Convention};

use crate::errors::{OrThrow, boundary};
use crate::keys::PrivateKey;

/// A verified AIP signature.
#[napi(object)]
pub struct AipVerified {
    /// The signer's address.
    pub address: String,
    /// `"with_pipe"` or `"without_pipe"`: which signed bytes matched.
    pub convention: String,
    /// How many data pushes precede the AIP part.
    pub data_pushes: u32,
}

/// Signs `pushes` (those after OP_RETURN) and returns them followed by `|` and the AIP pushes
/// (prefix, `BITCOIN_ECDSA`, address, 65-byte signature).
#[napi(catch_unwind)]
pub fn aip_sign(
    env: Env,
    pushes: Vec<Buffer>,
    key: &PrivateKey,
    with_pipe: bool,
) -> Result<Vec<Buffer>> {
    boundary(&env, || {
        let convention = if with_pipe {
            Convention::WithPipe
        } else {
            Convention::WithoutPipe
        };
        let data: Vec<&[u8]> = pushes.iter().map(|p| &p[..]).collect();
        aip::sign_payload(&data, &key.inner, convention)
            .map(|signed| signed.into_iter().map(Buffer::from).collect())
            .or_throw(&env)
    })
}

/// Verifies the AIP signature at the end of `pushes`; throws with the reason code otherwise.
#[napi(catch_unwind)]
pub fn aip_verify(env: Env, pushes: Vec<Buffer>) -> Result<AipVerified> {
    boundary(&env, || {
        let pushes: Vec<&[u8]> = pushes.iter().map(|p| &p[..]).collect();
        let v = aip::verify(&pushes).or_throw(&env)?;
        Ok(AipVerified {
            address: v.address,
            convention: v.convention.as_str().to_string(),
            data_pushes: v.data_pushes as u32,
        })
    })
}
