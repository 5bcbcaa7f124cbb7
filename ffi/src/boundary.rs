//! The panic and NULL boundary: one macro ([`ffi_boundary!`]) wraps every `extern "C"` body,
//! and the small helpers below turn C pointers into Rust values (or a `sigma_result`) in one
//! line each.
//!
//! The helpers take pointers straight from C. They are sound under the contract stated in
//! the header for every function: a non-NULL pointer points to a live object of the declared
//! type (a handle made by this library, a NUL-terminated string, `len` readable bytes, or
//! `cap` writable bytes) for the duration of the call. NULL is always checked here.

use core::ffi::{CStr, c_char};
use core::ptr::NonNull;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

use crate::result::sigma_result::{self, *};

/// Wraps the body of an `extern "C"` function: the body is a block evaluating to
/// `Result<T, sigma_result>` (use `?` on the helpers and on core results), run inside
/// `catch_unwind`. A panic becomes `SIGMA_INTERNAL_ERROR` (or NULL / nothing, by return type).
macro_rules! ffi_boundary {
    ($($body:tt)*) => {
        $crate::boundary::run(move || -> ::core::result::Result<_, $crate::result::sigma_result> {
            $($body)*
        })
    };
}

/// How a C return type expresses success, failure and a caught panic.
pub(crate) trait Outcome: Sized {
    /// What the body produces on success.
    type Value;
    /// The return value for a successful body.
    fn from_value(value: Self::Value) -> Self;
    /// The return value for a failed body (or a panic, as `SIGMA_INTERNAL_ERROR`).
    fn from_error(error: sigma_result) -> Self;
}

impl Outcome for sigma_result {
    type Value = ();
    fn from_value(_: ()) -> Self {
        SIGMA_OK
    }
    fn from_error(error: sigma_result) -> Self {
        error
    }
}

impl Outcome for () {
    type Value = ();
    fn from_value(_: ()) {}
    fn from_error(_: sigma_result) {}
}

impl Outcome for *const c_char {
    type Value = *const c_char;
    fn from_value(value: *const c_char) -> Self {
        value
    }
    fn from_error(_: sigma_result) -> Self {
        core::ptr::null()
    }
}

/// Runs an entry point's body behind the panic boundary (used by [`ffi_boundary!`]).
pub(crate) fn run<R: Outcome>(body: impl FnOnce() -> Result<R::Value, sigma_result>) -> R {
    quiet_panics();
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(value)) => R::from_value(value),
        Ok(Err(error)) => R::from_error(error),
        Err(_) => R::from_error(SIGMA_INTERNAL_ERROR),
    }
}

/// Replaces the default panic hook (which prints a message and maybe a backtrace to the host
/// program's stderr) with a silent one, once. A caught panic is reported as `SIGMA_INTERNAL_ERROR`.
/// Set `SIGMA_AUTH_PANIC_LOG=1` to get one line on stderr per caught panic.
fn quiet_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let log = std::env::var_os("SIGMA_AUTH_PANIC_LOG").is_some_and(|v| v == "1");
        std::panic::set_hook(Box::new(move |info| {
            if log {
                eprintln!("sigma_auth: panic caught at the C boundary: {info}");
            }
        }));
    });
}

/// A required reference argument.
pub(crate) fn arg<'a, T>(ptr: *const T) -> Result<&'a T, sigma_result> {
    // SAFETY: non-NULL pointers point to a live `T` (module contract).
    unsafe { ptr.as_ref() }.ok_or(SIGMA_NULL_PARAMETER)
}

/// An optional reference argument (NULL means "none").
pub(crate) fn opt_arg<'a, T>(ptr: *const T) -> Option<&'a T> {
    // SAFETY: as in `arg`.
    unsafe { ptr.as_ref() }
}

/// Refuses a length that no Rust slice may have (above `isize::MAX`, i.e. `PTRDIFF_MAX`) with
/// `SIGMA_INVALID_INPUT`. Every `(pointer, length)` and `(buffer, capacity)` argument passes
/// through here before any slice is made from it.
pub(crate) fn checked_len(len: usize) -> Result<usize, sigma_result> {
    if len > isize::MAX as usize {
        Err(SIGMA_INVALID_INPUT)
    } else {
        Ok(len)
    }
}

/// A required NUL-terminated UTF-8 string. Not UTF-8: `SIGMA_INVALID_INPUT`.
pub(crate) fn arg_str<'a>(ptr: *const c_char) -> Result<&'a str, sigma_result> {
    if ptr.is_null() {
        return Err(SIGMA_NULL_PARAMETER);
    }
    // SAFETY: non-NULL string pointers are NUL-terminated and live (module contract).
    let text = unsafe { CStr::from_ptr(ptr) };
    text.to_str().map_err(|_| SIGMA_INVALID_INPUT)
}

