//! DER encoding of ECDSA signatures `SEQUENCE { INTEGER r, INTEGER s }`: a minimal encoder, a
//! strict parser, and a parser that reads what the JavaScript reference reads.

use alloc::vec::Vec;

use crate::ec::{self, Compact};
use crate::error::Error;
use crate::policy::Policy;

const FIELD: &str = "signature.der";

/// Minimal DER of `r || s` (both taken as unsigned).
pub fn encode(sig: &Compact) -> Vec<u8> {
    let r = integer(&sig[..32]);
    let s = integer(&sig[32..]);
    let mut out = Vec::with_capacity(6 + r.len() + s.len());
    out.push(0x30);
    out.push((4 + r.len() + s.len()) as u8);
    for part in [r, s] {
        out.push(0x02);
        out.push(part.len() as u8);
        out.extend_from_slice(&part);
    }
    out
}

fn integer(v: &[u8]) -> Vec<u8> {
    let first = v.iter().position(|&b| b != 0).unwrap_or(v.len() - 1);
    let mut out = Vec::with_capacity(33);
    if v[first] & 0x80 != 0 {
        out.push(0);
    }
    out.extend_from_slice(&v[first..]);
    out
}

/// Parses a DER signature under `policy`, returning `r || s`.
///
/// Strict: minimal lengths and integers, positive, `r` and `s` in `[1, n-1]`, `s ≤ n/2`, no
/// trailing bytes. Compat: the reference's rules (short-form lengths, exact total length, a
/// `00` pad only before a high byte, unpadded "negative" integers read as unsigned, integers
/// longer than 32 bytes refused), with `r`, `s` in `[1, n-1]` and high `s` allowed.
pub fn decode(bytes: &[u8], policy: Policy) -> Result<Compact, Error> {
    let bad = |why| Error::InvalidSignatureEncoding { field: FIELD, why };
    let strict = policy == Policy::Strict;
    if bytes.first() != Some(&0x30) {
        return Err(bad("does not start with 0x30"));
    }
    let total = *bytes.get(1).ok_or(bad("truncated"))? as usize;
    if total >= 0x80 {
        return Err(bad("long-form length"));
    }
    if total != bytes.len() - 2 {
        return Err(bad("sequence length does not match the input"));
    }
    let mut pos = 2;
    let mut out = [0u8; 64];
    for half in 0..2 {
        if bytes.get(pos) != Some(&0x02) {
            return Err(bad("expected an INTEGER"));
        }
        let len = *bytes.get(pos + 1).ok_or(bad("truncated"))? as usize;
        if len >= 0x80 {
            return Err(bad("long-form length"));
        }
        let value = bytes
            .get(pos + 2..pos + 2 + len)
            .ok_or(bad("integer runs past the end"))?;
        pos += 2 + len;
        let digits = match value {
            [] if strict => return Err(bad("empty integer")),
            [0, next, ..] if next & 0x80 == 0 => {
                return Err(bad("integer has a needless zero pad"));
            }
            [0] => return Err(bad("integer is zero")),
            [first, ..] if first & 0x80 != 0 && strict => {
                return Err(bad("integer is negative"));
            }
            [0, rest @ ..] => rest,
            all => all,
        };
        if digits.len() > 32 {
            return Err(bad("integer longer than 32 bytes"));
        }
        let dst = &mut out[half * 32..half * 32 + 32];
        dst[32 - digits.len()..].copy_from_slice(digits);
    }
    if pos != bytes.len() {
        return Err(bad("bytes after the signature"));
    }
    let (r, s) = split(&out);
    if !ec::in_scalar_range(&r) || !ec::in_scalar_range(&s) {
        return Err(bad("r or s is not in [1, n-1]"));
    }
    if strict && ec::is_high_s(&s) {
        return Err(bad("s is above n/2 (high S)"));
    }
    Ok(out)
}

/// `(r, s)` of a compact signature.
pub fn split(sig: &Compact) -> ([u8; 32], [u8; 32]) {
    let mut r = [0u8; 32];
    let mut s = [0u8; 32];
    r.copy_from_slice(&sig[..32]);
    s.copy_from_slice(&sig[32..]);
    (r, s)
}
