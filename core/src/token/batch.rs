//! Batch verification on every core: [`on_all_cores`] runs one check over many items, the
//! workers taking small blocks from a shared counter (see its doc comment).

use alloc::vec::Vec;

use super::Verified;
use crate::error::{Reason, VerifyError};

/// How many items a worker of [`on_all_cores`] takes at a time: small enough that the cores
/// finish within about one block of each other (a block is about 0.2 ms of verification), large
/// enough that taking one (an atomic add) costs nothing next to it.
const BLOCK: usize = 4;

/// Runs `check` over `items` on every core; results in input order. A worker that panics (which
/// `check` never should) answers `internal_error` for each item of the blocks it took.
///
/// The calling thread works too (it would otherwise only wait), beside one spawned thread per
/// other core. The items are not split into one fixed share per thread: each worker takes the
/// next [`BLOCK`] items from a shared counter until none are left, so a core that is slowed
/// (another process, an interrupt, a longer token) takes fewer blocks and no core idles while
/// another still holds a long share.
pub(super) fn on_all_cores<T: Sync>(
    items: &[T],
    check: impl Fn(&T) -> Result<Verified, VerifyError> + Sync,
) -> Vec<Result<Verified, VerifyError>> {
    use core::sync::atomic::{AtomicUsize, Ordering};

    let blocks: Vec<&[T]> = items.chunks(BLOCK).collect();
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(blocks.len());
    if threads <= 1 {
        return items.iter().map(&check).collect();
    }
    let next = AtomicUsize::new(0);
    // One worker: (block index, its results) for each block it took.
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(block) = blocks.get(i) else {
                return done;
            };
            done.push((i, block.iter().map(&check).collect::<Vec<_>>()));
        }
    };
    let mut slots: Vec<Option<Vec<Result<Verified, VerifyError>>>> = Vec::new();
    slots.resize_with(blocks.len(), || None);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut place = |done: Vec<(usize, Vec<_>)>| {
            for (i, results) in done {
                slots[i] = Some(results);
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
    });
    let mut out = Vec::with_capacity(items.len());
    for (slot, block) in slots.into_iter().zip(&blocks) {
        match slot {
            Some(results) => out.extend(results),
            None => out.extend(block.iter().map(|_| {
                Err(VerifyError::new(
                    Reason::InternalError,
                    "internal error while verifying this token",
                ))
            })),
        }
    }
    out
}
