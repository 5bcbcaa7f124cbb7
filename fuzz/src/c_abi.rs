//! The `c_abi` target: the fuzzer's bytes become a sequence of calls to the `extern "C"`
//! functions of the C ABI (`sigma-auth-ffi`, lib name `sigma_auth`, `include/sigma_auth.h`),
//! made the way a C caller may make them.
//!
//! * Byte and text arguments are real buffers (fresh bytes, with NULs and invalid UTF-8, or an
//!   earlier call's output such as a token or an envelope, whole, with one byte changed, cut
//!   short or extended) passed with their length, a shorter length, NULL with length 0, NULL
//!   with a length (refused), or a length above `isize::MAX` (refused before anything is
//!   read). A length larger than the buffer below `isize::MAX` is never passed: that would be
//!   the caller's undefined behaviour, not the library's.
//! * NUL-terminated forms get the same bytes with a NUL appended (an inner NUL ends them early).
//! * Handles are NULL or handles of the right type made earlier in the same input from fuzzed
//!   keys, WIFs, hex, derivations and verifier settings; never a forged pointer.
//! * Output buffers are a size query (NULL, 0), NULL with a capacity, a real buffer of random
//!   capacity with guard bytes behind it, or a capacity above `isize::MAX`.
//!
//! Every call must return `SIGMA_OK` or a code its documentation names (never
//! `SIGMA_INTERNAL_ERROR`), and keep the output rules: nothing written past the capacity; a
//! text output NUL-terminated with `*written` its length; `SIGMA_BUFFER_TOO_SMALL` writes
//! nothing but an empty string and sets `*written` to a size with which the same call does not
//! fail for lack of room; a handle or `*out` only on success; a refused argument never gives
//! `SIGMA_OK`. On success, round trips are checked: a created token verifies for its own
//! request and signer, signatures verify, ciphertexts open, keys read back, and the `_n` form
//! and the NUL-terminated form of a call agree whenever their texts hold no NUL.
//!
//! Input: operations until the bytes run out (at most [`MAX_OPS`]), each an opcode byte and its
//! arguments; a missing byte reads as 0, so every input is a program. `fuzz/seed-c-abi` writes
//! the seeds and documents the layout of each operation.

use core::ffi::{CStr, c_char};
use core::ptr::{null, null_mut};

use sigma_auth::crypto::*;
use sigma_auth::ecdh::*;
use sigma_auth::ecdsa::*;
use sigma_auth::encryption::*;
use sigma_auth::keys::*;
use sigma_auth::result::sigma_result::{self, *};
use sigma_auth::result::{sigma_result_all, sigma_result_code, sigma_result_message};
use sigma_auth::sigma_version;
use sigma_auth::token::*;
use sigma_auth::verifier::*;

/// The most operations one input runs.
pub const MAX_OPS: usize = 64;
/// The smallest length the library must refuse unread (`isize::MAX + 1`).
const HUGE: usize = isize::MAX as usize + 1;
/// The guard bytes behind every output buffer.
const GUARD: u8 = 0xA5;
/// How many handles (and earlier outputs) of each kind are kept.
const POOL: usize = 8;
/// A plausible verification instant: `2025-01-15T12:01:00.000Z`.
const NOW: i64 = 1_736_942_460_000;

/// Argument errors any entry point may return.
const ARGUMENTS: &[sigma_result] = &[SIGMA_NULL_PARAMETER, SIGMA_INVALID_INPUT];
/// Every token verification reason (1 to 15) and a timestamp out of range.
const VERIFY: &[sigma_result] = &[
    SIGMA_MALFORMED_TOKEN,
    SIGMA_UNSUPPORTED_SCHEME,
    SIGMA_BAD_PUBKEY,
    SIGMA_BAD_SIGNATURE_ENCODING,
    SIGMA_SIGNER_MISMATCH,
    SIGMA_PATH_MISMATCH,
    SIGMA_EXPIRED,
    SIGMA_NOT_YET_VALID,
    SIGMA_BAD_TIMESTAMP,
    SIGMA_INVALID_SIGNATURE,
    SIGMA_REPLAYED,
    SIGMA_BAD_BODY,
    SIGMA_UNSUPPORTED_BODY_ENCODING,
    SIGMA_RECIPIENT_REQUIRED,
    SIGMA_MISSING_TOKEN,
    SIGMA_INVALID_TIMESTAMP,
];
const CREATE: &[sigma_result] = &[
    SIGMA_BUFFER_TOO_SMALL,
    SIGMA_INVALID_TIMESTAMP,
    SIGMA_INVALID_HEX,
    SIGMA_INVALID_BASE64,
    SIGMA_UNSUPPORTED_BODY_ENCODING,
];
const BRC77_VERIFY: &[sigma_result] = &[
    SIGMA_SIGNATURE_MISMATCH,
    SIGMA_VERSION_MISMATCH,
    SIGMA_INVALID_LENGTH,
    SIGMA_INVALID_PUBLIC_KEY,
    SIGMA_INVALID_SIGNATURE_ENCODING,
    SIGMA_RECIPIENT_REQUIRED,
    SIGMA_WRONG_RECIPIENT,
];
const BRC78_DECRYPT: &[sigma_result] = &[
    SIGMA_BUFFER_TOO_SMALL,
    SIGMA_VERSION_MISMATCH,
    SIGMA_INVALID_LENGTH,
    SIGMA_INVALID_PUBLIC_KEY,
    SIGMA_WRONG_RECIPIENT,
    SIGMA_DECRYPTION_FAILED,
];

/// Asserts that `rc` is `SIGMA_OK`, an argument error or one of `allowed`, and not `SIGMA_OK`
/// when an argument had to be refused.
fn check(call: &str, rc: sigma_result, allowed: &[sigma_result], refused: bool) {
    assert!(
        rc == SIGMA_OK || ARGUMENTS.contains(&rc) || allowed.contains(&rc),
        "{call}: undocumented result {rc:?}"
    );
    assert!(
        !(refused && rc == SIGMA_OK),
        "{call}: SIGMA_OK with a refused argument"
    );
}

/// The fuzzer's bytes, read front to back; a missing byte reads as 0.
struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }
    fn flag(&mut self) -> bool {
        self.byte() & 1 == 1
    }
    fn u64(&mut self) -> u64 {
        let mut v = [0u8; 8];
        for b in &mut v {
            *b = self.byte();
        }
        u64::from_le_bytes(v)
    }
    /// A length byte, then up to that many bytes.
    fn chunk(&mut self) -> &'a [u8] {
        let n = usize::from(self.byte()).min(self.0.len());
        let (c, rest) = self.0.split_at(n);
        self.0 = rest;
        c
    }
    /// 32 bytes, zero-filled past the end.
    fn array32(&mut self) -> [u8; 32] {
        let mut v = [0u8; 32];
        for b in &mut v {
            *b = self.byte();
        }
        v
    }
}

