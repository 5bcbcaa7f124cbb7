//! Links the core without std (see Cargo.toml).
#![no_std]

extern crate alloc;

use core::alloc::{GlobalAlloc, Layout};
use sigma_auth_core::token::{Request, Verifier};
use sigma_auth_core::Timestamp;

/// An allocator that refuses every request: this crate is only built, never run.
struct NoAlloc;

unsafe impl GlobalAlloc for NoAlloc {
    unsafe fn alloc(&self, _layout: Layout) -> *mut u8 {
        core::ptr::null_mut()
    }
    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}
}

#[global_allocator]
static ALLOCATOR: NoAlloc = NoAlloc;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}

/// Verifies a token with the core, so the whole verification path is linked.
#[unsafe(no_mangle)]
pub extern "C" fn nostd_verify(token: *const u8, len: usize, now_millis: i64) -> i32 {
    if token.is_null() {
        return -1;
    }
    // SAFETY: the caller passes a valid buffer of `len` bytes.
    let bytes = unsafe { core::slice::from_raw_parts(token, len) };
    let Ok(text) = core::str::from_utf8(bytes) else { return -1 };
    let Ok(now) = Timestamp::from_unix_millis(now_millis) else { return -1 };
    match Verifier::new().verify(text, &Request::new("/"), now) {
        Ok(_) => 0,
        Err(e) => e.reason() as i32,
    }
}
