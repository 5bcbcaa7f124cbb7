//! BIP32 private derivation, as `@bsv/sdk` `HD` does it, for the **legacy** BAP hierarchy only.
//!
//! No maintained BIP32 crate serves both curve backends, so the derivation runs over the crate's
//! curve seam: `I = HMAC-SHA512(chainCode, data)`, child key `(IL + k) mod n` (one
//! scalar addition of the seam), child chain code `IR`. Like the reference,
//! `IL ≥ n` is reduced mod n rather than skipped (probability about 2^-128).
//!
//! Paths follow `HD.derive`: `m`, then `/`-separated decimal indexes without leading zeros,
//! `'` marking a hardened index. The reference masks every index to 31 bits before adding the
//! hardened bit, so `2147483648'` is hardened 0; this is kept because
//! [`signing_path_from_hex`] (the off-by-one of `getSigningPathFromHex`) can produce it.

use alloc::format;
use alloc::string::String;

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::refused;
use crate::ec::{self, Active, Backend};
use crate::error::{Error, Reason};
use crate::hash::{hash160, hmac_sha512, sha256d};
use crate::keys::{PrivateKey, PublicKey};

/// Mainnet `xprv` version bytes.
const XPRV_VERSION: [u8; 4] = [0x04, 0x88, 0xad, 0xe4];
/// 78 bytes encode to at most 111 base58 characters.
const MAX_XPRV_CHARS: usize = 111;
/// The hardened bit.
const HARDENED: u32 = 0x8000_0000;
/// The longest path accepted: 255 levels of at most 12 characters each.
const MAX_PATH_CHARS: usize = 255 * 12;

/// A BIP32 extended private key: key, chain code and the header fields of its serialization.
/// The key and chain code are zeroized on drop; `Debug` prints neither.
#[derive(Clone)]
pub struct ExtendedPrivateKey {
    key: PrivateKey,
    chain_code: Zeroizing<[u8; 32]>,
    depth: u8,
    parent_fingerprint: [u8; 4],
    child_number: u32,
}

impl ExtendedPrivateKey {
    /// The master key of a BIP32 seed (16 to 64 bytes): `HMAC-SHA512("Bitcoin seed", seed)`.
    pub fn from_seed(seed: &[u8]) -> Result<ExtendedPrivateKey, Error> {
        if !(16..=64).contains(&seed.len()) {
            return Err(Error::InvalidLength {
                field: "seed",
                expected: 32,
                actual: seed.len(),
            });
        }
        let i = Zeroizing::new(hmac_sha512(b"Bitcoin seed", seed));
        let key = PrivateKey::from_slice(&i[..32]).map_err(|_| Error::DerivationFailed {
            why: "the seed gives a master key of zero or not below the curve order",
        })?;
        let mut chain_code = Zeroizing::new([0u8; 32]);
        chain_code.copy_from_slice(&i[32..]);
        Ok(ExtendedPrivateKey {
            key,
            chain_code,
            depth: 0,
            parent_fingerprint: [0; 4],
            child_number: 0,
        })
    }

    /// Parses a mainnet `xprv` string: base58check of 78 bytes, version `0488ade4`, a `00` byte
    /// before the key, a key in `[1, n-1]`, and a depth-0 key with zero fingerprint and index.
    pub fn from_xprv(text: &str) -> Result<ExtendedPrivateKey, Error> {
        let bad = |why| refused(Reason::InvalidXprv, "xprv", why);
        // Base58 decoding is quadratic: refuse what cannot be an xprv before decoding it.
        if text.len() > MAX_XPRV_CHARS {
            return Err(bad("longer than any xprv (111 characters)"));
        }
        let raw = Zeroizing::new(
            bs58::decode(text)
                .into_vec()
                .map_err(|_| bad("not base58"))?,
        );
        if raw.len() != 82 {
            return Err(bad("not 82 bytes once decoded"));
        }
        let (payload, check) = raw.split_at(78);
        if !bool::from(sha256d(payload)[..4].ct_eq(check)) {
            return Err(bad("checksum mismatch"));
        }
        if payload[..4] != XPRV_VERSION {
            return Err(bad("version is not mainnet xprv (0488ade4)"));
        }
        let depth = payload[4];
        let mut parent_fingerprint = [0u8; 4];
        parent_fingerprint.copy_from_slice(&payload[5..9]);
        let mut index = [0u8; 4];
        index.copy_from_slice(&payload[9..13]);
        let child_number = u32::from_be_bytes(index);
        if depth == 0 && (parent_fingerprint != [0; 4] || child_number != 0) {
            return Err(bad(
                "a depth-0 key with a parent fingerprint or child index",
            ));
        }
        let mut chain_code = Zeroizing::new([0u8; 32]);
        chain_code.copy_from_slice(&payload[13..45]);
        if payload[45] != 0 {
            return Err(bad("the key is not preceded by a zero byte"));
        }
        let key = PrivateKey::from_slice(&payload[46..78])
            .map_err(|_| bad("key is zero or not below the curve order"))?;
        Ok(ExtendedPrivateKey {
            key,
            chain_code,
            depth,
            parent_fingerprint,
            child_number,
        })
    }

