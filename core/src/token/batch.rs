//! Batch verification on every core: [`Verifier`]'s batch entry points and how they run. Workers
//! take small blocks of items from a shared counter.
//!
//! Two drivers share one worker loop ([`Shared`]): [`on_all_cores`] runs a whole batch of items
//! the caller already has, inside one call; [`BatchFeed`] (module `feed`) is a batch whose items
//! the caller makes one by one (a binding converting its language's values, which only its own
//! thread may do) while the other cores already verify the ones made, and that this or another
//! thread finishes (or, with [`BatchFeed::finish_then`], its last worker to end). In both, the
//! spawned workers hand their answers over as they end ([`hand_over`]) and the finishing thread
//! collects them ([`collect`]); no thread is joined. Each spawned worker first moves onto a CPU
//! of its own (`super::placement`).

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::{Duration, Instant};

use super::feed::BatchFeed;
use super::placement::Placement;
use super::{OwnedRequest, Request, Verified, Verifier};
use crate::Timestamp;
use crate::error::{Reason, VerifyError};

/// How many items a worker takes at a time: small enough that the cores finish within about one
/// block of each other (a block is about 0.2 ms of verification), large enough that taking one
/// (an atomic add) costs nothing next to it.
pub(super) const BLOCK: usize = 4;

/// How long the thread that collects a batch's answers spins for the other workers before it
/// sleeps: they end within about a block of it (a few hundred microseconds), and waking a thread
/// that slept can cost as much (0.1–0.3 ms measured on a 2-vCPU VM, `sigma-batch-scaling`:
/// "returned … after the last end" when it joined the threads).
const SPIN: Duration = Duration::from_millis(1);

/// One item's answer.
pub(super) type Answer = Result<Verified, VerifyError>;

/// What one worker did: (block index, its answers) for each block it took.
pub(super) type Done = Vec<(usize, Vec<Answer>)>;

/// How many threads a batch uses: the cores this process may run on, asked once (the standard
/// library reads the cgroup's CPU quota from files for it, tens of microseconds a call).
pub(super) fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    })
}

/// How many threads verify a batch of `len` items, the caller's included: one per core, no more
/// than there are blocks.
fn threads(len: usize) -> usize {
    cores().min(len.div_ceil(BLOCK))
}

/// The answer for an item that a panic left without one (which `check` never should), or that a
/// feed never got.
fn internal_error() -> Answer {
    Err(VerifyError::new(
        Reason::InternalError,
        "internal error while verifying this token",
    ))
}

