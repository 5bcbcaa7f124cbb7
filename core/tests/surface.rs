//! The public surface added by the shape work: the one list of reason codes, `ecdsa`, `ecdh`,
//! owned requests and batches with pre-failed items, and `Verifier::trace`.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::{h, hx, s, vectors};
use serde_json::Value;
use sigma_auth_core::hazmat::hash::sha256;
use sigma_auth_core::token::{
    self, Body, BodyEncoding, NewToken, OwnedBody, OwnedRequest, Request, Scheme, Stage,
};
use sigma_auth_core::{
    Error, Policy, PrivateKey, PublicKey, Reason, Timestamp, Verifier, VerifyError, ecdh, ecdsa,
};

fn now() -> Timestamp {
    "2025-01-15T12:00:00.000Z".parse().unwrap()
}

#[test]
fn every_code_is_unique_and_round_trips() {
    let mut codes = HashSet::new();
    let mut numbers = HashSet::new();
    for &r in Reason::ALL {
        assert!(codes.insert(r.code()), "duplicate code {}", r.code());
        assert!(
            numbers.insert(r.number()),
            "duplicate number {}",
            r.number()
        );
        assert_eq!(Reason::from_code(r.code()), Some(r));
        assert_eq!(Reason::from_number(r.number()), Some(r));
        assert!(
            r.code()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{} is not snake_case",
            r.code()
        );
        assert!(r.message().ends_with('.'), "{:?}: message is a sentence", r);
        assert_ne!(r.number(), 0, "0 is success in C");
    }
    let sorted: Vec<u32> = Reason::ALL.iter().map(|r| r.number()).collect();
    let mut want = sorted.clone();
    want.sort();
    assert_eq!(sorted, want, "ALL is in number order");
    assert_eq!(Reason::from_code("no_such_code"), None);
    assert_eq!(Reason::from_number(0), None);
}

#[test]
fn the_codes_other_languages_rely_on_keep_their_numbers() {
    // Numbers are ABI: a client compiled against an older header must keep working.
    let pinned = [
        (1, "malformed_token"),
        (5, "signer_mismatch"),
        (11, "replayed"),
        (14, "recipient_required"),
        (15, "missing_token"),
        (100, "invalid_hex"),
        (113, "invalid_input"),
        (115, "decryption_failed"),
        (200, "null_parameter"),
        (201, "buffer_too_small"),
        (202, "internal_error"),
    ];
    for (n, code) in pinned {
        assert_eq!(Reason::from_number(n).map(Reason::code), Some(code));
    }
}

#[test]
fn input_errors_name_their_reason() {
    let e = PrivateKey::from_hex("zz").unwrap_err();
    assert_eq!(e.reason(), Reason::InvalidHex);
    assert_eq!(e.code(), "invalid_hex");
    let e = PrivateKey::from_wif(&"1".repeat(100_000)).unwrap_err();
    assert_eq!(e.reason(), Reason::InvalidWif);
    assert_eq!(Error::DecryptionFailed.reason().number(), 115);
}

#[test]
fn keys_and_timestamps_parse_and_print_as_rust_users_expect() {
    let alice = &vectors()["keys"]["alice"];
    let key: PrivateKey = s(alice, "wif_compressed_mainnet").parse().unwrap();
    let same: PrivateKey = s(alice, "priv_hex").parse().unwrap();
    assert_eq!(key, same);
    let pubkey: PublicKey = s(alice, "pub_compressed").parse().unwrap();
    assert_eq!(&pubkey, key.public_key());
    assert_eq!(pubkey.to_string(), s(alice, "pub_compressed"));
    assert_eq!(format!("{pubkey:x}"), s(alice, "pub_compressed"));
    let t: Timestamp = "2025-01-15T12:00:00.000Z".parse().unwrap();
    assert_eq!(t.unix_millis(), 1_736_942_400_000); // Date.parse in JavaScript
    assert_eq!(t.to_string(), "2025-01-15T12:00:00.000Z");
    assert!("2025-01-15T12:00:00Z".parse::<Timestamp>().is_err());
    assert_eq!(token::DEFAULT_MAX_AGE, Duration::from_secs(300));
    assert_eq!(Verifier::new().max_age(), token::DEFAULT_MAX_AGE);
    assert_eq!(Verifier::new().max_skew(), token::DEFAULT_MAX_SKEW);
}

