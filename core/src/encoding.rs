//! Text encodings: strict and reference-lenient hex and base64, and Bitcoin varints.
//!
//! "Strict" decoders accept exactly one spelling of each byte string. "Lenient" decoders accept
//! what the JavaScript reference (`@bsv/sdk` `Utils.toArray`) accepts; they exist only for
//! [`Policy::Compat`](crate::token::Policy::Compat) and for reading third-party data.

use alloc::string::String;
use alloc::vec::Vec;

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use crate::error::Error;

/// Lower-case hex of `bytes`.
pub fn hex_encode(bytes: &[u8]) -> String {
    base16ct::lower::encode_string(bytes)
}

/// Strict hex: even length, digits and letters of either case, nothing else.
pub fn hex_decode(field: &'static str, text: &str) -> Result<Vec<u8>, Error> {
    if !text.len().is_multiple_of(2) {
        return Err(Error::InvalidHex {
            field,
            why: "odd number of digits",
        });
    }
    base16ct::mixed::decode_vec(text).map_err(|_| Error::InvalidHex {
        field,
        why: "character that is not a hex digit",
    })
}

/// Strict hex of exactly `N` bytes.
pub fn hex_decode_array<const N: usize>(field: &'static str, text: &str) -> Result<[u8; N], Error> {
    let mut out = [0u8; N];
    if text.len() == 2 * N {
        // The right length: decode in place (no allocation).
        return match base16ct::mixed::decode(text, &mut out) {
            Ok(_) => Ok(out),
            Err(_) => Err(Error::InvalidHex {
                field,
                why: "character that is not a hex digit",
            }),
        };
    }
    // Any other length fails; decoding first keeps the errors in the same order as `hex_decode`.
    let bytes = hex_decode(field, text)?;
    bytes
        .as_slice()
        .try_into()
        .map_err(|_| Error::InvalidLength {
            field,
            expected: N,
            actual: bytes.len(),
        })
}

/// Hex as the reference reads it: either case, and an odd-length string gets a `0` in front.
pub fn hex_decode_lenient(field: &'static str, text: &str) -> Result<Vec<u8>, Error> {
    if !text.len().is_multiple_of(2) {
        let mut padded = String::with_capacity(text.len() + 1);
        padded.push('0');
        padded.push_str(text);
        hex_decode(field, &padded)
    } else {
        hex_decode(field, text)
    }
}

/// Whether `text` is non-empty lower-case hex (`0-9a-f` only).
pub fn is_lower_hex(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Standard padded base64 of `bytes`.
pub fn base64_encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Strict base64: the standard alphabet, canonical `=` padding, zero unused trailing bits.
/// Exactly one spelling of every byte string passes.
pub fn base64_decode(field: &'static str, text: &str) -> Result<Vec<u8>, Error> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| Error::InvalidBase64 {
            field,
            why: base64_why(&e),
        })
}

const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Base64 as the reference reads it: ASCII whitespace removed, `-`/`_` read as `+`/`/`,
/// padding optional, unused trailing bits ignored.
pub fn base64_decode_lenient(field: &'static str, text: &str) -> Result<Vec<u8>, Error> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            other => other,
        })
        .collect();
    LENIENT.decode(cleaned).map_err(|e| Error::InvalidBase64 {
        field,
        why: base64_why(&e),
    })
}

fn base64_why(e: &base64::DecodeError) -> &'static str {
    match e {
        base64::DecodeError::InvalidByte(..) => "character outside the base64 alphabet",
        base64::DecodeError::InvalidLength(_) => "length is not a whole number of base64 groups",
        base64::DecodeError::InvalidLastSymbol(..) => "unused trailing bits are not zero",
        base64::DecodeError::InvalidPadding => "padding is missing or misplaced",
    }
}

/// Bitcoin's variable-length integer (`CompactSize`): the encoding of `n` is the first `.1`
/// bytes of `.0`.
pub fn varint(n: u64) -> ([u8; 9], usize) {
    let mut out = [0u8; 9];
    let len = match n {
        0..=0xfc => {
            out[0] = n as u8;
            1
        }
        0xfd..=0xffff => {
            out[0] = 0xfd;
            out[1..3].copy_from_slice(&(n as u16).to_le_bytes());
            3
        }
        0x1_0000..=0xffff_ffff => {
            out[0] = 0xfe;
            out[1..5].copy_from_slice(&(n as u32).to_le_bytes());
            5
        }
        _ => {
            out[0] = 0xff;
            out[1..].copy_from_slice(&n.to_le_bytes());
            9
        }
    };
    (out, len)
}