/// How a byte or text argument reaches the library.
#[derive(Clone, Copy, Debug)]
enum Pass {
    /// NULL with length 0: the empty input (or "none" where optional).
    NullEmpty,
    /// NULL with a non-zero length: refused.
    NullWithLen(usize),
    /// The whole buffer.
    Whole,
    /// The first bytes of the buffer.
    Prefix(usize),
    /// A length above `isize::MAX`: refused before reading.
    Huge(usize),
}

/// A byte or text argument: a real buffer and how it is passed.
struct Arg {
    bytes: Vec<u8>,
    pass: Pass,
    /// The bytes seen by the callee, with a NUL appended (for the NUL-terminated forms).
    c: Vec<u8>,
}

impl Arg {
    fn new(bytes: Vec<u8>, mode: u8, extra: u8) -> Arg {
        let pass = match mode % 16 {
            0 => Pass::NullEmpty,
            1 => Pass::NullWithLen(usize::from(mode >> 4) + 1),
            2 => Pass::Huge(match mode >> 4 {
                0 => HUGE,
                1 => usize::MAX,
                n => HUGE + usize::from(n) * 0x0123_4567 + usize::from(extra),
            }),
            3 | 4 => Pass::Prefix(usize::from(extra)),
            _ => Pass::Whole,
        };
        let mut arg = Arg {
            bytes,
            pass,
            c: Vec::new(),
        };
        arg.c = arg.seen().iter().copied().chain([0]).collect();
        arg
    }
    /// The bytes the callee may read through the counted form.
    fn seen(&self) -> &[u8] {
        match self.pass {
            Pass::Whole => &self.bytes,
            Pass::Prefix(n) => &self.bytes[..n.min(self.bytes.len())],
            _ => &[],
        }
    }
    /// `(pointer, length)` for a counted argument.
    fn counted(&self) -> (*const u8, usize) {
        match self.pass {
            Pass::NullEmpty => (null(), 0),
            Pass::NullWithLen(n) => (null(), n),
            Pass::Whole | Pass::Prefix(_) => (self.bytes.as_ptr(), self.seen().len()),
            Pass::Huge(n) => (self.bytes.as_ptr(), n),
        }
    }
    fn text_n(&self) -> (*const c_char, usize) {
        let (p, n) = self.counted();
        (p.cast(), n)
    }
    /// A NUL-terminated string, or NULL for the NULL passes.
    fn c_str(&self) -> *const c_char {
        match self.pass {
            Pass::NullEmpty | Pass::NullWithLen(_) => null(),
            _ => self.c.as_ptr().cast(),
        }
    }
    /// The text a NUL-terminated form reads: up to the first NUL (None for NULL).
    fn c_seen(&self) -> Option<&[u8]> {
        if self.c_str().is_null() {
            return None;
        }
        let end = self.c.iter().position(|&b| b == 0).unwrap_or(0);
        Some(&self.c[..end])
    }
    /// Whether the counted form must refuse this argument.
    fn refused_counted(&self) -> bool {
        matches!(self.pass, Pass::NullWithLen(_) | Pass::Huge(_))
    }
    /// Whether the counted and the NUL-terminated forms read the same text.
    fn same_both_ways(&self) -> bool {
        matches!(self.pass, Pass::Whole | Pass::Prefix(_)) && !self.seen().contains(&0)
    }
}

/// A caller output buffer.
#[derive(Clone, Copy, Debug)]
enum Buf {
    /// NULL with capacity 0: a size query.
    Query,
    /// NULL with a capacity: refused.
    NullWithCap(usize),
    /// A real buffer of this capacity.
    Real(usize),
    /// A real buffer with a capacity above `isize::MAX`: refused.
    HugeCap,
}

impl Buf {
    fn read(inp: &mut Input) -> Buf {
        let b = inp.byte();
        match b % 8 {
            0 => Buf::Query,
            1 => Buf::NullWithCap(usize::from(b >> 3) + 1),
            2 => Buf::HugeCap,
            3 | 4 => Buf::Real(usize::from(inp.byte())),
            _ => Buf::Real(usize::from(inp.byte()) * 4),
        }
    }
    fn refused(self) -> bool {
        matches!(self, Buf::NullWithCap(_) | Buf::HugeCap)
    }
}

/// Storage behind a [`Buf`], with guard bytes after the capacity.
struct Output {
    storage: Vec<u8>,
    cap: usize,
    null: bool,
    written: usize,
}

impl Output {
    fn new(b: Buf) -> Output {
        let (storage, cap, null) = match b {
            Buf::Query => (Vec::new(), 0, true),
            Buf::NullWithCap(c) => (Vec::new(), c, true),
            Buf::Real(c) => (vec![GUARD; c + 16], c, false),
            Buf::HugeCap => (vec![GUARD; 16], HUGE, false),
        };
        Output {
            storage,
            cap,
            null,
            written: usize::MAX,
        }
    }
    fn ptr(&mut self) -> *mut u8 {
        if self.null {
            null_mut()
        } else {
            self.storage.as_mut_ptr()
        }
    }
    /// The output rules of the header, for a text (`text`) or a byte output.
    fn check(&self, call: &str, rc: sigma_result, text: bool) {
        if self.null {
            match rc {
                SIGMA_OK => {
                    assert!(!text, "{call}: a text in a NULL buffer");
                    assert_eq!(self.written, 0, "{call}: bytes into a NULL buffer");
                }
                SIGMA_BUFFER_TOO_SMALL => {
                    assert!(self.written > self.cap, "{call}: too small yet fits")
                }
                _ => {}
            }
            return;
        }
        let room = self.cap.min(self.storage.len());
        assert!(
            self.storage[room..].iter().all(|&b| b == GUARD),
            "{call}: written past the capacity"
        );
        match rc {
            SIGMA_OK if text => {
                assert!(self.written < self.cap, "{call}: no room for the NUL");
                let out = &self.storage[..self.written];
                assert_eq!(self.storage[self.written], 0, "{call}: no NUL");
                assert!(!out.contains(&0), "{call}: a NUL inside the text");
                assert!(core::str::from_utf8(out).is_ok(), "{call}: not UTF-8");
            }
            SIGMA_OK => assert!(self.written <= self.cap, "{call}: *written > cap"),
            SIGMA_BUFFER_TOO_SMALL => {
                assert!(self.written > self.cap, "{call}: too small yet fits");
                let untouched = if text && room > 0 {
                    assert_eq!(self.storage[0], 0, "{call}: not an empty string");
                    &self.storage[1..room]
                } else {
                    &self.storage[..room]
                };
                assert!(
                    untouched.iter().all(|&b| b == GUARD),
                    "{call}: wrote more than an empty string into a small buffer"
                );
            }
            _ => {}
        }
    }
    fn bytes(&self) -> Vec<u8> {
        self.storage[..self.written].to_vec()
    }
}

/// What the second call of the two-call pattern must give.
#[derive(Clone, Copy, PartialEq)]
enum Again {
    /// `SIGMA_OK`: the output depends only on arguments that were already accepted.
    Ok,
    /// Anything but `SIGMA_BUFFER_TOO_SMALL` (the size is known before a check that may fail,
    /// e.g. decryption).
    NotTooSmall,
}

