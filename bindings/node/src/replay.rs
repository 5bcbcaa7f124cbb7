//! `ReplayGuard`: refuses a second use of a signed request for as long as its verifier would
//! accept it, in this process, in bounded memory (the core's guard; it fails closed with
//! `replay_store_full` when full).

use napi::Result;
use napi::bindgen_prelude::Env;
use napi_derive::napi;
use sigma_auth_core::token::{
    DEFAULT_REPLAY_CAPACITY, ReplayEntry, ReplayGuard as CoreGuard, ReplayStore,
};
use sigma_auth_core::{Reason, Timestamp, VerifyError};

use crate::conversions::millis_to_timestamp;
use crate::errors::{Fault, OrThrow, boundary};
use crate::verifier::Verifier;

/// Remembers the replay ids of verified tokens while their verifier would still accept them and
/// refuses a second use (`AuthTokenError` `replayed`); full of live ids, it refuses new ones
/// (`replay_store_full`) rather than forget one. For one process; a fleet shares a store keyed
/// by `replayId`.
#[napi]
pub struct ReplayGuard {
    inner: CoreGuard,
    max_age_ms: i64,
}

#[napi]
impl ReplayGuard {
    /// A guard for the tokens `verifier` accepts (each id is kept for its `maxAgeSeconds`),
    /// holding at most `capacity` live ids (the core's default, one million, if absent). Throws
    /// `SigmaAuthError` `invalid_input` for a capacity that is not a positive integer.
    #[napi(constructor, catch_unwind)]
    pub fn new(env: Env, verifier: &Verifier, capacity: Option<f64>) -> Result<ReplayGuard> {
        boundary(&env, || {
            let capacity = match capacity {
                None => DEFAULT_REPLAY_CAPACITY,
                Some(c) => positive_integer(c).or_throw(&env)?,
            };
            let core = verifier.core();
            Ok(ReplayGuard {
                inner: CoreGuard::with_capacity(core, capacity),
                max_age_ms: i64::try_from(core.max_age().as_millis()).unwrap_or(i64::MAX),
            })
        })
    }

    /// The most live ids held.
    #[napi(getter)]
    pub fn capacity(&self) -> f64 {
        self.inner.capacity() as f64
    }

    /// How many ids are held (live, or expired but not yet swept).
    #[napi(getter)]
    pub fn size(&self) -> f64 {
        self.inner.len() as f64
    }

    /// Records the verified token with `replayId` (64 hex digits) signed at `timestampMs`, at
    /// `now` (Unix milliseconds; the system clock if absent). Throws `AuthTokenError`
    /// `replayed` if it was accepted before inside its window, `replay_store_full` if the guard
    /// is full of live ids, and `SigmaAuthError` `invalid_input` for a malformed replay id.
    #[napi(catch_unwind)]
    pub fn check(
        &self,
        env: Env,
        replay_id: String,
        timestamp_ms: f64,
        now: Option<f64>,
    ) -> Result<()> {
        boundary(&env, || {
            self.record(&replay_id, timestamp_ms, now).or_throw(&env)
        })
    }

    fn record(
        &self,
        replay_id: &str,
        timestamp_ms: f64,
        now: Option<f64>,
    ) -> core::result::Result<(), Fault> {
        let id = replay_id_bytes(replay_id)?;
        let signed = millis_to_timestamp(timestamp_ms)?;
        let now = now.map_or_else(|| Ok(Timestamp::now()), millis_to_timestamp)?;
        let entry = ReplayEntry {
            id,
            expires_unix_millis: signed.unix_millis().saturating_add(self.max_age_ms),
        };
        match self.inner.insert_if_absent(&entry, now) {
            Ok(true) => Ok(()),
            Ok(false) => Err(VerifyError::new(
                Reason::Replayed,
                "this signed request was already accepted inside its window",
            )
            .into()),
            Err(e) => Err(e.to_verify_error().into()),
        }
    }
}

/// A replay id: exactly 64 hex digits (checked before decoding).
fn replay_id_bytes(hex: &str) -> core::result::Result<[u8; 32], Fault> {
    let bad = || Fault::input("invalid_input", "replayId: must be 64 hex digits");
    if hex.len() != 64 {
        return Err(bad());
    }
    let mut id = [0u8; 32];
    base16ct::mixed::decode(hex, &mut id).map_err(|_| bad())?;
    Ok(id)
}

/// A capacity: a positive integer that fits in `usize`.
fn positive_integer(c: f64) -> core::result::Result<usize, Fault> {
    if !c.is_finite() || c < 1.0 || c.fract() != 0.0 || c > 9_007_199_254_740_991.0 {
        return Err(Fault::input(
            "invalid_input",
            "capacity: must be a positive integer",
        ));
    }
    Ok(usize::try_from(c as u64).unwrap_or(usize::MAX))
}
