//! [`PointCache`]: a small memory of decompressed public keys, so that a server verifying the
//! same users' tokens again and again does not take a square root (about a tenth of a signature
//! verification) for every one.
//!
//! Bounded: a direct-mapped table of [`SLOTS`] entries (about 100 KiB), allocated on first use;
//! a key whose slot holds another key replaces it. Never waits on another thread (after the one
//! allocation): a slot that another thread holds counts as a miss, and the caller decompresses.
//! It cannot change a result: an entry is only ever the output of the backend's own
//! decompression of exactly the bytes it is looked up by, and public keys are public (a hit or a
//! miss reveals only whether a public key was seen lately).

use alloc::boxed::Box;
use alloc::vec::Vec;

use spin::mutex::SpinMutex;

use super::Affine;

/// How many keys a cache holds (a power of two).
pub(crate) const SLOTS: usize = 1024;

/// One entry: the compressed key (`02`/`03` then x; all zero when empty) and its point.
#[derive(Clone, Copy)]
struct Slot {
    key: [u8; 33],
    xy: [u8; 64],
}

const EMPTY: Slot = Slot {
    key: [0; 33],
    xy: [0; 64],
};

/// Decompressed keys by their compressed encoding; one per backend (see `Backend::lift_x_cached`).
pub(crate) struct PointCache {
    slots: spin::Once<Box<[SpinMutex<Slot>]>>,
}

impl PointCache {
    /// An empty cache (allocates nothing until first used).
    pub(crate) const fn new() -> PointCache {
        PointCache {
            slots: spin::Once::new(),
        }
    }

    /// The point `02`/`03 || x` names: from the cache, or else from `decompress` (then kept).
    pub(crate) fn lift_x(
        &self,
        x: &[u8; 32],
        y_odd: bool,
        decompress: impl FnOnce() -> Option<Affine>,
    ) -> Option<Affine> {
        let mut key = [0u8; 33];
        key[0] = if y_odd { 0x03 } else { 0x02 };
        key[1..].copy_from_slice(x);
        let slots = self.slots.call_once(|| {
            (0..SLOTS)
                .map(|_| SpinMutex::new(EMPTY))
                .collect::<Vec<_>>()
                .into_boxed_slice()
        });
        let slot = &slots[slot_index(x)];
        if let Some(held) = slot.try_lock()
            && held.key == key
        {
            return Some(Affine::from_checked(held.xy));
        }
        let point = decompress()?;
        if let Some(mut held) = slot.try_lock() {
            *held = Slot {
                key,
                xy: *point.xy(),
            };
        }
        Some(point)
    }
}

/// The slot of `x`: its last bits. x of a real key is uniform; a chosen x can only evict
/// another key (which then costs a decompression, as without a cache).
fn slot_index(x: &[u8; 32]) -> usize {
    usize::from(u16::from_be_bytes([x[30], x[31]])) % SLOTS
}

#[cfg(test)]
mod tests {
    use core::cell::Cell;

    use super::*;

    /// A stand-in point for `x` (the cache never looks inside what it keeps).
    fn point(x: &[u8; 32], tag: u8) -> Affine {
        let mut xy = [tag; 64];
        xy[..32].copy_from_slice(x);
        Affine::from_checked(xy)
    }

    #[test]
    fn a_key_is_decompressed_once_until_another_takes_its_slot() {
        let cache = PointCache::new();
        let calls = Cell::new(0);
        let lift = |x: &[u8; 32], odd: bool, tag: u8| {
            cache.lift_x(x, odd, || {
                calls.set(calls.get() + 1);
                Some(point(x, tag))
            })
        };
        let a = [1u8; 32];
        assert_eq!(lift(&a, false, 1), Some(point(&a, 1)));
        assert_eq!(lift(&a, false, 2), Some(point(&a, 1)), "kept");
        assert_eq!(calls.get(), 1);
        // The other parity is another key (same slot): decompressed, and it takes the slot.
        assert_eq!(lift(&a, true, 3), Some(point(&a, 3)));
        assert_eq!(calls.get(), 2);
        // A key in another slot leaves this one alone.
        let mut far = a;
        far[31] ^= 1;
        assert_eq!(lift(&far, true, 4), Some(point(&far, 4)));
        assert_eq!(lift(&a, true, 5), Some(point(&a, 3)));
        assert_eq!(calls.get(), 3);
        // x differing only outside the index bytes: the same slot, so it evicts `a`.
        let mut near = a;
        near[0] ^= 1;
        assert_eq!(lift(&near, true, 6), Some(point(&near, 6)));
        assert_eq!(lift(&a, true, 7), Some(point(&a, 7)));
        assert_eq!(calls.get(), 5);
    }

    #[test]
    fn a_failed_decompression_is_not_kept() {
        let cache = PointCache::new();
        let x = [9u8; 32];
        assert_eq!(cache.lift_x(&x, false, || None), None);
        assert_eq!(cache.lift_x(&x, false, || None), None);
        assert_eq!(
            cache.lift_x(&x, false, || Some(point(&x, 1))),
            Some(point(&x, 1))
        );
    }

    #[test]
    fn a_held_slot_is_a_miss_not_a_wait() {
        let cache = PointCache::new();
        let x = [5u8; 32];
        cache.lift_x(&x, false, || Some(point(&x, 1)));
        let slots = cache.slots.get().unwrap();
        let _held = slots[slot_index(&x)].lock();
        // Held elsewhere: decompressed afresh, and nothing is written.
        assert_eq!(
            cache.lift_x(&x, false, || Some(point(&x, 2))),
            Some(point(&x, 2))
        );
    }
}
