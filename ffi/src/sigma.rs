//! Sigma signatures in output scripts.

use core::ffi::c_char;

use sigma_auth_core::sigma::{self, Algorithm, Outpoint};

use crate::boundary::{arg, arg_array, arg_bytes, buf_out, out, text_out};
use crate::keys::sigma_private_key;
use crate::result::sigma_result::{self, *};

/// The signature algorithm of a Sigma instance.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum sigma_sigma_algorithm {
    /// Bitcoin Signed Message over the message hash (65 raw bytes).
    Bsm = 0,
    /// A BRC-77 signed-message envelope for anyone, with a random key ID.
    Brc77 = 1,
}

/// The most bytes a Sigma instance adds to a script: separator 2, `SIGMA` 6, algorithm 6,
/// address 36, a BRC-77 envelope for anyone (at most 142 bytes) with its push 144, vin 11.
const MAX_INSTANCE: usize = 2 + 6 + 6 + 36 + 144 + 11;

fn outpoint(txid: *const u8, vout: u32) -> Result<Outpoint, sigma_result> {
    Ok(Outpoint {
        txid: arg_array::<32>(txid)?,
        vout,
    })
}

/// Signs the output script `script` (`len` bytes) for the input spending `txid` (32 bytes in
/// display order, as explorers print it) at output `vout`, with `algorithm` (a `sigma_sigma_algorithm`),
/// and writes the signed script: `script`, a separator (`|` if the script has an `OP_RETURN`,
/// else `OP_RETURN`), then `SIGMA`, the algorithm, the key's address, the signature and `vin`
/// in ASCII decimal. `*written` as for every byte output; a BRC77 signature's length varies
/// with its random key ID, so the size asked for is the largest one. Thread-safe.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn sigma_sigma_sign(
    key: *const sigma_private_key,
    script: *const u8,
    len: usize,
    txid: *const u8,
    vout: u32,
    vin: u32,
    algorithm: u32,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (key, script, input, out) =
            (arg(key)?, arg_bytes(script, len)?, outpoint(txid, vout)?, buf_out(buf, cap, written)?);
        let algorithm = match algorithm {
            a if a == sigma_sigma_algorithm::Bsm as u32 => Algorithm::Bsm,
            a if a == sigma_sigma_algorithm::Brc77 as u32 => Algorithm::Brc77,
            _ => return Err(SIGMA_INVALID_INPUT),
        };
        let signed = sigma::sign(script, Some(&input), vin, &key.inner, algorithm)?;
        out.bytes_at_most(&signed, script.len().saturating_add(MAX_INSTANCE))
    }
}

/// Verifies Sigma instance `instance` (0 for the first) of the output script `script` (`len`
/// bytes) for the input spending output `vout` of `txid` (32 bytes, display order).
///
/// `SIGMA_OK`: the signer's address is written NUL-terminated to `(address, cap)` (36 bytes
/// always suffice) and `*algorithm` is its `sigma_sigma_algorithm`. Otherwise the reason:
/// `SIGMA_MALFORMED_SCRIPT`, `SIGMA_SIGMA_MISSING`, `SIGMA_SIGMA_LAYOUT`,
/// `SIGMA_SIGMA_UNSUPPORTED_ALGORITHM`, `SIGMA_SIGMA_BAD_SIGNATURE_ENCODING`,
/// `SIGMA_SIGMA_SIGNER_MISMATCH` (a BRC77 envelope by a key other than the instance's
/// address), `SIGMA_RECIPIENT_REQUIRED` (a BRC77 envelope for a specific verifier) or
/// `SIGMA_SIGMA_INVALID_SIGNATURE`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_sigma_verify(
    script: *const u8,
    len: usize,
    txid: *const u8,
    vout: u32,
    instance: usize,
    algorithm: *mut u32,
    address: *mut c_char,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (script, input, algorithm, text) =
            (arg_bytes(script, len)?, outpoint(txid, vout)?, out(algorithm)?, text_out(address, cap, written)?);
        let v = sigma::verify(script, Some(&input), instance)?;
        text.text(&v.address)?;
        algorithm.set(match v.algorithm {
            Algorithm::Bsm => sigma_sigma_algorithm::Bsm as u32,
            Algorithm::Brc77 => sigma_sigma_algorithm::Brc77 as u32,
        });
        Ok(())
    }
}
