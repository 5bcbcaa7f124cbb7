//! Keys: [`PrivateKey`] (32 bytes, hex or WIF), [`PublicKey`] (SEC1), P2PKH addresses.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::ec::{self, Active, Affine, Backend, Secret};
use crate::encoding::{hex_decode, hex_decode_lenient, hex_encode};
use crate::error::Error;
use crate::hash::{hash160, sha256d};

/// Which Bitcoin network a WIF or address belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Network {
    /// Mainnet: WIF version `0x80`, P2PKH version `0x00`.
    #[default]
    Mainnet,
    /// Testnet: WIF version `0xef`, P2PKH version `0x6f`.
    Testnet,
}

impl Network {
    fn wif_version(self) -> u8 {
        match self {
            Network::Mainnet => 0x80,
            Network::Testnet => 0xef,
        }
    }

    fn p2pkh_version(self) -> u8 {
        match self {
            Network::Mainnet => 0x00,
            Network::Testnet => 0x6f,
        }
    }
}

/// A secp256k1 private key: a scalar in `[1, n-1]`, with its public key.
///
/// The scalar is zeroized on drop, compared in constant time, and never printed by `Debug`.
///
/// ```
/// use sigma_auth_core::PrivateKey;
/// let key = PrivateKey::from_wif("L4JwZ3sYcpB1NC9hJ7nSbD8WPyBHNqi43biKVxMuwFUDTHvjrDQH")?;
/// assert_eq!(
///     key.public_key().to_hex(),
///     "026f3a9f4f4fe5997d3bb3aac166d3552656f7890313274638fb0762aa8eeb2348"
/// );
/// # Ok::<(), sigma_auth_core::Error>(())
/// ```
#[derive(Clone)]
pub struct PrivateKey {
    secret: Secret,
    public: PublicKey,
}

impl PrivateKey {
    /// The key with big-endian scalar `bytes`; refuses zero and values not below the curve order.
    pub fn from_bytes(bytes: [u8; 32]) -> Result<PrivateKey, Error> {
        let secret = Secret::new(bytes).ok_or(Error::InvalidPrivateKey {
            field: "private_key",
            why: "zero or not below the curve order",
        })?;
        Self::from_secret(secret)
    }

    /// The key from 32 bytes given as a slice.
    pub fn from_slice(bytes: &[u8]) -> Result<PrivateKey, Error> {
        let arr: [u8; 32] = bytes.try_into().map_err(|_| Error::InvalidLength {
            field: "private_key",
            expected: 32,
            actual: bytes.len(),
        })?;
        let arr = Zeroizing::new(arr);
        Self::from_bytes(*arr)
    }

    /// The key from 64 hex digits.
    pub fn from_hex(text: &str) -> Result<PrivateKey, Error> {
        if text.len() != 64 {
            return Err(Error::InvalidHex {
                field: "private_key",
                why: "not 64 hex digits",
            });
        }
        let bytes = Zeroizing::new(hex_decode("private_key", text)?);
        Self::from_slice(&bytes)
    }

    /// The key from a WIF string (compressed or uncompressed, mainnet or testnet).
    pub fn from_wif(text: &str) -> Result<PrivateKey, Error> {
        Wif::decode(text).map(|w| w.key)
    }

    /// A fresh key from the operating system's random source.
    #[cfg(feature = "std")]
    pub fn generate() -> Result<PrivateKey, Error> {
        loop {
            let mut bytes = Zeroizing::new([0u8; 32]);
            getrandom::fill(&mut bytes[..]).map_err(|_| Error::RandomnessUnavailable)?;
            if let Some(secret) = Secret::new(*bytes) {
                return Self::from_secret(secret);
            }
        }
    }

    pub(crate) fn from_secret(secret: Secret) -> Result<PrivateKey, Error> {
        let point = Active::mul_base(&secret).ok_or(Error::InvalidPrivateKey {
            field: "private_key",
            why: "the curve backend refused the scalar",
        })?;
        Ok(PrivateKey {
            secret,
            public: PublicKey { point },
        })
    }

    /// The public key `d·G`.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// The 32-byte scalar, in a buffer that is zeroized when dropped.
    pub fn to_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(*self.secret.bytes())
    }

    /// The scalar as 64 lower-case hex digits, zeroized when dropped.
    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex_encode(self.secret.bytes()))
    }

    /// The compressed-key WIF for `network`, zeroized when dropped.
    pub fn to_wif(&self, network: Network) -> Zeroizing<String> {
        let mut payload = Zeroizing::new(Vec::with_capacity(38));
        payload.push(network.wif_version());
        payload.extend_from_slice(self.secret.bytes());
        payload.push(0x01);
        Zeroizing::new(base58check_encode(&payload))
    }

    pub(crate) fn secret(&self) -> &Secret {
        &self.secret
    }
}

