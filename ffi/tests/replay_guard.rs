//! `sigma_replay_guard` through the C ABI: first use, replay (also of another spelling under
//! Compat), full, refused verifications, NULLs.

use core::ffi::c_char;
use core::ptr::{null, null_mut};

use sigma_auth::replay::*;
use sigma_auth::result::sigma_result::*;
use sigma_auth::verifier::*;
use sigma_auth_core::token::{self, NewToken, Scheme};
use sigma_auth_core::{PrivateKey, Timestamp};

const NOW: i64 = 1_736_942_400_000; // 2025-01-15T12:00:00Z

fn token(path: &str) -> String {
    let key = PrivateKey::from_bytes([9; 32]).unwrap();
    let at = Timestamp::from_unix_millis(NOW).unwrap();
    token::create(&key, &NewToken::new(path, Scheme::Bsm, at), [0; 32]).unwrap()
}

fn verify(v: *const sigma_verifier, tok: &str, path: &str) -> sigma_verification {
    let mut out = core::mem::MaybeUninit::<sigma_verification>::uninit();
    sigma_verifier_verify_n(
        v,
        tok.as_ptr() as *const c_char,
        tok.len(),
        path.as_ptr() as *const c_char,
        path.len(),
        null(),
        0,
        null(),
        0,
        NOW,
        out.as_mut_ptr(),
    );
    unsafe { out.assume_init() }
}

#[test]
fn a_guard_refuses_a_second_use_and_fails_closed_when_full() {
    let mut v = null_mut();
    assert_eq!(
        sigma_verifier_new(300, 300, sigma_policy::Compat as u32, &mut v),
        SIGMA_OK
    );
    let mut g = null_mut();
    assert_eq!(sigma_replay_guard_new(v, 2, &mut g), SIGMA_OK);
    let a = verify(v, &token("/a"), "/a");
    assert!(a.valid);
    assert_eq!(sigma_replay_guard_check(g, &a, NOW), SIGMA_OK);
    assert_eq!(sigma_replay_guard_check(g, &a, NOW), SIGMA_REPLAYED);
    // The same token with its signature in url-safe unpadded base64: one signed request.
    let tok = token("/a");
    let (head, sig) = tok.rsplit_once('|').unwrap();
    let respelled = format!(
        "{head}|{}",
        sig.trim_end_matches('=')
            .replace('+', "-")
            .replace('/', "_")
    );
    let b = verify(v, &respelled, "/a");
    assert!(b.valid);
    assert_eq!(sigma_replay_guard_check(g, &b, NOW), SIGMA_REPLAYED);
    // Capacity 2: a second id fits, a third is refused.
    assert_eq!(
        sigma_replay_guard_check(g, &verify(v, &token("/b"), "/b"), NOW),
        SIGMA_OK
    );
    assert_eq!(
        sigma_replay_guard_check(g, &verify(v, &token("/c"), "/c"), NOW),
        SIGMA_REPLAY_STORE_FULL
    );
    // After the window (300 s) the ids are gone.
    let later = NOW + 301_000;
    assert_eq!(sigma_replay_guard_check(g, &a, later), SIGMA_OK);
    // A refused verification is not recorded; NULLs are refused.
    let bad = verify(v, &token("/a"), "/other");
    assert!(!bad.valid);
    assert_eq!(sigma_replay_guard_check(g, &bad, NOW), SIGMA_INVALID_INPUT);
    assert_eq!(
        sigma_replay_guard_check(null(), &a, NOW),
        SIGMA_NULL_PARAMETER
    );
    assert_eq!(
        sigma_replay_guard_check(g, null(), NOW),
        SIGMA_NULL_PARAMETER
    );
    assert_eq!(
        sigma_replay_guard_new(null(), 0, &mut g),
        SIGMA_NULL_PARAMETER
    );
    sigma_replay_guard_free(g);
    sigma_replay_guard_free(null_mut());
    sigma_verifier_free(v);
}
