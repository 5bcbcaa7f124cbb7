#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
//! # sigma-auth-core
//!
//! The cryptography behind Bitcoin-key sign-in, byte-compatible with the JavaScript references
//! (`bitcoin-auth`, `@bsv/sdk`) and stricter where they are insecure:
//!
//! * [`keys`]: private keys (32 bytes, hex, WIF), public keys (SEC1), P2PKH addresses;
//! * [`bsm`]: Bitcoin Signed Message;
//! * [`type42`]: BRC-42 key derivation and BRC-43 invoice numbers;
//! * [`signed_message`]: BRC-77 signed messages;
//! * [`symmetric`] and [`encrypted_message`]: AES-256-GCM keys and BRC-78 encrypted messages;
//! * [`token`]: the bitcoin-auth `X-Auth-Token` — create, parse, verify.
//!
//! `#![no_std]` with `alloc`; feature `std` (default) adds the system clock, randomness, the
//! replay guard and batch verification. Curve arithmetic comes from libsecp256k1 (feature
//! `secp256k1`, default) or pure-Rust `k256` (feature `k256`); see [`ec`].
//!
//! A server checks a request like this:
//!
//! ```
//! use sigma_auth_core::{token, PrivateKey, Timestamp};
//! use sigma_auth_core::token::{NewToken, Request, Scheme, Verifier};
//!
//! // The client signs its request ...
//! let key = PrivateKey::from_wif("L4JwZ3sYcpB1NC9hJ7nSbD8WPyBHNqi43biKVxMuwFUDTHvjrDQH")?;
//! let now = Timestamp::parse_iso("now", "2025-01-15T12:00:00.000Z")?;
//! let header = token::create(&key, &NewToken::new("/api/me", Scheme::Bsm, now), [0; 32])?;
//!
//! // ... and the server verifies the X-Auth-Token header against what it received.
//! let verified = Verifier::new().verify(&header, &Request::new("/api/me"), now);
//! assert_eq!(verified.map(|v| v.pubkey.to_hex()).ok().as_deref(),
//!            Some("026f3a9f4f4fe5997d3bb3aac166d3552656f7890313274638fb0762aa8eeb2348"));
//! # Ok::<(), sigma_auth_core::Error>(())
//! ```

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod bsm;
pub mod der;
pub mod ec;
pub mod encoding;
pub mod encrypted_message;
pub mod error;
pub mod hash;
pub mod keys;
pub mod policy;
pub mod signed_message;
pub mod symmetric;
pub mod token;
pub mod type42;

pub use encoding::Timestamp;
pub use error::{Error, Reason, VerifyError};
pub use keys::{Network, PrivateKey, PublicKey, Wif};
pub use policy::Policy;
pub use token::{Verified, Verifier};
