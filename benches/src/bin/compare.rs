//! Same-run comparison, Rust side: times token verification and creation on both backends,
//! batch verification on all cores, ECIES-Electrum and BRC-78 of 1 KiB and 1 MiB, AIP, Sigma and
//! BAP attestation verification (default backend), and raw
//! libsecp256k1 (the floor), and prints one JSON line
//! per result: `{"impl": ..., "op": ..., "ops_per_sec": ...}`. `benches/compare/run` collects
//! these lines with those of the references and writes the table.
//!
//! The operations are timed round-robin (five rounds, each operation `secs / 5` per round) and
//! each keeps its best round. Single-threaded operations are timed in the thread's CPU time
//! (`CLOCK_THREAD_CPUTIME_ID`), so that other processes on a shared machine disturb the figures
//! as little as possible; batch verification on all cores is timed in wall-clock time.
//!
//! Usage: `sigma-compare [seconds-per-op]` (default 1.0); `SIGMA_COMPARE_DEBUG=1` prints every
//! round on stderr. `sigma-compare --calibrate SECS`: see [`calibrate`].

use std::hint::black_box;
use std::time::Instant;

use sigma_auth_benches::raw::Floor;
use sigma_auth_benches::{
    KEY_ID, aip_payload, alice, mixed_tokens, now, request, sigma_input, sigma_script, spec, token,
    verifier, verify_ok,
};
use sigma_auth_core::Policy;
use sigma_auth_core::aip::{self, Convention};
use sigma_auth_core::bap::attestation;
use sigma_auth_core::ecies::{self, KeyMode, SenderKey};
use sigma_auth_core::encrypted_message;
use sigma_auth_core::hazmat;
use sigma_auth_core::hazmat::ec::{Backend, K256, Secp256k1};
use sigma_auth_core::sigma::{self, Algorithm};
use sigma_auth_core::token::{Request, Scheme};

const ROUNDS: u32 = 5;

/// One timed operation: who, what, how many operations one call does, and the call.
struct Op<'a> {
    implementation: String,
    op: String,
    per_call: u64,
    run: Box<dyn FnMut() + 'a>,
    wall: bool,
    best: f64,
}

/// Seconds of CPU time this thread has used.
fn thread_cpu() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

/// Seconds on the clock `o` is timed with.
fn clock(wall: bool, origin: Instant) -> f64 {
    if wall {
        origin.elapsed().as_secs_f64()
    } else {
        thread_cpu()
    }
}

fn op<'a>(implementation: &str, op: &str, per_call: u64, run: impl FnMut() + 'a) -> Op<'a> {
    Op {
        implementation: implementation.to_string(),
        op: op.to_string(),
        per_call,
        run: Box::new(run),
        wall: false,
        best: 0.0,
    }
}

fn label<B: Backend>() -> String {
    match B::NAME {
        "secp256k1" => "sigma-auth Rust (libsecp256k1)".to_string(),
        other => format!("sigma-auth Rust ({other})"),
    }
}

