//! A property test over the C ABI entry points, in the spirit of a cargo-fuzz target: every
//! text and byte argument is random (random bytes with NULs and invalid UTF-8, or a real token
//! with random bytes changed), passed as NULL, with its true length, a shorter length, or a
//! length above `isize::MAX`; handles are NULL or real handles of the right type; output
//! buffers have random capacities. Each call must return one of the codes its documentation
//! names (never `SIGMA_INTERNAL_ERROR`) and keep the output contract (`*written`, NUL terminator,
//! handles only on success). Corpus-free; proptest shrinks a failure to a small case.
//!
//! A length is never larger than the memory behind the pointer unless it is above
//! `isize::MAX`, which the library must refuse before reading: anything else would make the
//! test itself undefined behaviour.

use core::ffi::c_char;
use core::ptr::{null, null_mut};

use proptest::prelude::*;
use proptest::sample::Index;

use sigma_auth::crypto::*;
use sigma_auth::ecdh::*;
use sigma_auth::ecdsa::*;
use sigma_auth::encryption::*;
use sigma_auth::keys::*;
use sigma_auth::result::sigma_result::{self, *};
use sigma_auth::token::*;
use sigma_auth::verifier::*;

/// The first length the library must refuse with `SIGMA_INVALID_INPUT`.
const HUGE: usize = isize::MAX as usize + 1;

/// How an argument reaches the library.
#[derive(Clone, Debug)]
enum Pass {
    /// NULL with length 0 (allowed: empty / none).
    NullEmpty,
    /// NULL with a non-zero length (`SIGMA_NULL_PARAMETER`).
    NullWithLen(usize),
    /// The whole buffer.
    Exact,
    /// A prefix of the buffer.
    Prefix(Index),
    /// A length above `isize::MAX` (`SIGMA_INVALID_INPUT`, nothing read).
    Huge(usize),
}

/// A random byte string and how it is passed.
#[derive(Clone, Debug)]
struct Input {
    bytes: Vec<u8>,
    pass: Pass,
}

impl Input {
    /// `(pointer, length)` for a counted argument.
    fn counted(&self) -> (*const u8, usize) {
        match &self.pass {
            Pass::NullEmpty => (null(), 0),
            Pass::NullWithLen(n) => (null(), *n),
            Pass::Exact => (self.bytes.as_ptr(), self.bytes.len()),
            Pass::Prefix(i) => (self.bytes.as_ptr(), i.index(self.bytes.len() + 1)),
            Pass::Huge(n) => (self.bytes.as_ptr(), *n),
        }
    }

    /// `(pointer, length)` for a counted text argument.
    fn text_n(&self) -> (*const c_char, usize) {
        let (p, n) = self.counted();
        (p.cast(), n)
    }

    /// The bytes with a NUL appended (an interior NUL ends the string early), or None for
    /// NULL. Keep the result alive while the pointer is used.
    fn c_string(&self) -> Option<Vec<u8>> {
        match self.pass {
            Pass::NullEmpty | Pass::NullWithLen(_) => None,
            _ => Some(self.bytes.iter().copied().chain([0]).collect()),
        }
    }
}

fn c_ptr(s: &Option<Vec<u8>>) -> *const c_char {
    s.as_ref().map_or(null(), |v| v.as_ptr().cast())
}

fn pass() -> impl Strategy<Value = Pass> {
    prop_oneof![
        1 => Just(Pass::NullEmpty),
        1 => (1usize..64).prop_map(Pass::NullWithLen),
        6 => Just(Pass::Exact),
        3 => any::<Index>().prop_map(Pass::Prefix),
        1 => prop_oneof![Just(HUGE), Just(usize::MAX), HUGE..=usize::MAX].prop_map(Pass::Huge),
    ]
}

/// A token of each scheme made by the library, as material to mutate.
fn seed_tokens() -> Vec<Vec<u8>> {
    let key = Key::private(1);
    let mut out = Vec::new();
    for scheme in [sigma_scheme::Bsm, sigma_scheme::Brc77] {
        let mut buf = vec![0u8; 600];
        let mut n = 0usize;
        let rc = sigma_token_create(
            key.0,
            c"/api/a?x=1".as_ptr(),
            scheme as u32,
            1_736_942_400_000,
            b"{}".as_ptr(),
            2,
            c"utf8".as_ptr(),
            [7u8; 32].as_ptr(),
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut n,
        );
        assert_eq!(rc, SIGMA_OK);
        buf.truncate(n);
        out.push(buf);
    }
    out
}