/// RFC 6979 with SHA-256 over secp256k1: the widely published known answer for private key 1
/// and the message "Satoshi Nakamoto" (low-S form), as listed by python-ecdsa and Trezor.
#[test]
fn ecdsa_matches_the_rfc6979_known_answer() {
    let mut one = [0u8; 32];
    one[31] = 1;
    let key = PrivateKey::from_bytes(one).unwrap();
    let digest = sha256(b"Satoshi Nakamoto");
    let sig = ecdsa::sign(&digest, &key).unwrap();
    assert_eq!(
        hx(&sig.to_compact()),
        "934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8\
         2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5"
    );
    ecdsa::verify(&digest, &sig, key.public_key(), Policy::Strict).unwrap();
}

#[test]
fn ecdsa_strict_refuses_the_high_s_twin_that_compat_accepts() {
    let key = alice();
    let digest = sha256(b"hello");
    let sig = ecdsa::sign(&digest, &key).unwrap();
    assert!(!sig.is_high_s());
    // The twin (r, n - s), built independently of the crate: n - s by schoolbook subtraction.
    let n = h("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    let rs = sig.to_compact();
    let mut twin = rs;
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let d = i16::from(n[i]) - i16::from(rs[32 + i]) - borrow;
        twin[32 + i] = d.rem_euclid(256) as u8;
        borrow = i16::from(d < 0);
    }
    let high = ecdsa::Signature::from_compact(&twin, Policy::Compat).unwrap();
    assert!(high.is_high_s());
    assert_eq!(high.normalized(), sig);
    assert!(ecdsa::Signature::from_compact(&twin, Policy::Strict).is_err());
    assert_eq!(
        ecdsa::verify(&digest, &high, key.public_key(), Policy::Strict)
            .unwrap_err()
            .reason(),
        Reason::InvalidSignatureEncoding
    );
    ecdsa::verify(&digest, &high, key.public_key(), Policy::Compat).unwrap();
    // DER round trip, and the DER of the twin is refused by Strict.
    let der = sig.to_der();
    assert_eq!(
        ecdsa::Signature::from_der(&der, Policy::Strict).unwrap(),
        sig
    );
    assert!(ecdsa::Signature::from_der(&high.to_der(), Policy::Strict).is_err());
    // Another digest or key does not verify.
    let other = sha256(b"hellO");
    assert_eq!(
        ecdsa::verify(&other, &sig, key.public_key(), Policy::Strict)
            .unwrap_err()
            .reason(),
        Reason::SignatureMismatch
    );
    assert!(ecdsa::Signature::from_der(&[0x30; 1000], Policy::Compat).is_err());
    assert!(ecdsa::Signature::from_compact(&[0; 64], Policy::Compat).is_err());
}

#[test]
fn ecdh_is_symmetric_and_one_times_b_is_b() {
    let alice = alice();
    let bob: PrivateKey = s(&vectors()["keys"]["bob"], "priv_hex").parse().unwrap();
    assert_eq!(
        ecdh::shared_point(&alice, bob.public_key())
            .unwrap()
            .as_bytes(),
        ecdh::shared_point(&bob, alice.public_key())
            .unwrap()
            .as_bytes()
    );
    let mut one = [0u8; 32];
    one[31] = 1;
    let one = PrivateKey::from_bytes(one).unwrap();
    assert_eq!(
        ecdh::shared_point(&one, bob.public_key())
            .unwrap()
            .as_bytes(),
        &bob.public_key().to_compressed()
    );
}

fn alice() -> PrivateKey {
    s(&vectors()["keys"]["alice"], "priv_hex").parse().unwrap()
}

#[test]
fn verify_many_keeps_pre_failed_items_in_place() {
    let key = alice();
    let spec = NewToken::new("/a", Scheme::Bsm, now()).with_body(Body::utf8("{}"));
    let tok = token::create(&key, &spec, [1; 32]).unwrap();
    let good = OwnedRequest::new(tok.clone(), "/a")
        .with_body(OwnedBody::Text("{}".into(), BodyEncoding::Utf8));
    let wrong_path = OwnedRequest::new(tok.clone(), "/b");
    let pre = VerifyError::new(Reason::InvalidInput, "not a string");
    let items = vec![Ok(good.clone()), Err(pre), Ok(wrong_path), Ok(good)];
    let out = Verifier::new().verify_many(&items, now());
    assert_eq!(out.len(), 4);
    assert!(out[0].is_ok() && out[3].is_ok());
    assert_eq!(out[1].as_ref().unwrap_err(), &pre);
    assert_eq!(out[2].as_ref().unwrap_err().reason(), Reason::PathMismatch);
    let bytes = OwnedRequest::new(tok, "/a").with_body(OwnedBody::Bytes(b"{}".to_vec()));
    assert!(Verifier::new().verify_owned(&bytes, now()).is_ok());
}

