//! Batch verification on every core: [`on_all_cores`] runs one check over many items, the
//! workers taking small blocks from a shared counter while the calling thread is still making
//! the items (see its doc comment).

use alloc::vec::Vec;
use core::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use super::Verified;
use crate::error::{Reason, VerifyError};

/// How many items a worker of [`on_all_cores`] takes at a time: small enough that the cores
/// finish within about one block of each other (a block is about 0.2 ms of verification), large
/// enough that taking one (an atomic add) costs nothing next to it.
const BLOCK: usize = 4;

/// How many threads a batch uses: the cores this process may run on, asked once (the standard
/// library reads the cgroup's CPU quota from files for it, tens of microseconds a call).
fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    })
}

/// The answer for an item that a panic left without one (which `make` and `check` never should).
fn internal_error() -> Result<Verified, VerifyError> {
    Err(VerifyError::new(
        Reason::InternalError,
        "internal error while verifying this token",
    ))
}

/// Runs `check` over the `len` items that `make` makes (item `i` from `make(i)`, in order, on
/// the calling thread) on every core; results in input order.
///
/// The other cores start first, one spawned thread each, and verify each block of [`BLOCK`]
/// items as soon as the calling thread has made it: a binding converting its language's values
/// one by one (which only its own thread may do) overlaps that work with the verification
/// instead of doing it while the other cores wait. Then the calling thread verifies too.
///
/// The items are not split into one fixed share per thread: each worker takes the next block
/// from a shared counter until none are left, so a core that is slowed (another process, an
/// interrupt, a longer token) takes fewer blocks and no core idles while another still holds a
/// long share. A worker that panics answers `internal_error` for each item of the blocks it took
/// (which `check` never should). A panic in `make` reaches the caller, as it would without the
/// other threads, once they are released and joined.
pub(super) fn on_all_cores<T: Send + Sync>(
    len: usize,
    mut make: impl FnMut(usize) -> T,
    check: impl Fn(&T) -> Result<Verified, VerifyError> + Sync,
) -> Vec<Result<Verified, VerifyError>> {
    let blocks = len.div_ceil(BLOCK);
    let threads = cores().min(blocks);
    if threads <= 1 {
        return (0..len).map(|i| check(&make(i))).collect();
    }
    // `None`: an item that `make` did not make (it panicked).
    let items: Vec<OnceLock<Option<T>>> = (0..len).map(|_| OnceLock::new()).collect();
    let next = AtomicUsize::new(0);
    // One worker: (block index, its results) for each block it took.
    let work = || {
        let mut done = Vec::new();
        loop {
            let b = next.fetch_add(1, Ordering::Relaxed);
            if b >= blocks {
                return done;
            }
            let block = &items[b * BLOCK..len.min((b + 1) * BLOCK)];
            let results = block
                .iter()
                .map(|item| match item.wait() {
                    Some(item) => check(item),
                    None => internal_error(),
                })
                .collect::<Vec<_>>();
            done.push((b, results));
        }
    };
    let mut slots: Vec<Option<Vec<Result<Verified, VerifyError>>>> = Vec::new();
    slots.resize_with(blocks, || None);
    let made = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let made = std::panic::catch_unwind(core::panic::AssertUnwindSafe(|| {
            for (i, item) in items.iter().enumerate() {
                let _ = item.set(Some(make(i)));
            }
        }));
        if made.is_err() {
            // Release the workers waiting on the items that were not made.
            for item in &items {
                let _ = item.set(None);
            }
        }
        let mut place = |done: Vec<(usize, Vec<_>)>| {
            for (b, results) in done {
                slots[b] = Some(results);
            }
        };
        // A worker that panics loses the blocks it took; they are answered below.
        if let Ok(done) = std::panic::catch_unwind(core::panic::AssertUnwindSafe(work)) {
            place(done);
        }
        for handle in handles {
            if let Ok(done) = handle.join() {
                place(done);
            }
        }
        made
    });
    if let Err(panic) = made {
        std::panic::resume_unwind(panic);
    }
    let mut out = Vec::with_capacity(len);
    for (b, slot) in slots.into_iter().enumerate() {
        match slot {
            Some(results) => out.extend(results),
            None => out.extend((b * BLOCK..len.min((b + 1) * BLOCK)).map(|_| internal_error())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A check that answers item `i` with a refusal naming it (no token needed): odd items
    /// `expired`, even ones `malformed_token`.
    fn by_parity(i: &usize) -> Result<Verified, VerifyError> {
        let reason = if i % 2 == 1 {
            Reason::Expired
        } else {
            Reason::MalformedToken
        };
        Err(VerifyError::new(reason, "test"))
    }

    fn reasons(out: &[Result<Verified, VerifyError>]) -> Vec<Reason> {
        out.iter()
            .map(|r| {
                r.as_ref()
                    .map_or_else(|e| e.reason(), |_| Reason::InternalError)
            })
            .collect()
    }

    #[test]
    fn every_item_is_answered_in_input_order() {
        for len in [0, 1, 3, 4, 5, 64, 1001] {
            let made = core::cell::Cell::new(0);
            let out = on_all_cores(
                len,
                |i| {
                    assert_eq!(i, made.get(), "made in order");
                    made.set(i + 1);
                    i
                },
                by_parity,
            );
            assert_eq!(made.get(), len);
            let expected: Vec<Reason> = (0..len)
                .map(|i| {
                    by_parity(&i)
                        .err()
                        .map(|e| e.reason())
                        .unwrap_or(Reason::InternalError)
                })
                .collect();
            assert_eq!(reasons(&out), expected, "len {len}");
        }
    }

    #[test]
    fn a_panicking_check_is_answered_internal_error_and_the_rest_stand() {
        if cores() < 2 {
            return; // one core: no workers, and the panic reaches the caller as without a batch
        }
        let out = on_all_cores(
            40,
            |i| i,
            |&i| {
                assert!(i != 17, "the check panics on item 17");
                by_parity(&i)
            },
        );
        let got = reasons(&out);
        assert_eq!(got.len(), 40);
        // The panicking worker loses the blocks it took (17's among them); every other item
        // keeps its own answer.
        assert_eq!(got[17], Reason::InternalError);
        for (i, reason) in got.iter().enumerate() {
            let own = by_parity(&i).err().map(|e| e.reason());
            assert!(
                *reason == Reason::InternalError || Some(*reason) == own,
                "item {i}"
            );
        }
    }

    #[test]
    fn a_panic_in_make_reaches_the_caller_and_no_worker_hangs() {
        let run = std::panic::catch_unwind(|| {
            on_all_cores(
                64,
                |i| {
                    assert!(i != 30, "make panics on item 30");
                    i
                },
                by_parity,
            )
        });
        assert!(run.is_err());
    }
}