/// An optional NUL-terminated UTF-8 string (NULL means "none").
pub(crate) fn opt_arg_str<'a>(ptr: *const c_char) -> Result<Option<&'a str>, sigma_result> {
    if ptr.is_null() {
        Ok(None)
    } else {
        arg_str(ptr).map(Some)
    }
}

/// A required counted UTF-8 text `(pointer, length)` (the `_n` forms): NULL is allowed with
/// length 0 only (the empty text); a NUL byte inside is part of the text, never an end.
/// Not UTF-8: `SIGMA_INVALID_INPUT`.
pub(crate) fn arg_str_n<'a>(ptr: *const c_char, len: usize) -> Result<&'a str, sigma_result> {
    let bytes = arg_bytes(ptr.cast(), len)?;
    core::str::from_utf8(bytes).map_err(|_| SIGMA_INVALID_INPUT)
}

/// An optional counted UTF-8 text: NULL with length 0 means "none" (a non-NULL pointer with
/// length 0 is the empty text).
pub(crate) fn opt_arg_str_n<'a>(
    ptr: *const c_char,
    len: usize,
) -> Result<Option<&'a str>, sigma_result> {
    if ptr.is_null() && len == 0 {
        Ok(None)
    } else {
        arg_str_n(ptr, len).map(Some)
    }
}

/// A `(pointer, length)` byte argument; NULL is allowed with length 0 only; a length above
/// `isize::MAX` is `SIGMA_INVALID_INPUT`.
pub(crate) fn arg_bytes<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], sigma_result> {
    let len = checked_len(len)?;
    match (ptr.is_null(), len) {
        (true, 0) => Ok(&[]),
        (true, _) => Err(SIGMA_NULL_PARAMETER),
        // SAFETY: `ptr` points to `len` readable bytes (module contract), and `len` is at most
        // `isize::MAX` (checked above), as `from_raw_parts` requires.
        (false, _) => Ok(unsafe { core::slice::from_raw_parts(ptr, len) }),
    }
}

/// A `(pointer, count)` array of `T` values; NULL is allowed with count 0 only; a count whose
/// size in bytes exceeds `isize::MAX` is `SIGMA_INVALID_INPUT`.
pub(crate) fn arg_values<'a, T>(ptr: *const T, count: usize) -> Result<&'a [T], sigma_result> {
    let size = count
        .checked_mul(size_of::<T>())
        .ok_or(SIGMA_INVALID_INPUT)?;
    checked_len(size)?;
    match (ptr.is_null(), count) {
        (true, 0) => Ok(&[]),
        (true, _) => Err(SIGMA_NULL_PARAMETER),
        // SAFETY: `ptr` points to `count` readable, aligned values of `T` (module contract),
        // whose total size is at most `isize::MAX` (checked above).
        (false, _) => Ok(unsafe { core::slice::from_raw_parts(ptr, count) }),
    }
}

/// A required pointer to exactly `N` bytes, copied.
pub(crate) fn arg_array<const N: usize>(ptr: *const u8) -> Result<[u8; N], sigma_result> {
    let bytes = arg_bytes(ptr, N)?;
    let mut out = [0u8; N];
    out.copy_from_slice(bytes);
    Ok(out)
}

/// A checked, non-NULL out-parameter: written with `set`, never read.
pub(crate) struct Out<T>(NonNull<T>);

/// A required out-parameter.
pub(crate) fn out<T>(ptr: *mut T) -> Result<Out<T>, sigma_result> {
    NonNull::new(ptr).map(Out).ok_or(SIGMA_NULL_PARAMETER)
}

impl<T> Out<T> {
    /// Stores `value` without reading or dropping what the caller's memory held.
    pub(crate) fn set(&self, value: T) {
        // SAFETY: the pointer is non-NULL, aligned and writable (module contract).
        unsafe { self.0.as_ptr().write(value) }
    }
}

impl<T> Out<*mut T> {
    /// Moves `value` to the heap and hands the caller ownership through the out-parameter.
    pub(crate) fn set_handle(&self, value: T) {
        self.set(Box::into_raw(Box::new(value)));
    }
}

/// Releases a handle made by [`Out::set_handle`]; NULL is a no-op.
pub(crate) fn free_handle<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: `ptr` came from `Box::into_raw` in `set_handle` and is freed once (contract).
        drop(unsafe { Box::from_raw(ptr) });
    }
}