/// Calls `call(buf, cap, written)` with the buffer `b` and checks the output rules; after
/// `SIGMA_BUFFER_TOO_SMALL`, calls again with a buffer of the capacity reported (the two-call
/// pattern). Returns the first result and the output of the call that succeeded.
fn with_output(
    name: &str,
    b: Buf,
    text: bool,
    allowed: &[sigma_result],
    refused: bool,
    again: Again,
    mut call: impl FnMut(*mut u8, usize, *mut usize) -> sigma_result,
) -> (sigma_result, Option<Vec<u8>>) {
    let mut o = Output::new(b);
    let rc = call(o.ptr(), o.cap, &mut o.written);
    check(name, rc, allowed, refused || b.refused());
    o.check(name, rc, text);
    match rc {
        SIGMA_OK => (rc, Some(o.bytes())),
        SIGMA_BUFFER_TOO_SMALL => {
            assert!(o.written <= 1 << 20, "{name}: asks for {} bytes", o.written);
            let mut o2 = Output::new(Buf::Real(o.written));
            let rc2 = call(o2.ptr(), o2.cap, &mut o2.written);
            check(name, rc2, allowed, refused);
            o2.check(name, rc2, text);
            match again {
                // A refused argument may be found only once there is room.
                _ if refused => {}
                Again::Ok => assert_eq!(rc2, SIGMA_OK, "{name}: the two-call pattern failed"),
                Again::NotTooSmall => assert_ne!(
                    rc2, SIGMA_BUFFER_TOO_SMALL,
                    "{name}: too small again with the size it asked for"
                ),
            }
            (rc, (rc2 == SIGMA_OK).then(|| o2.bytes()))
        }
        _ => (rc, None),
    }
}

/// A verification outcome filled with values the library never writes, to see that it wrote.
fn blank_verification() -> sigma_verification {
    sigma_verification {
        valid: true,
        result: SIGMA_INTERNAL_ERROR,
        scheme: sigma_scheme::Brc77,
        timestamp_unix_millis: -1,
        pubkey: [0xEE; 33],
        pubkey_hex: [b'x' as c_char; 67],
        replay_id: [0xEE; 32],
    }
}

/// The rules of a written `sigma_verification`.
fn check_verification(out: &sigma_verification, rc: sigma_result) {
    assert_eq!(out.result, rc, "verification.result");
    assert_eq!(out.valid, rc == SIGMA_OK, "verification.valid");
    let hex: Vec<u8> = out.pubkey_hex.iter().map(|&c| c as u8).collect();
    if out.valid {
        let digits: String = out.pubkey.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(&hex[..66], digits.as_bytes(), "pubkey_hex is not pubkey");
        assert_eq!(hex[66], 0, "pubkey_hex not NUL-terminated");
    } else {
        assert_eq!(hex[0], 0, "pubkey_hex not empty when refused");
        assert_eq!(out.pubkey, [0; 33], "pubkey not zero when refused");
    }
}

/// The handles made so far (owned, freed on drop) and earlier outputs, as material.
struct State {
    keys: Vec<*mut sigma_private_key>,
    pubs: Vec<*mut sigma_public_key>,
    verifiers: Vec<*mut sigma_verifier>,
    made: Vec<Vec<u8>>,
    made_count: usize,
    /// A strict verifier with the widest window, for round trips.
    wide: *mut sigma_verifier,
}

impl Drop for State {
    fn drop(&mut self) {
        self.keys.drain(..).for_each(|h| sigma_private_key_free(h));
        self.pubs.drain(..).for_each(|h| sigma_public_key_free(h));
        self.verifiers
            .drain(..)
            .for_each(|h| sigma_verifier_free(h));
        sigma_verifier_free(self.wide);
    }
}

/// A handle argument: byte 0 is NULL, else one of the pool.
fn pick<T>(pool: &[*mut T], b: u8) -> *const T {
    if b == 0 || pool.is_empty() {
        null()
    } else {
        pool[usize::from(b - 1) % pool.len()]
    }
}

/// Keeps a new handle (or frees it when the pool is full).
fn keep<T>(pool: &mut Vec<*mut T>, h: *mut T, free: extern "C" fn(*mut T)) {
    if h.is_null() {
        return;
    }
    if pool.len() < POOL {
        pool.push(h);
    } else {
        free(h);
    }
}

/// The compressed SEC1 bytes of a public key handle.
fn compressed(key: *const sigma_public_key) -> [u8; 33] {
    let mut out = [0u8; 33];
    let mut n = 0;
    let rc = sigma_public_key_to_compressed(key, out.as_mut_ptr(), 33, &mut n);
    assert_eq!((rc, n), (SIGMA_OK, 33), "public_key_to_compressed");
    out
}

/// The compressed public key of a private key handle.
fn public_of(key: *const sigma_private_key) -> [u8; 33] {
    let mut p = null_mut();
    assert_eq!(sigma_private_key_public_key(key, &mut p), SIGMA_OK);
    let out = compressed(p);
    sigma_public_key_free(p);
    out
}

/// The five `|`-separated fields of a token, if it has them.
fn fields(token: &[u8]) -> Option<Vec<&[u8]>> {
    let parts: Vec<&[u8]> = token.split(|&b| b == b'|').collect();
    (parts.len() == 5).then_some(parts)
}

impl State {
    fn new() -> State {
        let mut wide = null_mut();
        let rc = sigma_verifier_new(u64::MAX, u64::MAX, 0, &mut wide);
        assert_eq!(rc, SIGMA_OK, "verifier_new with the widest window");
        State {
            keys: Vec::new(),
            pubs: Vec::new(),
            verifiers: Vec::new(),
            made: Vec::new(),
            made_count: 0,
            wide,
        }
    }

    fn remember(&mut self, out: &[u8]) {
        if self.made.len() < 2 * POOL {
            self.made.push(out.to_vec());
        } else {
            self.made[self.made_count % (2 * POOL)] = out.to_vec();
        }
        self.made_count += 1;
    }

    /// Bytes for an argument: fresh from the input, or an earlier output (whole, with a byte
    /// changed, cut short, or extended).
    fn material(&self, inp: &mut Input) -> Vec<u8> {
        let sel = inp.byte();
        if sel & 0x80 == 0 || self.made.is_empty() {
            return inp.chunk().to_vec();
        }
        let mut v = self.made[usize::from(sel & 0x0f) % self.made.len()].clone();
        match (sel >> 4) & 7 {
            0..=3 => {}
            4 | 5 => {
                let (at, value) = (inp.byte(), inp.byte());
                if !v.is_empty() {
                    let i = usize::from(at) * v.len() / 256;
                    v[i] = value;
                }
            }
            6 => v.truncate(usize::from(inp.byte()) * v.len() / 256),
            _ => v.extend_from_slice(inp.chunk()),
        }
        v
    }

