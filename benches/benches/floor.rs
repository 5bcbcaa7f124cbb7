//! The hardware floor: single curve operations through the core's `ec::Backend` seam on both
//! backends, and raw libsecp256k1 (the `secp256k1` crate) with every input already parsed.
//! A token verification costs at least one ECDSA verification (bsm: one recovery).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use sigma_auth_benches::{alice, bob, raw::Floor};
use sigma_auth_core::hazmat::ec::{Backend, K256, Secp256k1, Secret};

fn backend<B: Backend>(c: &mut Criterion) {
    let name = B::NAME;
    let secret = Secret::new(*alice().to_bytes()).expect("secret");
    let point = B::mul_base(&secret).expect("point");
    let other = B::mul_base(&Secret::new(*bob().to_bytes()).expect("secret")).expect("point");
    let digest = [7u8; 32];
    let (sig, recid) = B::sign(&secret, &digest).expect("sign");
    assert!(B::verify(&point, &digest, &sig));
    c.bench_function(&format!("floor/ecdsa_verify/{name}"), |b| {
        b.iter(|| B::verify(&point, black_box(&digest), &sig))
    });
    c.bench_function(&format!("floor/ecdsa_recover/{name}"), |b| {
        b.iter(|| B::recover(black_box(&digest), &sig, recid))
    });
    c.bench_function(&format!("floor/ecdsa_sign/{name}"), |b| {
        b.iter(|| B::sign(&secret, black_box(&digest)))
    });
    c.bench_function(&format!("floor/mul_base/{name}"), |b| {
        b.iter(|| B::mul_base(black_box(&secret)))
    });
    c.bench_function(&format!("floor/ecdh/{name}"), |b| {
        b.iter(|| B::mul(black_box(&other), &secret))
    });
    c.bench_function(&format!("floor/add_mul_base/{name}"), |b| {
        b.iter(|| B::add_mul_base(black_box(&other), &digest))
    });
}

fn raw(c: &mut Criterion) {
    let f = Floor::new();
    assert!(f.verify());
    c.bench_function("floor/raw_libsecp256k1/verify", |b| {
        b.iter(|| black_box(&f).verify())
    });
    c.bench_function("floor/raw_libsecp256k1/recover", |b| {
        b.iter(|| black_box(&f).recover())
    });
    c.bench_function("floor/raw_libsecp256k1/sign", |b| {
        b.iter(|| black_box(&f).sign())
    });
    c.bench_function("floor/raw_libsecp256k1/mul_base", |b| {
        b.iter(|| black_box(&f).mul_base())
    });
    c.bench_function("floor/raw_libsecp256k1/ecdh", |b| {
        b.iter(|| black_box(&f).ecdh())
    });
}

fn floor(c: &mut Criterion) {
    backend::<Secp256k1>(c);
    backend::<K256>(c);
    raw(c);
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
}

criterion_group! { name = benches; config = config(); targets = floor }
criterion_main!(benches);
