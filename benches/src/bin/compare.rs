//! Same-run comparison, Rust side: times token verification and creation on both backends,
//! batch verification on all cores, and raw libsecp256k1 (the floor), and prints one JSON line
//! per result: `{"impl": ..., "op": ..., "ops_per_sec": ...}`. `benches/compare/run` collects
//! these lines with those of the references and writes the table.
//!
//! Usage: `sigma-compare [seconds-per-op]` (default 1.0).

use std::hint::black_box;
use std::time::{Duration, Instant};

use sigma_auth_benches::raw::Floor;
use sigma_auth_benches::{KEY_ID, alice, now, request, spec, token, verifier, verify_ok};
use sigma_auth_core::Policy;
use sigma_auth_core::ec::{Backend, K256, Secp256k1};
use sigma_auth_core::token::{self, Request, Scheme};

/// Operations per second of `f`: a short warm-up, then three rounds of `secs / 3`; the best
/// round counts (the least disturbed by other processes on a shared machine). `per_call` is how
/// many operations one call of `f` does.
fn rate(secs: f64, per_call: u64, mut f: impl FnMut()) -> f64 {
    let warm = Instant::now();
    while warm.elapsed() < Duration::from_secs_f64(secs / 10.0) {
        f();
    }
    let mut best: f64 = 0.0;
    for _ in 0..3 {
        let start = Instant::now();
        let mut calls = 0u64;
        while start.elapsed() < Duration::from_secs_f64(secs / 3.0) {
            f();
            calls += 1;
        }
        best = best.max((calls * per_call) as f64 / start.elapsed().as_secs_f64());
    }
    best
}

fn emit(implementation: &str, op: &str, ops: f64) {
    println!("{{\"impl\": \"{implementation}\", \"op\": \"{op}\", \"ops_per_sec\": {ops:.1}}}");
}

fn backend<B: Backend>(secs: f64) {
    let label = format!("sigma-auth Rust ({})", B::NAME);
    let key = alice();
    let req = request();
    let v = verifier(Policy::Strict);
    for scheme in [Scheme::Brc77, Scheme::Bsm] {
        let tok = token(scheme);
        verify_ok::<B>(&v, &tok, &req);
        let s = scheme.as_str();
        emit(
            &label,
            &format!("token_verify_{s}"),
            rate(secs, 1, || {
                black_box(v.verify_with::<B>(black_box(&tok), &req, now())).ok();
            }),
        );
        let sp = spec(scheme);
        emit(
            &label,
            &format!("token_create_{s}"),
            rate(secs, 1, || {
                black_box(token::create_with::<B>(&key, black_box(&sp), KEY_ID)).ok();
            }),
        );
    }
}

fn main() {
    let secs: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    backend::<Secp256k1>(secs);
    backend::<K256>(secs);

    let tokens: Vec<String> = (0..512)
        .map(|i| {
            token(if i % 2 == 0 {
                Scheme::Bsm
            } else {
                Scheme::Brc77
            })
        })
        .collect();
    let items: Vec<(&str, Request<'_>)> = tokens.iter().map(|t| (t.as_str(), request())).collect();
    let v = verifier(Policy::Strict);
    assert!(v.verify_batch(&items, now()).iter().all(Result::is_ok));
    emit(
        "sigma-auth Rust (libsecp256k1)",
        "token_verify_batch_all_cores",
        rate(secs, items.len() as u64, || {
            black_box(v.verify_batch(black_box(&items), now()));
        }),
    );

    let f = Floor::new();
    assert!(f.verify());
    let floor = "libsecp256k1 raw (Rust secp256k1 0.33.1)";
    emit(
        floor,
        "ecdsa_verify",
        rate(secs, 1, || {
            black_box(black_box(&f).verify());
        }),
    );
    emit(
        floor,
        "ecdsa_recover",
        rate(secs, 1, || {
            black_box(black_box(&f).recover());
        }),
    );
    emit(
        floor,
        "ecdsa_sign",
        rate(secs, 1, || {
            black_box(black_box(&f).sign());
        }),
    );
}