/// A batch of many blocks (37 items: not a multiple of any block size, more items than cores):
/// each result sits at its item's place and equals that item verified alone.
#[test]
fn verify_many_answers_every_item_in_place() {
    let key = alice();
    let paths: Vec<String> = (0..37).map(|i| format!("/item/{i}")).collect();
    let items: Vec<Result<OwnedRequest, VerifyError>> = paths
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let scheme = if i % 2 == 0 {
                Scheme::Bsm
            } else {
                Scheme::Brc77
            };
            let tok = token::create(&key, &NewToken::new(path, scheme, now()), [3; 32]).unwrap();
            match i % 5 {
                // Pre-failed while converting: kept as given.
                1 => Err(VerifyError::new(Reason::InvalidInput, "pre-failed")),
                // Verified against another item's path: refused.
                3 => Ok(OwnedRequest::new(tok, paths[(i + 1) % paths.len()].clone())),
                _ => Ok(OwnedRequest::new(tok, path.clone())),
            }
        })
        .collect();
    let v = Verifier::new();
    let out = v.verify_many(&items, now());
    assert_eq!(out.len(), items.len());
    for (i, (item, got)) in items.iter().zip(&out).enumerate() {
        let alone = match item {
            Ok(req) => v.verify_owned(req, now()),
            Err(e) => Err(*e),
        };
        assert_eq!(got, &alone, "item {i}");
        match i % 5 {
            1 => assert_eq!(got.as_ref().unwrap_err().reason(), Reason::InvalidInput),
            3 => assert_eq!(got.as_ref().unwrap_err().reason(), Reason::PathMismatch),
            _ => assert!(got.is_ok(), "item {i}"),
        }
    }
}

/// Every verification vector, both policies: the trace's verdict is `verify`'s, a valid token
/// passes every stage, and a refused one fails some stage with the verdict's reason.
#[test]
fn trace_agrees_with_verify_on_every_vector() {
    let cases = vectors()["bitcoin_auth"]["verification_cases"]
        .as_array()
        .unwrap();
    let mut traced = 0;
    for c in cases {
        let target = &c["target"];
        let Ok(now) = Timestamp::parse_lenient(s(target, "timestamp")) else {
            continue;
        };
        let pad = c["timePad"].as_f64().unwrap().trunc().max(0.0) as u64 * 60;
        for policy in [Policy::Strict, Policy::Compat] {
            let v = Verifier::new()
                .with_max_age(Duration::from_secs(pad))
                .with_max_skew(Duration::from_secs(pad))
                .with_policy(policy);
            let Ok(encoding) = BodyEncoding::from_name(s(c, "bodyEncoding"), policy) else {
                continue;
            };
            let body = target.get("body").and_then(Value::as_str);
            let mut req = Request::new(s(target, "requestPath"));
            req.body = body.map(|b| Body::Text(b, encoding));
            let tok = s(c, "token");
            let trace = v.trace(tok, Some(&req), now);
            let verdict = v.verify(tok, &req, now);
            assert_eq!(
                trace.verdict.as_ref(),
                Some(&verdict),
                "{}",
                s(c, "description")
            );
            match verdict {
                Ok(_) => assert!(
                    trace.all_passed(),
                    "{}: {:?}",
                    s(c, "description"),
                    trace.steps
                ),
                Err(e) => assert!(
                    trace.steps.iter().any(|s| s.outcome == Err(e)),
                    "{} ({policy:?}): verdict {e} not among {:?}",
                    s(c, "description"),
                    trace.steps
                ),
            }
            traced += 1;
        }
    }
    assert!(traced > 150, "traced {traced}");
}

#[test]
fn trace_without_a_request_reports_the_window_and_no_verdict() {
    let key = alice();
    let old: Timestamp = "2023-01-15T12:00:00.000Z".parse().unwrap();
    let tok = token::create(&key, &NewToken::new("/a", Scheme::Brc77, old), [3; 32]).unwrap();
    let trace = Verifier::new().trace(&tok, None, now());
    assert!(trace.verdict.is_none());
    let stages: Vec<Stage> = trace.steps.iter().map(|s| s.stage).collect();
    assert_eq!(
        stages,
        [
            Stage::Structure,
            Stage::Pubkey,
            Stage::Timestamp,
            Stage::Window,
            Stage::SignatureEncoding,
            Stage::Audience,
            Stage::SignerBinding
        ]
    );
    let window = trace
        .steps
        .iter()
        .find(|s| s.stage == Stage::Window)
        .unwrap();
    assert_eq!(window.outcome.unwrap_err().reason(), Reason::Expired);
    assert_eq!(trace.pubkey.as_ref(), Some(key.public_key()));
    assert!(!trace.all_passed());
}