/// `sigma-compare --calibrate SECS`: raw libsecp256k1 verifications for `SECS` seconds of wall
/// time in this one process, printed as one JSON line with the process's CPU share.
/// `benches/compare/run` starts it alone, then once per core at the same time: on independent
/// cores the processes together do cores × one process's work.
fn calibrate(secs: f64) {
    let f = Floor::new();
    let start = Instant::now();
    let cpu0 = thread_cpu();
    let mut calls = 0u64;
    while start.elapsed().as_secs_f64() < secs {
        black_box(black_box(&f).verify());
        calls += 1;
    }
    let wall = start.elapsed().as_secs_f64();
    println!(
        "{{\"impl\": \"calibration\", \"op\": \"raw_verify_wall\", \"ops_per_sec\": {:.1}, \"cpu_share\": {:.3}}}",
        calls as f64 / wall,
        (thread_cpu() - cpu0) / wall
    );
}

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("--calibrate") {
        args.next();
        calibrate(args.next().and_then(|s| s.parse().ok()).unwrap_or(2.0));
        return;
    }
    let secs: f64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1.0);
    let key = alice();
    let req = request();
    let v = verifier(Policy::Strict);
    let tokens = [token(Scheme::Brc77), token(Scheme::Bsm)];
    let specs = [spec(Scheme::Brc77), spec(Scheme::Bsm)];
    let batch: Vec<String> = mixed_tokens(512);
    let items: Vec<(&str, Request<'_>)> = batch.iter().map(|t| (t.as_str(), request())).collect();
    assert!(v.verify_batch(&items, now()).iter().all(Result::is_ok));
    let f = Floor::new();
    assert!(f.verify());

    let recipient = sigma_auth_core::PrivateKey::from_bytes([2; 32]).expect("key");
    let sizes = [("1k", 1usize << 10), ("1m", 1usize << 20)];
    let messages: Vec<(&str, Vec<u8>)> = sizes
        .iter()
        .map(|&(name, n)| (name, (0..n).map(|i| i as u8).collect()))
        .collect();
    let att = sigma_auth_benches::attestation();
    let subject = sigma_auth_benches::attestation_subject();
    assert!(attestation::check(&att, Some(&subject)).is_ok());

    let mut ops: Vec<Op<'_>> = Vec::new();
    macro_rules! per_backend {
        ($b:ty) => {
            for (tok, sp) in tokens.iter().zip(&specs) {
                verify_ok::<$b>(&v, tok, &req);
                let s = sp.scheme.as_str();
                let (v, req, key) = (&v, &req, &key);
                ops.push(op(
                    &label::<$b>(),
                    &format!("token_verify_{s}"),
                    1,
                    move || {
                        assert!(
                            black_box(sigma_auth_core::hazmat::token_verify::<$b>(
                                &v,
                                black_box(tok),
                                req,
                                now()
                            ))
                            .is_ok()
                        );
                    },
                ));
                ops.push(op(
                    &label::<$b>(),
                    &format!("token_create_{s}"),
                    1,
                    move || {
                        assert!(
                            black_box(hazmat::token_create::<$b>(key, black_box(sp), KEY_ID))
                                .is_ok()
                        );
                    },
                ));
            }
        };
    }
    per_backend!(Secp256k1);
    per_backend!(K256);
    // BAP: the local attestation check (layout, AIP with the pipe, one recovery, the hash
    // recomputed from the subject), on the active backend.
    let (att_ref, subject_ref) = (&att, &subject);
    ops.push(op(
        &label::<Secp256k1>(),
        "attestation_check",
        1,
        move || {
            assert!(black_box(attestation::check(black_box(att_ref), Some(subject_ref))).is_ok());
        },
    ));
    let (vr, items_ref) = (&v, &items);
    let mut batch_op = op(
        &label::<Secp256k1>(),
        "token_verify_batch_all_cores",
        items.len() as u64,
        move || {
            black_box(vr.verify_batch(black_box(items_ref), now()));
        },
    );
    batch_op.wall = true;
    ops.push(batch_op);
    // ECIES-Electrum and BRC-78 of 1 KiB and 1 MiB, on the default backend (public API).
    for (size, msg) in &messages {
        let (key, recipient) = (&key, &recipient);
        let to = recipient.public_key();
        let ecies_ct = ecies::encrypt(msg, to, key, KeyMode::Embedded).expect("ecies");
        let brc78_ct = encrypted_message::encrypt_random(msg, key, to).expect("brc78");
        let ours = label::<Secp256k1>();
        ops.push(op(&ours, &format!("ecies_encrypt_{size}"), 1, move || {
            assert!(black_box(ecies::encrypt(black_box(msg), to, key, KeyMode::Embedded)).is_ok());
        }));
        ops.push(op(&ours, &format!("ecies_decrypt_{size}"), 1, move || {
            let plain = ecies::decrypt(black_box(&ecies_ct), recipient, SenderKey::Embedded);
            assert!(black_box(plain).is_ok());
        }));
        ops.push(op(&ours, &format!("brc78_encrypt_{size}"), 1, move || {
            let sealed = encrypted_message::encrypt_random(black_box(msg), key, to);
            assert!(black_box(sealed).is_ok());
        }));
        ops.push(op(&ours, &format!("brc78_decrypt_{size}"), 1, move || {
            let plain = encrypted_message::decrypt(black_box(&brc78_ct), recipient);
            assert!(black_box(plain).is_ok());
        }));
    }
    // The identity layer (AIP, Sigma) on the default backend.
    let ours = label::<Secp256k1>();
    for convention in [Convention::WithPipe, Convention::WithoutPipe] {
        let payload = aip_payload(convention);
        assert_eq!(
            aip::verify(&payload).expect("AIP fixture").convention,
            convention
        );
        ops.push(op(
            &ours,
            &format!("aip_verify_{}", convention.as_str()),
            1,
            move || {
                assert!(black_box(aip::verify(black_box(&payload))).is_ok());
            },
        ));
    }
    for algorithm in [Algorithm::Bsm, Algorithm::Brc77] {
        let script = sigma_script(algorithm);
        let input = sigma_input();
        assert!(sigma::verify(&script, Some(&input), 0).is_ok());
        ops.push(op(
            &ours,
            &format!("sigma_verify_{}", algorithm.as_str().to_lowercase()),
            1,
            move || {
                assert!(black_box(sigma::verify(black_box(&script), Some(&input), 0)).is_ok());
            },
        ));
    }
    let floor = "libsecp256k1 raw (Rust secp256k1 0.31.1)";
    let fr = &f;
    ops.push(op(floor, "ecdsa_verify", 1, move || {
        black_box(black_box(fr).verify());
    }));
    ops.push(op(floor, "ecdsa_recover", 1, move || {
        black_box(black_box(fr).recover());
    }));
    ops.push(op(floor, "ecdsa_sign", 1, move || {
        black_box(black_box(fr).sign());
    }));

    let slot = secs / f64::from(ROUNDS);
    let origin = Instant::now();
    for o in &mut ops {
        let start = clock(o.wall, origin);
        while clock(o.wall, origin) - start < slot / 4.0 {
            (o.run)();
        }
    }
    for _ in 0..ROUNDS {
        for o in &mut ops {
            let start = clock(o.wall, origin);
            let mut calls = 0u64;
            let mut elapsed = 0.0;
            while elapsed < slot {
                (o.run)();
                calls += 1;
                elapsed = clock(o.wall, origin) - start;
            }
            if std::env::var_os("SIGMA_COMPARE_DEBUG").is_some() {
                eprintln!(
                    "{} {}: {calls} calls in {elapsed:.4}s",
                    o.implementation, o.op
                );
            }
            o.best = o.best.max((calls * o.per_call) as f64 / elapsed);
        }
    }
    for o in &ops {
        println!(
            "{{\"impl\": \"{}\", \"op\": \"{}\", \"ops_per_sec\": {:.1}}}",
            o.implementation, o.op, o.best
        );
    }
}
