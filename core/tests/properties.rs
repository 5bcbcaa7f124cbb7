//! Properties on random inputs: no input makes the verifier panic, encodings round-trip,
//! signatures made here verify here, and every malleated spelling of one token that Compat
//! accepts has the same replay id.

use proptest::prelude::*;
use sigma_auth_core::hazmat::ec;
use sigma_auth_core::hazmat::encoding::{base64_decode, base64_encode, hex_decode, hex_encode};
use sigma_auth_core::token::{self, Body, BodyEncoding, NewToken, Request, Scheme, Verifier};
use sigma_auth_core::{Policy, PrivateKey, PublicKey, Timestamp, Wif, bsm, signed_message};

fn key() -> impl Strategy<Value = PrivateKey> {
    any::<[u8; 32]>().prop_filter_map("valid scalar", |b| PrivateKey::from_bytes(b).ok())
}

const T0: i64 = 1_736_942_400_000; // 2025-01-15T12:00:00.000Z

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn verify_never_panics(token in "\\PC{0,200}", path in "\\PC{0,20}", body in proptest::option::of("\\PC{0,20}"), enc in 0..3u8, now in -100_000_000_000_000i64..200_000_000_000_000) {
        let enc = [BodyEncoding::Utf8, BodyEncoding::Hex, BodyEncoding::Base64][enc as usize];
        let mut req = Request::new(&path);
        req.body = body.as_deref().map(|b| Body::Text(b, enc));
        let now = Timestamp::from_unix_millis(now.clamp(-62_167_219_200_000, 253_402_300_799_999)).unwrap();
        for policy in [Policy::Strict, Policy::Compat] {
            let _ = Verifier::new().with_policy(policy).verify(&token, &req, now);
        }
        let _ = token::parse(&token);
    }

    #[test]
    fn token_shaped_garbage_never_panics(pubkey in "[0-9a-fA-F]{0,140}", scheme in "bsm|brc77", ts in "[0-9TZ:.+-]{0,30}", sig in "[A-Za-z0-9+/=_-]{0,200}") {
        let tok = format!("{pubkey}|{scheme}|{ts}|/p|{sig}");
        for policy in [Policy::Strict, Policy::Compat] {
            let _ = Verifier::new().with_policy(policy).verify(&tok, &Request::new("/p"), Timestamp::from_unix_millis(T0).unwrap());
        }
    }

    #[test]
    fn parsers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..160), text in "\\PC{0,80}") {
        let _ = PublicKey::from_sec1(&bytes);
        let _ = PublicKey::from_sec1_lenient(&bytes);
        let _ = PublicKey::from_hex_lenient(&text);
        let _ = Wif::decode(&text);
        let _ = PrivateKey::from_slice(&bytes);
        for policy in [Policy::Strict, Policy::Compat] {
            let _ = sigma_auth_core::hazmat::der::decode(&bytes, policy);
            let _ = bsm::CompactSignature::parse(&bytes, policy);
            let _ = signed_message::parse(&bytes, policy);
            let _ = signed_message::verify(b"m", &bytes, None, policy);
        }
        let _ = Timestamp::parse_iso(&text);
        let _ = Timestamp::parse_lenient(&text);
    }

    #[test]
    fn encodings_round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..100), millis in -62_167_219_200_000i64..253_402_300_799_999) {
        prop_assert_eq!(hex_decode("t", &hex_encode(&bytes)).unwrap(), bytes.clone());
        prop_assert_eq!(base64_decode("t", &base64_encode(&bytes)).unwrap(), bytes);
        let t = Timestamp::from_unix_millis(millis).unwrap();
        prop_assert_eq!(Timestamp::parse_iso(&t.to_iso()).unwrap(), t);
        prop_assert_eq!(Timestamp::parse_lenient(&t.to_iso()).unwrap(), t);
    }

    #[test]
    fn keys_round_trip(k in key()) {
        prop_assert_eq!(&PrivateKey::from_wif(&k.to_wif(Default::default())).unwrap(), &k);
        prop_assert_eq!(&PrivateKey::from_hex(&k.to_hex()).unwrap(), &k);
        let p = k.public_key();
        prop_assert_eq!(&PublicKey::from_sec1(&p.to_compressed()).unwrap(), p);
        prop_assert_eq!(&PublicKey::from_sec1(&p.to_uncompressed()).unwrap(), p);
    }

    #[test]
    fn made_here_verifies_here(k in key(), path in "[ -{}~]{0,40}", body in proptest::option::of("\\PC{0,40}"), bsm_scheme in any::<bool>(), key_id in any::<[u8; 32]>(), age in -300_000i64..=300_000) {
        let scheme = if bsm_scheme { Scheme::Bsm } else { Scheme::Brc77 };
        let t0 = Timestamp::from_unix_millis(T0).unwrap();
        let mut spec = NewToken::new(&path, scheme, t0);
        spec.body = body.as_deref().map(Body::utf8);
        let tok = token::create(&k, &spec, key_id).unwrap();
        let mut req = Request::new(&path);
        req.body = body.as_deref().map(Body::utf8);
        let now = Timestamp::from_unix_millis(T0 + age).unwrap();
        for policy in [Policy::Strict, Policy::Compat] {
            let v = Verifier::new().with_policy(policy).verify(&tok, &req, now).unwrap();
            prop_assert_eq!(&v.pubkey, k.public_key());
            prop_assert_eq!(v.timestamp, t0);
            // one millisecond past the window on either side is refused
            let late = Timestamp::from_unix_millis(T0 + 300_001).unwrap();
            let early = Timestamp::from_unix_millis(T0 - 300_001).unwrap();
            prop_assert_eq!(Verifier::new().with_policy(policy).verify(&tok, &req, late).unwrap_err().code(), "expired");
            prop_assert_eq!(Verifier::new().with_policy(policy).verify(&tok, &req, early).unwrap_err().code(), "not_yet_valid");
        }
    }

    #[test]
    fn malleated_spellings_share_one_replay_id(k in key(), path in "/[a-z]{0,10}") {
        let t0 = Timestamp::from_unix_millis(T0).unwrap();
        let tok = token::create(&k, &NewToken::new(&path, Scheme::Bsm, t0), [0; 32]).unwrap();
        let req = Request::new(&path);
        let compat = Verifier::new().with_policy(Policy::Compat);
        let id = *compat.verify(&tok, &req, t0).unwrap().replay_id();
        prop_assert_eq!(*Verifier::new().verify(&tok, &req, t0).unwrap().replay_id(), id);
        let parts = token::parse(&tok).unwrap();
        let raw = base64_decode("t", parts.signature).unwrap();
        let mut spellings = Vec::new();
        // unpadded and url-safe base64
        spellings.push(parts.signature.trim_end_matches('=').replace('+', "-").replace('/', "_"));
        // high S with the header unchanged (pubkey verification ignores the header)
        let mut high = raw.clone();
        let mut s = [0u8; 32];
        s.copy_from_slice(&raw[33..]);
        high[33..].copy_from_slice(&ec::negate_s(&s));
        spellings.push(base64_encode(&high));
        // uncompressed-key header
        let mut unc = raw.clone();
        unc[0] -= 4;
        spellings.push(base64_encode(&unc));
        for sig in spellings {
            let forged = format!("{}|bsm|{}|{}|{}", k.public_key().to_hex(), parts.timestamp, path, sig);
            prop_assert_eq!(*compat.verify(&forged, &req, t0).unwrap().replay_id(), id);
            prop_assert!(Verifier::new().verify(&forged, &req, t0).is_err());
        }
        // the uncompressed and upper-case spellings of the pubkey field
        for pk in [sigma_auth_core::hazmat::encoding::hex_encode(&k.public_key().to_uncompressed()), k.public_key().to_hex().to_uppercase()] {
            let forged = format!("{pk}|bsm|{}|{}|{}", parts.timestamp, path, parts.signature);
            prop_assert_eq!(*compat.verify(&forged, &req, t0).unwrap().replay_id(), id);
        }
    }
}

