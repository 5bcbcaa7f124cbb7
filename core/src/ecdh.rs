//! Elliptic-curve Diffie–Hellman: the shared point `a·B`, compressed, as BRC-42 and ECIES use it.
//!
//! ```
//! use sigma_auth_core::{ecdh, PrivateKey};
//!
//! let a = PrivateKey::from_bytes([1u8; 32])?;
//! let b = PrivateKey::from_bytes([2u8; 32])?;
//! assert_eq!(
//!     ecdh::shared_point(&a, b.public_key())?.as_bytes(),
//!     ecdh::shared_point(&b, a.public_key())?.as_bytes(),
//! );
//! # Ok::<(), sigma_auth_core::Error>(())
//! ```

use crate::error::Error;
use crate::keys::{PrivateKey, PublicKey};
pub use crate::type42::SharedSecret;

/// `sec(a·B)`: the 33-byte compressed shared point of `key` (a) and `other` (B). A secret:
/// zeroized on drop, never printed.
pub fn shared_point(key: &PrivateKey, other: &PublicKey) -> Result<SharedSecret, Error> {
    crate::type42::shared_secret(key, other)
}
