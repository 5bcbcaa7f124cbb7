//! Usage and input errors: exit 2, as JSON with --json, each message saying what is wrong.

mod common;

use common::{json_out, run, stderr, stdout, vectors};
use serde_json::Value;

/// The brc77 vector: token, path, body, and a clock one minute after signing.
fn brc77() -> (String, String, String, String) {
    let v = vectors();
    let c = &v["bitcoin_auth"]["creation_vectors"][5];
    let t = &c["verify"]["target"];
    let s = |x: &Value| x.as_str().unwrap().to_string();
    (
        s(&c["token"]),
        s(&t["requestPath"]),
        s(&t["body"]),
        s(&t["timestamp"]),
    )
}

/// Asserts a JSON usage error (exit 2) whose message contains `needle`; returns the message.
fn assert_json_usage(args: &[&str], code: &str, needle: &str) -> String {
    let out = run(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    let j = json_out(&out);
    assert_eq!(j["valid"], false, "{j}");
    assert_eq!(j["code"], code, "{j}");
    let message = j["message"].as_str().unwrap().to_string();
    assert!(message.contains(needle), "{args:?}: {message}");
    assert_eq!(stderr(&out), "", "with --json the error is on stdout only");
    message
}

#[test]
fn json_usage_errors_are_json() {
    let (tok, path, _, now) = brc77();
    assert_json_usage(&["token", "verify", &tok, "--json"], "usage", "--path");
    assert_json_usage(
        &[
            "token",
            "verify",
            &tok,
            "--path",
            &path,
            "--now",
            "yesterday",
            "--json",
        ],
        "usage",
        "--now",
    );
    assert_json_usage(
        &[
            "token", "verify", &tok, "--path", &path, "--bogus", "--json",
        ],
        "usage",
        "unknown option '--bogus'",
    );
    assert_json_usage(
        &[
            "token",
            "verify",
            &tok,
            "--path",
            &path,
            "--max-age=-1",
            "--json",
        ],
        "usage",
        "--max-age",
    );
    assert_json_usage(
        &[
            "token",
            "verify",
            &tok,
            "--path",
            &path,
            "--now",
            &now,
            "--body-file",
            "/nonexistent/body",
            "--json",
        ],
        "io",
        "--body-file /nonexistent/body",
    );
    assert_json_usage(&["key", "show", "--json"], "usage", "SIGMA_AUTH_WIF");
    assert_json_usage(
        &[
            "derive",
            "--counterparty",
            "nobody",
            "--protocol",
            "p p p",
            "--key-id",
            "1",
            "--wif",
            "-",
            "--json",
        ],
        "usage",
        "--counterparty",
    );
}

#[test]
fn plain_usage_errors_go_to_stderr_with_the_usage_line() {
    let (tok, _, _, _) = brc77();
    let out = run(&["token", "verify", &tok]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert!(err.starts_with("sigma-auth: missing --path"), "{err}");
    assert!(err.contains("Usage: sigma-auth token verify"), "{err}");
}

#[test]
fn one_timestamp_grammar_for_timestamp_and_now() {
    let v = vectors();
    let c = v["bitcoin_auth"]["creation_vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["config"]["scheme"] == "bsm" && c["config"]["body"].is_null())
        .unwrap()
        .clone();
    let cfg = &c["config"];
    assert_eq!(cfg["timestamp"], "2025-01-15T12:00:00.000Z");
    let path = cfg["requestPath"].as_str().unwrap();
    let wif = c["signer_wif"].as_str().unwrap();
    // The same instant in three spellings, all giving the vector's byte-exact BSM token.
    for spelling in [
        "2025-01-15T12:00:00.000Z",
        "2025-01-15T12:00Z",
        "2025-01-15T13:00:00+01:00",
    ] {
        let out = run(&[
            "token",
            "create",
            "--wif",
            wif,
            "--path",
            path,
            "--scheme",
            "bsm",
            "--timestamp",
            spelling,
        ]);
        assert_eq!(out.status.code(), Some(0), "{spelling}: {}", stderr(&out));
        assert_eq!(
            stdout(&out).trim_end(),
            c["token"].as_str().unwrap(),
            "{spelling}"
        );
        let tok = c["token"].as_str().unwrap();
        let out = run(&["token", "verify", tok, "--path", path, "--now", spelling]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "--now {spelling}: {}",
            stderr(&out)
        );
    }
    // Both options refuse the same spellings, naming the option.
    for bad in ["2025-01-15 12:00:00", "2025-01-15T12:00:00", "now"] {
        let out = run(&[
            "token",
            "create",
            "--wif",
            wif,
            "--path",
            path,
            "--timestamp",
            bad,
        ]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(stderr(&out).contains("--timestamp:"), "{}", stderr(&out));
        let out = run(&["token", "verify", "x", "--path", path, "--now", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(stderr(&out).contains("--now:"), "{}", stderr(&out));
    }
}

#[test]
fn a_path_with_cr_or_lf_is_refused_at_creation_like_a_bar() {
    let wif = vectors()["keys"]["alice"]["wif_compressed_mainnet"]
        .as_str()
        .unwrap()
        .to_string();
    for path in ["/a\r\nX-Injected: 1", "/a\nb", "/a\rb", "/a|b"] {
        let out = run(&["token", "create", "--wif", &wif, "--path", path]);
        assert_eq!(out.status.code(), Some(2), "{path:?}");
        assert_eq!(stdout(&out), "", "{path:?}");
    }
    let out = run(&["token", "create", "--wif", &wif, "--path", "/a\nb"]);
    assert!(stderr(&out).contains("CR, LF"), "{}", stderr(&out));
}

#[test]
fn inspect_without_path_reports_the_window() {
    let (tok, _, _, now) = brc77();
    let checks = |args: &[&str]| -> (Option<i32>, Value) {
        let out = run(args);
        let j = json_out(&out);
        let window = j["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "window")
            .cloned()
            .unwrap_or_else(|| panic!("no window check: {j}"));
        (out.status.code(), window)
    };
    // One minute after signing: inside the 300 s window.
    let (code, w) = checks(&["token", "inspect", &tok, "--now", &now, "--json"]);
    assert_eq!((code, &w["ok"]), (Some(0), &Value::Bool(true)), "{w}");
    // 23 months later, by --now and by the system clock: expired, exit 1.
    for args in [
        vec![
            "token",
            "inspect",
            tok.as_str(),
            "--now",
            "2026-12-15T12:00:00.000Z",
            "--json",
        ],
        vec!["token", "inspect", tok.as_str(), "--json"],
    ] {
        let (code, w) = checks(&args);
        assert_eq!((code, &w["ok"]), (Some(1), &Value::Bool(false)), "{w}");
        assert_eq!(w["code"], "expired", "{w}");
        assert!(
            w["detail"].as_str().unwrap().contains("300 s before"),
            "{w}"
        );
    }
    // Dated in the future beyond the skew.
    let (code, w) = checks(&[
        "token",
        "inspect",
        &tok,
        "--now",
        "2025-01-15T11:00:00.000Z",
        "--max-skew",
        "60",
        "--json",
    ]);
    assert_eq!((code, &w["ok"]), (Some(1), &Value::Bool(false)), "{w}");
    assert_eq!(w["code"], "not_yet_valid", "{w}");
    assert!(w["detail"].as_str().unwrap().contains("60 s after"), "{w}");
    // The human form shows the cross.
    let human = stdout(&run(&[
        "token",
        "inspect",
        &tok,
        "--now",
        "2026-12-15T12:00:00.000Z",
    ]));
    assert!(human.contains("✗ window"), "{human}");
}

#[test]
fn inspect_refuses_a_missing_body_file_and_a_body_without_path() {
    let (tok, path, _, now) = brc77();
    let out = run(&[
        "token",
        "inspect",
        &tok,
        "--path",
        &path,
        "--now",
        &now,
        "--body-file",
        "/nonexistent/body",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--body-file /nonexistent/body"),
        "{}",
        stderr(&out)
    );
    let out = run(&[
        "token",
        "inspect",
        &tok,
        "--now",
        &now,
        "--body-file",
        "/nonexistent/body",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("need --path"), "{}", stderr(&out));
    let out = run(&["token", "inspect", &tok, "--now", &now, "--body", "{}"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_demo_prints_its_token_whole() {
    let out = run(&["demo"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let tok = text
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("X-Auth-Token: "))
        .unwrap_or_else(|| panic!("no token line:\n{text}"));
    // The token verifies for the demo's request, at the instant it names.
    let timestamp = tok.split('|').nth(2).unwrap();
    let out = run(&[
        "token",
        "verify",
        tok,
        "--path",
        "/api/orders?currency=BSV",
        "--body",
        r#"{"item":"coffee","qty":2}"#,
        "--now",
        timestamp,
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}
