//! [`ReplayGuard`]: refuses a second use of one signed request inside its window, in one process.

use super::{Verified, Verifier};
use crate::error::{Reason, VerifyError};
use crate::time::Timestamp;

/// Remembers the replay ids of verified tokens for as long as they stay inside the window, and
/// refuses a second use. For one process; a fleet shares one store (e.g. Redis
/// `SET id NX PX window`) keyed by [`Verified::replay_id`].
#[derive(Debug)]
pub struct ReplayGuard {
    max_age_ms: i64,
    seen: std::sync::Mutex<std::collections::HashMap<[u8; 32], i64>>,
}

impl ReplayGuard {
    /// A guard for tokens accepted by `verifier` (each id is kept until its token expires).
    pub fn new(verifier: &Verifier) -> ReplayGuard {
        ReplayGuard {
            max_age_ms: i64::try_from(verifier.max_age().as_millis()).unwrap_or(i64::MAX),
            seen: std::sync::Mutex::new(std::collections::HashMap::new()),
        }
    }

    /// Records `verified` at `now`; refuses it with [`Reason::Replayed`] if its replay id was
    /// seen before and has not expired.
    pub fn check(&self, verified: &Verified, now: Timestamp) -> Result<(), VerifyError> {
        let mut seen = match self.seen.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        let now_ms = now.unix_millis();
        seen.retain(|_, expires| *expires >= now_ms);
        let expires = verified
            .timestamp
            .unix_millis()
            .saturating_add(self.max_age_ms);
        if seen.insert(verified.replay_id, expires).is_some() {
            return Err(VerifyError::new(
                Reason::Replayed,
                "this signed request was already accepted inside its window",
            ));
        }
        Ok(())
    }
}