/// Random bytes: anything (NULs, invalid UTF-8), printable text, or a real token / key text
/// with a few bytes replaced.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    let seeds: Vec<Vec<u8>> = seed_tokens()
        .into_iter()
        .chain([
            b"L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1".to_vec(),
            b"02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5".to_vec(),
            b"2-3241645161d8-invoice".to_vec(),
            b"/api/a?x=1".to_vec(),
            b"{}".to_vec(),
            b"utf8".to_vec(),
            b"base64".to_vec(),
        ])
        .collect();
    let mutated = (
        prop::sample::select(seeds),
        prop::collection::vec((any::<Index>(), any::<u8>()), 0..4),
    )
        .prop_map(|(mut seed, edits)| {
            for (i, b) in edits {
                let at = i.index(seed.len());
                seed[at] = b;
            }
            seed
        });
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..160),
        "[ -~]{0,100}".prop_map(String::into_bytes),
        mutated,
    ]
}

fn input() -> impl Strategy<Value = Input> {
    (bytes(), pass()).prop_map(|(bytes, pass)| Input { bytes, pass })
}

/// An owned handle made by the library, freed on drop.
struct Key(*mut sigma_private_key, *mut sigma_public_key);

impl Key {
    fn private(scalar_last_byte: u8) -> Key {
        let mut scalar = [0u8; 32];
        scalar[31] = scalar_last_byte;
        let (mut k, mut p) = (null_mut(), null_mut());
        assert_eq!(
            sigma_private_key_from_bytes(scalar.as_ptr(), 32, &mut k),
            SIGMA_OK
        );
        assert_eq!(sigma_private_key_public_key(k, &mut p), SIGMA_OK);
        Key(k, p)
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        sigma_private_key_free(self.0);
        sigma_public_key_free(self.1);
    }
}

/// Which handle an argument gets: NULL or one of two real keys.
#[derive(Clone, Copy, Debug)]
enum Handle {
    Null,
    Alice,
    Bob,
}

struct Keys {
    alice: Key,
    bob: Key,
}

impl Keys {
    fn new() -> Keys {
        Keys {
            alice: Key::private(1),
            bob: Key::private(2),
        }
    }
    fn private(&self, h: Handle) -> *const sigma_private_key {
        match h {
            Handle::Null => null(),
            Handle::Alice => self.alice.0,
            Handle::Bob => self.bob.0,
        }
    }
    fn public(&self, h: Handle) -> *const sigma_public_key {
        match h {
            Handle::Null => null(),
            Handle::Alice => self.alice.1,
            Handle::Bob => self.bob.1,
        }
    }
}

fn handle() -> impl Strategy<Value = Handle> {
    prop_oneof![1 => Just(Handle::Null), 3 => Just(Handle::Alice), 2 => Just(Handle::Bob)]
}

/// A caller output buffer: NULL/0 (size query), NULL with a capacity, a real buffer, or a
/// real buffer with a capacity above `isize::MAX`.
#[derive(Clone, Debug)]
enum Buf {
    Query,
    NullWithCap(usize),
    Real(usize),
    HugeCap,
}

fn buf() -> impl Strategy<Value = Buf> {
    prop_oneof![
        2 => Just(Buf::Query),
        1 => (1usize..100).prop_map(Buf::NullWithCap),
        6 => (0usize..400).prop_map(Buf::Real),
        1 => Just(Buf::HugeCap),
    ]
}

/// Storage behind a [`Buf`], with the canary checks after the call.
struct Output {
    storage: Vec<u8>,
    cap: usize,
    null: bool,
    written: usize,
}

