//! Batch scaling, measured so that a shared machine cannot fake it: verifies the same 512 tokens
//! (bsm and brc77 alternating) one by one in this thread and with `Verifier::verify_batch` (all
//! cores), each with its replay id (which the batch computes on its workers), interleaved round
//! by round, and prints for each way the wall time, the CPU time it
//! used (the thread's for the loop; the process's for the batch, which counts the worker threads
//! once they have exited), the CPU time per token, and the voluntary and involuntary context
//! switches (`getrusage`): a worker that waits on a lock or for work switches voluntarily, one
//! that other processes push off a core switches involuntarily.
//!
//! The batch scales when its CPU time per token equals the loop's (no extra work: no contention,
//! no false sharing, no start-up cost worth counting) and its CPU time divided by its wall time
//! is the number of cores (no thread waits). On an idle machine the wall-clock speed-up is then
//! the number of cores; under load, the involuntary switches and the missing CPU time show that
//! the cores were taken by others, not lost by the batch.
//!
//! Then both drivers rebuilt with each thread timed (the former `on_all_cores`: one fixed share
//! of the items per thread, the calling thread only waiting; the current one: blocks of 4 from a
//! counter, the calling thread working too, each spawned thread first moved onto a CPU of its
//! own), each batch after a loop as in the rounds above:
//! when each thread started and ended after the batch began, its CPU time, how long it stood
//! runnable but not running (`/proc/thread-self/schedstat`, second field), and when the batch
//! returned. The spread between the first and the last thread to finish, a spawned thread's
//! late start and the return after the last end are times a core idled while the batch was not
//! done.
//!
//! Usage: `sigma-batch-scaling [rounds]` (default 20); prints one line per way with the best
//! round (least wall time) and the median, then the medians of the per-round ratios (the loop
//! and the batch run back to back, so a round's ratio is the least disturbed figure). On a
//! machine shared with other work, `chrt -f 1 sigma-batch-scaling` (root) gives it the cores for
//! the few seconds it runs; the run-queue and involuntary-switch figures show whether it had them.
//! `sigma-batch-scaling --for SECS loop|batch` verifies the same tokens one way for SECS seconds
//! and prints the tokens per wall second: `benches/compare/run` runs it as one process, two at
//! once and as the batch, in turn, to compare the batch with two independent processes.

use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use sigma_auth_benches::{mixed_tokens, now, request, verifier};
use sigma_auth_core::Policy;
use sigma_auth_core::hazmat::placement::Placement;
use sigma_auth_core::token::{Request, Verifier};

/// CPU seconds on `clock` (`CLOCK_THREAD_CPUTIME_ID` or `CLOCK_PROCESS_CPUTIME_ID`).
fn cpu(clock: libc::clockid_t) -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    let rc = unsafe { libc::clock_gettime(clock, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime");
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

/// (voluntary, involuntary) context switches of the whole process so far.
fn switches() -> (i64, i64) {
    // SAFETY: an all-zero rusage is a valid value; getrusage writes one through a valid pointer.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    assert_eq!(rc, 0, "getrusage");
    (ru.ru_nvcsw, ru.ru_nivcsw)
}

/// Nanoseconds this thread has waited on a run queue (runnable, not running), or 0 when the
/// kernel does not report it.
fn run_delay() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns * 1e-9)
}

/// The 512 tokens (bsm and brc77 alternating) each with the request it was made for.
fn items(tokens: &[String]) -> Vec<(&str, Request<'static>)> {
    tokens.iter().map(|t| (t.as_str(), request())).collect()
}