    /// An argument: its material, then a mode byte and an extra byte.
    fn arg(&self, inp: &mut Input) -> Arg {
        let bytes = self.material(inp);
        let (mode, extra) = (inp.byte(), inp.byte());
        Arg::new(bytes, mode, extra)
    }

    fn key(&self, inp: &mut Input) -> *const sigma_private_key {
        pick(&self.keys, inp.byte())
    }
    fn public(&self, inp: &mut Input) -> *const sigma_public_key {
        pick(&self.pubs, inp.byte())
    }

    /// Runs one operation.
    fn step(&mut self, inp: &mut Input) {
        match inp.byte() % 20 {
            0 => self.key_from_bytes(inp),
            1 => self.key_from_wif(inp),
            2 => self.public_from_input(inp),
            3 => self.public_of_key(inp),
            4 => self.verifier_new(inp),
            5 => self.token_create(inp),
            6 => self.verify(inp),
            7 => self.parse(inp),
            8 => self.bsm(inp),
            9 => self.brc42(inp),
            10 => self.brc77_sign(inp),
            11 => self.brc77_verify(inp),
            12 => self.brc78_encrypt(inp),
            13 => self.brc78_decrypt(inp),
            14 => self.symmetric(inp),
            15 => self.ecdsa(inp),
            16 => self.ecdh(inp),
            17 => self.key_outputs(inp),
            18 => self.results(inp),
            _ => self.free(inp),
        }
    }

    fn key_from_bytes(&mut self, inp: &mut Input) {
        let a = self.arg(inp);
        let (p, n) = a.counted();
        let mut k = null_mut();
        let rc = sigma_private_key_from_bytes(p, n, &mut k);
        let allowed = [SIGMA_INVALID_LENGTH, SIGMA_INVALID_PRIVATE_KEY];
        check("private_key_from_bytes", rc, &allowed, a.refused_counted());
        assert_eq!(rc == SIGMA_OK, !k.is_null(), "a handle iff SIGMA_OK");
        if rc == SIGMA_OK {
            let mut back = [0u8; 32];
            let mut w = 0;
            let rc = sigma_private_key_to_bytes(k, back.as_mut_ptr(), 32, &mut w);
            assert_eq!((rc, w, &back[..]), (SIGMA_OK, 32, a.seen()), "key bytes");
        }
        keep(&mut self.keys, k, sigma_private_key_free);
    }

    fn key_from_wif(&mut self, inp: &mut Input) {
        let a = self.arg(inp);
        let counted = inp.flag();
        let allowed = [SIGMA_INVALID_WIF, SIGMA_INVALID_PRIVATE_KEY];
        let mut k = null_mut();
        let rc = if counted {
            let (t, n) = a.text_n();
            let rc = sigma_private_key_from_wif_n(t, n, &mut k);
            check("private_key_from_wif_n", rc, &allowed, a.refused_counted());
            if a.same_both_ways() {
                let mut k2 = null_mut();
                let rc2 = sigma_private_key_from_wif(a.c_str(), &mut k2);
                assert_eq!(rc, rc2, "private_key_from_wif and _n disagree");
                if rc2 == SIGMA_OK {
                    assert_eq!(public_of(k), public_of(k2));
                }
                sigma_private_key_free(k2);
            }
            rc
        } else {
            let rc = sigma_private_key_from_wif(a.c_str(), &mut k);
            check("private_key_from_wif", rc, &allowed, false);
            rc
        };
        assert_eq!(rc == SIGMA_OK, !k.is_null(), "a handle iff SIGMA_OK");
        keep(&mut self.keys, k, sigma_private_key_free);
    }

    fn public_from_input(&mut self, inp: &mut Input) {
        let a = self.arg(inp);
        let form = inp.byte() % 3;
        let allowed = [
            SIGMA_INVALID_HEX,
            SIGMA_INVALID_LENGTH,
            SIGMA_INVALID_PUBLIC_KEY,
        ];
        let mut p = null_mut();
        let rc = match form {
            0 => {
                let (b, n) = a.counted();
                let rc = sigma_public_key_from_sec1(b, n, &mut p);
                check("public_key_from_sec1", rc, &allowed, a.refused_counted());
                if rc == SIGMA_OK && a.seen().len() == 33 {
                    assert_eq!(&compressed(p)[..], a.seen(), "SEC1 round trip");
                }
                rc
            }
            1 => {
                let (t, n) = a.text_n();
                let rc = sigma_public_key_from_hex_n(t, n, &mut p);
                check("public_key_from_hex_n", rc, &allowed, a.refused_counted());
                if a.same_both_ways() {
                    let mut p2 = null_mut();
                    let rc2 = sigma_public_key_from_hex(a.c_str(), &mut p2);
                    assert_eq!(rc, rc2, "public_key_from_hex and _n disagree");
                    sigma_public_key_free(p2);
                }
                rc
            }
            _ => {
                let rc = sigma_public_key_from_hex(a.c_str(), &mut p);
                check("public_key_from_hex", rc, &allowed, false);
                rc
            }
        };
        assert_eq!(rc == SIGMA_OK, !p.is_null(), "a handle iff SIGMA_OK");
        keep(&mut self.pubs, p, sigma_public_key_free);
    }

    fn public_of_key(&mut self, inp: &mut Input) {
        let k = self.key(inp);
        let mut p = null_mut();
        let rc = sigma_private_key_public_key(k, &mut p);
        check("private_key_public_key", rc, &[], k.is_null());
        assert_eq!(rc == SIGMA_OK, !p.is_null(), "a handle iff SIGMA_OK");
        keep(&mut self.pubs, p, sigma_public_key_free);
    }

    fn verifier_new(&mut self, inp: &mut Input) {
        let (age, skew) = (inp.u64(), inp.u64());
        let policy = u32::from(inp.byte() % 3);
        let null_out = inp.byte() == 0xFF;
        let mut v: *mut sigma_verifier = null_mut();
        let out = if null_out {
            null_mut()
        } else {
            &mut v as *mut _
        };
        let rc = sigma_verifier_new(age, skew, policy, out);
        check("verifier_new", rc, &[], null_out || policy > 1);
        assert_eq!(rc == SIGMA_OK, !v.is_null(), "a handle iff SIGMA_OK");
        keep(&mut self.verifiers, v, sigma_verifier_free);
    }

