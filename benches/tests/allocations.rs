//! Allocation budget: how many heap allocations one strict token verification makes, after
//! warm-up, counted by a global allocator that counts only on the thread under measurement.
//! `cargo test -p sigma-auth-benches --test allocations -- --nocapture` prints the counts and
//! the size of each allocation.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use sigma_auth_benches::{KEY_ID, alice, now, request, spec, token, verifier};
use sigma_auth_core::Policy;
use sigma_auth_core::token::{self, Scheme};

/// Upper bounds, set at the measured counts (see the test output). Lower them when the core
/// allocates less; raising them needs a reason.
const BUDGET_VERIFY_BSM: usize = 2;
const BUDGET_VERIFY_BRC77: usize = 4;
const BUDGET_CREATE_BRC77: usize = 14;

struct Counting;

const MAX_SIZES: usize = 64;

thread_local! {
    static ON: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<usize> = const { Cell::new(0) };
    static SIZES: [Cell<usize>; MAX_SIZES] = const { [const { Cell::new(0) }; MAX_SIZES] };
}

fn note(size: usize) {
    // try_with: the thread-locals may be gone while a thread shuts down.
    let _ = ON.try_with(|on| {
        if on.get() {
            let n = COUNT.with(|c| {
                let n = c.get();
                c.set(n + 1);
                n
            });
            if n < MAX_SIZES {
                SIZES.with(|s| s[n].set(size));
            }
        }
    });
}

// SAFETY: forwards every call to the system allocator unchanged; only counts on the side.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations (and their sizes) made by `f` on this thread.
fn count<T>(f: impl FnOnce() -> T) -> (usize, Vec<usize>, T) {
    COUNT.with(|c| c.set(0));
    ON.with(|on| on.set(true));
    let out = f();
    ON.with(|on| on.set(false));
    let n = COUNT.with(Cell::get);
    let sizes = SIZES.with(|s| s.iter().take(n.min(MAX_SIZES)).map(Cell::get).collect());
    (n, sizes, out)
}

fn verify_allocations(scheme: Scheme) -> (usize, Vec<usize>) {
    let tok = token(scheme);
    let req = request();
    let v = verifier(Policy::Strict);
    for _ in 0..3 {
        v.verify(&tok, &req, now()).expect("warm-up verification");
    }
    let (n, sizes, result) = count(|| v.verify(&tok, &req, now()));
    let verified = result.expect("verification");
    assert_eq!(&verified.pubkey, alice().public_key());
    (n, sizes)
}

#[test]
fn counter_sees_allocations() {
    // Negative control: the counter must see an allocation that certainly happens.
    let (n, sizes, v) = count(|| std::hint::black_box(vec![1u8; 100]));
    assert_eq!((n, sizes), (1, vec![100]));
    drop(v);
    let (n, _, ()) = count(|| ());
    assert_eq!(n, 0);
}

#[test]
fn strict_bsm_verify_allocations() {
    let (n, sizes) = verify_allocations(Scheme::Bsm);
    println!("strict bsm token verify: {n} allocations, sizes {sizes:?}");
    assert!(
        n <= BUDGET_VERIFY_BSM,
        "{n} allocations > budget {BUDGET_VERIFY_BSM}: {sizes:?}"
    );
}

#[test]
fn strict_brc77_verify_allocations() {
    let (n, sizes) = verify_allocations(Scheme::Brc77);
    println!("strict brc77 token verify: {n} allocations, sizes {sizes:?}");
    assert!(
        n <= BUDGET_VERIFY_BRC77,
        "{n} allocations > budget {BUDGET_VERIFY_BRC77}: {sizes:?}"
    );
}

#[test]
fn brc77_create_allocations() {
    let key = alice();
    let sp = spec(Scheme::Brc77);
    token::create(&key, &sp, KEY_ID).expect("warm-up");
    let (n, sizes, tok) = count(|| token::create(&key, &sp, KEY_ID));
    tok.expect("token");
    println!("brc77 token create: {n} allocations, sizes {sizes:?}");
    assert!(
        n <= BUDGET_CREATE_BRC77,
        "{n} allocations > budget {BUDGET_CREATE_BRC77}: {sizes:?}"
    );
}
