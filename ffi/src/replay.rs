//! `sigma_replay_guard`: the in-memory replay store of one process. Stores shared by a fleet
//! (Redis) belong to the host language; the ids they key are `sigma_verification.replay_id`.

use sigma_auth_core::token::{ReplayEntry, ReplayGuard, ReplayStore};
use sigma_auth_core::{Reason, Timestamp};

use crate::boundary::{arg, free_handle, out};
use crate::result::sigma_result::{self, *};
use crate::verifier::{sigma_verification, sigma_verifier};

/// A replay guard (opaque): remembers the replay ids of accepted tokens until they leave their
/// verifier's window, in bounded memory. Thread-safe: one guard may serve all threads.
pub struct sigma_replay_guard {
    inner: ReplayGuard,
    max_age_ms: i64,
}

/// Creates a guard for tokens accepted by `verifier` (ids are kept for its window), holding at
/// most `capacity` live ids (0: the default, one million); when full of live ids it refuses
/// new tokens with `SIGMA_REPLAY_STORE_FULL` rather than forget one.
///
/// On `SIGMA_OK`, `*out` owns a new guard: free it with `sigma_replay_guard_free`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_replay_guard_new(
    verifier: *const sigma_verifier,
    capacity: usize,
    out: *mut *mut sigma_replay_guard,
) -> sigma_result {
    ffi_boundary! {
        let (verifier, out) = (&arg(verifier)?.inner, self::out(out)?);
        let inner = match capacity {
            0 => ReplayGuard::new(verifier),
            n => ReplayGuard::with_capacity(verifier, n),
        };
        out.set_handle(sigma_replay_guard {
            inner,
            max_age_ms: i64::try_from(verifier.max_age().as_millis()).unwrap_or(i64::MAX),
        });
        Ok(())
    }
}

/// Frees a guard. NULL is a no-op. Do not use it afterwards, do not free it twice, and do not
/// free it while another thread is checking with it.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_replay_guard_free(guard: *mut sigma_replay_guard) {
    ffi_boundary! { free_handle(guard); Ok(()) }
}

/// Records the accepted `verification` (filled by `sigma_verifier_verify*` with `valid` true)
/// at `now_unix_millis`: `SIGMA_OK` on its first use, `SIGMA_REPLAYED` if the same signed
/// request (in any spelling) was recorded before and is still inside its window,
/// `SIGMA_REPLAY_STORE_FULL` if the guard is full of live ids. A refused verification, or a
/// `now` out of range, gives `SIGMA_INVALID_INPUT`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_replay_guard_check(
    guard: *const sigma_replay_guard,
    verification: *const sigma_verification,
    now_unix_millis: i64,
) -> sigma_result {
    ffi_boundary! {
        let (guard, v) = (arg(guard)?, arg(verification)?);
        if !v.valid || v.result != SIGMA_OK {
            return Err(SIGMA_INVALID_INPUT);
        }
        let now = Timestamp::from_unix_millis(now_unix_millis)?;
        let entry = ReplayEntry {
            id: v.replay_id,
            expires_unix_millis: v.timestamp_unix_millis.saturating_add(guard.max_age_ms),
        };
        match guard.inner.insert_if_absent(&entry, now) {
            Ok(true) => Ok(()),
            Ok(false) => Err(Reason::Replayed.into()),
            Err(e) => Err(e.to_verify_error().into()),
        }
    }
}
