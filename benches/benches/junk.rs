//! 1 MB of junk in every field that takes outside input: each must be refused after a length
//! check, before any work proportional to the input (issue "Hardening", item 5). The refusal
//! itself is asserted once per field in `main`-style setup below, so `cargo bench --bench junk
//! -- --test` (run by the test script) also checks that every field is refused; the timing shows
//! it happens in microseconds.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use sigma_auth_core::bsm::CompactSignature;
use sigma_auth_core::keys::Wif;
use sigma_auth_core::token::{Request, Verifier};
use sigma_auth_core::type42::Protocol;
use sigma_auth_core::{Policy, PrivateKey, PublicKey, Timestamp, ecdsa, signed_message};

const MB: usize = 1 << 20;

/// A named check that returns whether the junk was refused.
type Check<'a> = (&'a str, Box<dyn Fn() -> bool + 'a>);

/// A valid token's five fields, with field `i` replaced by 1 MB of junk.
fn token_with_junk(i: usize, junk: &str) -> String {
    let mut fields = [
        "026f3a9f4f4fe5997d3bb3aac166d3552656f7890313274638fb0762aa8eeb2348",
        "bsm",
        "2025-01-15T12:00:00.000Z",
        "/api",
        "H8A6/8mQ8WfS2fL9G8zC1nbdJpfo3a2rLOqMeV7fJpQ3RxzDzDpnRlm+V1JZQj6GBVyVwJ1vWcv5d9O7NH5H4y8=",
    ];
    fields[i] = junk;
    fields.join("|")
}

fn junk(c: &mut Criterion) {
    let letters = "A".repeat(MB);
    let now: Timestamp = "2025-01-15T12:00:00.000Z".parse().expect("timestamp");
    let request = Request::new("/api");
    let names = ["pubkey", "scheme", "timestamp", "path", "signature"];
    for policy in [Policy::Strict, Policy::Compat] {
        let verifier = Verifier::new().with_policy(policy);
        for (i, name) in names.iter().enumerate() {
            let tok = token_with_junk(i, &letters);
            assert!(verifier.verify(&tok, &request, now).is_err(), "{name}");
            c.bench_function(&format!("junk/token_{name}/{policy:?}"), |b| {
                b.iter(|| verifier.verify(black_box(&tok), &request, now))
            });
        }
    }
    let bytes = vec![0x30u8; MB];
    let checks: Vec<Check<'_>> = vec![
        (
            "wif",
            Box::new(|| Wif::decode(black_box(&letters)).is_err()),
        ),
        (
            "private_key_hex",
            Box::new(|| PrivateKey::from_hex(black_box(&letters)).is_err()),
        ),
        (
            "public_key_hex",
            Box::new(|| PublicKey::from_hex(black_box(&letters)).is_err()),
        ),
        (
            "public_key_hex_lenient",
            Box::new(|| PublicKey::from_hex_lenient(black_box(&letters)).is_err()),
        ),
        (
            "public_key_sec1",
            Box::new(|| PublicKey::from_sec1(black_box(&bytes)).is_err()),
        ),
        (
            "timestamp",
            Box::new(|| Timestamp::parse_lenient(black_box(&letters)).is_err()),
        ),
        (
            "bsm_signature_base64",
            Box::new(|| {
                CompactSignature::parse_base64(black_box(&letters), Policy::Compat).is_err()
            }),
        ),
        (
            "ecdsa_der",
            Box::new(|| ecdsa::Signature::from_der(black_box(&bytes), Policy::Compat).is_err()),
        ),
        (
            "brc77_envelope",
            Box::new(|| signed_message::parse(black_box(&bytes), Policy::Compat).is_err()),
        ),
        (
            "brc43_protocol_name",
            Box::new(|| Protocol::new(2, black_box(&letters)).is_err()),
        ),
        (
            "brc43_key_id",
            Box::new(|| {
                let p = Protocol::new(2, "hello world").expect("protocol");
                p.invoice_number(black_box(&letters)).is_err()
            }),
        ),
    ];
    for (name, check) in &checks {
        assert!(check(), "1 MB of junk is refused: {name}");
        c.bench_function(&format!("junk/{name}"), |b| b.iter(check));
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_secs(1));
    targets = junk
}
criterion_main!(benches);
