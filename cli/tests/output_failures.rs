//! Output failures keep the exit contract: a closed pipe ends quietly with the status the command
//! would have had (0 valid, 1 invalid), any other write error exits 2 with a message; no panic.

mod common;

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::process::{Output, Stdio};

use common::{assert_no_panic, bin, stderr, vectors};

/// Standard output is a pipe whose reading end is already closed: every write fails with EPIPE.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Stdio::from(writer)
}

/// Standard output is /dev/full: every write fails with ENOSPC.
fn dev_full() -> Stdio {
    Stdio::from(File::options().write(true).open("/dev/full").unwrap())
}

fn run_to(args: &[&str], stdout: Stdio) -> Output {
    bin()
        .args(args)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

/// A valid and an invalid `token verify --json` call on the brc77 vector.
fn verify_args(valid: bool) -> Vec<String> {
    let v = vectors();
    let c = &v["bitcoin_auth"]["creation_vectors"][5];
    let target = &c["verify"]["target"];
    let path = if valid {
        target["requestPath"].as_str().unwrap()
    } else {
        "/other"
    };
    [
        "token",
        "verify",
        c["token"].as_str().unwrap(),
        "--path",
        path,
        "--body",
        target["body"].as_str().unwrap(),
        "--now",
        target["timestamp"].as_str().unwrap(),
        "--json",
    ]
    .map(String::from)
    .to_vec()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

const ALICE: &str = "L4JwZ3sYcpB1NC9hJ7nSbD8WPyBHNqi43biKVxMuwFUDTHvjrDQH";

#[test]
fn a_closed_pipe_ends_quietly_with_the_commands_status() {
    let valid = verify_args(true);
    let invalid = verify_args(false);
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (vec!["demo"], 0),
        (vec!["key", "new"], 0),
        (vec!["key", "new", "--json"], 0),
        (vec!["key", "show", "-"], 0),
        (strs(&valid), 0),
        (strs(&invalid), 1),
        (vec!["token", "create", "--wif", "-", "--path", "/"], 0),
        (vec!["--help"], 0),
        (vec!["token", "verify", "x", "--json"], 2), // a usage error stays one
    ];
    for (args, want) in cases {
        let mut child = bin()
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(closed_pipe())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        let _ = child.stdin.take().unwrap().write_all(ALICE.as_bytes());
        let out = child.wait_with_output().unwrap();
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(want), "{args:?}: {}", stderr(&out));
        if want != 2 {
            assert_eq!(stderr(&out), "", "{args:?} should end quietly");
        }
    }
}

#[test]
fn demo_piped_into_a_reader_that_stops_after_one_line() {
    // `sigma-auth demo | head -1`: read one line, then close the pipe.
    let mut child = bin()
        .arg("demo")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("sigma-auth demo"), "{first}");
    let out = child.wait_with_output().unwrap();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "");
}

#[test]
fn a_full_disk_exits_2_with_a_message() {
    let valid = verify_args(true);
    let invalid = verify_args(false);
    let cases: Vec<Vec<&str>> = vec![
        vec!["demo"],
        vec!["key", "new"],
        vec!["key", "new", "--json"],
        vec!["key", "show", ALICE],
        strs(&valid),
        strs(&invalid),
        vec!["--help"],
        vec!["--version"],
    ];
    for args in cases {
        let out = run_to(&args, dev_full());
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("sigma-auth: cannot write the output"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn a_json_usage_error_on_a_full_disk_is_reported_on_stderr() {
    let out = run_to(&["token", "verify", "x", "--json"], dev_full());
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot write the output"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn stdout_and_stderr_both_failing_still_exit_2() {
    let out = bin()
        .args(["key", "new", "--json"])
        .stdout(dev_full())
        .stderr(dev_full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