    fn token_create(&mut self, inp: &mut Input) {
        let key = self.key(inp);
        let path = self.arg(inp);
        let body = self.arg(inp);
        let encoding = self.arg(inp);
        let scheme = u32::from(inp.byte() % 3);
        let ts = match inp.byte() % 4 {
            0 => inp.u64() as i64,
            _ => NOW - i64::from(inp.byte()) * 1000,
        };
        let key_id = inp.array32();
        let key_id_ptr = if inp.byte() == 0xFF {
            null()
        } else {
            key_id.as_ptr()
        };
        let (variant, b) = (inp.byte() % 4, Buf::read(inp));
        let (bp, bn) = body.counted();
        let refused = key.is_null()
            || scheme > 1
            || body.refused_counted()
            || (variant < 2 && key_id_ptr.is_null());
        let counted = variant & 1 == 1;
        let refused = refused
            || (counted && (path.refused_counted() || encoding.refused_counted()))
            || (!counted && path.c_str().is_null());
        let name = [
            "token_create",
            "token_create_n",
            "token_create_random",
            "token_create_random_n",
        ][usize::from(variant)];
        let again = Again::Ok;
        let (rc, out) = with_output(name, b, true, CREATE, refused, again, |buf, cap, w| {
            let buf = buf.cast::<c_char>();
            let ((p, pn), (e, en)) = (path.text_n(), encoding.text_n());
            let (pc, ec) = (path.c_str(), encoding.c_str());
            match variant {
                0 => sigma_token_create(key, pc, scheme, ts, bp, bn, ec, key_id_ptr, buf, cap, w),
                1 => sigma_token_create_n(
                    key, p, pn, scheme, ts, bp, bn, e, en, key_id_ptr, buf, cap, w,
                ),
                2 => sigma_token_create_random(key, pc, scheme, ts, bp, bn, ec, buf, cap, w),
                _ => {
                    sigma_token_create_random_n(key, p, pn, scheme, ts, bp, bn, e, en, buf, cap, w)
                }
            }
        });
        let _ = rc;
        let Some(token) = out else { return };
        // The token verifies for the request it was made for, by its key, at its own time.
        let (p, pn) = if counted {
            path.text_n()
        } else {
            let s = path.c_seen().unwrap_or_default();
            (s.as_ptr().cast(), s.len())
        };
        let (e, en) = if counted {
            encoding.text_n()
        } else {
            encoding
                .c_seen()
                .map_or((null(), 0), |s| (s.as_ptr().cast(), s.len()))
        };
        let mut v = blank_verification();
        let rc = sigma_verifier_verify_n(
            self.wide,
            token.as_ptr().cast(),
            token.len(),
            p,
            pn,
            bp,
            bn,
            e,
            en,
            ts,
            &mut v,
        );
        assert_eq!(rc, SIGMA_OK, "{name}: the token does not verify");
        check_verification(&v, rc);
        assert_eq!(v.pubkey, public_of(key), "{name}: another signer");
        assert_eq!(v.timestamp_unix_millis, ts, "{name}: another time");
        assert_eq!(v.scheme as u32, scheme, "{name}: another scheme");
        self.remember(&token);
    }

    fn verify(&mut self, inp: &mut Input) {
        let verifier = match inp.byte() {
            0 => null(),
            1 => self.wide.cast_const(),
            b => pick(&self.verifiers, b - 1),
        };
        let token = self.arg(inp);
        // The path: an argument of its own, or the path field of the token.
        let own_path = inp.flag();
        let mut path = self.arg(inp);
        if own_path && let Some(f) = fields(token.seen()) {
            path = Arg::new(f[3].to_vec(), 0xFF, 0);
        }
        let body = self.arg(inp);
        let encoding = self.arg(inp);
        let now = match inp.byte() % 4 {
            0 => inp.u64() as i64,
            _ => NOW + i64::from(inp.byte() as i8) * 10_000,
        };
        let (variant, null_out) = (inp.byte() % 4, inp.byte() == 0xFF);
        let (bp, bn) = body.counted();
        let mut v = blank_verification();
        let out = if null_out {
            null_mut()
        } else {
            &mut v as *mut _
        };
        let ((t, tn), (p, pn), (e, en)) = (token.text_n(), path.text_n(), encoding.text_n());
        let (tc, pc, ec) = (token.c_str(), path.c_str(), encoding.c_str());
        let rc = match variant {
            0 => sigma_verifier_verify(verifier, tc, pc, bp, bn, ec, now, out),
            1 => sigma_verifier_verify_n(verifier, t, tn, p, pn, bp, bn, e, en, now, out),
            2 => sigma_verifier_verify_now(verifier, tc, pc, bp, bn, ec, out),
            _ => sigma_verifier_verify_now_n(verifier, t, tn, p, pn, bp, bn, e, en, out),
        };
        let counted = variant & 1 == 1;
        // `out` is required (NULL: SIGMA_NULL_PARAMETER); when given it is always written.
        let refused = verifier.is_null()
            || null_out
            || body.refused_counted()
            || (counted
                && [&token, &path, &encoding]
                    .iter()
                    .any(|a| a.refused_counted()))
            || (!counted && (tc.is_null() || pc.is_null()));
        check("verifier_verify", rc, VERIFY, refused);
        if !null_out {
            check_verification(&v, rc);
        }
        if variant == 1
            && [&token, &path, &encoding]
                .iter()
                .all(|a| a.same_both_ways())
        {
            let mut v2 = blank_verification();
            let out2 = if null_out {
                null_mut()
            } else {
                &mut v2 as *mut _
            };
            let rc2 = sigma_verifier_verify(verifier, tc, pc, bp, bn, ec, now, out2);
            assert_eq!(rc, rc2, "verifier_verify and _n disagree");
            if !null_out {
                assert_eq!(
                    (v.pubkey, v.replay_id, v.timestamp_unix_millis),
                    (v2.pubkey, v2.replay_id, v2.timestamp_unix_millis)
                );
            }
        }
    }

    fn parse(&mut self, inp: &mut Input) {
        let token = self.arg(inp);
        let (counted, null_out) = (inp.flag(), inp.byte() == 0xFF);
        let mut f = sigma_token_fields {
            pubkey: sigma_str {
                ptr: null(),
                len: 0,
            },
            scheme: sigma_scheme::Bsm,
            timestamp: sigma_str {
                ptr: null(),
                len: 0,
            },
            request_path: sigma_str {
                ptr: null(),
                len: 0,
            },
            signature: sigma_str {
                ptr: null(),
                len: 0,
            },
        };
        let out = if null_out {
            null_mut()
        } else {
            &mut f as *mut _
        };
        let allowed = [SIGMA_MALFORMED_TOKEN, SIGMA_UNSUPPORTED_SCHEME];
        let (rc, text) = if counted {
            let (t, n) = token.text_n();
            let rc = sigma_token_parse_n(t, n, out);
            check(
                "token_parse_n",
                rc,
                &allowed,
                token.refused_counted() || null_out,
            );
            if token.same_both_ways() {
                let mut f2 = f;
                let out2 = if null_out {
                    null_mut()
                } else {
                    &mut f2 as *mut _
                };
                let rc2 = sigma_token_parse(token.c_str(), out2);
                assert_eq!(rc, rc2, "token_parse and _n disagree");
            }
            (rc, token.seen())
        } else {
            let rc = sigma_token_parse(token.c_str(), out);
            check(
                "token_parse",
                rc,
                &allowed,
                token.c_str().is_null() || null_out,
            );
            (rc, token.c_seen().unwrap_or_default())
        };
        if rc != SIGMA_OK {
            assert!(f.pubkey.ptr.is_null(), "token_parse wrote *out on error");
            return;
        }
        // The fields lie inside the token and join back to it.
        let range = text.as_ptr() as usize..text.as_ptr() as usize + text.len();
        let mut joined = Vec::new();
        let scheme: &[u8] = match f.scheme {
            sigma_scheme::Bsm => b"bsm",
            sigma_scheme::Brc77 => b"brc77",
        };
        for (i, s) in [f.pubkey, f.timestamp, f.request_path, f.signature]
            .into_iter()
            .enumerate()
        {
            let start = s.ptr as usize;
            assert!(
                range.contains(&start) || (s.len == 0 && start == range.end),
                "a field points outside the token"
            );
            assert!(start + s.len <= range.end, "a field ends outside the token");
            let piece = &text[start - range.start..start - range.start + s.len];
            if i > 0 {
                joined.push(b'|');
            }
            joined.extend_from_slice(piece);
            if i == 0 {
                joined.push(b'|');
                joined.extend_from_slice(scheme);
            }
        }
        assert_eq!(joined, text, "the fields do not join back to the token");
    }

