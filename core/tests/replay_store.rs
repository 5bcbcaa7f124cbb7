//! `ReplayStore` and `ReplayVerifier`: the store is asked only after the signature, a replay
//! (in any spelling) is refused, an unavailable store fails closed unless fail-open was chosen
//! (and then every use is logged).

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use sigma_auth_core::hazmat::ec;
use sigma_auth_core::hazmat::encoding::{base64_decode, base64_encode};
use sigma_auth_core::token::{
    self, NewToken, ReplayEntry, ReplayGuard, ReplayStore, ReplayStoreError, Request, Scheme,
};
use sigma_auth_core::{Policy, PrivateKey, Reason, Timestamp, Verifier};

fn now() -> Timestamp {
    "2025-01-15T12:00:00.000Z".parse().unwrap()
}

fn key() -> PrivateKey {
    PrivateKey::from_bytes([7; 32]).unwrap()
}

fn bsm_token(path: &str) -> String {
    token::create(&key(), &NewToken::new(path, Scheme::Bsm, now()), [0; 32]).unwrap()
}

/// The replay id as documented (DESIGN.md, `Verified::replay_id`), derived here with `sha2`
/// from the token's inputs: SHA-256("sigma-auth/replay/v1" || 0x00 || sec(signer) || M), with
/// M = path `|` timestamp `|` hex SHA-256 of the body. The same id for both schemes, and the id
/// does not change once asked for (or in a clone).
#[test]
fn replay_id_is_the_documented_hash() {
    use sha2::{Digest, Sha256};
    let body = "{\"a\":1}";
    let body_hex: String = Sha256::digest(body.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let message = format!("/api/x?y=1|2025-01-15T12:00:00.000Z|{body_hex}");
    let mut expected = Sha256::new();
    expected.update(b"sigma-auth/replay/v1\0");
    expected.update(key().public_key().to_compressed());
    expected.update(message.as_bytes());
    let expected: [u8; 32] = expected.finalize().into();
    let req = Request::new("/api/x?y=1").with_body(token::Body::utf8(body));
    for scheme in [Scheme::Bsm, Scheme::Brc77] {
        let spec = NewToken::new("/api/x?y=1", scheme, now()).with_body(token::Body::utf8(body));
        let tok = token::create(&key(), &spec, [3; 32]).unwrap();
        let ok = Verifier::new().verify(&tok, &req, now()).unwrap();
        let copy = ok.clone();
        assert_eq!(*ok.replay_id(), expected, "{scheme:?}");
        assert_eq!(*ok.replay_id(), expected, "{scheme:?}: asked twice");
        assert_eq!(
            *copy.replay_id(),
            expected,
            "{scheme:?}: a clone made before"
        );
        assert_eq!(
            *ok.clone().replay_id(),
            expected,
            "{scheme:?}: a clone made after"
        );
    }
}

/// A store that records every question and answers `Unavailable` while `down` is set.
#[derive(Default)]
struct Flaky {
    asked: Mutex<Vec<ReplayEntry>>,
    down: std::sync::atomic::AtomicBool,
    inner: Mutex<std::collections::HashSet<[u8; 32]>>,
}

impl ReplayStore for Flaky {
    fn insert_if_absent(
        &self,
        entry: &ReplayEntry,
        _now: Timestamp,
    ) -> Result<bool, ReplayStoreError> {
        self.asked.lock().unwrap().push(*entry);
        if self.down.load(Ordering::SeqCst) {
            return Err(ReplayStoreError::Unavailable { why: "test: down" });
        }
        Ok(self.inner.lock().unwrap().insert(entry.id))
    }
}

#[test]
fn a_store_is_asked_only_after_a_valid_signature() {
    let store = Flaky::default();
    let v = Verifier::new().with_replay_store(&store);
    let tok = bsm_token("/a");
    // The same token for another path, with a wrong signature, with a bad timestamp: refused
    // before the store is asked.
    let req = Request::new("/a");
    assert_eq!(
        v.verify(&tok, &Request::new("/b"), now())
            .unwrap_err()
            .reason(),
        Reason::PathMismatch
    );
    let other = bsm_token("/other");
    let wrong_sig = format!(
        "{}{}",
        &tok[..tok.rfind('|').unwrap()],
        &other[other.rfind('|').unwrap()..]
    );
    assert_eq!(
        v.verify(&wrong_sig, &req, now()).unwrap_err().reason(),
        Reason::InvalidSignature
    );
    assert!(store.asked.lock().unwrap().is_empty());
    // A valid one is recorded with its window's end: timestamp + max_age (300 s by default).
    let ok = v.verify(&tok, &req, now()).unwrap();
    let asked = store.asked.lock().unwrap().clone();
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].id, *ok.replay_id());
    assert_eq!(asked[0].expires_unix_millis, now().unix_millis() + 300_000);
    assert_eq!(asked[0].ttl_millis(now()), 300_001);
    // Its replay is refused.
    assert_eq!(
        v.verify(&tok, &req, now()).unwrap_err().reason(),
        Reason::Replayed
    );
}