/// The loop a batch is measured against: each token verified in this thread, with its replay id
/// (which `verify_batch` computes too).
fn verify_each(v: &Verifier, items: &[(&str, Request<'_>)]) {
    for (t, r) in items {
        let verified = v.verify(black_box(t), r, now()).expect("verified");
        black_box(verified.replay_id());
    }
}

/// One `verify_batch` of `items`, every token accepted.
fn verify_all(v: &Verifier, items: &[(&str, Request<'_>)]) {
    let out = black_box(v.verify_batch(black_box(items), now()));
    assert!(out.iter().all(Result::is_ok));
}

/// The median of `v` (the upper one of an even count).
fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// What one thread of a rebuilt driver did, in seconds from the batch's start.
struct Share {
    started: f64,
    ended: f64,
    cpu: f64,
    waited: f64,
}

/// How a rebuilt driver hands out the items: one fixed chunk per core (the former
/// `on_all_cores`) or blocks of 4 from a shared counter (the current one, `BLOCK` in
/// `core/src/token/batch.rs`), with or without moving each spawned thread onto a CPU of its own.
#[derive(Clone, Copy, PartialEq)]
enum Split {
    Fixed,
    Blocks,
    /// `Blocks` without the core's `Placement` (as before it): each spawned thread starts where
    /// the scheduler puts it.
    Unplaced,
}

/// A driver rebuilt with each thread timed: one spawned thread per other core and the calling
/// thread (the current driver; the former one only joined), the items split as `split` says.
/// Returns each thread's share, the calling thread's last, and when the batch returned.
fn timed_split(v: &Verifier, items: &[(&str, Request<'_>)], split: Split) -> (Vec<Share>, f64) {
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let chunk = items.len().div_ceil(cores);
    let next = AtomicUsize::new(0);
    let origin = Instant::now();
    let run = |thread: usize| {
        let started = origin.elapsed().as_secs_f64();
        let (c0, d0) = (cpu(libc::CLOCK_THREAD_CPUTIME_ID), run_delay());
        match split {
            Split::Fixed => verify_each(v, items.chunks(chunk).nth(thread).unwrap_or_default()),
            Split::Blocks | Split::Unplaced => {
                // The blocks taken, kept as the driver keeps each block's answers (its first
                // allocation in a new thread costs more than the later ones).
                let mut taken = Vec::new();
                loop {
                    let b = next.fetch_add(1, Ordering::Relaxed) * 4;
                    if b >= items.len() {
                        break;
                    }
                    verify_each(v, &items[b..items.len().min(b + 4)]);
                    taken.push(b);
                }
                black_box(taken);
            }
        }
        Share {
            started,
            ended: origin.elapsed().as_secs_f64(),
            cpu: cpu(libc::CLOCK_THREAD_CPUTIME_ID) - c0,
            waited: run_delay() - d0,
        }
    };
    let placement = &Placement::here();
    let shares = std::thread::scope(|scope| {
        if split == Split::Fixed {
            // The former driver: a thread per core, joined.
            let handles: Vec<_> = (0..cores).map(|t| scope.spawn(move || run(t))).collect();
            return handles
                .into_iter()
                .map(|h| h.join().expect("worker"))
                .collect();
        }
        // The current one: each spawned thread first moves onto a CPU of its own (the core's
        // `Placement`, which the caller lets run by yielding), hands over its share as it ends;
        // the caller works, then spins for what they handed over (no join: it would wait for
        // the exits).
        let (to, from) = std::sync::mpsc::channel();
        for t in 1..cores {
            let to = to.clone();
            scope.spawn(move || {
                if split == Split::Blocks {
                    placement.settle(t - 1);
                }
                to.send(run(t))
            });
        }
        if split == Split::Blocks {
            placement.let_start(cores - 1);
        }
        let mut shares = vec![run(0)];
        while shares.len() < cores {
            match from.try_recv() {
                Ok(share) => shares.push(share),
                Err(_) => std::hint::spin_loop(),
            }
        }
        shares.rotate_left(1); // the caller last
        shares
    });
    (shares, origin.elapsed().as_secs_f64())
}

/// `--for SECS loop|batch`: verifies the 512 tokens that way, over and over, for SECS seconds,
/// and prints the tokens per wall second: one process of `benches/compare/run`'s ceiling
/// rounds, which time one process of the loop, two at once, and one of batches, in turn.
fn run_for(secs: f64, way: &str) {
    let v = verifier(Policy::Strict);
    let tokens = mixed_tokens(512);
    let items = items(&tokens);
    let start = Instant::now();
    let mut n = 0usize;
    while start.elapsed().as_secs_f64() < secs {
        if way == "batch" {
            verify_all(&v, &items);
        } else {
            verify_each(&v, &items);
        }
        n += items.len();
    }
    println!("{:.1}", n as f64 / start.elapsed().as_secs_f64());
}

/// One timed run: wall seconds, CPU seconds, voluntary and involuntary switches.
#[derive(Clone, Copy)]
struct Run {
    wall: f64,
    cpu: f64,
    vol: i64,
    invol: i64,
}

fn timed(clock: libc::clockid_t, f: impl FnOnce()) -> Run {
    let (v0, i0) = switches();
    let (w0, c0) = (Instant::now(), cpu(clock));
    f();
    let (c1, wall) = (cpu(clock), w0.elapsed().as_secs_f64());
    let (v1, i1) = switches();
    Run {
        wall,
        cpu: c1 - c0,
        vol: v1 - v0,
        invol: i1 - i0,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--for") {
        let secs = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1.0);
        return run_for(secs, args.get(3).map_or("loop", String::as_str));
    }
    let rounds: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(20);
    let v = verifier(Policy::Strict);
    let tokens = mixed_tokens(512);
    let items = items(&tokens);
    let n = items.len() as f64;
    verify_all(&v, &items);
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());

    let mut loops = Vec::new();
    let mut batches = Vec::new();
    for _ in 0..rounds {
        loops.push(timed(libc::CLOCK_THREAD_CPUTIME_ID, || {
            verify_each(&v, &items)
        }));
        batches.push(timed(libc::CLOCK_PROCESS_CPUTIME_ID, || {
            verify_all(&v, &items)
        }));
    }
    // Paired by round (the loop and the batch ran back to back, under the same conditions of
    // the host): the median of the per-round ratios.
    let paired_speedup = median(
        loops
            .iter()
            .zip(&batches)
            .map(|(l, b)| l.wall / b.wall)
            .collect(),
    );
    let paired_cpu = median(
        loops
            .iter()
            .zip(&batches)
            .map(|(l, b)| b.cpu / l.cpu)
            .collect(),
    );
    let least_cpu = |runs: &[Run]| runs.iter().map(|r| r.cpu).fold(f64::MAX, f64::min);
    let (loop_cpu, batch_cpu) = (least_cpu(&loops), least_cpu(&batches));
    let show = |name: &str, runs: &mut Vec<Run>| {
        runs.sort_by(|a, b| a.wall.total_cmp(&b.wall));
        let (best, median) = (runs[0], runs[runs.len() / 2]);
        for (which, r) in [("best", best), ("median", median)] {
            println!(
                "{name:<22} {which:<6} wall {:7.2} ms  {:7.0} tokens/s (wall)  cpu {:7.2} ms  \
                 cpu/token {:6.2} us  cpu/wall {:4.2}  switches vol {:3} invol {:3}",
                r.wall * 1e3,
                n / r.wall,
                r.cpu * 1e3,
                r.cpu / n * 1e6,
                r.cpu / r.wall,
                r.vol,
                r.invol,
            );
        }
        best
    };
    println!(
        "{} tokens, {rounds} rounds, {cores} cores (available_parallelism)",
        items.len()
    );
    let one = show("loop, this thread", &mut loops);
    let all = show("verify_batch", &mut batches);
    // The CPU-time throughput of each: what the cores did, whatever else ran on the machine.
    println!(
        "speed-up, wall (best of each): {:.2}x; least cpu per token: loop {:.2} us, batch {:.2} us, \
         batch / loop {:.3}",
        one.wall / all.wall,
        loop_cpu / n * 1e6,
        batch_cpu / n * 1e6,
        batch_cpu / loop_cpu,
    );

    println!(
        "paired by round, median: speed-up (wall) {paired_speedup:.2}x; cpu per token, batch / loop {paired_cpu:.3}"
    );
    for split in [Split::Fixed, Split::Blocks] {
        println!(
            "{}, each thread, ms from the batch's start (each batch after a loop, as above):",
            match split {
                Split::Fixed => "former split (one fixed share per thread)",
                _ => "current split (blocks of 4 from a counter; the caller last)",
            }
        );
        for round in 0..rounds.min(5) {
            verify_each(&v, &items);
            let (shares, returned) = timed_split(&v, &items, split);
            let first_end = shares.iter().map(|s| s.ended).fold(f64::MAX, f64::min);
            let last_end = shares.iter().map(|s| s.ended).fold(0.0, f64::max);
            let line: Vec<String> = shares
                .iter()
                .map(|s| {
                    format!(
                        "[start {:.2} end {:.2} cpu {:.2} runqueue {:.2}]",
                        s.started * 1e3,
                        s.ended * 1e3,
                        s.cpu * 1e3,
                        s.waited * 1e3
                    )
                })
                .collect();
            println!(
                "  round {round}: {}; a core idled {:.2} ms of {:.2}; returned {:.2} ms after the last end",
                line.join(" "),
                (last_end - first_end) * 1e3,
                last_end * 1e3,
                (returned - last_end) * 1e3,
            );
        }
    }
    after_a_sleep(&v, &items, rounds);
}

/// The current split after this thread slept 15 ms (as a JavaScript thread does while it awaits
/// an async batch), with and without the placement, alternating: when the spawned threads began
/// verifying and when the batch returned, medians over `rounds` of each.
fn after_a_sleep(v: &Verifier, items: &[(&str, Request<'_>)], rounds: usize) {
    let mut runs = [
        ("unplaced", Split::Unplaced, Vec::new()),
        ("placed", Split::Blocks, Vec::new()),
    ];
    for _ in 0..rounds {
        for (_, split, out) in &mut runs {
            std::thread::sleep(std::time::Duration::from_millis(15));
            let (shares, returned) = timed_split(v, items, *split);
            let spawned = shares[..shares.len() - 1].iter().map(|s| s.started);
            out.push((spawned.fold(0.0, f64::max), returned));
        }
    }
    let line: Vec<String> = runs
        .into_iter()
        .map(|(name, _, out)| {
            format!(
                "{name}: last spawned thread began {:.2} ms, returned {:.2} ms",
                median(out.iter().map(|o| o.0 * 1e3).collect()),
                median(out.iter().map(|o| o.1 * 1e3).collect()),
            )
        })
        .collect();
    println!(
        "current split after this thread slept 15 ms, {rounds} alternating rounds, medians: {}",
        line.join("; ")
    );
}