    fn bsm(&mut self, inp: &mut Input) {
        let key = self.key(inp);
        let message = self.arg(inp);
        let b = Buf::read(inp);
        let (m, mn) = message.counted();
        let refused = key.is_null() || message.refused_counted();
        let (_, sig) = with_output(
            "bsm_sign",
            b,
            true,
            &[SIGMA_BUFFER_TOO_SMALL],
            refused,
            Again::Ok,
            |buf, cap, w| sigma_bsm_sign(key, m, mn, buf.cast(), cap, w),
        );
        if let Some(sig) = &sig {
            let mut p = null_mut();
            assert_eq!(sigma_private_key_public_key(key, &mut p), SIGMA_OK);
            let rc = sigma_bsm_verify_n(p, m, mn, sig.as_ptr().cast(), sig.len(), 0);
            sigma_public_key_free(p);
            assert_eq!(rc, SIGMA_OK, "a BSM signature does not verify");
            self.remember(sig);
        }
        let public = self.public(inp);
        let signature = self.arg(inp);
        let (policy, counted) = (u32::from(inp.byte() % 3), inp.flag());
        let allowed = [
            SIGMA_SIGNATURE_MISMATCH,
            SIGMA_INVALID_BASE64,
            SIGMA_INVALID_LENGTH,
            SIGMA_INVALID_SIGNATURE_ENCODING,
        ];
        let refused = public.is_null() || message.refused_counted() || policy > 1;
        if counted {
            let (s, sn) = signature.text_n();
            let rc = sigma_bsm_verify_n(public, m, mn, s, sn, policy);
            check(
                "bsm_verify_n",
                rc,
                &allowed,
                refused || signature.refused_counted(),
            );
            if signature.same_both_ways() {
                let rc2 = sigma_bsm_verify(public, m, mn, signature.c_str(), policy);
                assert_eq!(rc, rc2, "bsm_verify and _n disagree");
            }
        } else {
            let rc = sigma_bsm_verify(public, m, mn, signature.c_str(), policy);
            check(
                "bsm_verify",
                rc,
                &allowed,
                refused || signature.c_str().is_null(),
            );
        }
    }

    fn brc42(&mut self, inp: &mut Input) {
        let (key, other) = (self.key(inp), self.public(inp));
        let invoice = self.arg(inp);
        let (public, counted) = (inp.flag(), inp.flag());
        let allowed = [SIGMA_INVALID_PROTOCOL, SIGMA_DERIVATION_FAILED];
        let refused = key.is_null()
            || other.is_null()
            || if counted {
                invoice.refused_counted()
            } else {
                invoice.c_str().is_null()
            };
        let (t, n) = invoice.text_n();
        let c = invoice.c_str();
        let (mut ck, mut cp) = (null_mut(), null_mut());
        let rc = match (public, counted) {
            (false, true) => sigma_brc42_derive_private_key_n(key, other, t, n, &mut ck),
            (false, false) => sigma_brc42_derive_private_key(key, other, c, &mut ck),
            (true, true) => sigma_brc42_derive_public_key_n(key, other, t, n, &mut cp),
            (true, false) => sigma_brc42_derive_public_key(key, other, c, &mut cp),
        };
        check("brc42_derive", rc, &allowed, refused);
        assert_eq!(
            rc == SIGMA_OK,
            !ck.is_null() || !cp.is_null(),
            "a handle iff SIGMA_OK"
        );
        keep(&mut self.keys, ck, sigma_private_key_free);
        keep(&mut self.pubs, cp, sigma_public_key_free);
    }

    fn brc77_sign(&mut self, inp: &mut Input) {
        let (signer, verifier) = (self.key(inp), self.public(inp));
        let message = self.arg(inp);
        let key_id = inp.array32();
        let (random, b) = (inp.flag(), Buf::read(inp));
        let (m, mn) = message.counted();
        let refused = signer.is_null() || message.refused_counted();
        let name = if random {
            "brc77_sign_random"
        } else {
            "brc77_sign"
        };
        let (_, env) = with_output(
            name,
            b,
            false,
            &[SIGMA_BUFFER_TOO_SMALL],
            refused,
            Again::Ok,
            |buf, cap, w| {
                if random {
                    sigma_brc77_sign_random(signer, m, mn, verifier, buf, cap, w)
                } else {
                    sigma_brc77_sign(signer, m, mn, verifier, key_id.as_ptr(), buf, cap, w)
                }
            },
        );
        let Some(env) = env else { return };
        if verifier.is_null() {
            let mut who = null_mut();
            let rc = sigma_brc77_verify(m, mn, env.as_ptr(), env.len(), null(), 0, &mut who);
            assert_eq!(rc, SIGMA_OK, "{name}: the envelope does not verify");
            assert_eq!(compressed(who), public_of(signer), "{name}: another signer");
            sigma_public_key_free(who);
        }
        self.remember(&env);
    }

    fn brc77_verify(&mut self, inp: &mut Input) {
        let message = self.arg(inp);
        let envelope = self.arg(inp);
        let recipient = self.key(inp);
        let (policy, null_out) = (u32::from(inp.byte() % 3), inp.byte() == 0xFF);
        let (m, mn) = message.counted();
        let (e, en) = envelope.counted();
        let mut who: *mut sigma_public_key = null_mut();
        let out = if null_out {
            null_mut()
        } else {
            &mut who as *mut _
        };
        let rc = sigma_brc77_verify(m, mn, e, en, recipient, policy, out);
        let refused =
            message.refused_counted() || envelope.refused_counted() || policy > 1 || null_out;
        check("brc77_verify", rc, BRC77_VERIFY, refused);
        assert_eq!(rc == SIGMA_OK, !who.is_null(), "a handle iff SIGMA_OK");
        keep(&mut self.pubs, who, sigma_public_key_free);
    }