#[test]
fn an_unavailable_store_fails_closed_by_default() {
    let store = Flaky::default();
    store.down.store(true, Ordering::SeqCst);
    let v = Verifier::new().with_replay_store(&store);
    assert!(!v.is_fail_open());
    let err = v
        .verify(&bsm_token("/a"), &Request::new("/a"), now())
        .unwrap_err();
    assert_eq!(err.reason(), Reason::ReplayStoreUnavailable);
    assert_eq!(err.code(), "replay_store_unavailable");
    assert_eq!(Reason::ReplayStoreUnavailable.number(), 17);
    // Back up: the token that was refused is accepted once (nothing was recorded), then replayed.
    store.down.store(false, Ordering::SeqCst);
    v.verify(&bsm_token("/a"), &Request::new("/a"), now())
        .unwrap();
    assert_eq!(
        v.verify(&bsm_token("/a"), &Request::new("/a"), now())
            .unwrap_err()
            .reason(),
        Reason::Replayed
    );
}

#[test]
fn fail_open_accepts_and_logs_each_use() {
    let store = Flaky::default();
    store.down.store(true, Ordering::SeqCst);
    let logged = std::sync::Arc::new(AtomicUsize::new(0));
    let seen = logged.clone();
    let v = Verifier::new()
        .with_replay_store(&store)
        .fail_open(move |_verified, err| {
            assert_eq!(err.reason(), Reason::ReplayStoreUnavailable);
            seen.fetch_add(1, Ordering::SeqCst);
        });
    assert!(v.is_fail_open());
    let tok = bsm_token("/a");
    for _ in 0..3 {
        v.verify(&tok, &Request::new("/a"), now()).unwrap();
    }
    assert_eq!(logged.load(Ordering::SeqCst), 3, "one log line per use");
    // A replay is still refused once the store answers; an invalid token is never logged.
    store.down.store(false, Ordering::SeqCst);
    v.verify(&tok, &Request::new("/a"), now()).unwrap();
    assert_eq!(
        v.verify(&tok, &Request::new("/a"), now())
            .unwrap_err()
            .reason(),
        Reason::Replayed
    );
    store.down.store(true, Ordering::SeqCst);
    assert!(v.verify(&tok, &Request::new("/b"), now()).is_err());
    assert_eq!(logged.load(Ordering::SeqCst), 3);
}

#[test]
fn a_full_guard_still_refuses_under_fail_open() {
    let verifier = Verifier::new();
    let guard = ReplayGuard::with_capacity(&verifier, 1);
    let v = verifier
        .with_replay_store(&guard)
        .fail_open(|_, _| panic!("a full store is not an unavailable one"));
    v.verify(&bsm_token("/a"), &Request::new("/a"), now())
        .unwrap();
    assert_eq!(
        v.verify(&bsm_token("/b"), &Request::new("/b"), now())
            .unwrap_err()
            .reason(),
        Reason::ReplayStoreFull
    );
}

