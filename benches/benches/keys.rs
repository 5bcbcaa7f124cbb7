//! Key parsing: WIF, private-key hex, public-key hex (strict and lenient), and the backend's
//! point decompression (`lift_x`, the heart of public-key parsing) on both backends.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use sigma_auth_benches::{ALICE_PUB_HEX, ALICE_WIF, alice};
use sigma_auth_core::hazmat::ec::{Backend, K256, Secp256k1};
use sigma_auth_core::keys::Wif;
use sigma_auth_core::{PrivateKey, PublicKey};

fn lift_x<B: Backend>(c: &mut Criterion) {
    let x = alice().public_key().to_compressed();
    let mut xx = [0u8; 32];
    xx.copy_from_slice(&x[1..]);
    c.bench_function(&format!("keys/lift_x/{}", B::NAME), |b| {
        b.iter(|| B::lift_x(black_box(&xx), x[0] == 3))
    });
}

fn keys(c: &mut Criterion) {
    let hex = alice().to_hex();
    let uncompressed: String = alice()
        .public_key()
        .to_uncompressed()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    // These run on the active backend (libsecp256k1): the public API has no backend-generic
    // key parsing; the k256 cost of the same work is lift_x/k256 and floor/mul_base/k256.
    c.bench_function("keys/private_from_wif", |b| {
        b.iter(|| PrivateKey::from_wif(black_box(ALICE_WIF)))
    });
    c.bench_function("keys/wif_decode", |b| {
        b.iter(|| Wif::decode(black_box(ALICE_WIF)))
    });
    c.bench_function("keys/private_from_hex", |b| {
        b.iter(|| PrivateKey::from_hex(black_box(&hex)))
    });
    c.bench_function("keys/public_from_hex/compressed", |b| {
        b.iter(|| PublicKey::from_hex(black_box(ALICE_PUB_HEX)))
    });
    c.bench_function("keys/public_from_hex/uncompressed", |b| {
        b.iter(|| PublicKey::from_hex(black_box(&uncompressed)))
    });
    c.bench_function("keys/public_from_hex_lenient/compressed", |b| {
        b.iter(|| PublicKey::from_hex_lenient(black_box(ALICE_PUB_HEX)))
    });
    c.bench_function("keys/public_to_hex", |b| {
        let k = *alice().public_key();
        b.iter(|| black_box(&k).to_hex())
    });
    lift_x::<Secp256k1>(c);
    lift_x::<K256>(c);
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
}

criterion_group! { name = benches; config = config(); targets = keys }
criterion_main!(benches);
