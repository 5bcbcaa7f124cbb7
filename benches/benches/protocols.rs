//! BSM sign / verify / recover, BRC-42 derivation (private and public) and BRC-77 sign / verify,
//! each on both backends (libsecp256k1 and k256).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use sigma_auth_benches::{KEY_ID, alice, bob};
use sigma_auth_core::hazmat;
use sigma_auth_core::hazmat::ec::{Backend, K256, Secp256k1};
use sigma_auth_core::{Policy, bsm};

const MESSAGE: &[u8] = b"/api/items?page=2|2025-01-15T12:00:00.000Z|";

fn bsm_ops<B: Backend>(c: &mut Criterion) {
    let key = alice();
    let sig = bsm::CompactSignature::parse(
        &hazmat::bsm_sign::<B>(MESSAGE, &key).expect("sign"),
        Policy::Strict,
    )
    .expect("parse");
    let name = B::NAME;
    c.bench_function(&format!("bsm/sign/{name}"), |b| {
        b.iter(|| hazmat::bsm_sign::<B>(black_box(MESSAGE), &key))
    });
    for (policy, p) in [(Policy::Strict, "strict"), (Policy::Compat, "compat")] {
        hazmat::bsm_verify::<B>(MESSAGE, &sig, key.public_key(), policy).expect("verifies");
        c.bench_function(&format!("bsm/verify_{p}/{name}"), |b| {
            b.iter(|| hazmat::bsm_verify::<B>(black_box(MESSAGE), &sig, key.public_key(), policy))
        });
    }
    // bsm::recover has no backend-generic variant: recovery is the backend's own operation
    // after the magic hash.
    let digest = bsm::magic_hash(MESSAGE);
    c.bench_function(&format!("bsm/recover/{name}"), |b| {
        b.iter(|| {
            B::recover(
                &bsm::magic_hash(black_box(MESSAGE)),
                sig.rs(),
                sig.recovery_id(),
            )
        })
    });
    assert!(B::recover(&digest, sig.rs(), sig.recovery_id()).is_some());
}

fn bsm_parse(c: &mut Criterion) {
    let b64 = bsm::sign_base64(MESSAGE, &alice()).expect("sign");
    c.bench_function("bsm/parse_base64", |b| {
        b.iter(|| bsm::CompactSignature::parse_base64(black_box(&b64), Policy::Strict))
    });
    c.bench_function("bsm/recover/active", |b| {
        let sig = bsm::CompactSignature::parse_base64(&b64, Policy::Strict).expect("parse");
        b.iter(|| bsm::recover(black_box(MESSAGE), &sig))
    });
}

fn brc42<B: Backend>(c: &mut Criterion) {
    let (a, bo) = (alice(), bob());
    let invoice = "2-message signing-CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk=";
    let name = B::NAME;
    c.bench_function(&format!("brc42/derive_private/{name}"), |b| {
        b.iter(|| hazmat::derive_child_private_key::<B>(&a, bo.public_key(), black_box(invoice)))
    });
    c.bench_function(&format!("brc42/derive_public/{name}"), |b| {
        b.iter(|| hazmat::derive_child_public_key::<B>(&a, bo.public_key(), black_box(invoice)))
    });
}

fn brc77<B: Backend>(c: &mut Criterion) {
    let (a, bo) = (alice(), bob());
    let name = B::NAME;
    let anyone = hazmat::brc77_sign::<B>(MESSAGE, &a, None, KEY_ID).expect("sign");
    let to_bob = hazmat::brc77_sign::<B>(MESSAGE, &a, Some(bo.public_key()), KEY_ID).expect("sign");
    c.bench_function(&format!("brc77/sign_anyone/{name}"), |b| {
        b.iter(|| hazmat::brc77_sign::<B>(black_box(MESSAGE), &a, None, KEY_ID))
    });
    c.bench_function(&format!("brc77/sign_to_verifier/{name}"), |b| {
        b.iter(|| hazmat::brc77_sign::<B>(black_box(MESSAGE), &a, Some(bo.public_key()), KEY_ID))
    });
    for (policy, p) in [(Policy::Strict, "strict"), (Policy::Compat, "compat")] {
        hazmat::brc77_verify::<B>(MESSAGE, &anyone, None, policy).expect("verifies");
        c.bench_function(&format!("brc77/verify_anyone_{p}/{name}"), |b| {
            b.iter(|| hazmat::brc77_verify::<B>(black_box(MESSAGE), &anyone, None, policy))
        });
    }
    hazmat::brc77_verify::<B>(MESSAGE, &to_bob, Some(&bo), Policy::Strict).expect("ok");
    c.bench_function(&format!("brc77/verify_as_recipient/{name}"), |b| {
        b.iter(|| hazmat::brc77_verify::<B>(black_box(MESSAGE), &to_bob, Some(&bo), Policy::Strict))
    });
    c.bench_function(&format!("brc77/parse/{name}"), |b| {
        b.iter(|| hazmat::brc77_parse::<B>(black_box(&anyone), Policy::Strict))
    });
}

fn protocols(c: &mut Criterion) {
    bsm_ops::<Secp256k1>(c);
    bsm_ops::<K256>(c);
    bsm_parse(c);
    brc42::<Secp256k1>(c);
    brc42::<K256>(c);
    brc77::<Secp256k1>(c);
    brc77::<K256>(c);
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
}

criterion_group! { name = benches; config = config(); targets = protocols }
criterion_main!(benches);
