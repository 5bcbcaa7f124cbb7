//! AIP signatures over the data pushes of an `OP_RETURN` output script.

use core::ffi::c_char;

use sigma_auth_core::aip::{self, Convention};
use sigma_auth_core::script;

use crate::boundary::{arg, arg_bytes, buf_out, out, text_out};
use crate::keys::sigma_private_key;
use crate::result::sigma_result::{self, *};

/// Which bytes an AIP signature covers: the data pushes after `OP_RETURN`, with or without a
/// trailing `|`.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum sigma_aip_convention {
    /// `0x6a || pushes || "|"`: bsv-bap attestations, go-aip.
    WithPipe = 0,
    /// `0x6a || pushes`: bsv-bap ID transactions and `signOpReturnWithAIP`.
    WithoutPipe = 1,
}

fn convention(value: u32) -> Result<Convention, sigma_result> {
    match value {
        v if v == sigma_aip_convention::WithPipe as u32 => Ok(Convention::WithPipe),
        v if v == sigma_aip_convention::WithoutPipe as u32 => Ok(Convention::WithoutPipe),
        _ => Err(SIGMA_INVALID_INPUT),
    }
}

/// Signs the data pushes after the first `OP_RETURN` of the output script `script` (`len`
/// bytes) under `convention` (a `sigma_aip_convention`) and writes the signed script: `script`,
/// then minimal pushes of `|`, the AIP prefix, `BITCOIN_ECDSA`, the key's address and the
/// 65-byte signature. `SIGMA_MALFORMED_SCRIPT` if the script does not parse, has no
/// `OP_RETURN` or a non-push opcode after it. `*written` as for every byte output.
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_aip_sign(
    key: *const sigma_private_key,
    script: *const u8,
    len: usize,
    convention: u32,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (key, script, convention, out) =
            (arg(key)?, arg_bytes(script, len)?, self::convention(convention)?, buf_out(buf, cap, written)?);
        let data = script::op_return_pushes(script)?;
        let fields = aip::sign(&data, &key.inner, convention)?;
        let mut signed = script.to_vec();
        script::push_data(&mut signed, aip::PIPE)?;
        for f in &fields {
            script::push_data(&mut signed, f)?;
        }
        out.bytes(&signed)
    }
}

/// Verifies the AIP signature that ends the output script `script` (`len` bytes): the pushes
/// after its first `OP_RETURN` must end with exactly `|`, the AIP prefix, an algorithm
/// (`BITCOIN_ECDSA` or `BitcoinSignedMessage`), an address and a signature (65 raw bytes or 88
/// base64 characters, header 31..34, low S) recovering that address, over the data with the
/// pipe or else without it.
///
/// `SIGMA_OK`: the signer's address is written NUL-terminated to `(address, cap)` (36 bytes
/// always suffice; `*written` as for every text output) and `*matched` is the
/// `sigma_aip_convention` that verified. Otherwise the reason: `SIGMA_MALFORMED_SCRIPT`,
/// `SIGMA_AIP_MISSING`, `SIGMA_AIP_LAYOUT`, `SIGMA_AIP_UNSUPPORTED_ALGORITHM`,
/// `SIGMA_AIP_BAD_SIGNATURE_ENCODING` or `SIGMA_AIP_INVALID_SIGNATURE`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_aip_verify(
    script: *const u8,
    len: usize,
    address: *mut c_char,
    cap: usize,
    written: *mut usize,
    matched: *mut u32,
) -> sigma_result {
    ffi_boundary! {
        let (script, text, matched) = (arg_bytes(script, len)?, text_out(address, cap, written)?, out(matched)?);
        let pushes = script::op_return_pushes(script)?;
        let v = aip::verify(&pushes)?;
        text.text(&v.address)?;
        matched.set(match v.convention {
            Convention::WithPipe => sigma_aip_convention::WithPipe as u32,
            Convention::WithoutPipe => sigma_aip_convention::WithoutPipe as u32,
        });
        Ok(())
    }
}