impl FromStr for PrivateKey {
    type Err = Error;

    /// A WIF (51 or 52 characters) or 64 hex digits. There is deliberately no `Display`: print
    /// a key only on purpose, with [`PrivateKey::to_wif`] or [`PrivateKey::to_hex`].
    fn from_str(text: &str) -> Result<PrivateKey, Error> {
        if text.len() == 64 {
            PrivateKey::from_hex(text)
        } else {
            PrivateKey::from_wif(text)
        }
    }
}

impl PartialEq for PrivateKey {
    fn eq(&self, other: &Self) -> bool {
        self.secret == other.secret
    }
}

impl Eq for PrivateKey {}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("secret", &"<redacted>")
            .field("public", &self.public)
            .finish()
    }
}

/// A decoded WIF: the key, its network, and whether it asks for the compressed public key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wif {
    /// The private key.
    pub key: PrivateKey,
    /// The network named by the version byte.
    pub network: Network,
    /// Whether the WIF carries the `0x01` compressed-key suffix.
    pub compressed: bool,
}

impl Wif {
    /// Decodes a WIF: base58check, version `0x80` or `0xef`, 32 key bytes and an optional
    /// `0x01` suffix. Refuses a key of zero or not below the curve order (the reference would
    /// reduce it).
    pub fn decode(text: &str) -> Result<Wif, Error> {
        // 38 bytes encode to at most 52 base58 characters; base58 decoding is quadratic, so
        // refuse longer text before decoding it.
        if text.len() > 52 {
            return Err(Error::InvalidWif {
                why: "longer than any WIF (52 characters)",
            });
        }
        let raw = Zeroizing::new(
            bs58::decode(text)
                .into_vec()
                .map_err(|_| Error::InvalidWif { why: "not base58" })?,
        );
        if raw.len() < 5 {
            return Err(Error::InvalidWif {
                why: "too short for a checksum",
            });
        }
        let (payload, check) = raw.split_at(raw.len() - 4);
        if !bool::from(sha256d(payload)[..4].ct_eq(check)) {
            return Err(Error::InvalidWif {
                why: "checksum mismatch",
            });
        }
        let network = match payload[0] {
            0x80 => Network::Mainnet,
            0xef => Network::Testnet,
            _ => {
                return Err(Error::InvalidWif {
                    why: "unknown version byte",
                });
            }
        };
        let (body, compressed) = match payload.len() {
            33 => (&payload[1..33], false),
            34 if payload[33] == 0x01 => (&payload[1..33], true),
            34 => {
                return Err(Error::InvalidWif {
                    why: "compression flag is not 0x01",
                });
            }
            _ => {
                return Err(Error::InvalidWif {
                    why: "payload is not 33 or 34 bytes",
                });
            }
        };
        let key = PrivateKey::from_slice(body).map_err(|_| Error::InvalidWif {
            why: "key is zero or not below the curve order",
        })?;
        Ok(Wif {
            key,
            network,
            compressed,
        })
    }
}

/// A secp256k1 public key (a curve point other than infinity).
///
/// ```
/// use sigma_auth_core::PublicKey;
/// let key = PublicKey::from_hex("026f3a9f4f4fe5997d3bb3aac166d3552656f7890313274638fb0762aa8eeb2348")?;
/// assert_eq!(key.address(Default::default()), "17xvBfrkkX2D1p59n9gmryKAgKciN2c58Z");
/// # Ok::<(), sigma_auth_core::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey {
    point: Affine,
}

impl PublicKey {
    pub(crate) fn from_point(point: Affine) -> PublicKey {
        PublicKey { point }
    }

    pub(crate) fn point(&self) -> &Affine {
        &self.point
    }

    /// Strict SEC1: 33 bytes `02`/`03` with `x < p`, or 65 bytes `04`, on the curve.
    pub fn from_sec1(bytes: &[u8]) -> Result<PublicKey, Error> {
        Self::parse_sec1::<Active>("public_key", bytes)
    }

    pub(crate) fn parse_sec1<B: Backend>(
        field: &'static str,
        bytes: &[u8],
    ) -> Result<PublicKey, Error> {
        let bad = |why| Error::InvalidPublicKey { field, why };
        match (bytes.len(), bytes.first()) {
            (33, Some(&prefix @ (0x02 | 0x03))) => {
                let mut x = [0u8; 32];
                x.copy_from_slice(&bytes[1..]);
                if x >= ec::FIELD_PRIME {
                    return Err(bad("x is not below the field prime"));
                }
                B::lift_x_cached(&x, prefix == 0x03)
                    .map(PublicKey::from_point)
                    .ok_or(bad("x is not on the curve"))
            }
            (65, Some(0x04)) => {
                let mut xy = [0u8; 64];
                xy.copy_from_slice(&bytes[1..]);
                B::from_xy(&xy)
                    .map(PublicKey::from_point)
                    .ok_or(bad("point is not on the curve"))
            }
            (65, Some(0x06 | 0x07)) => Err(bad("hybrid encoding (06/07) is not accepted")),
            (33 | 65, _) => Err(bad("unknown prefix byte")),
            _ => Err(bad("length is not 33 or 65 bytes")),
        }
    }