/// The batch entry points of [`Verifier`] (all cores, std only).
impl Verifier {
    /// Verifies many tokens on all cores; results come back in input order, each verified one
    /// with its [`replay_id`](Verified::replay_id) already computed (on the core that verified
    /// it, not afterwards on the caller's thread alone).
    pub fn verify_batch(
        &self,
        items: &[(&str, Request<'_>)],
        now: Timestamp,
    ) -> Vec<Result<Verified, VerifyError>> {
        on_all_cores(items, |(token, request)| {
            with_replay_id(self.verify(token, request, now))
        })
    }

    /// A batch in which some items already failed while the caller converted them (a binding
    /// that met a value of the wrong type, say): those keep their error, the others are verified
    /// on all cores. Results come back in input order, replay ids computed (as
    /// [`verify_batch`](Self::verify_batch)).
    pub fn verify_many(
        &self,
        items: &[Result<OwnedRequest, VerifyError>],
        now: Timestamp,
    ) -> Vec<Result<Verified, VerifyError>> {
        on_all_cores(items, |item| check_item(*self, item, now))
    }

    /// A batch of `len` items verified on all cores while the caller still pushes them: the
    /// answers of [`verify_many`](Self::verify_many), from [`BatchFeed::finish`], which this or
    /// another thread may call (a binding converts and pushes the items on its own thread, and
    /// finishes there or on a pool thread).
    pub fn feed_many(&self, len: usize, now: Timestamp) -> BatchFeed {
        BatchFeed::start(*self, len, now, threads(len).saturating_sub(1))
    }

    /// [`feed_many`](Self::feed_many) for a batch that a thread which may start late finishes (a
    /// binding's async call, finished on a pool thread that the scheduler may not run at once):
    /// a worker per core starts now, so that no core waits for that thread; it then only
    /// collects the answers, verifying whatever is left.
    pub fn feed_many_in_background(&self, len: usize, now: Timestamp) -> BatchFeed {
        BatchFeed::start(*self, len, now, threads(len))
    }
}

/// The check of [`Verifier::verify_many`] and of a [`BatchFeed`]: verified with its replay id,
/// or the error the item's conversion met.
pub(super) fn check_item(verifier: Verifier, item: &Item, now: Timestamp) -> Answer {
    match item {
        Ok(item) => with_replay_id(verifier.verify_owned(item, now)),
        Err(e) => Err(*e),
    }
}

/// `result` with its replay id computed now: a batch computes it on the core that verified the
/// token, where it costs no wall time, and the caller (often one binding thread turning every
/// result into its own language's values) only reads it.
fn with_replay_id(result: Result<Verified, VerifyError>) -> Result<Verified, VerifyError> {
    if let Ok(verified) = &result {
        verified.replay_id();
    }
    result
}

/// The state the threads of one batch share: the items as they are made (`None`: never made,
/// because the feed stopped first), the counter of blocks taken, and the check.
pub(super) struct Shared<T, F> {
    pub(super) items: Vec<OnceLock<Option<T>>>,
    next: AtomicUsize,
    check: F,
}

impl<T, F: Fn(&T) -> Answer> Shared<T, F> {
    pub(super) fn new(len: usize, check: F) -> Self {
        Shared {
            items: (0..len).map(|_| OnceLock::new()).collect(),
            next: AtomicUsize::new(0),
            check,
        }
    }

    fn blocks(&self) -> usize {
        self.items.len().div_ceil(BLOCK)
    }

    /// Makes every item not yet made `None`, so that no worker waits for it.
    pub(super) fn release(&self) {
        for item in &self.items {
            let _ = item.set(None);
        }
    }

    /// One worker: takes the next block until none is left, waiting for an item not yet made.
    pub(super) fn work(&self) -> Done {
        let mut done = Vec::new();
        loop {
            let b = self.next.fetch_add(1, Ordering::Relaxed);
            if b >= self.blocks() {
                return done;
            }
            let end = self.items.len().min((b + 1) * BLOCK);
            let results = self.items[b * BLOCK..end]
                .iter()
                .map(|item| match item.wait() {
                    Some(item) => (self.check)(item),
                    None => internal_error(),
                })
                .collect();
            done.push((b, results));
        }
    }

    /// The answers in input order from what the workers did (`None`: a worker that panicked,
    /// whose blocks are answered `internal_error`).
    pub(super) fn answers(&self, workers: impl IntoIterator<Item = Option<Done>>) -> Vec<Answer> {
        let mut slots: Vec<Option<Vec<Answer>>> = Vec::new();
        slots.resize_with(self.blocks(), || None);
        for (b, results) in workers.into_iter().flatten().flatten() {
            slots[b] = Some(results);
        }
        let len = self.items.len();
        let mut out = Vec::with_capacity(len);
        for (b, slot) in slots.into_iter().enumerate() {
            match slot {
                Some(results) => out.extend(results),
                None => out.extend((b * BLOCK..len.min((b + 1) * BLOCK)).map(|_| internal_error())),
            }
        }
        out
    }
}

/// `f` on this thread, `None` if it panicked.
pub(super) fn caught<R>(f: impl FnOnce() -> R) -> Option<R> {
    std::panic::catch_unwind(core::panic::AssertUnwindSafe(f)).ok()
}

/// A spawned worker's last act: hands over what it did (`None`: it panicked) to the thread that
/// collects, which therefore need not wait for the thread to exit.
pub(super) fn hand_over<T, F: Fn(&T) -> Answer>(shared: &Shared<T, F>, to: &Sender<Option<Done>>) {
    let _ = to.send(caught(|| shared.work()));
}

/// Starts up to `n` workers with `spawn`, each given its own sender to hand over on; returns
/// where they hand over and how many started (a thread that cannot be started is one worker
/// fewer; the thread that collects still works).
pub(super) fn start_workers(
    n: usize,
    mut spawn: impl FnMut(Sender<Option<Done>>, Arc<Placement>, usize) -> bool,
) -> (Receiver<Option<Done>>, usize) {
    let (to, from) = channel();
    if n == 0 {
        return (from, 0); // no thread to place: no system call for the CPUs
    }
    let placement = Arc::new(Placement::here());
    let started = (0..n)
        .filter(|&i| spawn(to.clone(), Arc::clone(&placement), i))
        .count();
    placement.let_start(started);
    (from, started)
}

/// What `started` spawned workers handed over: spins while they finish their last blocks, then
/// sleeps. A worker whose thread ended without handing over (all senders gone) counts as one
/// that did nothing.
pub(super) fn collect(from: &Receiver<Option<Done>>, started: usize) -> Vec<Option<Done>> {
    let mut theirs = Vec::with_capacity(started);
    let spin_until = Instant::now() + SPIN;
    while theirs.len() < started {
        let next = match from.try_recv() {
            Err(TryRecvError::Empty) if Instant::now() < spin_until => {
                core::hint::spin_loop();
                continue;
            }
            Err(TryRecvError::Empty) => from.recv().ok(),
            Ok(done) => Some(done),
            Err(TryRecvError::Disconnected) => None,
        };
        match next {
            Some(done) => theirs.push(done),
            None => break,
        }
    }
    theirs
}

/// Runs `check` over `items` on every core; results in input order.
///
/// One spawned thread per other core, and the calling thread, take blocks of [`BLOCK`] items
/// from a shared counter until none are left. No item is tied to a thread: a core that is slowed
/// (another process, an interrupt, a longer token) takes fewer blocks, and no core idles while
/// another holds a long share. A worker that panics answers `internal_error` for each item of
/// the blocks it took (which `check` never should).
pub(super) fn on_all_cores<T: Sync>(
    items: &[T],
    check: impl Fn(&T) -> Answer + Sync,
) -> Vec<Answer> {
    let threads = threads(items.len());
    if threads <= 1 {
        return items.iter().map(check).collect();
    }
    let shared = Shared::new(items.len(), |item: &&T| check(item));
    for (slot, item) in shared.items.iter().zip(items) {
        let _ = slot.set(Some(item));
    }
    let theirs = std::thread::scope(|scope| {
        let shared = &shared;
        let (from, started) = start_workers(threads - 1, |to, placement, i| {
            std::thread::Builder::new()
                .spawn_scoped(scope, move || {
                    placement.settle(i);
                    hand_over(shared, &to);
                })
                .is_ok()
        });
        let mine = caught(|| shared.work());
        core::iter::once(mine).chain(collect(&from, started))
    });
    shared.answers(theirs)
}

/// An item of a [`BatchFeed`]: the request, or the error its conversion met.
pub(super) type Item = Result<OwnedRequest, VerifyError>;

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A check that answers item `i` with a refusal naming it (no token needed): odd items
    /// `expired`, even ones `malformed_token`.
    fn by_parity(i: &usize) -> Answer {
        let reason = if i % 2 == 1 {
            Reason::Expired
        } else {
            Reason::MalformedToken
        };
        Err(VerifyError::new(reason, "test"))
    }

    /// Each answer's reason (`internal_error` for a verified one, which these tests never make).
    pub(in crate::token) fn reasons(out: &[Answer]) -> Vec<Reason> {
        out.iter()
            .map(|r| {
                r.as_ref()
                    .map_or_else(|e| e.reason(), |_| Reason::InternalError)
            })
            .collect()
    }

    /// The reason `by_parity` gives item `i`.
    pub(in crate::token) fn own_reason(i: usize) -> Reason {
        by_parity(&i)
            .err()
            .map_or(Reason::InternalError, |e| e.reason())
    }

    #[test]
    fn every_item_is_answered_in_input_order() {
        for len in [0, 1, 3, 4, 5, 64, 1001] {
            let items: Vec<usize> = (0..len).collect();
            let out = on_all_cores(&items, by_parity);
            let expected: Vec<Reason> = (0..len).map(own_reason).collect();
            assert_eq!(reasons(&out), expected, "len {len}");
        }
    }

    #[test]
    fn a_panicking_check_is_answered_internal_error_and_the_rest_stand() {
        if cores() < 2 {
            return; // one core: no workers, and the panic reaches the caller as without a batch
        }
        let items: Vec<usize> = (0..40).collect();
        let out = on_all_cores(&items, |&i| {
            assert!(i != 17, "the check panics on item 17");
            by_parity(&i)
        });
        let got = reasons(&out);
        assert_eq!(got.len(), 40);
        // The panicking worker loses the blocks it took (17's among them); every other item
        // keeps its own answer.
        assert_eq!(got[17], Reason::InternalError);
        for (i, reason) in got.iter().enumerate() {
            assert!(
                *reason == Reason::InternalError || *reason == own_reason(i),
                "item {i}"
            );
        }
    }
}