#[test]
fn replay_guard_refuses_a_second_use_until_expiry() {
    use sigma_auth_core::token::ReplayGuard;
    let k = PrivateKey::from_bytes([3; 32]).unwrap();
    let t0 = Timestamp::from_unix_millis(T0).unwrap();
    let verifier = Verifier::new();
    let guard = ReplayGuard::new(&verifier);
    let tok = token::create(&k, &NewToken::new("/a", Scheme::Brc77, t0), [1; 32]).unwrap();
    let other = token::create(&k, &NewToken::new("/a", Scheme::Brc77, t0), [2; 32]).unwrap();
    let req = Request::new("/a");
    let first = verifier.verify(&tok, &req, t0).unwrap();
    assert!(guard.check(&first, t0).is_ok());
    let again = verifier.verify(&tok, &req, t0).unwrap();
    assert_eq!(guard.check(&again, t0).unwrap_err().code(), "replayed");
    // A second signature over the same request (another key ID) is the same signed request.
    let twin = verifier.verify(&other, &req, t0).unwrap();
    assert_eq!(twin.replay_id(), first.replay_id());
    assert_eq!(guard.check(&twin, t0).unwrap_err().code(), "replayed");
    // Once the token has expired the id is forgotten; the verifier refuses the token anyway.
    let later = Timestamp::from_unix_millis(T0 + 300_001).unwrap();
    assert!(guard.check(&first, later).is_ok());
    assert_eq!(
        verifier.verify(&tok, &req, later).unwrap_err().code(),
        "expired"
    );
}

#[test]
fn an_off_curve_pubkey_is_reported_as_bad_pubkey() {
    // x = 0 has no point on the curve (the reference: "Invalid point"); the field has the right
    // shape, so Strict only finds out when the signature's key does not match it.
    let k = PrivateKey::from_bytes([5; 32]).unwrap();
    let t0 = Timestamp::from_unix_millis(T0).unwrap();
    let off_curve = format!("02{}", "00".repeat(32));
    for scheme in [Scheme::Bsm, Scheme::Brc77] {
        let tok = token::create(&k, &NewToken::new("/a", scheme, t0), [1; 32]).unwrap();
        let forged = format!("{off_curve}{}", &tok[66..]);
        for policy in [Policy::Strict, Policy::Compat] {
            let err = Verifier::new()
                .with_policy(policy)
                .verify(&forged, &Request::new("/a"), t0)
                .unwrap_err();
            assert_eq!(err.code(), "bad_pubkey", "{scheme:?} {policy:?}");
        }
    }
}