impl Output {
    fn new(b: &Buf) -> Output {
        let (storage, cap, null) = match *b {
            Buf::Query => (Vec::new(), 0, true),
            Buf::NullWithCap(c) => (Vec::new(), c, true),
            Buf::Real(c) => (vec![0xA5; c + 8], c, false),
            Buf::HugeCap => (vec![0xA5; 8], HUGE, false),
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
    /// The output contract: on success the output fits (a text is NUL-terminated), on
    /// `SIGMA_BUFFER_TOO_SMALL` `*written` is more than the capacity, and nothing is written
    /// past the capacity.
    fn check(&self, rc: sigma_result, text: bool) -> Result<(), TestCaseError> {
        let cap = self.cap.min(self.storage.len());
        if !self.null && self.cap < HUGE {
            prop_assert!(
                self.storage[cap..].iter().all(|&b| b == 0xA5),
                "written past the capacity"
            );
        }
        match rc {
            SIGMA_OK if text => {
                prop_assert!(self.written < self.cap);
                prop_assert_eq!(self.storage[self.written], 0);
            }
            SIGMA_OK => prop_assert!(self.written <= self.cap),
            SIGMA_BUFFER_TOO_SMALL => prop_assert!(self.written > self.cap),
            _ => {}
        }
        Ok(())
    }
}

/// Argument errors every entry point may return.
const ARGUMENTS: &[sigma_result] = &[SIGMA_NULL_PARAMETER, SIGMA_INVALID_INPUT];
/// Every token verification reason (codes 1 to 15).
const TOKEN_REASONS: &[sigma_result] = &[
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
];

fn expect(rc: sigma_result, allowed: &[&[sigma_result]]) -> Result<(), TestCaseError> {
    prop_assert!(
        rc == SIGMA_OK || ARGUMENTS.contains(&rc) || allowed.iter().any(|set| set.contains(&rc)),
        "undocumented result {:?}",
        rc
    );
    Ok(())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 384,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn verify(token in input(), path in input(), body in input(), encoding in input(),
              verifier_null in prop::bool::weighted(0.1), policy in 0u32..3,
              now in prop_oneof![any::<i64>(), Just(1_736_942_400_000i64)],
              counted in any::<bool>()) {
        let mut v = null_mut();
        let rc = sigma_verifier_new(300, 300, policy, &mut v);
        prop_assert!(rc == SIGMA_OK || (policy > 1 && rc == SIGMA_INVALID_INPUT));
        let verifier = if verifier_null { null() } else { v.cast_const() };
        let mut out = core::mem::MaybeUninit::<sigma_verification>::uninit();
        let (b, bn) = body.counted();
        let rc = if counted {
            let ((t, tn), (p, pn), (e, en)) = (token.text_n(), path.text_n(), encoding.text_n());
            sigma_verifier_verify_n(verifier, t, tn, p, pn, b, bn, e, en, now, out.as_mut_ptr())
        } else {
            let (t, p, e) = (token.c_string(), path.c_string(), encoding.c_string());
            sigma_verifier_verify(verifier, c_ptr(&t), c_ptr(&p), b, bn, c_ptr(&e), now, out.as_mut_ptr())
        };
        expect(rc, &[TOKEN_REASONS, &[SIGMA_INVALID_TIMESTAMP]])?;
        // SAFETY: `out` is never NULL here, so the library always writes it.
        let out = unsafe { out.assume_init() };
        prop_assert_eq!(out.result, rc);
        prop_assert_eq!(out.valid, rc == SIGMA_OK);
        sigma_verifier_free(v);
    }

    #[test]
    fn parse(token in input(), counted in any::<bool>()) {
        let mut fields = core::mem::MaybeUninit::<sigma_token_fields>::uninit();
        let (rc, range) = if counted {
            let (t, n) = token.text_n();
            (sigma_token_parse_n(t, n, fields.as_mut_ptr()), (t as usize, n))
        } else {
            let t = token.c_string();
            let len = t.as_ref().map_or(0, |v| v.iter().position(|&b| b == 0).unwrap_or(0));
            (sigma_token_parse(c_ptr(&t), fields.as_mut_ptr()), (c_ptr(&t) as usize, len))
        };
        expect(rc, &[&[SIGMA_MALFORMED_TOKEN, SIGMA_UNSUPPORTED_SCHEME]])?;
        if rc == SIGMA_OK {
            // SAFETY: written on success.
            let f = unsafe { fields.assume_init() };
            for s in [f.pubkey, f.timestamp, f.request_path, f.signature] {
                let start = s.ptr as usize;
                prop_assert!(start >= range.0 && start + s.len <= range.0 + range.1,
                             "a field points outside the token");
            }
        }
    }

    #[test]
    fn create(key in handle(), path in input(), body in input(), encoding in input(),
              scheme in 0u32..3, ts in prop_oneof![any::<i64>(), 0i64..4_102_444_800_000],
              random in any::<bool>(), counted in any::<bool>(), key_id_null in prop::bool::weighted(0.1),
              out in buf()) {
        let keys = Keys::new();
        let key_id = [9u8; 32];
        let key_id = if key_id_null { null() } else { key_id.as_ptr() };
        let mut o = Output::new(&out);
        let (b, bn) = body.counted();
        let k = keys.private(key);
        let buf = o.ptr().cast::<c_char>();
        let rc = match (counted, random) {
            (true, false) => {
                let ((p, pn), (e, en)) = (path.text_n(), encoding.text_n());
                sigma_token_create_n(k, p, pn, scheme, ts, b, bn, e, en, key_id, buf, o.cap, &mut o.written)
            }
            (true, true) => {
                let ((p, pn), (e, en)) = (path.text_n(), encoding.text_n());
                sigma_token_create_random_n(k, p, pn, scheme, ts, b, bn, e, en, buf, o.cap, &mut o.written)
            }
            (false, false) => {
                let (p, e) = (path.c_string(), encoding.c_string());
                sigma_token_create(k, c_ptr(&p), scheme, ts, b, bn, c_ptr(&e), key_id, buf, o.cap, &mut o.written)
            }
            (false, true) => {
                let (p, e) = (path.c_string(), encoding.c_string());
                sigma_token_create_random(k, c_ptr(&p), scheme, ts, b, bn, c_ptr(&e), buf, o.cap, &mut o.written)
            }
        };
        expect(rc, &[&[SIGMA_BUFFER_TOO_SMALL, SIGMA_INVALID_TIMESTAMP, SIGMA_INVALID_HEX,
                       SIGMA_INVALID_BASE64, SIGMA_UNSUPPORTED_BODY_ENCODING]])?;
        o.check(rc, true)?;
    }

    #[test]
    fn keys_from_text(text in input(), counted in any::<bool>(), public in any::<bool>()) {
        let (mut k, mut p) = (null_mut(), null_mut());
        let rc = match (public, counted) {
            (false, true) => { let (t, n) = text.text_n(); sigma_private_key_from_wif_n(t, n, &mut k) }
            (false, false) => { let t = text.c_string(); sigma_private_key_from_wif(c_ptr(&t), &mut k) }
            (true, true) => { let (t, n) = text.text_n(); sigma_public_key_from_hex_n(t, n, &mut p) }
            (true, false) => { let t = text.c_string(); sigma_public_key_from_hex(c_ptr(&t), &mut p) }
        };
        expect(rc, &[&[SIGMA_INVALID_WIF, SIGMA_INVALID_PRIVATE_KEY, SIGMA_INVALID_HEX,
                       SIGMA_INVALID_LENGTH, SIGMA_INVALID_PUBLIC_KEY]])?;
        prop_assert_eq!(rc == SIGMA_OK, !k.is_null() || !p.is_null(), "a handle iff success");
        sigma_private_key_free(k);
        sigma_public_key_free(p);
    }

    #[test]
    fn keys_from_bytes(bytes in input(), public in any::<bool>()) {
        let (mut k, mut p) = (null_mut(), null_mut());
        let (b, n) = bytes.counted();
        let rc = if public {
            sigma_public_key_from_sec1(b, n, &mut p)
        } else {
            sigma_private_key_from_bytes(b, n, &mut k)
        };
        expect(rc, &[&[SIGMA_INVALID_LENGTH, SIGMA_INVALID_PRIVATE_KEY, SIGMA_INVALID_PUBLIC_KEY]])?;
        prop_assert_eq!(rc == SIGMA_OK, !k.is_null() || !p.is_null(), "a handle iff success");
        sigma_private_key_free(k);
        sigma_public_key_free(p);
    }

    #[test]
    fn bsm(key in handle(), message in input(), signature in input(), policy in 0u32..3,
           counted in any::<bool>(), out in buf()) {
        let keys = Keys::new();
        let (m, mn) = message.counted();
        let rc = if counted {
            let (s, sn) = signature.text_n();
            sigma_bsm_verify_n(keys.public(key), m, mn, s, sn, policy)
        } else {
            let s = signature.c_string();
            sigma_bsm_verify(keys.public(key), m, mn, c_ptr(&s), policy)
        };
        expect(rc, &[&[SIGMA_SIGNATURE_MISMATCH, SIGMA_INVALID_BASE64, SIGMA_INVALID_LENGTH,
                       SIGMA_INVALID_SIGNATURE_ENCODING]])?;
        let mut o = Output::new(&out);
        let rc = sigma_bsm_sign(keys.private(key), m, mn, o.ptr().cast(), o.cap, &mut o.written);
        expect(rc, &[&[SIGMA_BUFFER_TOO_SMALL]])?;
        o.check(rc, true)?;
    }

    #[test]
    fn brc42(key in handle(), other in handle(), invoice in input(), counted in any::<bool>(),
             public in any::<bool>()) {
        let keys = Keys::new();
        let (k, p) = (keys.private(key), keys.public(other));
        let (mut ck, mut cp) = (null_mut(), null_mut());
        let rc = match (public, counted) {
            (false, true) => { let (t, n) = invoice.text_n(); sigma_brc42_derive_private_key_n(k, p, t, n, &mut ck) }
            (false, false) => { let t = invoice.c_string(); sigma_brc42_derive_private_key(k, p, c_ptr(&t), &mut ck) }
            (true, true) => { let (t, n) = invoice.text_n(); sigma_brc42_derive_public_key_n(k, p, t, n, &mut cp) }
            (true, false) => { let t = invoice.c_string(); sigma_brc42_derive_public_key(k, p, c_ptr(&t), &mut cp) }
        };
        expect(rc, &[&[SIGMA_INVALID_PROTOCOL, SIGMA_DERIVATION_FAILED]])?;
        prop_assert_eq!(rc == SIGMA_OK, !ck.is_null() || !cp.is_null(), "a handle iff success");
        sigma_private_key_free(ck);
        sigma_public_key_free(cp);
    }

    #[test]
    fn brc77(signer in handle(), verifier in handle(), recipient in handle(), message in input(),
             envelope in input(), policy in 0u32..3, out in buf()) {
        let keys = Keys::new();
        let (m, mn) = message.counted();
        let (e, en) = envelope.counted();
        let mut who = null_mut();
        let rc = sigma_brc77_verify(m, mn, e, en, keys.private(recipient), policy, &mut who);
        expect(rc, &[&[SIGMA_SIGNATURE_MISMATCH, SIGMA_VERSION_MISMATCH, SIGMA_INVALID_LENGTH,
                       SIGMA_INVALID_PUBLIC_KEY, SIGMA_INVALID_SIGNATURE_ENCODING,
                       SIGMA_RECIPIENT_REQUIRED, SIGMA_WRONG_RECIPIENT]])?;
        prop_assert_eq!(rc == SIGMA_OK, !who.is_null());
        sigma_public_key_free(who);
        let mut o = Output::new(&out);
        let rc = sigma_brc77_sign_random(keys.private(signer), m, mn, keys.public(verifier),
                                         o.ptr(), o.cap, &mut o.written);
        expect(rc, &[&[SIGMA_BUFFER_TOO_SMALL]])?;
        o.check(rc, false)?;
    }

    #[test]
    fn encryption(sender in handle(), recipient in handle(), data in input(), key in input(),
                  out in buf()) {
        let keys = Keys::new();
        let (d, dn) = data.counted();
        let (k, kn) = key.counted();
        let mut o = Output::new(&out);
        let mut who = null_mut();
        let rc = sigma_brc78_decrypt(keys.private(recipient), d, dn, o.ptr(), o.cap, &mut o.written, &mut who);
        expect(rc, &[&[SIGMA_BUFFER_TOO_SMALL, SIGMA_VERSION_MISMATCH, SIGMA_INVALID_LENGTH,
                       SIGMA_INVALID_PUBLIC_KEY, SIGMA_WRONG_RECIPIENT, SIGMA_DECRYPTION_FAILED]])?;
        o.check(rc, false)?;
        prop_assert_eq!(rc == SIGMA_OK, !who.is_null());
        sigma_public_key_free(who);
        let mut o = Output::new(&out);
        let rc = sigma_brc78_encrypt_random(keys.private(sender), keys.public(recipient), d, dn,
                                            o.ptr(), o.cap, &mut o.written);
        expect(rc, &[&[SIGMA_BUFFER_TOO_SMALL]])?;
        o.check(rc, false)?;
        let mut o = Output::new(&out);
        let rc = sigma_symmetric_decrypt(k, kn, d, dn, o.ptr(), o.cap, &mut o.written);
        expect(rc, &[&[SIGMA_BUFFER_TOO_SMALL, SIGMA_INVALID_LENGTH, SIGMA_DECRYPTION_FAILED]])?;
        o.check(rc, false)?;
        let mut o = Output::new(&out);
        let rc = sigma_symmetric_encrypt_random(k, kn, d, dn, o.ptr(), o.cap, &mut o.written);
        expect(rc, &[&[SIGMA_BUFFER_TOO_SMALL, SIGMA_INVALID_LENGTH]])?;
        o.check(rc, false)?;
    }

    #[test]
    fn ecdsa_and_ecdh(key in handle(), other in handle(), digest in input(), sig in input(),
                      policy in 0u32..3, raw in prop::array::uniform32(any::<u8>()), out in buf()) {
        let keys = Keys::new();
        let (d, dn) = digest.counted();
        let (b, bn) = sig.counted();
        let mut parsed = sigma_ecdsa_signature { compact: [0; 64] };
        let rc = sigma_ecdsa_signature_from_der(b, bn, policy, &mut parsed);
        expect(rc, &[&[SIGMA_INVALID_SIGNATURE_ENCODING]])?;
        let rc = sigma_ecdsa_signature_from_compact(b, bn, policy, &mut parsed);
        expect(rc, &[&[SIGMA_INVALID_LENGTH, SIGMA_INVALID_SIGNATURE_ENCODING]])?;
        // A signature filled in by hand: random r, s = r.
        let mut by_hand = sigma_ecdsa_signature { compact: [0; 64] };
        by_hand.compact[..32].copy_from_slice(&raw);
        by_hand.compact[32..].copy_from_slice(&raw);
        for s in [&parsed, &by_hand] {
            let rc = sigma_ecdsa_verify(keys.public(key), d, dn, s, policy);
            expect(rc, &[&[SIGMA_INVALID_LENGTH, SIGMA_INVALID_SIGNATURE_ENCODING, SIGMA_SIGNATURE_MISMATCH]])?;
            let mut o = Output::new(&out);
            let rc = sigma_ecdsa_signature_to_der(s, o.ptr(), o.cap, &mut o.written);
            expect(rc, &[&[SIGMA_BUFFER_TOO_SMALL, SIGMA_INVALID_SIGNATURE_ENCODING]])?;
            o.check(rc, false)?;
        }
        let mut signed = sigma_ecdsa_signature { compact: [0; 64] };
        let rc = sigma_ecdsa_sign(keys.private(key), d, dn, &mut signed);
        expect(rc, &[&[SIGMA_INVALID_LENGTH]])?;
        if rc == SIGMA_OK {
            prop_assert_eq!(sigma_ecdsa_verify(keys.public(key), d, dn, &signed, 0), SIGMA_OK);
        }
        let mut o = Output::new(&out);
        let rc = sigma_ecdh_shared_point(keys.private(key), keys.public(other), o.ptr(), o.cap, &mut o.written);
        expect(rc, &[&[SIGMA_BUFFER_TOO_SMALL]])?;
        o.check(rc, false)?;
    }

    #[test]
    fn results_and_enums(value in any::<u32>(), key in handle(), out in buf()) {
        prop_assert!(!sigma_auth::result::sigma_result_code(value).is_null());
        prop_assert!(!sigma_auth::result::sigma_result_message(value).is_null());
        let keys = Keys::new();
        let mut o = Output::new(&out);
        let rc = sigma_private_key_to_wif(keys.private(key), value, o.ptr().cast(), o.cap, &mut o.written);
        expect(rc, &[&[SIGMA_BUFFER_TOO_SMALL]])?;
        o.check(rc, true)?;
        prop_assert!(rc != SIGMA_OK || value <= 1);
        let mut v = null_mut();
        let rc = sigma_verifier_new(u64::from(value), u64::MAX, value, &mut v);
        prop_assert_eq!(rc == SIGMA_OK, value <= 1);
        sigma_verifier_free(v);
    }
}