    fn brc78_encrypt(&mut self, inp: &mut Input) {
        let (sender, recipient) = (self.key(inp), self.public(inp));
        let message = self.arg(inp);
        let (key_id, iv) = (inp.array32(), inp.array32());
        let (random, b) = (inp.flag(), Buf::read(inp));
        let (m, mn) = message.counted();
        let refused = sender.is_null()
            || recipient.is_null()
            || message.refused_counted()
            || message.seen().is_empty();
        let (_, sealed) = with_output(
            "brc78_encrypt",
            b,
            false,
            &[SIGMA_BUFFER_TOO_SMALL],
            refused,
            Again::Ok,
            |buf, cap, w| {
                if random {
                    sigma_brc78_encrypt_random(sender, recipient, m, mn, buf, cap, w)
                } else {
                    sigma_brc78_encrypt(
                        sender,
                        recipient,
                        m,
                        mn,
                        key_id.as_ptr(),
                        iv.as_ptr(),
                        buf,
                        cap,
                        w,
                    )
                }
            },
        );
        if let Some(sealed) = sealed {
            assert_eq!(sealed.len(), mn + 150, "brc78_encrypt: length");
            self.remember(&sealed);
        }
    }

    fn brc78_decrypt(&mut self, inp: &mut Input) {
        let recipient = self.key(inp);
        let data = self.arg(inp);
        let (b, null_sender) = (Buf::read(inp), inp.byte() == 0xFF);
        let (d, dn) = data.counted();
        let mut who: *mut sigma_public_key = null_mut();
        let refused = recipient.is_null() || data.refused_counted() || null_sender;
        let (rc, plain) = with_output(
            "brc78_decrypt",
            b,
            false,
            BRC78_DECRYPT,
            refused,
            Again::NotTooSmall,
            |buf, cap, w| {
                if !who.is_null() {
                    // Only the last call's sender is kept.
                    sigma_public_key_free(who);
                    who = null_mut();
                }
                let sender = if null_sender {
                    null_mut()
                } else {
                    &mut who as *mut _
                };
                let rc = sigma_brc78_decrypt(recipient, d, dn, buf, cap, w, sender);
                assert!(
                    null_sender || (rc == SIGMA_OK) != who.is_null(),
                    "brc78_decrypt: a sender iff SIGMA_OK"
                );
                rc
            },
        );
        let _ = rc;
        if let Some(plain) = plain {
            assert_eq!(plain.len() + 150, dn, "brc78_decrypt: length");
        }
        keep(&mut self.pubs, who, sigma_public_key_free);
    }

    fn symmetric(&mut self, inp: &mut Input) {
        let key = self.arg(inp);
        let plaintext = self.arg(inp);
        let iv = inp.array32();
        let (random, b) = (inp.flag(), Buf::read(inp));
        let (k, kn) = key.counted();
        let (p, pn) = plaintext.counted();
        let refused = key.refused_counted() || plaintext.refused_counted();
        let allowed = [SIGMA_BUFFER_TOO_SMALL, SIGMA_INVALID_LENGTH];
        let (_, sealed) = with_output(
            "symmetric_encrypt",
            b,
            false,
            &allowed,
            refused,
            Again::Ok,
            |buf, cap, w| {
                if random {
                    sigma_symmetric_encrypt_random(k, kn, p, pn, buf, cap, w)
                } else {
                    sigma_symmetric_encrypt(k, kn, p, pn, iv.as_ptr(), buf, cap, w)
                }
            },
        );
        if let Some(sealed) = sealed {
            assert_eq!(sealed.len(), pn + 48, "symmetric_encrypt: length");
            let mut out = vec![GUARD; pn + 1];
            let mut w = 0;
            let rc = sigma_symmetric_decrypt(
                k,
                kn,
                sealed.as_ptr(),
                sealed.len(),
                out.as_mut_ptr(),
                pn + 1,
                &mut w,
            );
            assert_eq!(rc, SIGMA_OK, "symmetric_decrypt of our own ciphertext");
            assert_eq!(&out[..w], plaintext.seen(), "symmetric round trip");
            self.remember(&sealed);
        }
        let sealed = self.arg(inp);
        let (s, sn) = sealed.counted();
        let b = Buf::read(inp);
        let allowed = [
            SIGMA_BUFFER_TOO_SMALL,
            SIGMA_INVALID_LENGTH,
            SIGMA_DECRYPTION_FAILED,
        ];
        let refused = key.refused_counted() || sealed.refused_counted();
        with_output(
            "symmetric_decrypt",
            b,
            false,
            &allowed,
            refused,
            Again::NotTooSmall,
            |buf, cap, w| sigma_symmetric_decrypt(k, kn, s, sn, buf, cap, w),
        );
    }

    fn ecdsa(&mut self, inp: &mut Input) {
        let (key, public) = (self.key(inp), self.public(inp));
        let digest = self.arg(inp);
        let encoded = self.arg(inp);
        let (policy, b) = (u32::from(inp.byte() % 3), Buf::read(inp));
        let (d, dn) = digest.counted();
        let (e, en) = encoded.counted();
        let zero = sigma_ecdsa_signature { compact: [0; 64] };
        let mut signed = zero;
        let rc = sigma_ecdsa_sign(key, d, dn, &mut signed);
        check(
            "ecdsa_sign",
            rc,
            &[SIGMA_INVALID_LENGTH],
            key.is_null() || digest.refused_counted(),
        );
        if rc == SIGMA_OK {
            let mut p = null_mut();
            assert_eq!(sigma_private_key_public_key(key, &mut p), SIGMA_OK);
            assert_eq!(
                sigma_ecdsa_verify(p, d, dn, &signed, 0),
                SIGMA_OK,
                "ecdsa round trip"
            );
            sigma_public_key_free(p);
            let (_, der) = with_output(
                "ecdsa_signature_to_der",
                b,
                false,
                &[SIGMA_BUFFER_TOO_SMALL],
                false,
                Again::Ok,
                |buf, cap, w| sigma_ecdsa_signature_to_der(&signed, buf, cap, w),
            );
            if let Some(der) = der {
                let mut back = zero;
                let rc = sigma_ecdsa_signature_from_der(der.as_ptr(), der.len(), 0, &mut back);
                assert_eq!((rc, back), (SIGMA_OK, signed), "DER round trip");
                self.remember(&der);
            }
        }
        let refused = encoded.refused_counted() || policy > 1;
        let mut parsed = zero;
        let rc = sigma_ecdsa_signature_from_der(e, en, policy, &mut parsed);
        check(
            "ecdsa_signature_from_der",
            rc,
            &[SIGMA_INVALID_SIGNATURE_ENCODING],
            refused,
        );
        if rc != SIGMA_OK {
            parsed = zero;
            let rc = sigma_ecdsa_signature_from_compact(e, en, policy, &mut parsed);
            let allowed = [SIGMA_INVALID_LENGTH, SIGMA_INVALID_SIGNATURE_ENCODING];
            check("ecdsa_signature_from_compact", rc, &allowed, refused);
        }
        // Parsed or not (then whatever the bytes hold): verify and encode it.
        if let Some(raw) = encoded.seen().get(..64)
            && parsed == zero
        {
            parsed.compact.copy_from_slice(raw);
        }
        let allowed = [
            SIGMA_INVALID_LENGTH,
            SIGMA_INVALID_SIGNATURE_ENCODING,
            SIGMA_SIGNATURE_MISMATCH,
        ];
        let rc = sigma_ecdsa_verify(public, d, dn, &parsed, policy);
        check(
            "ecdsa_verify",
            rc,
            &allowed,
            public.is_null() || digest.refused_counted() || policy > 1,
        );
        let allowed = [SIGMA_BUFFER_TOO_SMALL, SIGMA_INVALID_SIGNATURE_ENCODING];
        with_output(
            "ecdsa_signature_to_der",
            b,
            false,
            &allowed,
            false,
            Again::Ok,
            |buf, cap, w| sigma_ecdsa_signature_to_der(&parsed, buf, cap, w),
        );
    }