    /// SEC1 as the JavaScript reference reads it: also hybrid `06`/`07` (parity must match) and
    /// compressed `x` values at or above p (reduced mod p). For third-party data and
    /// [`Policy::Compat`](crate::token::Policy::Compat) only.
    pub fn from_sec1_lenient(bytes: &[u8]) -> Result<PublicKey, Error> {
        Self::parse_sec1_lenient::<Active>("public_key", bytes)
    }

    pub(crate) fn parse_sec1_lenient<B: Backend>(
        field: &'static str,
        bytes: &[u8],
    ) -> Result<PublicKey, Error> {
        let bad = |why| Error::InvalidPublicKey { field, why };
        match (bytes.len(), bytes.first()) {
            (33, Some(&prefix @ (0x02 | 0x03))) => {
                let mut x = [0u8; 32];
                x.copy_from_slice(&bytes[1..]);
                let mut canonical = [prefix; 33];
                canonical[1..].copy_from_slice(&ec::reduce_mod_prime(&x));
                Self::parse_sec1::<B>(field, &canonical)
            }
            (65, Some(&prefix @ (0x06 | 0x07))) => {
                let key = Self::parse_sec1::<B>(field, &[&[0x04][..], &bytes[1..]].concat())?;
                if key.point.y_is_odd() != (prefix == 0x07) {
                    return Err(bad("hybrid prefix does not match the parity of y"));
                }
                Ok(key)
            }
            _ => Self::parse_sec1::<B>(field, bytes),
        }
    }

    /// Strict hex of a strict SEC1 encoding (digits of either case).
    pub fn from_hex(text: &str) -> Result<PublicKey, Error> {
        check_sec1_hex_length(text)?;
        Self::from_sec1(&hex_decode("public_key", text)?)
    }

    /// Hex and SEC1 as the reference reads them (odd length padded, hybrid, `x ≥ p`).
    pub fn from_hex_lenient(text: &str) -> Result<PublicKey, Error> {
        check_sec1_hex_length(text)?;
        Self::from_sec1_lenient(&hex_decode_lenient("public_key", text)?)
    }

    /// 33-byte compressed SEC1.
    pub fn to_compressed(&self) -> [u8; 33] {
        self.point.compressed()
    }

    /// 65-byte uncompressed SEC1.
    pub fn to_uncompressed(&self) -> [u8; 65] {
        self.point.uncompressed()
    }

    /// Compressed SEC1 as 66 lower-case hex digits.
    pub fn to_hex(&self) -> String {
        hex_encode(&self.to_compressed())
    }

    /// The P2PKH address of the compressed key.
    pub fn address(&self, network: Network) -> String {
        p2pkh_address(&self.to_compressed(), network)
    }

    /// The P2PKH address of the uncompressed key (legacy wallets).
    pub fn address_uncompressed(&self, network: Network) -> String {
        p2pkh_address(&self.to_uncompressed(), network)
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.to_hex())
    }
}

impl fmt::Display for PublicKey {
    /// Compressed SEC1 hex, as [`PublicKey::to_hex`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::LowerHex for PublicKey {
    /// Compressed SEC1 hex, as [`PublicKey::to_hex`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl FromStr for PublicKey {
    type Err = Error;

    /// [`PublicKey::from_hex`]: compressed or uncompressed SEC1 in hex.
    fn from_str(text: &str) -> Result<PublicKey, Error> {
        PublicKey::from_hex(text)
    }
}

/// SEC1 is at most 65 bytes: refuse longer hex before decoding it.
fn check_sec1_hex_length(text: &str) -> Result<(), Error> {
    if text.len() > 130 {
        return Err(Error::InvalidPublicKey {
            field: "public_key",
            why: "longer than any SEC1 encoding",
        });
    }
    Ok(())
}

fn p2pkh_address(sec1: &[u8], network: Network) -> String {
    let mut payload = Vec::with_capacity(21);
    payload.push(network.p2pkh_version());
    payload.extend_from_slice(&hash160(sec1));
    base58check_encode(&payload)
}

fn base58check_encode(payload: &[u8]) -> String {
    let mut full = Zeroizing::new(Vec::with_capacity(payload.len() + 4));
    full.extend_from_slice(payload);
    full.extend_from_slice(&sha256d(payload)[..4]);
    bs58::encode(&full[..]).into_string()
}
