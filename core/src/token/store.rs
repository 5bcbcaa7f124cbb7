//! Replay stores: [`ReplayStore`] (insert a replay id if absent, until its token leaves the
//! window), what a store may answer ([`ReplayStoreError`]), and [`ReplayVerifier`], a
//! [`Verifier`] that consults one store after the signature is checked.
//!
//! The in-memory [`ReplayGuard`](super::ReplayGuard) is a store for one process; a fleet shares
//! one (the `sigma-auth-redis` crate: `SET <prefix><id hex> 1 NX PX <ms>`). A store that is
//! reached asynchronously fits too: verify with [`Verifier::verify`], ask the store about
//! [`Verifier::replay_entry`] with the caller's own client, and turn its answer into the same
//! outcome with [`ReplayVerifier::settle`].

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;

use super::{Request, Verified, Verifier};
use crate::error::{Reason, VerifyError};
use crate::time::Timestamp;

/// What a store records for one verified token: its replay id and the last millisecond of its
/// window (`timestamp + max_age`), after which the verifier refuses it as expired anyway.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReplayEntry {
    /// [`Verified::replay_id`]: the same for every spelling of one signed request.
    pub id: [u8; 32],
    /// The last Unix millisecond at which the token is still inside its window.
    pub expires_unix_millis: i64,
}

impl ReplayEntry {
    /// How many milliseconds a store must keep the entry from `now` (at least 1): through the
    /// millisecond [`expires_unix_millis`](Self::expires_unix_millis) included. This is the
    /// `PX` of a Redis `SET ... NX PX`.
    pub fn ttl_millis(&self, now: Timestamp) -> u64 {
        let ttl = i128::from(self.expires_unix_millis) - i128::from(now.unix_millis()) + 1;
        u64::try_from(ttl.max(1)).unwrap_or(u64::MAX)
    }
}

/// Why a store could not record an entry. Either way the token is refused (unless the caller
/// chose [`ReplayVerifier::fail_open`] for an unavailable store).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReplayStoreError {
    /// The store holds its capacity of live entries ([`Reason::ReplayStoreFull`]).
    Full,
    /// The store did not answer: unreachable, failing, or slower than its timeout
    /// ([`Reason::ReplayStoreUnavailable`]). `why` names what failed, never a secret.
    Unavailable {
        /// What failed, e.g. "connect", "timed out".
        why: &'static str,
    },
}

impl ReplayStoreError {
    /// The reason code of this refusal.
    pub const fn reason(&self) -> Reason {
        match self {
            ReplayStoreError::Full => Reason::ReplayStoreFull,
            ReplayStoreError::Unavailable { .. } => Reason::ReplayStoreUnavailable,
        }
    }

    /// The refusal a verifier returns for this error.
    pub const fn to_verify_error(&self) -> VerifyError {
        match self {
            ReplayStoreError::Full => VerifyError::new(
                Reason::ReplayStoreFull,
                "the replay store is full of live tokens; refused rather than forget one",
            ),
            ReplayStoreError::Unavailable { .. } => VerifyError::new(
                Reason::ReplayStoreUnavailable,
                "the replay store did not answer in time; refused rather than risk a replay",
            ),
        }
    }
}

impl fmt::Display for ReplayStoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplayStoreError::Full => f.write_str("replay store full"),
            ReplayStoreError::Unavailable { why } => write!(f, "replay store unavailable: {why}"),
        }
    }
}

impl std::error::Error for ReplayStoreError {}

/// A place that remembers replay ids: insert if absent, keep until the entry expires.
///
/// Implementations must be atomic per id: of many concurrent inserts of one live id (from one
/// process or a fleet), exactly one answers `Ok(true)`.
pub trait ReplayStore: Send + Sync {
    /// Records `entry` unless a live record of its id exists. `Ok(true)`: recorded now (first
    /// use); `Ok(false)`: already held (a replay). `now` is the verifier's clock.
    fn insert_if_absent(
        &self,
        entry: &ReplayEntry,
        now: Timestamp,
    ) -> Result<bool, ReplayStoreError>;
}

impl<T: ReplayStore + ?Sized> ReplayStore for &T {
    fn insert_if_absent(
        &self,
        entry: &ReplayEntry,
        now: Timestamp,
    ) -> Result<bool, ReplayStoreError> {
        (**self).insert_if_absent(entry, now)
    }
}

impl<T: ReplayStore + ?Sized> ReplayStore for Arc<T> {
    fn insert_if_absent(
        &self,
        entry: &ReplayEntry,
        now: Timestamp,
    ) -> Result<bool, ReplayStoreError> {
        (**self).insert_if_absent(entry, now)
    }
}

impl<T: ReplayStore + ?Sized> ReplayStore for Box<T> {
    fn insert_if_absent(
        &self,
        entry: &ReplayEntry,
        now: Timestamp,
    ) -> Result<bool, ReplayStoreError> {
        (**self).insert_if_absent(entry, now)
    }
}

/// Called once for every token accepted although its store was unavailable (fail-open).
pub type FailOpenLog = dyn Fn(&Verified, &ReplayStoreError) + Send + Sync;

