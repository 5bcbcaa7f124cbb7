//! How verification answers cross to JavaScript on the fast paths that `index.js` calls: as few
//! JavaScript values as possible made here, on the JavaScript thread, and the objects of the
//! public API built by `index.js` (where V8 builds them faster than napi can).
//!
//! [`Flat`] is one verified token (`verifyFlat`); [`Columns`] are a batch's answers
//! (`verifyBatchFlat` and its async form). A batch's verification runs on every core, but the
//! conversion of its answers runs on the JavaScript thread alone while the other cores wait: one
//! buffer and one typed array for the whole batch cost far less there than four values per item.

use napi::bindgen_prelude::{Buffer, Float64Array, ToNapiValue, TypeName, ValueType};
use napi::{Result, sys};
use sigma_auth_core::token::Scheme;
use sigma_auth_core::{Verified, VerifyError};

use crate::errors::Fault;

/// One verified token as a four-slot array: `pubkey` (hex), `scheme`, `timestamp` (Unix
/// milliseconds) and `replayId` (hex), which `index.js` turns into the verified object.
pub struct Flat(pub Verified);

impl TypeName for Flat {
    fn type_name() -> &'static str {
        "Array"
    }

    fn value_type() -> ValueType {
        ValueType::Object
    }
}

impl ToNapiValue for Flat {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> Result<sys::napi_value> {
        let v = val.0;
        let slots = [
            // SAFETY (all four): `env` is the live environment napi-rs passes to this conversion.
            unsafe { ToNapiValue::to_napi_value(env, v.pubkey.to_hex())? },
            unsafe { ToNapiValue::to_napi_value(env, v.scheme.as_str())? },
            unsafe { ToNapiValue::to_napi_value(env, v.timestamp.unix_millis() as f64)? },
            unsafe {
                ToNapiValue::to_napi_value(env, base16ct::lower::encode_string(v.replay_id()))?
            },
        ];
        let mut array = core::ptr::null_mut();
        // SAFETY: as above; every value set was created in `env`.
        unsafe {
            napi::check_status!(sys::napi_create_array_with_length(env, 4, &mut array))?;
            for (i, value) in (0u32..).zip(slots) {
                napi::check_status!(sys::napi_set_element(env, array, i, value))?;
            }
        }
        Ok(array)
    }
}

/// Bytes per item in [`Columns`]' buffer: the compressed public key, the replay id, the scheme.
pub const STRIDE: usize = 33 + 32 + 1;

/// A batch's answers as a three-slot array, which `index.js` (`batchResults`) turns into the
/// objects `verifyBatch` returns:
/// - a `Buffer` of [`STRIDE`] bytes per item: the signer's compressed key (33), the replay id
///   (32) and the scheme (0 `bsm`, 1 `brc77`); zeros for a refused item;
/// - a `Float64Array` of the signed timestamps in Unix milliseconds (0 for a refused item);
/// - an array of the items' length holding the `AuthTokenError` of each refused item (and
///   nothing at the others).
pub struct Columns {
    bytes: Vec<u8>,
    millis: Vec<f64>,
    refused: Vec<(usize, Fault)>,
}

impl Columns {
    /// The columns of `results` (replay ids already computed by the batch's workers).
    pub fn of(results: Vec<core::result::Result<Verified, VerifyError>>) -> Columns {
        let mut bytes = vec![0u8; results.len().saturating_mul(STRIDE)];
        let mut millis = vec![0f64; results.len()];
        let mut refused = Vec::new();
        for ((i, result), (row, ms)) in results
            .into_iter()
            .enumerate()
            .zip(bytes.chunks_exact_mut(STRIDE).zip(&mut millis))
        {
            match result {
                Ok(v) => {
                    row[..33].copy_from_slice(&v.pubkey.to_compressed());
                    row[33..65].copy_from_slice(v.replay_id());
                    row[65] = match v.scheme {
                        Scheme::Bsm => 0,
                        Scheme::Brc77 => 1,
                    };
                    *ms = v.timestamp.unix_millis() as f64;
                }
                Err(e) => refused.push((i, Fault::from(e))),
            }
        }
        Columns {
            bytes,
            millis,
            refused,
        }
    }

    /// `n` items, each refused with `fault` (a batch whose workers failed).
    pub fn failed(n: usize, fault: Fault) -> Columns {
        Columns {
            bytes: vec![0; n.saturating_mul(STRIDE)],
            millis: vec![0.0; n],
            refused: (0..n).map(|i| (i, fault.clone())).collect(),
        }
    }
}

impl TypeName for Columns {
    fn type_name() -> &'static str {
        "Array"
    }

    fn value_type() -> ValueType {
        ValueType::Object
    }
}

impl ToNapiValue for Columns {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> Result<sys::napi_value> {
        // SAFETY: `env` is the live environment napi-rs passes to this conversion; every value
        // set below is created in it.
        let index =
            |i: usize| u32::try_from(i).map_err(|_| napi::Error::from_reason("batch too large"));
        unsafe {
            let bytes = ToNapiValue::to_napi_value(env, Buffer::from(val.bytes))?;
            let len = val.millis.len();
            let millis = ToNapiValue::to_napi_value(env, Float64Array::new(val.millis))?;
            let mut refused = core::ptr::null_mut();
            napi::check_status!(sys::napi_create_array_with_length(env, len, &mut refused))?;
            for (i, fault) in val.refused {
                let error = ToNapiValue::to_napi_value(env, fault)?;
                napi::check_status!(sys::napi_set_element(env, refused, index(i)?, error))?;
            }
            let mut array = core::ptr::null_mut();
            napi::check_status!(sys::napi_create_array_with_length(env, 3, &mut array))?;
            for (i, value) in (0u32..).zip([bytes, millis, refused]) {
                napi::check_status!(sys::napi_set_element(env, array, i, value))?;
            }
            Ok(array)
        }
    }
}