    /// The `xprv` serialization, zeroized when dropped.
    pub fn to_xprv(&self) -> Zeroizing<String> {
        let mut payload = Zeroizing::new([0u8; 82]);
        payload[..4].copy_from_slice(&XPRV_VERSION);
        payload[4] = self.depth;
        payload[5..9].copy_from_slice(&self.parent_fingerprint);
        payload[9..13].copy_from_slice(&self.child_number.to_be_bytes());
        payload[13..45].copy_from_slice(&self.chain_code[..]);
        payload[46..78].copy_from_slice(&self.key.to_bytes()[..]);
        let check = sha256d(&payload[..78]);
        payload[78..].copy_from_slice(&check[..4]);
        Zeroizing::new(bs58::encode(&payload[..]).into_string())
    }

    /// The private key.
    pub fn private_key(&self) -> &PrivateKey {
        &self.key
    }

    /// The public key.
    pub fn public_key(&self) -> &PublicKey {
        self.key.public_key()
    }

    /// The depth (0 for a master key).
    pub fn depth(&self) -> u8 {
        self.depth
    }

    /// The child `index` (hardened when `index ≥ 2^31`).
    pub fn derive_child(&self, index: u32) -> Result<ExtendedPrivateKey, Error> {
        let mut data = Zeroizing::new([0u8; 37]);
        if index & HARDENED != 0 {
            data[1..33].copy_from_slice(&self.key.to_bytes()[..]);
        } else {
            data[..33].copy_from_slice(&self.public_key().to_compressed());
        }
        data[33..].copy_from_slice(&index.to_be_bytes());
        let i = Zeroizing::new(hmac_sha512(&self.chain_code[..], &data[..]));
        let mut il = Zeroizing::new([0u8; 32]);
        il.copy_from_slice(&i[..32]);
        let tweak = Zeroizing::new(ec::reduce_mod_order(&il));
        let secret =
            Active::scalar_add(self.key.secret(), &tweak).ok_or(Error::DerivationFailed {
                why: "the BIP32 child key is zero",
            })?;
        let mut chain_code = Zeroizing::new([0u8; 32]);
        chain_code.copy_from_slice(&i[32..]);
        let mut parent_fingerprint = [0u8; 4];
        parent_fingerprint.copy_from_slice(&hash160(&self.public_key().to_compressed())[..4]);
        Ok(ExtendedPrivateKey {
            key: PrivateKey::from_secret(secret)?,
            chain_code,
            depth: self.depth.checked_add(1).ok_or(Error::DerivationFailed {
                why: "depth above 255",
            })?,
            parent_fingerprint,
            child_number: index,
        })
    }

    /// The key at `path` (`m/424150'/0'/0'/0'/0'/0'`), read as `HD.derive` reads it.
    pub fn derive_path(&self, path: &str) -> Result<ExtendedPrivateKey, Error> {
        let bad = |why| refused(Reason::InvalidDerivationPath, "path", why);
        if path.len() > MAX_PATH_CHARS {
            return Err(bad("longer than 255 levels"));
        }
        let mut parts = path.split('/');
        if parts.next() != Some("m") {
            return Err(bad("does not start with `m`"));
        }
        let mut key = self.clone();
        for part in parts {
            key = key.derive_child(parse_index(part)?)?;
        }
        Ok(key)
    }
}

impl core::fmt::Debug for ExtendedPrivateKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ExtendedPrivateKey")
            .field("key", &"<redacted>")
            .field("public", self.public_key())
            .field("depth", &self.depth)
            .finish()
    }
}

/// One path component: decimal digits without leading zeros, optionally followed by one `'`.
/// The value is masked to 31 bits (as `HD.derive` does), then `'` adds the hardened bit.
fn parse_index(part: &str) -> Result<u32, Error> {
    let bad = |why| refused(Reason::InvalidDerivationPath, "path", why);
    let (digits, hardened) = match part.strip_suffix('\'') {
        Some(d) => (d, true),
        None => (part, false),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(
            "a component is not decimal digits with an optional `'`",
        ));
    }
    if digits.len() > 1 && digits.starts_with('0') {
        return Err(bad("a component has a leading zero"));
    }
    let value: u32 = digits
        .parse()
        .map_err(|_| bad("a component is above 2^32 - 1"))?;
    let index = value & !HARDENED;
    Ok(if hardened { index | HARDENED } else { index })
}

/// `getSigningPathFromHex` of `bsv-bap` (compatibility only; never use it for new keys).
///
/// The hex text is cut into 8-digit groups; each group `g` becomes the hardened component
/// `g` if `g ≤ 2^31 - 1`, else `g - (2^31 - 1)`. That subtraction is off by one: `0x80000000`
/// and `0x00000001` both give `1'`, and `0xffffffff` gives `2147483648'`, which `HD.derive`
/// masks to hardened 0 (spec §2.2 and §5 item 11).
pub fn signing_path_from_hex(hex: &str) -> Result<String, Error> {
    let bad = |why| refused(Reason::InvalidDerivationPath, "hex", why);
    if hex.is_empty() {
        return Err(bad("empty"));
    }
    if hex.len() > 8 * 255 {
        return Err(bad("more than 255 groups of 8 hex digits"));
    }
    let mut path = String::from("m");
    for group in hex.as_bytes().chunks(8) {
        if !group.iter().all(u8::is_ascii_hexdigit) {
            return Err(bad("not hex"));
        }
        let text = core::str::from_utf8(group).map_err(|_| bad("not hex"))?;
        let mut n = u32::from_str_radix(text, 16).map_err(|_| bad("not hex"))?;
        if n > 0x7fff_ffff {
            n -= 0x7fff_ffff;
        }
        path.push_str(&format!("/{n}'"));
    }
    Ok(path)
}
