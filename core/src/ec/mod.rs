//! The curve seam: the only place that names a curve library.
//!
//! The protocols need a handful of secp256k1 operations. [`Backend`] lists them over plain byte
//! types ([`Affine`], [`Secret`], 64-byte `r || s` signatures), so that every protocol is written
//! once and runs on either implementation:
//!
//! * `Secp256k1` — libsecp256k1 through the `secp256k1` crate (feature `secp256k1`, default).
//!   The crate keeps one global context for the process; no call here builds one.
//! * `K256` — RustCrypto's pure-Rust `k256` (feature `k256`).
//!
//! [`Active`] is the backend the public API uses: `Secp256k1` when its feature is on, else `K256`.
//! When both features are on, both are compiled and the differential tests compare them.

mod cache;
#[cfg(feature = "k256")]
mod k256;
#[cfg(feature = "secp256k1")]
mod secp;

#[cfg(feature = "k256")]
pub use self::k256::K256;
#[cfg(feature = "secp256k1")]
pub use self::secp::Secp256k1;

#[cfg(not(any(feature = "secp256k1", feature = "k256")))]
compile_error!("sigma-auth-core needs a curve backend: enable feature `secp256k1` or `k256`");

/// The backend behind the public API.
#[cfg(feature = "secp256k1")]
pub type Active = Secp256k1;
/// The backend behind the public API.
#[cfg(all(feature = "k256", not(feature = "secp256k1")))]
pub type Active = K256;

use core::fmt;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// The group order n, big-endian.
pub const ORDER: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
];

/// n / 2 rounded down, big-endian: the largest low-S value.
pub const HALF_ORDER: [u8; 32] = [
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
];

/// The field prime p, big-endian.
pub const FIELD_PRIME: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xfc, 0x2f,
];

/// A curve point other than infinity, held as big-endian `x || y`. Only backends make one, after
/// checking that it lies on the curve.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Affine {
    xy: [u8; 64],
}

impl Affine {
    /// Wraps coordinates that a backend has checked.
    pub(crate) fn from_checked(xy: [u8; 64]) -> Affine {
        Affine { xy }
    }

    /// The x coordinate.
    pub fn x(&self) -> [u8; 32] {
        let mut x = [0u8; 32];
        x.copy_from_slice(&self.xy[..32]);
        x
    }

    /// Whether y is odd.
    pub fn y_is_odd(&self) -> bool {
        self.xy[63] & 1 == 1
    }

    /// 33-byte compressed SEC1: `02`/`03` then x.
    pub fn compressed(&self) -> [u8; 33] {
        let mut out = [0u8; 33];
        out[0] = if self.y_is_odd() { 0x03 } else { 0x02 };
        out[1..].copy_from_slice(&self.xy[..32]);
        out
    }

    /// 65-byte uncompressed SEC1: `04`, x, y.
    pub fn uncompressed(&self) -> [u8; 65] {
        let mut out = [0u8; 65];
        out[0] = 0x04;
        out[1..].copy_from_slice(&self.xy);
        out
    }

    /// `x || y`.
    pub fn xy(&self) -> &[u8; 64] {
        &self.xy
    }
}

