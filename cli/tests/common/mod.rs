//! Helpers shared by the CLI test files: run the binary, read the vectors.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The reference vectors.
pub fn vectors() -> Value {
    serde_json::from_str(include_str!("../../../tests/vectors/auth-crypto.json")).unwrap()
}

/// The binary, with no key in the environment and backtraces on (so a panic would show).
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sigma-auth"));
    c.env_remove("SIGMA_AUTH_WIF").env("RUST_BACKTRACE", "1");
    c
}

/// Runs with `args`, standard input empty.
pub fn run(args: &[&str]) -> Output {
    bin().args(args).stdin(Stdio::null()).output().unwrap()
}

/// Runs with `args` and `input` on standard input.
pub fn run_with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The command may exit without reading its input (a usage error): ignore a closed pipe.
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    child.wait_with_output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// The single JSON line on standard output.
pub fn json_out(o: &Output) -> Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {:?}", stdout(o)))
}

/// The process ended by itself (no panic: Rust exits 101 on a panic and prints "panicked").
pub fn assert_no_panic(o: &Output) {
    assert_ne!(o.status.code(), Some(101), "{}", stderr(o));
    assert!(
        o.status.code().is_some(),
        "killed by a signal: {:?}",
        o.status
    );
    assert!(!stderr(o).contains("panicked"), "{}", stderr(o));
}

/// A fresh file under the test's temporary directory holding `contents`.
pub fn temp_file(name: &str, contents: &str) -> std::path::PathBuf {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, contents).unwrap();
    path
}