    fn ecdh(&mut self, inp: &mut Input) {
        let (key, other) = (self.key(inp), self.public(inp));
        let b = Buf::read(inp);
        let refused = key.is_null() || other.is_null();
        let (_, point) = with_output(
            "ecdh_shared_point",
            b,
            false,
            &[SIGMA_BUFFER_TOO_SMALL],
            refused,
            Again::Ok,
            |buf, cap, w| sigma_ecdh_shared_point(key, other, buf, cap, w),
        );
        if let Some(point) = point {
            assert_eq!(point.len(), 33, "ecdh_shared_point: length");
        }
    }

    fn key_outputs(&mut self, inp: &mut Input) {
        let (key, public) = (self.key(inp), self.public(inp));
        let network = match inp.byte() {
            b @ 0..=0x7F => u32::from(b & 1),
            b => u32::from(b),
        };
        let (b, other) = (Buf::read(inp), self.public(inp));
        let small = [SIGMA_BUFFER_TOO_SMALL];
        let refused = key.is_null() || network > 1;
        let (_, wif) = with_output(
            "private_key_to_wif",
            b,
            true,
            &small,
            refused,
            Again::Ok,
            |buf, cap, w| sigma_private_key_to_wif(key, network, buf.cast(), cap, w),
        );
        if let Some(wif) = wif {
            let mut k = null_mut();
            let rc = sigma_private_key_from_wif_n(wif.as_ptr().cast(), wif.len(), &mut k);
            assert_eq!(rc, SIGMA_OK, "private_key_to_wif does not read back");
            assert_eq!(public_of(k), public_of(key), "WIF round trip");
            sigma_private_key_free(k);
        }
        with_output(
            "private_key_to_bytes",
            b,
            false,
            &small,
            key.is_null(),
            Again::Ok,
            |buf, cap, w| sigma_private_key_to_bytes(key, buf, cap, w),
        );
        with_output(
            "private_key_address",
            b,
            true,
            &small,
            refused,
            Again::Ok,
            |buf, cap, w| sigma_private_key_address(key, network, buf.cast(), cap, w),
        );
        let refused = public.is_null();
        with_output(
            "public_key_to_compressed",
            b,
            false,
            &small,
            refused,
            Again::Ok,
            |buf, cap, w| sigma_public_key_to_compressed(public, buf, cap, w),
        );
        let (_, hex) = with_output(
            "public_key_to_hex",
            b,
            true,
            &small,
            refused,
            Again::Ok,
            |buf, cap, w| sigma_public_key_to_hex(public, buf.cast(), cap, w),
        );
        if let Some(hex) = hex {
            let mut p = null_mut();
            let rc = sigma_public_key_from_hex_n(hex.as_ptr().cast(), hex.len(), &mut p);
            assert_eq!(rc, SIGMA_OK, "public_key_to_hex does not read back");
            assert_eq!(compressed(p), compressed(public), "hex round trip");
            sigma_public_key_free(p);
        }
        with_output(
            "public_key_address",
            b,
            true,
            &small,
            refused || network > 1,
            Again::Ok,
            |buf, cap, w| sigma_public_key_address(public, network, buf.cast(), cap, w),
        );
        let mut equal = false;
        let rc = sigma_public_key_equal(public, other, &mut equal);
        check("public_key_equal", rc, &[], refused || other.is_null());
        if rc == SIGMA_OK {
            assert_eq!(
                equal,
                compressed(public) == compressed(other),
                "public_key_equal"
            );
        }
    }

    fn results(&mut self, inp: &mut Input) {
        let value = match inp.byte() {
            0xFF => inp.u64() as u32,
            b => u32::from(b),
        };
        // SAFETY: both return static NUL-terminated strings (never NULL, checked first).
        let (code, message) = unsafe {
            let (c, m) = (sigma_result_code(value), sigma_result_message(value));
            assert!(!c.is_null() && !m.is_null(), "a NULL result string");
            (CStr::from_ptr(c), CStr::from_ptr(m))
        };
        assert!(!message.to_bytes().is_empty());
        // SAFETY: a static NUL-terminated string (never NULL, checked first).
        let version = unsafe {
            let v = sigma_version();
            assert!(!v.is_null(), "sigma_version is NULL");
            CStr::from_ptr(v)
        };
        assert!(version.to_str().is_ok_and(|v| v.split('.').count() == 3));
        let mut all = vec![u32::MAX; 64];
        let mut n = 0;
        let cap = usize::from(inp.byte() % 64);
        let rc = sigma_result_all(all.as_mut_ptr(), cap, &mut n);
        check("result_all", rc, &[SIGMA_BUFFER_TOO_SMALL], false);
        if rc == SIGMA_OK {
            all.truncate(n);
            assert_eq!(all.first(), Some(&0), "SIGMA_OK first");
            let known = all.contains(&value);
            assert_eq!(code.to_bytes() == b"unknown", !known, "code of {value}");
        } else {
            assert!(n > cap && all.iter().all(|&v| v == u32::MAX));
        }
    }

    fn free(&mut self, inp: &mut Input) {
        let (which, at) = (inp.byte() % 4, usize::from(inp.byte()));
        match which {
            0 if !self.keys.is_empty() => {
                let n = self.keys.len();
                sigma_private_key_free(self.keys.swap_remove(at % n));
            }
            1 if !self.pubs.is_empty() => {
                let n = self.pubs.len();
                sigma_public_key_free(self.pubs.swap_remove(at % n));
            }
            2 if !self.verifiers.is_empty() => {
                let n = self.verifiers.len();
                sigma_verifier_free(self.verifiers.swap_remove(at % n));
            }
            _ => {
                sigma_private_key_free(null_mut());
                sigma_public_key_free(null_mut());
                sigma_verifier_free(null_mut());
            }
        }
    }
}

/// The `c_abi` target: runs the operations the input encodes.
pub fn c_abi(data: &[u8]) {
    let mut inp = Input(data);
    let mut state = State::new();
    for _ in 0..MAX_OPS {
        if inp.0.is_empty() {
            break;
        }
        state.step(&mut inp);
    }
}