/// Copies `values` into a caller array `(buf, cap)` (`cap` counted in values): `*written` =
/// their number, or the number needed with `SIGMA_BUFFER_TOO_SMALL`; `buf` may be NULL only
/// with `cap` 0.
pub(crate) fn values_out<T: Copy>(
    buf: *mut T,
    cap: usize,
    written: *mut usize,
    values: &[T],
) -> Result<(), sigma_result> {
    let written = out(written)?;
    let cap = checked_len(cap)?;
    if buf.is_null() && cap != 0 {
        return Err(SIGMA_NULL_PARAMETER);
    }
    written.set(values.len());
    if values.len() > cap {
        return Err(SIGMA_BUFFER_TOO_SMALL);
    }
    // SAFETY: `buf` has room for `cap >= values.len()` values of `T` (module contract); ours is
    // a distinct Rust allocation.
    unsafe { core::ptr::copy_nonoverlapping(values.as_ptr(), buf, values.len()) };
    Ok(())
}

/// A caller buffer `(buf, cap)` and its `written` out-parameter, checked up front.
pub(crate) struct BufOut {
    buf: *mut u8,
    cap: usize,
    written: Out<usize>,
}

/// Checks a caller buffer: `written` is required; `buf` may be NULL only with `cap` 0 (a size
/// query); a capacity above `isize::MAX` is `SIGMA_INVALID_INPUT`.
pub(crate) fn buf_out(
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> Result<BufOut, sigma_result> {
    let written = out(written)?;
    let cap = checked_len(cap)?;
    if buf.is_null() && cap != 0 {
        return Err(SIGMA_NULL_PARAMETER);
    }
    Ok(BufOut { buf, cap, written })
}

/// [`buf_out`] for a `char *` text buffer.
pub(crate) fn text_out(
    buf: *mut c_char,
    cap: usize,
    written: *mut usize,
) -> Result<BufOut, sigma_result> {
    buf_out(buf.cast(), cap, written)
}

impl BufOut {
    /// Copies `bytes`; `*written` = their length, or the length needed with
    /// `SIGMA_BUFFER_TOO_SMALL`.
    pub(crate) fn bytes(&self, bytes: &[u8]) -> Result<(), sigma_result> {
        self.bytes_at_most(bytes, bytes.len())
    }

    /// [`BufOut::bytes`] for an output whose length varies from call to call (a random key
    /// ID): when it does not fit, `*written` is `most` (at least `bytes.len()`), the largest
    /// length any call with the same inputs can produce, so that the two-call pattern (ask
    /// the size, then call again) never fails.
    pub(crate) fn bytes_at_most(&self, bytes: &[u8], most: usize) -> Result<(), sigma_result> {
        if bytes.len() > self.cap {
            self.written.set(most.max(bytes.len()));
            return Err(SIGMA_BUFFER_TOO_SMALL);
        }
        // SAFETY: `buf` has `cap >= bytes.len()` writable bytes (contract); the regions are
        // distinct (ours is a Rust allocation or static).
        unsafe { core::ptr::copy_nonoverlapping(bytes.as_ptr(), self.buf, bytes.len()) };
        self.written.set(bytes.len());
        Ok(())
    }

    /// Copies `text` and a NUL; `*written` = the text length, or the capacity needed
    /// (text + NUL) with `SIGMA_BUFFER_TOO_SMALL`, leaving an empty string if `cap > 0`.
    pub(crate) fn text(&self, text: &str) -> Result<(), sigma_result> {
        self.text_at_most(text, text.len())
    }

    /// [`BufOut::text`] for a text whose length varies from call to call (a random key ID):
    /// when it does not fit, `*written` is `most + 1` (`most` at least `text.len()`), the
    /// capacity any call with the same inputs needs, so that the two-call pattern never fails.
    pub(crate) fn text_at_most(&self, text: &str, most: usize) -> Result<(), sigma_result> {
        let needed = text.len() + 1;
        if needed > self.cap {
            if self.cap > 0 {
                // SAFETY: at least one writable byte.
                unsafe { self.buf.write(0) };
            }
            self.written.set(most.max(text.len()) + 1);
            return Err(SIGMA_BUFFER_TOO_SMALL);
        }
        // SAFETY: `cap >= text.len() + 1` writable bytes.
        unsafe {
            core::ptr::copy_nonoverlapping(text.as_ptr(), self.buf, text.len());
            self.buf.add(text.len()).write(0);
        }
        self.written.set(text.len());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_internal_error_and_null() {
        let r: sigma_result = run(|| -> Result<(), sigma_result> { panic!("boom") });
        assert_eq!(r, SIGMA_INTERNAL_ERROR);
        let p: *const c_char = run(|| -> Result<*const c_char, sigma_result> { panic!("boom") });
        assert!(p.is_null());
        let r: sigma_result = run(|| Err(SIGMA_BAD_BODY));
        assert_eq!(r, SIGMA_BAD_BODY);
    }

    #[test]
    fn null_arguments_are_refused() {
        assert_eq!(
            arg::<u8>(core::ptr::null()).err(),
            Some(SIGMA_NULL_PARAMETER)
        );
        assert_eq!(arg_str(core::ptr::null()).err(), Some(SIGMA_NULL_PARAMETER));
        assert_eq!(
            arg_bytes(core::ptr::null(), 1).err(),
            Some(SIGMA_NULL_PARAMETER)
        );
        assert_eq!(arg_bytes(core::ptr::null(), 0).ok(), Some(&[][..]));
        assert!(out::<u8>(core::ptr::null_mut()).is_err());
        let mut n = 0usize;
        assert!(buf_out(core::ptr::null_mut(), 1, &mut n).is_err());
        assert!(buf_out(core::ptr::null_mut(), 0, core::ptr::null_mut()).is_err());
    }

    #[test]
    fn text_reports_needed_length() {
        let mut n = 0usize;
        let q = buf_out(core::ptr::null_mut(), 0, &mut n).unwrap();
        assert_eq!(q.text("abc"), Err(SIGMA_BUFFER_TOO_SMALL));
        assert_eq!(n, 4);
        let mut buf = [0x55u8; 4];
        let o = buf_out(buf.as_mut_ptr(), 3, &mut n).unwrap();
        assert_eq!(o.text("abc"), Err(SIGMA_BUFFER_TOO_SMALL));
        assert_eq!((n, buf[0]), (4, 0));
        let o = buf_out(buf.as_mut_ptr(), 4, &mut n).unwrap();
        assert_eq!(o.text("abc"), Ok(()));
        assert_eq!((n, &buf), (3, b"abc\0"));
    }

    #[test]
    fn lengths_above_isize_max_are_invalid_input() {
        let byte = 0u8;
        let huge = isize::MAX as usize + 1;
        assert_eq!(arg_bytes(&byte, huge).err(), Some(SIGMA_INVALID_INPUT));
        assert_eq!(
            arg_bytes(&byte, usize::MAX).err(),
            Some(SIGMA_INVALID_INPUT)
        );
        assert_eq!(
            arg_bytes(core::ptr::null(), usize::MAX).err(),
            Some(SIGMA_INVALID_INPUT)
        );
        assert_eq!(
            arg_str_n((&byte as *const u8).cast(), huge).err(),
            Some(SIGMA_INVALID_INPUT)
        );
        let mut n = 0usize;
        let mut buf = [0u8; 1];
        assert!(matches!(
            buf_out(buf.as_mut_ptr(), huge, &mut n),
            Err(SIGMA_INVALID_INPUT)
        ));
        assert_eq!(checked_len(isize::MAX as usize), Ok(isize::MAX as usize));
    }

    #[test]
    fn counted_text_keeps_nul_and_checks_utf8() {
        let text = b"/a\0/b";
        assert_eq!(arg_str_n(text.as_ptr().cast(), 5), Ok("/a\0/b"));
        assert_eq!(arg_str_n(core::ptr::null(), 0), Ok(""));
        assert_eq!(
            arg_str_n(core::ptr::null(), 1).err(),
            Some(SIGMA_NULL_PARAMETER)
        );
        assert_eq!(opt_arg_str_n(core::ptr::null(), 0), Ok(None));
        assert_eq!(opt_arg_str_n(text.as_ptr().cast(), 0), Ok(Some("")));
        let bad = [b'a', 0xff];
        assert_eq!(
            arg_str_n(bad.as_ptr().cast(), 2).err(),
            Some(SIGMA_INVALID_INPUT)
        );
    }

    #[test]
    fn varying_outputs_report_their_maximum() {
        let mut n = 0usize;
        let q = buf_out(core::ptr::null_mut(), 0, &mut n).unwrap();
        assert_eq!(q.text_at_most("abc", 10), Err(SIGMA_BUFFER_TOO_SMALL));
        assert_eq!(n, 11);
        assert_eq!(q.bytes_at_most(b"abc", 10), Err(SIGMA_BUFFER_TOO_SMALL));
        assert_eq!(n, 10);
        let mut buf = [0u8; 4];
        let o = buf_out(buf.as_mut_ptr(), 4, &mut n).unwrap();
        assert_eq!(o.text_at_most("abc", 10), Ok(()));
        assert_eq!(n, 3);
    }

    #[test]
    fn invalid_utf8_is_invalid_input() {
        let bad = [0xffu8, 0];
        assert_eq!(
            arg_str(bad.as_ptr().cast()).err(),
            Some(SIGMA_INVALID_INPUT)
        );
    }
}