/// A [`Verifier`] with a replay store: verifies the token, then (only for a valid one, so
/// that invalid tokens never fill the store) records its replay id and refuses a second use
/// with [`Reason::Replayed`]. Built by [`Verifier::with_replay_store`].
///
/// An unavailable store refuses the token with [`Reason::ReplayStoreUnavailable`] (fail
/// closed) unless [`fail_open`](Self::fail_open) was chosen.
pub struct ReplayVerifier<S> {
    verifier: Verifier,
    store: S,
    fail_open: Option<Arc<FailOpenLog>>,
}

impl<S: fmt::Debug> fmt::Debug for ReplayVerifier<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReplayVerifier")
            .field("verifier", &self.verifier)
            .field("store", &self.store)
            .field("fail_open", &self.fail_open.is_some())
            .finish()
    }
}

impl<S: Clone> Clone for ReplayVerifier<S> {
    fn clone(&self) -> Self {
        ReplayVerifier {
            verifier: self.verifier,
            store: self.store.clone(),
            fail_open: self.fail_open.clone(),
        }
    }
}

impl Verifier {
    /// This verifier with a replay store, consulted after every valid signature.
    pub fn with_replay_store<S: ReplayStore>(self, store: S) -> ReplayVerifier<S> {
        ReplayVerifier {
            verifier: self,
            store,
            fail_open: None,
        }
    }

    /// What a replay store records for `verified`: its id, kept through `timestamp + max_age`.
    pub fn replay_entry(&self, verified: &Verified) -> ReplayEntry {
        let max_age = i64::try_from(self.max_age().as_millis()).unwrap_or(i64::MAX);
        ReplayEntry {
            id: *verified.replay_id(),
            expires_unix_millis: verified.timestamp.unix_millis().saturating_add(max_age),
        }
    }
}

impl<S: ReplayStore> ReplayVerifier<S> {
    /// Accept tokens when the store is unavailable, calling `log` for each one so accepted.
    /// A replay may then pass: use only where availability matters more than replay defence.
    /// A full store still refuses.
    pub fn fail_open(
        mut self,
        log: impl Fn(&Verified, &ReplayStoreError) + Send + Sync + 'static,
    ) -> Self {
        self.fail_open = Some(Arc::new(log));
        self
    }

    /// Whether [`fail_open`](Self::fail_open) was chosen.
    pub fn is_fail_open(&self) -> bool {
        self.fail_open.is_some()
    }

    /// The verifier (window, policy).
    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Verifies `token` for `request` at `now`, then records it in the store.
    pub fn verify(
        &self,
        token: &str,
        request: &Request<'_>,
        now: Timestamp,
    ) -> Result<Verified, VerifyError> {
        let verified = self.verifier.verify(token, request, now)?;
        self.record(&verified, now)?;
        Ok(verified)
    }

    /// [`verify`](Self::verify) at the system clock's current time.
    pub fn verify_now(&self, token: &str, request: &Request<'_>) -> Result<Verified, VerifyError> {
        self.verify(token, request, Timestamp::now())
    }

    /// Verifies many tokens (signatures on all cores), then records the valid ones in input
    /// order: of two items with one replay id, the first is accepted and the second replayed.
    pub fn verify_batch(
        &self,
        items: &[(&str, Request<'_>)],
        now: Timestamp,
    ) -> Vec<Result<Verified, VerifyError>> {
        self.verifier
            .verify_batch(items, now)
            .into_iter()
            .map(|r| r.and_then(|v| self.record(&v, now).map(|()| v)))
            .collect()
    }

    /// Records an already verified token in the store (the second half of
    /// [`verify`](Self::verify)).
    pub fn record(&self, verified: &Verified, now: Timestamp) -> Result<(), VerifyError> {
        let entry = self.verifier.replay_entry(verified);
        self.settle(verified, self.store.insert_if_absent(&entry, now))
    }

    /// The outcome for `verified` given a store's answer about its
    /// [`replay_entry`](Verifier::replay_entry), for callers that ask the store themselves
    /// (asynchronously, or in a pipelined batch).
    pub fn settle(
        &self,
        verified: &Verified,
        answer: Result<bool, ReplayStoreError>,
    ) -> Result<(), VerifyError> {
        settle(verified, answer, self.fail_open.as_deref())
    }
}

/// The outcome of a store's answer: accepted on `Ok(true)`, replayed on `Ok(false)`, refused
/// with the store's reason on an error unless `fail_open` logs and accepts an unavailable store.
fn settle(
    verified: &Verified,
    answer: Result<bool, ReplayStoreError>,
    fail_open: Option<&FailOpenLog>,
) -> Result<(), VerifyError> {
    match answer {
        Ok(true) => Ok(()),
        Ok(false) => Err(VerifyError::new(
            Reason::Replayed,
            "this signed request was already accepted inside its window",
        )),
        Err(e @ ReplayStoreError::Unavailable { .. }) => match fail_open {
            Some(log) => {
                log(verified, &e);
                Ok(())
            }
            None => Err(e.to_verify_error()),
        },
        Err(e) => Err(e.to_verify_error()),
    }
}
