//! Token verification with the Redis replay store on, from a bounded loopback load run: the
//! added latency of the store per token (p50, p99) and the throughput, one client sending one
//! `SET NX PX` per token, and batches sent as one pipeline. A measurement, not a test:
//! `cargo run --release -p sigma-auth-benches --bin sigma-replay-redis REDIS_URL [tokens]`
//! (scripts/bench-replay-redis starts a Redis on a free loopback port and runs it).

use std::time::{Duration, Instant};

use sigma_auth_core::token::{self, NewToken, Request, Scheme};
use sigma_auth_core::{PrivateKey, Timestamp, Verified, Verifier};
use sigma_auth_redis::RedisReplayStore;

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_nanos() as f64 / 1000.0
}

fn main() {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .expect("usage: sigma-replay-redis REDIS_URL [tokens]");
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let key = PrivateKey::from_bytes([0x42; 32]).unwrap();
    let now = Timestamp::now();
    // Distinct paths from a per-run nonce, so a rerun against the same Redis is not a replay.
    let run = now.unix_millis();
    let items: Vec<(String, String)> = (0..n)
        .map(|i| {
            let path = format!("/load/{run}/{i}");
            let tok =
                token::create(&key, &NewToken::new(&path, Scheme::Bsm, now), [0; 32]).unwrap();
            (path, tok)
        })
        .collect();
    let plain = Verifier::new();
    let store = RedisReplayStore::open(&url).unwrap();
    let guarded = Verifier::new().with_replay_store(store);

    // Signature only, for reference.
    let start = Instant::now();
    let verified: Vec<Verified> = items
        .iter()
        .map(|(p, t)| plain.verify(t, &Request::new(p), now).unwrap())
        .collect();
    let sig_only = start.elapsed();

    // Single client: verify + one round trip per token; the added latency is the round trip.
    let mut added = Vec::with_capacity(n);
    let start = Instant::now();
    for v in &verified {
        let t = Instant::now();
        guarded.record(v, now).expect("first use");
        added.push(t.elapsed());
    }
    let single_store = start.elapsed();
    added.sort();
    // Replays of the same ids: refused, same cost.
    let start = Instant::now();
    for v in &verified {
        assert!(guarded.record(v, now).is_err());
    }
    let replays = start.elapsed();

    // Full verification with the store, single client (fresh tokens: a second run of ids).
    let fresh: Vec<(String, String)> = (0..n)
        .map(|i| {
            let path = format!("/load/{run}/b{i}");
            let tok =
                token::create(&key, &NewToken::new(&path, Scheme::Bsm, now), [0; 32]).unwrap();
            (path, tok)
        })
        .collect();
    let start = Instant::now();
    for (p, t) in &fresh {
        guarded.verify(t, &Request::new(p), now).unwrap();
    }
    let full_single = start.elapsed();

    // Pipelined: batches of 64 entries, one round trip each.
    let third: Vec<Verified> = (0..n)
        .map(|i| {
            let path = format!("/load/{run}/c{i}");
            let tok =
                token::create(&key, &NewToken::new(&path, Scheme::Bsm, now), [0; 32]).unwrap();
            plain.verify(&tok, &Request::new(&path), now).unwrap()
        })
        .collect();
    let batch = 64;
    let mut per_batch = Vec::new();
    let start = Instant::now();
    for chunk in third.chunks(batch) {
        let entries: Vec<_> = chunk.iter().map(|v| plain.replay_entry(v)).collect();
        let t = Instant::now();
        let answers = guarded.store().insert_many(&entries, now);
        per_batch.push(t.elapsed());
        for (v, a) in chunk.iter().zip(answers) {
            guarded.settle(v, a).expect("first use");
        }
    }
    let pipelined = start.elapsed();
    per_batch.sort();

    let rate = |d: Duration| n as f64 / d.as_secs_f64();
    println!("# Redis replay store, loopback, {n} tokens per run (bsm, strict)");
    println!("| run | tokens/s | note |");
    println!("|---|---:|---|");
    println!(
        "| verify only (no store) | {:.0} | signature cost alone |",
        rate(sig_only)
    );
    println!(
        "| store only, single client, first use | {:.0} | one SET NX PX round trip per token |",
        rate(single_store)
    );
    println!(
        "| store only, single client, replays | {:.0} | refused `replayed` |",
        rate(replays)
    );
    println!(
        "| verify + store, single client | {:.0} | |",
        rate(full_single)
    );
    println!(
        "| store only, pipelined by {batch} | {:.0} | one round trip per {batch} tokens |",
        rate(pipelined)
    );
    println!();
    println!("| added latency per token | p50 µs | p99 µs | max µs |");
    println!("|---|---:|---:|---:|");
    println!(
        "| single client (one round trip) | {:.1} | {:.1} | {:.1} |",
        percentile(&added, 0.5),
        percentile(&added, 0.99),
        percentile(&added, 1.0)
    );
    println!(
        "| pipelined, per batch of {batch} | {:.1} | {:.1} | {:.1} |",
        percentile(&per_batch, 0.5),
        percentile(&per_batch, 0.99),
        percentile(&per_batch, 1.0)
    );
}
