//! A batch fed item by item: [`BatchFeed`], which a binding fills on its own thread while the
//! batch's workers (`super::batch`) already verify, and which this thread, another one, or its
//! last worker finishes.

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::{Mutex, PoisonError};

use super::Verifier;
use super::batch::{
    Answer, Done, Item, Shared, caught, check_item, collect, hand_over, start_workers,
};
use crate::Timestamp;

/// A batch that verifies on every core while its items are still being pushed, and that another
/// thread may finish: [`Verifier::feed_many`] (or
/// [`feed_many_in_background`](Verifier::feed_many_in_background)) starts it,
/// [`push`](Self::push) adds the next item (the other cores verify each block as soon as it is
/// complete), and [`finish`](Self::finish) verifies the rest on the thread that calls it too and
/// returns the answers in input order, as [`Verifier::verify_many`] would;
/// [`finish_then`](Self::finish_then) instead returns at once and has the last worker to end
/// hand the answers on.
///
/// For a binding's batch: its own thread converts the items and pushes them while the workers
/// already verify, then finishes (a sync call, with `feed_many`) or lets the workers finish and
/// settle a promise (an async one, with `feed_many_in_background` and `finish_then`).
/// Items never pushed are answered `internal_error`; dropping an unfinished feed lets its
/// workers end on their own.
pub struct BatchFeed {
    feed: Releasing,
    /// Where the workers hand over what they did, and how many were started.
    from: Receiver<Option<Done>>,
    workers: usize,
    made: usize,
}

/// The check of a [`BatchFeed`].
type FeedCheck = Box<dyn Fn(&Item) -> Answer + Send + Sync>;

/// What [`BatchFeed::finish_then`] leaves for the last worker to run on the feed.
type Finisher = Box<dyn FnOnce(&Feed) + Send>;

/// The state a feed's threads share: the batch, and how it ends when no thread finishes it.
struct Feed {
    shared: Shared<Item, FeedCheck>,
    /// The workers still running, plus one until [`BatchFeed::finish_then`] left its finisher.
    running: AtomicUsize,
    /// Set by `finish_then`; run by whichever of it and the workers ends last.
    finisher: Mutex<Option<Finisher>>,
}

impl Feed {
    /// One of the `running` ended (a worker, after handing over, or `finish_then`): the last
    /// runs the finisher, if one was left.
    fn ended(&self) {
        if self.running.fetch_sub(1, Ordering::AcqRel) == 1 {
            let finisher = self
                .finisher
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            if let Some(finish) = finisher {
                finish(self);
            }
        }
    }
}

/// The feed, whose items are released when the [`BatchFeed`] holding it goes (finished or
/// dropped), so that no worker waits for an item that will never come.
struct Releasing(Arc<Feed>);

impl Drop for Releasing {
    fn drop(&mut self) {
        self.0.shared.release();
    }
}

/// A spawned worker of a feed: calls [`Feed::ended`] when it ends, even by a panic.
struct Ending(Arc<Feed>);

impl Drop for Ending {
    fn drop(&mut self) {
        self.0.ended();
    }
}

impl BatchFeed {
    /// A batch of `len` items for `verifier` at `now` (as [`Verifier::verify_many`]: replay ids
    /// computed, an item's conversion error kept); `workers` threads start now.
    pub(super) fn start(
        verifier: Verifier,
        len: usize,
        now: Timestamp,
        workers: usize,
    ) -> BatchFeed {
        let check: FeedCheck = Box::new(move |item: &Item| check_item(verifier, item, now));
        let feed = Arc::new(Feed {
            shared: Shared::new(len, check),
            running: AtomicUsize::new(workers + 1),
            finisher: Mutex::new(None),
        });
        let (from, started) = start_workers(workers, |to, placement, i| {
            let ending = Ending(Arc::clone(&feed));
            std::thread::Builder::new()
                .spawn(move || {
                    placement.settle(i);
                    hand_over(&ending.0.shared, &to);
                    drop(ending);
                })
                .is_ok()
        });
        // A worker that could not be started dropped its `Ending` unstarted: counted as ended.
        BatchFeed {
            feed: Releasing(feed),
            from,
            workers: started,
            made: 0,
        }
    }

    /// Adds the next item (ignored once `len` items were pushed).
    pub fn push(&mut self, item: Item) {
        if let Some(slot) = self.feed.0.shared.items.get(self.made) {
            let _ = slot.set(Some(item));
            self.made += 1;
        }
    }

    /// Verifies what is left on this thread too, waits for the workers, and returns every answer
    /// in input order.
    pub fn finish(self) -> Vec<Answer> {
        let shared = &self.feed.0.shared;
        shared.release();
        let mine = caught(|| shared.work());
        let theirs = collect(&self.from, self.workers);
        shared.answers(core::iter::once(mine).chain(theirs))
    }

