//! The harness of the oracle tests (`oracle*.rs`, `friend_oracle.rs`): seeded random inputs and
//! the Node runner that hands a batch of requests to a script in tests/interop.

use serde_json::Value;
use sigma_auth_core::PrivateKey;
use std::io::Write;
use std::process::{Command, Stdio};

/// splitmix64: a small deterministic generator for test inputs (not for keys in production).
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// `n` random bytes.
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }

    /// A random valid private key.
    pub fn key(&mut self) -> PrivateKey {
        loop {
            if let Ok(k) = PrivateKey::from_slice(&self.bytes(32)) {
                return k;
            }
        }
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// The run's seed: `ORACLE_SEED` when set (to replay a run), else the clock; printed.
pub fn seed() -> u64 {
    let seed = std::env::var("ORACLE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    println!("ORACLE_SEED={seed}");
    seed
}

/// Runs `node <script>` in tests/interop with `requests` (a JSON array) on stdin and returns its
/// answers (a JSON array of the same length) from stdout.
pub fn run_oracle(script: &str, requests: &[Value]) -> Vec<Value> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/interop");
    let mut child = Command::new("node")
        .arg(script)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs (install with scripts/install-interop)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(requests).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "oracle {script} failed");
    let answers: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answers.len(), requests.len());
    answers
}
