//! X-Auth-Token: parse, create (bsm and brc77) and verify (bsm and brc77, strict and compat) on
//! both backends, and batch verification on all cores.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sigma_auth_benches::{
    KEY_ID, alice, mixed_tokens, now, request, spec, token, verifier, verify_ok,
};
use sigma_auth_core::Policy;
use sigma_auth_core::hazmat;
use sigma_auth_core::hazmat::ec::{Backend, K256, Secp256k1};
use sigma_auth_core::token::{self, Request, Scheme};

fn per_backend<B: Backend>(c: &mut Criterion) {
    let key = alice();
    let req = request();
    let name = B::NAME;
    for scheme in [Scheme::Bsm, Scheme::Brc77] {
        let s = scheme.as_str();
        let sp = spec(scheme);
        c.bench_function(&format!("token/create_{s}/{name}"), |b| {
            b.iter(|| hazmat::token_create::<B>(&key, black_box(&sp), KEY_ID))
        });
        let tok = token(scheme);
        for (policy, p) in [(Policy::Strict, "strict"), (Policy::Compat, "compat")] {
            let v = verifier(policy);
            verify_ok::<B>(&v, &tok, &req);
            c.bench_function(&format!("token/verify_{s}_{p}/{name}"), |b| {
                b.iter(|| {
                    sigma_auth_core::hazmat::token_verify::<B>(&v, black_box(&tok), &req, now())
                })
            });
        }
    }
}

fn shared(c: &mut Criterion) {
    let tok = token(Scheme::Brc77);
    c.bench_function("token/parse", |b| b.iter(|| token::parse(black_box(&tok))));

    // Batch verification on all cores (the active backend), 256 tokens per call, half of each
    // scheme: throughput is reported per token.
    let tokens: Vec<String> = mixed_tokens(256);
    let items: Vec<(&str, Request<'_>)> = tokens.iter().map(|t| (t.as_str(), request())).collect();
    let v = verifier(Policy::Strict);
    assert!(v.verify_batch(&items, now()).iter().all(Result::is_ok));
    let mut group = c.benchmark_group("token/verify_batch");
    group.throughput(Throughput::Elements(items.len() as u64));
    group.bench_function(
        format!(
            "256_mixed_strict/{}_threads",
            std::thread::available_parallelism().map_or(1, |n| n.get())
        ),
        |b| b.iter(|| v.verify_batch(black_box(&items), now())),
    );
    group.finish();
}

fn tokens(c: &mut Criterion) {
    per_backend::<Secp256k1>(c);
    per_backend::<K256>(c);
    shared(c);
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30)
}

criterion_group! { name = benches; config = config(); targets = tokens }
criterion_main!(benches);