    /// Returns at once and leaves the batch to its workers: the last of them to end calls `then`
    /// with every answer in input order, on its own thread (this thread's work is done: an
    /// async binding's JavaScript thread goes back to its event loop, and no thread is woken to
    /// collect). Called here instead if no worker is left to call it: `finish`'s answers if none
    /// was started, the workers' if they all ended already.
    pub fn finish_then(self, then: impl FnOnce(Vec<Answer>) + Send + 'static) {
        if self.workers == 0 {
            return then(self.finish());
        }
        let BatchFeed {
            feed,
            from,
            workers,
            ..
        } = self;
        let state = Arc::clone(&feed.0);
        drop(feed); // releases the items never pushed
        let finish: Finisher = Box::new(move |feed: &Feed| {
            then(feed.shared.answers(collect(&from, workers)));
        });
        *state
            .finisher
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(finish);
        state.ended();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Reason, VerifyError};
    use crate::token::batch::tests::{own_reason, reasons};
    use crate::token::batch::{BLOCK, cores};
    use std::sync::mpsc::channel;
    use std::time::Duration;

    /// Items whose conversion failed, so that the feed's answers need no token: item `i`
    /// carries the refusal `by_parity` gives it.
    fn failed(i: usize) -> Item {
        Err(VerifyError::new(own_reason(i), "test"))
    }

    /// Pushes the first `n` items (`failed(0)` to `failed(n - 1)`).
    fn push_failed(feed: &mut BatchFeed, n: usize) {
        for i in 0..n {
            feed.push(failed(i));
        }
    }

    /// The answers of a feed of 50 of which only the first 20 were pushed: those 20 keep their
    /// own refusal, the 30 never pushed are answered internal_error.
    fn assert_half_fed(answers: &[Answer]) {
        let got = reasons(answers);
        assert_eq!(got.len(), 50);
        assert_eq!(&got[..20], &(0..20).map(own_reason).collect::<Vec<_>>()[..]);
        assert!(got[20..].iter().all(|r| *r == Reason::InternalError));
    }

    /// Both kinds of feed (the pushing thread finishes, or a worker per core and a later thread).
    fn feeds(len: usize) -> [BatchFeed; 2] {
        let verifier = Verifier::new();
        let now = Timestamp::now();
        [
            verifier.feed_many(len, now),
            verifier.feed_many_in_background(len, now),
        ]
    }

    #[test]
    fn a_feed_answers_in_input_order_and_finishes_on_another_thread() {
        for len in [0, 1, 5, 257] {
            for mut feed in feeds(len) {
                push_failed(&mut feed, len);
                feed.push(failed(0)); // one too many: ignored
                let out = std::thread::spawn(move || feed.finish())
                    .join()
                    .expect("finished");
                let expected: Vec<Reason> = (0..len).map(own_reason).collect();
                assert_eq!(reasons(&out), expected, "len {len}");
            }
        }
    }

    /// The answers `finish_then` hands on (waiting at most ten seconds: a feed that never
    /// calls `then` fails the test instead of hanging it).
    fn finished_then(feed: BatchFeed) -> Vec<Answer> {
        let (to, from) = channel();
        feed.finish_then(move |answers| {
            let _ = to.send(answers);
        });
        from.recv_timeout(Duration::from_secs(10))
            .expect("then was called")
    }

    #[test]
    fn a_feed_left_to_its_workers_hands_every_answer_on_in_input_order() {
        for len in [0, 1, 5, 257, 1001] {
            for mut feed in feeds(len) {
                push_failed(&mut feed, len);
                let expected: Vec<Reason> = (0..len).map(own_reason).collect();
                assert_eq!(reasons(&finished_then(feed)), expected, "len {len}");
            }
        }
        // Half-fed: the items never pushed are answered internal_error, the others stand.
        for mut feed in feeds(50) {
            push_failed(&mut feed, 20);
            assert_half_fed(&finished_then(feed));
        }
    }

    #[test]
    fn a_feed_whose_workers_already_ended_hands_its_answers_on_at_once() {
        for mut feed in feeds(8) {
            push_failed(&mut feed, 8);
            // Every item was pushed: the workers take both blocks and end without waiting.
            while feed.feed.0.running.load(Ordering::Acquire) > 1 {
                std::thread::yield_now();
            }
            let expected: Vec<Reason> = (0..8).map(own_reason).collect();
            assert_eq!(reasons(&finished_then(feed)), expected);
        }
    }

    #[test]
    fn a_background_feed_starts_a_worker_per_core() {
        let [foreground, background] = feeds(1000);
        assert_eq!(foreground.workers, cores() - 1);
        assert_eq!(background.workers, cores());
        // Never more threads than blocks: a 4-item batch is one block, for one thread.
        let [foreground, background] = feeds(BLOCK);
        assert_eq!(foreground.workers, 0);
        assert_eq!(background.workers, 1);
    }

    #[test]
    fn a_feed_answers_items_never_pushed_internal_error_and_a_dropped_one_ends() {
        for mut feed in feeds(50) {
            push_failed(&mut feed, 20);
            assert_half_fed(&feed.finish());
        }
        // Dropped half-fed: the workers see every item released and return (a hang would
        // leave this test running).
        for mut dropped in feeds(100) {
            dropped.push(failed(0));
            drop(dropped);
        }
    }
}
