#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![doc = include_str!("../README.md")]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod aip;
pub mod bap;
pub mod bsm;
pub mod ecdh;
pub mod ecdsa;
pub mod ecies;
pub mod encrypted_message;
pub mod error;
pub mod friend;
pub mod keys;
pub mod policy;
pub mod script;
pub mod signed_message;
pub mod symmetric;
pub mod time;
pub mod token;
pub mod type42;

mod der;
// The seam offers a little more than the protocols use; `hazmat` exposes all of it.
#[cfg_attr(not(feature = "hazmat"), allow(dead_code))]
mod ec;
mod encoding;
mod hash;

#[cfg(feature = "hazmat")]
pub mod hazmat;

pub use error::{Error, Reason, VerifyError};
pub use keys::{Network, PrivateKey, PublicKey, Wif};
pub use policy::Policy;
pub use time::Timestamp;
pub use token::{Verified, Verifier};
