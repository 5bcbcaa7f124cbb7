#![deny(clippy::unwrap_used, clippy::expect_used)]
//! Node binding of `sigma-auth-core` (npm package `sigma-auth-native`).
//!
//! This crate only converts types and maps errors; every check and every signature is done by
//! the core. One module per domain: [`errors`] (the JS error classes and their stable codes),
//! [`conversions`] (JS values to core values), [`keys`], [`signatures`] (BSM, BRC-77),
//! [`encryption`] (BRC-78, AES-GCM), [`tokens`] (create, parse), [`verifier`] (the
//! `Verifier` class) and [`answers`] (its answers on the fast paths of `index.js`), [`replay`] (the in-memory `ReplayGuard`) and [`wif_keys`] (the keys of
//! `getAuthToken`'s WIFs, decoded once), and [`bench`] (the core's loops, for the benchmarks). `napi build` generates the
//! loader `native.js` and its typings `native.d.ts`; `index.js` adds the bitcoin-auth drop-in and argument type checks.

pub mod aip;
pub mod answers;
pub mod bap;
pub mod bench;
pub mod conversions;
pub mod ecies;
pub mod encryption;
pub mod errors;
pub mod keys;
pub mod replay;
pub mod sigma;
pub mod signatures;
pub mod tokens;
pub mod verifier;
pub mod wif_keys;

use napi_derive::napi;

/// Every stable reason code of the core, in code order.
#[napi(catch_unwind)]
pub fn reason_codes() -> Vec<&'static str> {
    sigma_auth_core::Reason::ALL
        .iter()
        .map(|r| r.code())
        .collect()
}
