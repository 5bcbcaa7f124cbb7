//! The two curve backends give identical bytes and identical verdicts: libsecp256k1
//! (`ec::Secp256k1`) and pure-Rust k256 (`ec::K256`), compared on random inputs, through the
//! seam and through every protocol built on it.
#![cfg(all(feature = "secp256k1", feature = "k256"))]

use proptest::prelude::*;
use sigma_auth_core::hazmat;
use sigma_auth_core::hazmat::ec::{Backend, K256, Secp256k1, Secret};
use sigma_auth_core::token::{Body, NewToken, Request, Scheme, Verifier};
use sigma_auth_core::{Policy, PrivateKey, Timestamp, bsm};

fn secret() -> impl Strategy<Value = [u8; 32]> {
    any::<[u8; 32]>().prop_filter("valid scalar", |b| Secret::new(*b).is_some())
}

fn key(bytes: [u8; 32]) -> PrivateKey {
    PrivateKey::from_bytes(bytes).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn seam_operations_agree(a in secret(), b in secret(), t in any::<[u8; 32]>(), digest in any::<[u8; 32]>(), x in any::<[u8; 32]>(), odd in any::<bool>()) {
        let (sa, sb) = (Secret::new(a).unwrap(), Secret::new(b).unwrap());
        let t = sigma_auth_core::hazmat::ec::reduce_mod_order(&t);
        let pa = Secp256k1::mul_base(&sa).unwrap();
        prop_assert_eq!(Some(pa), K256::mul_base(&sa));
        prop_assert_eq!(Secp256k1::mul(&pa, &sb), K256::mul(&pa, &sb));
        prop_assert_eq!(Secp256k1::add_mul_base(&pa, &t), K256::add_mul_base(&pa, &t));
        prop_assert_eq!(Secp256k1::scalar_add(&sa, &t), K256::scalar_add(&sa, &t));
        prop_assert_eq!(Secp256k1::lift_x(&x, odd), K256::lift_x(&x, odd));
        let (sig, recid) = Secp256k1::sign(&sa, &digest).unwrap();
        prop_assert_eq!(Some((sig, recid)), K256::sign(&sa, &digest));
        prop_assert!(Secp256k1::verify(&pa, &digest, &sig) && K256::verify(&pa, &digest, &sig));
        prop_assert_eq!(Secp256k1::recover(&digest, &sig, recid), Some(pa));
        prop_assert_eq!(K256::recover(&digest, &sig, recid), Some(pa));
        for other in 0..4u8 {
            prop_assert_eq!(Secp256k1::recover(&digest, &sig, other), K256::recover(&digest, &sig, other));
        }
        // a signature over another digest, or a high-S twin, gets the same verdict from both
        let mut other_digest = digest;
        other_digest[0] ^= 1;
        prop_assert_eq!(Secp256k1::verify(&pa, &other_digest, &sig), K256::verify(&pa, &other_digest, &sig));
        let mut high = sig;
        let mut s = [0u8; 32];
        s.copy_from_slice(&sig[32..]);
        high[32..].copy_from_slice(&sigma_auth_core::hazmat::ec::negate_s(&s));
        prop_assert_eq!(Secp256k1::verify(&pa, &digest, &high), K256::verify(&pa, &digest, &high));
        prop_assert_eq!(Secp256k1::recover(&digest, &high, recid), K256::recover(&digest, &high, recid));

        // verify_tweaked(P, e, t) gives the verdict of verify(P + t·G, e): for a signature by
        // the child key a + t, for its high-S twin, and for a signature by another key.
        let child = Secp256k1::scalar_add(&sa, &t).unwrap();
        let child_pub = Secp256k1::add_mul_base(&pa, &t).unwrap();
        let (by_child, _) = Secp256k1::sign(&child, &digest).unwrap();
        for candidate in [by_child, sig, high] {
            let naive = Secp256k1::verify(&child_pub, &digest, &candidate);
            prop_assert_eq!(Secp256k1::verify_tweaked(&pa, &digest, &t, &candidate), naive);
            prop_assert_eq!(K256::verify_tweaked(&pa, &digest, &t, &candidate), naive);
        }
        prop_assert!(Secp256k1::verify_tweaked(&pa, &digest, &t, &by_child));
        // t = 0 is plain verification
        prop_assert!(Secp256k1::verify_tweaked(&pa, &digest, &[0; 32], &sig));
        prop_assert!(K256::verify_tweaked(&pa, &digest, &[0; 32], &sig));
    }

    #[test]
    fn protocols_agree(a in secret(), b in secret(), msg in proptest::collection::vec(any::<u8>(), 0..200), key_id in any::<[u8; 32]>(), invoice in "\\PC{0,40}") {
        let (ka, kb) = (key(a), key(b));
        // BSM
        let s1 = hazmat::bsm_sign::<Secp256k1>(&msg, &ka).unwrap();
        prop_assert_eq!(s1, hazmat::bsm_sign::<K256>(&msg, &ka).unwrap());
        for policy in [Policy::Strict, Policy::Compat] {
            let parsed = bsm::CompactSignature::parse(&s1, policy).unwrap();
            prop_assert!(hazmat::bsm_verify::<Secp256k1>(&msg, &parsed, ka.public_key(), policy).is_ok());
            prop_assert!(hazmat::bsm_verify::<K256>(&msg, &parsed, ka.public_key(), policy).is_ok());
            prop_assert_eq!(
                hazmat::bsm_verify::<Secp256k1>(&msg, &parsed, kb.public_key(), policy).is_ok(),
                hazmat::bsm_verify::<K256>(&msg, &parsed, kb.public_key(), policy).is_ok()
            );
        }
        // BRC-42
        let cp1 = hazmat::derive_child_private_key::<Secp256k1>(&ka, kb.public_key(), &invoice).unwrap();
        prop_assert_eq!(&cp1, &hazmat::derive_child_private_key::<K256>(&ka, kb.public_key(), &invoice).unwrap());
        let pub1 = hazmat::derive_child_public_key::<Secp256k1>(&kb, ka.public_key(), &invoice).unwrap();
        prop_assert_eq!(pub1, hazmat::derive_child_public_key::<K256>(&kb, ka.public_key(), &invoice).unwrap());
        prop_assert_eq!(&pub1, cp1.public_key());
        // BRC-77, anyone and addressed
        for verifier in [None, Some(kb.public_key())] {
            let e1 = hazmat::brc77_sign::<Secp256k1>(&msg, &ka, verifier, key_id).unwrap();
            prop_assert_eq!(&e1, &hazmat::brc77_sign::<K256>(&msg, &ka, verifier, key_id).unwrap());
            let recipient = verifier.map(|_| &kb);
            for policy in [Policy::Strict, Policy::Compat] {
                prop_assert_eq!(hazmat::brc77_verify::<Secp256k1>(&msg, &e1, recipient, policy), Ok(*ka.public_key()));
                prop_assert_eq!(hazmat::brc77_verify::<K256>(&msg, &e1, recipient, policy), Ok(*ka.public_key()));
                let mut tampered = e1.clone();
                let last = tampered.len() - 1;
                tampered[last] ^= 1;
                prop_assert_eq!(
                    hazmat::brc77_verify::<Secp256k1>(&msg, &tampered, recipient, policy),
                    hazmat::brc77_verify::<K256>(&msg, &tampered, recipient, policy)
                );
            }
        }
    }

    #[test]
    fn tokens_agree(a in secret(), key_id in any::<[u8; 32]>(), path in "/[a-z0-9/?=&]{0,30}", body in "\\PC{0,40}", bsm_scheme in any::<bool>(), skew in -400_000i64..400_000, flip in any::<Option<u8>>()) {
        let ka = key(a);
        let t0 = Timestamp::from_unix_millis(1_736_942_400_000).unwrap();
        let scheme = if bsm_scheme { Scheme::Bsm } else { Scheme::Brc77 };
        let spec = NewToken::new(&path, scheme, t0).with_body(Body::utf8(&body));
        let tok = hazmat::token_create::<Secp256k1>(&ka, &spec, key_id).unwrap();
        prop_assert_eq!(&tok, &hazmat::token_create::<K256>(&ka, &spec, key_id).unwrap());
        // maybe corrupt one character of the token
        let mut tok = tok.into_bytes();
        if let Some(i) = flip {
            let i = usize::from(i) % tok.len();
            tok[i] = if tok[i] == b'A' { b'B' } else { b'A' };
        }
        let tok = String::from_utf8(tok).unwrap();
        let now = Timestamp::from_unix_millis(t0.unix_millis() + skew).unwrap();
        let req = Request::new(&path).with_body(Body::utf8(&body));
        for policy in [Policy::Strict, Policy::Compat] {
            let v = Verifier::new().with_policy(policy);
            let r1 = sigma_auth_core::hazmat::token_verify::<Secp256k1>(&v, &tok, &req, now);
            let r2 = sigma_auth_core::hazmat::token_verify::<K256>(&v, &tok, &req, now);
            prop_assert_eq!(&r1, &r2);
            if flip.is_none() && skew.abs() <= 300_000 {
                prop_assert_eq!(r1.map(|v| v.pubkey), Ok(*ka.public_key()));
            }
        }
    }
}