#[test]
fn every_spelling_of_one_token_is_one_replay_under_compat() {
    let verifier = Verifier::new().with_policy(Policy::Compat);
    let guard = ReplayGuard::new(&verifier);
    let v = verifier.with_replay_store(&guard);
    let tok = bsm_token("/a");
    let parts = token::parse(&tok).unwrap();
    let raw = base64_decode("t", parts.signature).unwrap();
    let mut high = raw.clone();
    let mut s = [0u8; 32];
    s.copy_from_slice(&raw[33..]);
    high[33..].copy_from_slice(&ec::negate_s(&s));
    assert_ne!(high, raw);
    let pk = key().public_key().to_hex();
    let ts = parts.timestamp;
    let spellings = [
        // the high-S twin of the signature
        format!("{pk}|bsm|{ts}|/a|{}", base64_encode(&high)),
        // unpadded url-safe base64
        format!(
            "{pk}|bsm|{ts}|/a|{}",
            parts
                .signature
                .trim_end_matches('=')
                .replace('+', "-")
                .replace('/', "_")
        ),
        // the pubkey in upper case and uncompressed
        format!("{}|bsm|{ts}|/a|{}", pk.to_uppercase(), parts.signature),
        format!(
            "{}|bsm|{ts}|/a|{}",
            sigma_auth_core::hazmat::encoding::hex_encode(&key().public_key().to_uncompressed()),
            parts.signature
        ),
    ];
    v.verify(&tok, &Request::new("/a"), now()).unwrap();
    for spelling in &spellings {
        assert_ne!(spelling, &tok);
        let err = v.verify(spelling, &Request::new("/a"), now()).unwrap_err();
        assert_eq!(err.reason(), Reason::Replayed, "{spelling}");
    }
    assert_eq!(guard.len(), 1);
}

#[test]
fn a_batch_accepts_the_first_of_two_equal_items() {
    let verifier = Verifier::new();
    let guard = ReplayGuard::new(&verifier);
    let v = verifier.with_replay_store(guard);
    let a = bsm_token("/a");
    let b = bsm_token("/b");
    let items = [
        (a.as_str(), Request::new("/a")),
        (b.as_str(), Request::new("/b")),
        (a.as_str(), Request::new("/a")),
        (a.as_str(), Request::new("/wrong")),
    ];
    let out = v.verify_batch(&items, now());
    assert!(out[0].is_ok() && out[1].is_ok());
    assert_eq!(out[2].as_ref().unwrap_err().reason(), Reason::Replayed);
    assert_eq!(out[3].as_ref().unwrap_err().reason(), Reason::PathMismatch);
    assert_eq!(v.store().len(), 2);
}

#[test]
fn settle_gives_async_callers_the_same_outcomes() {
    let v = Verifier::new().with_replay_store(ReplayGuard::new(&Verifier::new()));
    let ok = Verifier::new()
        .verify(&bsm_token("/a"), &Request::new("/a"), now())
        .unwrap();
    assert_eq!(v.settle(&ok, Ok(true)), Ok(()));
    assert_eq!(
        v.settle(&ok, Ok(false)).unwrap_err().reason(),
        Reason::Replayed
    );
    assert_eq!(
        v.settle(&ok, Err(ReplayStoreError::Full))
            .unwrap_err()
            .reason(),
        Reason::ReplayStoreFull
    );
    assert_eq!(
        v.settle(&ok, Err(ReplayStoreError::Unavailable { why: "x" }))
            .unwrap_err()
            .reason(),
        Reason::ReplayStoreUnavailable
    );
    // An entry past its window still asks a store to keep it 1 ms (never 0, which Redis refuses).
    let e = v.verifier().replay_entry(&ok);
    let late = Timestamp::from_unix_millis(e.expires_unix_millis + 5_000).unwrap();
    assert_eq!(e.ttl_millis(late), 1);
}