#[test]
fn a_path_that_no_header_can_carry_is_refused_at_creation() {
    for path in ["/a|b", "/a\r\nX-Evil: 1", "/a\nb", "/a\0b"] {
        let spec = NewToken::new(path, Scheme::Bsm, now());
        let err = token::create(&alice(), &spec, [0; 32]).unwrap_err();
        assert_eq!(err.reason(), Reason::InvalidInput, "{path:?}");
    }
}

/// A token from `key` for `path` signed at `at`, verified at `at`.
fn verified_at(key: &PrivateKey, path: &str, at: Timestamp) -> sigma_auth_core::Verified {
    let tok = token::create(key, &NewToken::new(path, Scheme::Bsm, at), [0; 32]).unwrap();
    Verifier::new()
        .verify(&tok, &Request::new(path), at)
        .unwrap()
}

#[test]
fn replay_guard_refuses_a_second_use_and_forgets_after_the_window() {
    let key = alice();
    let guard = token::ReplayGuard::new(&Verifier::new());
    assert_eq!(guard.capacity(), token::DEFAULT_REPLAY_CAPACITY);
    let v = verified_at(&key, "/a", now());
    guard.check(&v, now()).unwrap();
    let again = guard.check(&v, now()).unwrap_err();
    assert_eq!(again.reason(), Reason::Replayed);
    // Still refused at the last millisecond of its window (timestamp + max_age) ...
    let last = Timestamp::from_unix_millis(now().unix_millis() + 300_000).unwrap();
    assert_eq!(
        guard.check(&v, last).unwrap_err().reason(),
        Reason::Replayed
    );
    // ... and forgotten after it (the verifier refuses the token as expired by then anyway).
    let after = Timestamp::from_unix_millis(now().unix_millis() + 302_000).unwrap();
    guard.check(&v, after).unwrap();
    assert_eq!(guard.len(), 1, "the expired entry was replaced, not added");
}

#[test]
fn a_full_replay_guard_fails_closed_and_recovers_when_ids_expire() {
    let key = alice();
    let guard = token::ReplayGuard::with_capacity(&Verifier::new(), 10);
    let ids: Vec<_> = (0..10)
        .map(|i| verified_at(&key, &format!("/p{i}"), now()))
        .collect();
    for v in &ids {
        guard.check(v, now()).unwrap();
    }
    assert_eq!(guard.len(), 10);
    // Full of live ids: a new token is refused, a replay is still a replay.
    let new = verified_at(&key, "/p10", now());
    assert_eq!(
        guard.check(&new, now()).unwrap_err().reason(),
        Reason::ReplayStoreFull
    );
    assert_eq!(
        guard.check(&ids[3], now()).unwrap_err().reason(),
        Reason::Replayed
    );
    // Once the ten have left their window, there is room again.
    let later = Timestamp::from_unix_millis(now().unix_millis() + 302_000).unwrap();
    for i in 11..21 {
        guard
            .check(&verified_at(&key, &format!("/p{i}"), later), later)
            .unwrap();
    }
    assert_eq!(
        guard.len(),
        10,
        "the ten expired ids made room for ten new ones"
    );
    let one_more = verified_at(&key, "/p21", later);
    assert_eq!(
        guard.check(&one_more, later).unwrap_err().reason(),
        Reason::ReplayStoreFull
    );
}

#[test]
fn replay_guard_holds_under_many_threads() {
    let key = alice();
    let guard = token::ReplayGuard::with_capacity(&Verifier::new(), 100_000);
    let tokens: Vec<_> = (0..200)
        .map(|i| verified_at(&key, &format!("/t{i}"), now()))
        .collect();
    // Eight threads each try every token: each is accepted exactly once in all.
    let accepted = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                for v in &tokens {
                    if guard.check(v, now()).is_ok() {
                        accepted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                }
            });
        }
    });
    assert_eq!(accepted.into_inner(), tokens.len());
    assert_eq!(guard.len(), tokens.len());
}
