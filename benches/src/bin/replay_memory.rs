//! In-memory replay guard: the cost of one check (ns) with 1 k, 1 M and a full guard's worth of
//! live ids, and a flood of 10 M distinct ids at capacity 1 M with the process's RSS printed as
//! it goes. A measurement, not a test: `cargo run --release -p sigma-auth-benches --bin
//! sigma-replay-memory [flood_ids]`.

use std::time::Instant;

use sigma_auth_core::Timestamp;
use sigma_auth_core::Verifier;
use sigma_auth_core::token::{ReplayEntry, ReplayGuard, ReplayStore};

/// Distinct, uniformly spread ids from a counter (SplitMix64 over four lanes).
fn id(n: u64) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (lane, chunk) in out.chunks_mut(8).enumerate() {
        let mut z = n
            .wrapping_mul(4)
            .wrapping_add(lane as u64)
            .wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        chunk.copy_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    out
}

/// (VmRSS, VmHWM) of this process in MiB, from /proc/self/status.
fn rss_mib() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn at(ms: i64) -> Timestamp {
    Timestamp::from_unix_millis(ms).unwrap()
}

const T0: i64 = 1_750_000_000_000;

/// Fills a guard of `capacity` with `live` ids (window far ahead), then times `n` first uses
/// and `n` replays: ns per check.
fn check_cost(live: u64, capacity: usize, n: u64) -> (f64, f64, usize) {
    let guard = ReplayGuard::with_capacity(&Verifier::new(), capacity);
    let now = at(T0);
    let far = T0 + 3_600_000;
    for i in 0..live {
        let e = ReplayEntry {
            id: id(i),
            expires_unix_millis: far,
        };
        let _ = guard.insert_if_absent(&e, now);
    }
    let start = Instant::now();
    let mut refused = 0;
    for i in live..live + n {
        let e = ReplayEntry {
            id: id(i),
            expires_unix_millis: far,
        };
        if guard.insert_if_absent(&e, now) != Ok(true) {
            refused += 1;
        }
    }
    let fresh = start.elapsed().as_nanos() as f64 / n as f64;
    let start = Instant::now();
    for i in 0..n {
        let e = ReplayEntry {
            id: id(i),
            expires_unix_millis: far,
        };
        assert_eq!(guard.insert_if_absent(&e, now), Ok(false));
    }
    let replay = start.elapsed().as_nanos() as f64 / n as f64;
    (fresh, replay, refused)
}

fn main() {
    let flood: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000_000);
    println!("# in-memory ReplayGuard ({} shards), release build", 16);
    println!(
        "| live ids before | capacity | first use ns/check | replay ns/check | refused (full) |"
    );
    println!("|---:|---:|---:|---:|---:|");
    for (live, capacity) in [
        (1_000u64, 1_000_000usize),
        (1_000_000, 2_000_000),
        (1_000_000, 1_000_000),
    ] {
        let n = 100_000;
        let (fresh, replay, refused) = check_cost(live, capacity, n);
        println!("| {live} | {capacity} | {fresh:.0} | {replay:.0} | {refused} of {n} |");
    }

    // The flood: 10 M distinct ids arriving at 25 000 per simulated second, each kept for a
    // 300 s window, into a guard of capacity 1 M. Room frees only as ids expire, so the guard
    // fills, refuses (fails closed), and accepts again as ids leave their window.
    let capacity = 1_000_000;
    let guard = ReplayGuard::with_capacity(&Verifier::new(), capacity);
    let per_sec = 25_000u64;
    let window = 300_000i64;
    let (rss0, _) = rss_mib();
    println!();
    println!(
        "# flood: {flood} distinct ids, {per_sec}/s simulated, window {} s, capacity {capacity}",
        window / 1000
    );
    println!("RSS before: {rss0:.1} MiB");
    println!(
        "| ids sent | accepted | refused full | held | ns/check (this million) | VmRSS MiB | VmHWM MiB |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    let (mut accepted, mut full) = (0u64, 0u64);
    let mut lap = Instant::now();
    for i in 0..flood {
        let now_ms = T0 + (i * 1000 / per_sec) as i64;
        let e = ReplayEntry {
            id: id(1 << 40 | i),
            expires_unix_millis: now_ms + window,
        };
        match guard.insert_if_absent(&e, at(now_ms)) {
            Ok(true) => accepted += 1,
            Ok(false) => unreachable!("ids are distinct"),
            Err(_) => full += 1,
        }
        if (i + 1) % 1_000_000 == 0 {
            let ns = lap.elapsed().as_nanos() as f64 / 1e6;
            let (rss, hwm) = rss_mib();
            println!(
                "| {} | {accepted} | {full} | {} | {ns:.0} | {rss:.1} | {hwm:.1} |",
                i + 1,
                guard.len()
            );
            lap = Instant::now();
        }
    }
}
