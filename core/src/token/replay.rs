//! [`ReplayGuard`]: refuses a second use of one signed request inside its window, in one
//! process, in bounded memory.
//!
//! Each replay id is kept until its token leaves the window (`timestamp + max_age`). Ids expire in
//! time order through a wheel of one-second buckets, so a check costs O(1) amortised however many
//! ids are live (the old guard scanned them all). The guard holds at most `capacity` ids; when it
//! is full it refuses new tokens with [`Reason::ReplayStoreFull`] rather than forget a live id
//! (forgetting one would let its token be replayed). It is sharded, so threads verifying at once
//! rarely wait on one another.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicUsize, Ordering};
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use super::{ReplayEntry, ReplayStore, ReplayStoreError, Verified, Verifier};
use crate::error::{Reason, VerifyError};
use crate::time::Timestamp;

/// How many replay ids a guard holds by default: one million (about 100 MB at most).
pub const DEFAULT_REPLAY_CAPACITY: usize = 1_000_000;

/// Shards: a power of two, picked by the first byte of the (uniformly distributed) replay id.
const SHARDS: usize = 16;

/// Remembers the replay ids of verified tokens for as long as they stay inside the window, and
/// refuses a second use. For one process; a fleet shares one store (e.g. Redis
/// `SET id NX PX window`) keyed by [`Verified::replay_id`]. A [`ReplayStore`]: give it to
/// [`Verifier::with_replay_store`], or call [`check`](Self::check) after verifying.
#[derive(Debug)]
pub struct ReplayGuard {
    max_age_ms: i64,
    capacity: usize,
    live: AtomicUsize,
    shards: Box<[Mutex<Shard>]>,
}

/// One shard: each live id's expiry, and the ids by the second in which they expire.
#[derive(Debug, Default)]
struct Shard {
    expiry: HashMap<[u8; 32], i64>,
    wheel: BTreeMap<i64, Vec<[u8; 32]>>,
}

impl ReplayGuard {
    /// A guard for tokens accepted by `verifier` (each id is kept until its token expires),
    /// holding at most [`DEFAULT_REPLAY_CAPACITY`] ids.
    pub fn new(verifier: &Verifier) -> ReplayGuard {
        ReplayGuard::with_capacity(verifier, DEFAULT_REPLAY_CAPACITY)
    }

    /// A guard that holds at most `capacity` live ids; past that it fails closed.
    pub fn with_capacity(verifier: &Verifier, capacity: usize) -> ReplayGuard {
        ReplayGuard {
            max_age_ms: i64::try_from(verifier.max_age().as_millis()).unwrap_or(i64::MAX),
            capacity,
            live: AtomicUsize::new(0),
            shards: (0..SHARDS).map(|_| Mutex::new(Shard::default())).collect(),
        }
    }

    /// How many ids are held (live, or expired but not yet swept).
    pub fn len(&self) -> usize {
        self.live.load(Ordering::Relaxed)
    }

    /// Whether the guard holds no id.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The most ids the guard holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Records `verified` at `now`; refuses it with [`Reason::Replayed`] if its replay id was
    /// seen before and has not expired, and with [`Reason::ReplayStoreFull`] if the guard is
    /// full of live ids.
    pub fn check(&self, verified: &Verified, now: Timestamp) -> Result<(), VerifyError> {
        let expires = verified
            .timestamp
            .unix_millis()
            .saturating_add(self.max_age_ms);
        match self.insert_millis(verified.replay_id(), expires, now.unix_millis()) {
            Ok(true) => Ok(()),
            Ok(false) => Err(VerifyError::new(
                Reason::Replayed,
                "this signed request was already accepted inside its window",
            )),
            Err(e) => Err(e.to_verify_error()),
        }
    }

    /// Inserts `id` to be kept through the millisecond `expires` unless a live copy is held:
    /// `Ok(true)` if inserted, `Ok(false)` if already held.
    fn insert_millis(
        &self,
        id: &[u8; 32],
        expires: i64,
        now_ms: i64,
    ) -> Result<bool, ReplayStoreError> {
        let mut shard = self.shard(id);
        let swept = shard.sweep(now_ms);
        self.live.fetch_sub(swept, Ordering::Relaxed);
        if shard.expiry.get(id).is_some_and(|&e| e >= now_ms) {
            return Ok(false);
        }
        let fresh = !shard.expiry.contains_key(id);
        if fresh && self.live.load(Ordering::Relaxed) >= self.capacity {
            // Another shard may hold expired ids not swept yet: sweep them all once before
            // refusing.
            drop(shard);
            let swept: usize = self.shards.iter().map(|s| lock(s).sweep(now_ms)).sum();
            self.live.fetch_sub(swept, Ordering::Relaxed);
            if self.live.load(Ordering::Relaxed) >= self.capacity {
                return Err(ReplayStoreError::Full);
            }
            shard = self.shard(id);
            // Another thread may have inserted it meanwhile.
            if shard.expiry.get(id).is_some_and(|&e| e >= now_ms) {
                return Ok(false);
            }
        }
        if shard.expiry.insert(*id, expires).is_none() {
            self.live.fetch_add(1, Ordering::Relaxed);
        }
        shard
            .wheel
            .entry(expires.div_euclid(1000))
            .or_default()
            .push(*id);
        Ok(true)
    }

    fn shard(&self, id: &[u8; 32]) -> MutexGuard<'_, Shard> {
        lock(&self.shards[usize::from(id[0]) % SHARDS])
    }
}

/// A poisoned shard (a panic while it was held, which this module never causes) is still used.
fn lock(shard: &Mutex<Shard>) -> MutexGuard<'_, Shard> {
    match shard.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

impl Shard {
    /// Forgets every id that expired before `now_ms`; returns how many. Each id is visited once
    /// in its bucket, so the cost is O(1) amortised per id.
    fn sweep(&mut self, now_ms: i64) -> usize {
        let mut removed = 0;
        // Bucket `s` holds expiries in [s*1000, s*1000 + 999]: all of them are past once
        // s*1000 + 999 < now_ms.
        while let Some(entry) = self.wheel.first_entry() {
            if entry.key().saturating_mul(1000).saturating_add(999) >= now_ms {
                break;
            }
            for id in entry.remove() {
                // The id may have been accepted again later with a new expiry (in a later bucket).
                if self.expiry.get(&id).is_some_and(|&e| e < now_ms) {
                    self.expiry.remove(&id);
                    removed += 1;
                }
            }
        }
        removed
    }
}

impl ReplayStore for ReplayGuard {
    /// Never unavailable; [`ReplayStoreError::Full`] when the guard holds `capacity` live ids.
    fn insert_if_absent(
        &self,
        entry: &ReplayEntry,
        now: Timestamp,
    ) -> Result<bool, ReplayStoreError> {
        self.insert_millis(&entry.id, entry.expires_unix_millis, now.unix_millis())
    }
}