impl fmt::Debug for Affine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Affine(")?;
        for b in self.compressed() {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

/// A secret scalar in `[1, n-1]`, big-endian. Zeroized on drop, compared in constant time,
/// redacted in `Debug`.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Secret([u8; 32]);

impl Secret {
    /// The scalar `bytes`, if it lies in `[1, n-1]`.
    pub fn new(bytes: [u8; 32]) -> Option<Secret> {
        let mut bytes = bytes;
        let ok = is_valid_scalar(&bytes);
        let out = ok.then(|| Secret(bytes));
        bytes.zeroize();
        out
    }

    /// The big-endian bytes. Handle with care.
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

impl Eq for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// A compact ECDSA signature `r || s`, each 32 bytes big-endian.
pub type Compact = [u8; 64];

/// The curve operations the protocols use. Both backends implement every method with the same
/// results, byte for byte; `tests/backends.rs` checks it.
pub trait Backend {
    /// A short name for reports ("secp256k1" or "k256").
    const NAME: &'static str;

    /// The point with x coordinate `x` (which must be below p) and the given y parity.
    fn lift_x(x: &[u8; 32], y_odd: bool) -> Option<Affine>;

    /// [`lift_x`](Self::lift_x) through this backend's own bounded cache of recently
    /// decompressed keys (`cache.rs`): the same result, without the square root for a key seen
    /// lately.
    fn lift_x_cached(x: &[u8; 32], y_odd: bool) -> Option<Affine>;

    /// The point `(x, y)` if both are below p and it lies on the curve.
    fn from_xy(xy: &[u8; 64]) -> Option<Affine>;

    /// `k·G`. (`None` only if the backend refuses the scalar, which `Secret` rules out.)
    fn mul_base(k: &Secret) -> Option<Affine>;

    /// `k·P` (ECDH). Never infinity: the group has prime order and `k` is not zero.
    /// (`None` only if the backend refuses an input, which the types rule out.)
    fn mul(p: &Affine, k: &Secret) -> Option<Affine>;

    /// `P + t·G` for `t < n` (`t` may be zero). `None` when the sum is infinity.
    fn add_mul_base(p: &Affine, t: &[u8; 32]) -> Option<Affine>;

    /// `(a + t) mod n` for `t < n`. `None` when the sum is zero.
    fn scalar_add(a: &Secret, t: &[u8; 32]) -> Option<Secret>;

    /// ECDSA over a 32-byte digest with an RFC 6979 nonce (no extra data), normalized to low S.
    /// Returns `r || s` and the recovery id (bit 0: y parity of R, bit 1: R.x ≥ n).
    /// (`None` only if the backend refuses the scalar, which `Secret` rules out.)
    fn sign(k: &Secret, digest: &[u8; 32]) -> Option<(Compact, u8)>;

    /// ECDSA verification of `r || s` over `digest` against `P`. `r` and `s` must lie in
    /// `[1, n-1]`; a high `s` verifies as its low twin (callers decide whether to allow it).
    fn verify(p: &Affine, digest: &[u8; 32], sig: &Compact) -> bool;

    /// ECDSA verification of `r || s` over digest `e' = e + r·t (mod n)` against `P`: the same
    /// verdict as verifying over `e` against `P + t·G` (see `signed_message`), at the cost of one
    /// verification. `t < n`.
    fn verify_tweaked(p: &Affine, digest: &[u8; 32], t: &[u8; 32], sig: &Compact) -> bool;

    /// The public key that `r || s` with recovery id `recid` (0..=3) signs `digest` for, computed
    /// as `r⁻¹(s·R − e·G)` with `s` as given (a high `s` recovers a different key, as in the
    /// reference). `None` if `r`/`s` are out of range or no such key exists.
    fn recover(digest: &[u8; 32], sig: &Compact, recid: u8) -> Option<Affine>;
}

/// Whether big-endian `bytes` is a valid secret scalar: `1 <= bytes < n`.
pub fn is_valid_scalar(bytes: &[u8; 32]) -> bool {
    let zero = bytes.ct_eq(&[0u8; 32]);
    let (_, borrow) = sub_be(bytes, &ORDER);
    bool::from(!zero) && borrow
}

/// Whether `s` (big-endian) is above n/2.
pub fn is_high_s(s: &[u8; 32]) -> bool {
    s > &HALF_ORDER
}

/// Whether `v` (big-endian) lies in `[1, n-1]`.
pub fn in_scalar_range(v: &[u8; 32]) -> bool {
    v != &[0u8; 32] && v < &ORDER
}

/// `n - s` for `s` in `[1, n-1]`: the other `s` that makes an equivalent signature.
pub fn negate_s(s: &[u8; 32]) -> [u8; 32] {
    sub_be(&ORDER, s).0
}

/// `v mod n` for any 256-bit `v` (one subtraction suffices because `2^256 < 2n`).
/// Constant time: `v` may be secret (a BRC-42 HMAC output).
pub fn reduce_mod_order(v: &[u8; 32]) -> [u8; 32] {
    use subtle::{Choice, ConditionallySelectable};
    let (diff, borrow) = sub_be(v, &ORDER);
    let keep = Choice::from(u8::from(borrow));
    let mut out = [0u8; 32];
    for i in 0..32 {
        out[i] = u8::conditional_select(&diff[i], &v[i], keep);
    }
    out
}

/// `x mod p` for any 256-bit `x`.
pub fn reduce_mod_prime(x: &[u8; 32]) -> [u8; 32] {
    let (diff, borrow) = sub_be(x, &FIELD_PRIME);
    if borrow { *x } else { diff }
}

/// Big-endian `a - b` and whether it borrowed (`a < b`).
fn sub_be(a: &[u8; 32], b: &[u8; 32]) -> ([u8; 32], bool) {
    let mut out = [0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let d = i16::from(a[i]) - i16::from(b[i]) - borrow;
        borrow = i16::from(d < 0);
        out[i] = d.rem_euclid(256) as u8;
    }
    (out, borrow == 1)
}
