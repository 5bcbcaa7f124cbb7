//! The `sigma-auth` command-line contract, checked against the reference vectors.

use serde_json::Value;
use std::process::{Command, Output};

fn vectors() -> Value {
    serde_json::from_str(include_str!("../../tests/vectors/auth-crypto.json")).unwrap()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sigma-auth"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn token_create_is_byte_exact_for_bsm_vectors() {
    let v = vectors();
    let mut n = 0;
    for c in v["bitcoin_auth"]["creation_vectors"].as_array().unwrap() {
        let cfg = &c["config"];
        if cfg["scheme"] != "bsm" {
            continue;
        }
        let mut args = vec![
            "token",
            "create",
            "--wif",
            c["signer_wif"].as_str().unwrap(),
            "--path",
            cfg["requestPath"].as_str().unwrap(),
            "--scheme",
            "bsm",
            "--timestamp",
            cfg["timestamp"].as_str().unwrap(),
        ];
        if let Some(body) = cfg["body"].as_str() {
            args.extend([
                "--body",
                body,
                "--body-encoding",
                cfg["bodyEncoding"].as_str().unwrap(),
            ]);
        }
        let out = run(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(stdout(&out).trim_end(), c["token"].as_str().unwrap());
        n += 1;
    }
    assert_eq!(n, 5);
}

#[test]
fn token_verify_follows_the_contract() {
    let v = vectors();
    let c = &v["bitcoin_auth"]["creation_vectors"][5]; // brc77, body utf8 JSON
    let tok = c["token"].as_str().unwrap();
    let target = &c["verify"]["target"];
    let path = target["requestPath"].as_str().unwrap();
    let body = target["body"].as_str().unwrap();
    let now = target["timestamp"].as_str().unwrap();

    let ok = run(&[
        "token", "verify", tok, "--path", path, "--body", body, "--now", now, "--json",
    ]);
    assert_eq!(ok.status.code(), Some(0));
    let j: Value = serde_json::from_str(&stdout(&ok)).unwrap();
    assert_eq!(j["valid"], true);
    assert_eq!(j["pubkey"], c["parsed"]["pubkey"]);
    assert_eq!(j["scheme"], "brc77");
    assert_eq!(j["timestamp"], c["parsed"]["timestamp"]);
    assert_eq!(j["replay_id"].as_str().unwrap().len(), 64);
    assert!(stdout(&ok).starts_with("{\"valid\":true,\"pubkey\":"));

    let bad = run(&[
        "token", "verify", tok, "--path", "/other", "--body", body, "--now", now, "--json",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    let j: Value = serde_json::from_str(&stdout(&bad)).unwrap();
    assert_eq!(
        (j["valid"].as_bool(), j["code"].as_str()),
        (Some(false), Some("path_mismatch"))
    );

    let late = run(&[
        "token",
        "verify",
        tok,
        "--path",
        path,
        "--body",
        body,
        "--now",
        "2025-01-15T12:05:00.001Z",
        "--max-age",
        "300",
        "--json",
    ]);
    assert_eq!(late.status.code(), Some(1));
    assert!(stdout(&late).contains("\"code\":\"expired\""));

    // the forgery bitcoin-auth accepts
    let forged = v["hypotheses"]["a_pubkey_not_bound_in_brc77"]["token"]
        .as_str()
        .unwrap();
    let f = run(&[
        "token",
        "verify",
        forged,
        "--path",
        "/api/account/balance",
        "--now",
        "2025-01-15T12:01:00.000Z",
        "--compat",
        "--json",
    ]);
    assert_eq!(f.status.code(), Some(1));
    assert!(stdout(&f).contains("\"code\":\"signer_mismatch\""));

    // token from standard input
    let mut child = Command::new(env!("CARGO_BIN_EXE_sigma-auth"))
        .args([
            "token", "verify", "-", "--path", path, "--body", body, "--now", now,
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    writeln!(child.stdin.take().unwrap(), "{tok}").unwrap();
    assert_eq!(child.wait_with_output().unwrap().status.code(), Some(0));

    // usage errors exit 2
    assert_eq!(run(&["token", "verify", tok]).status.code(), Some(2));
    assert_eq!(
        run(&["token", "verify", tok, "--path", path, "--now", "yesterday"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&["token", "create", "--wif", "nope", "--path", "/"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&[
            "token",
            "create",
            "--wif",
            c["signer_wif"].as_str().unwrap(),
            "--path",
            "/a|b"
        ])
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn token_inspect_explains_the_forgery() {
    let v = vectors();
    let forged = v["hypotheses"]["a_pubkey_not_bound_in_brc77"]["token"]
        .as_str()
        .unwrap();
    let out = run(&[
        "token",
        "inspect",
        forged,
        "--now",
        "2025-01-15T12:01:00.000Z",
        "--json",
    ]);
    let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let binding = j["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "signer_binding")
        .unwrap();
    assert_eq!(binding["ok"], false);
    assert_eq!(out.status.code(), Some(1));
    let human = stdout(&run(&[
        "token",
        "inspect",
        forged,
        "--now",
        "2025-01-15T12:01:00.000Z",
    ]));
    assert!(human.contains("✗ signer_binding"), "{human}");
}

#[test]
fn key_show_and_derive_match_the_vectors() {
    let v = vectors();
    let alice = &v["keys"]["alice"];
    let out = run(&[
        "key",
        "show",
        alice["wif_compressed_mainnet"].as_str().unwrap(),
        "--json",
    ]);
    let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(j["public_key"], alice["pub_compressed"]);
    assert_eq!(j["address"], alice["p2pkh_address_mainnet"]);
    let out = run(&["key", "show", alice["priv_hex"].as_str().unwrap(), "--json"]);
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&out)).unwrap()["wif"],
        alice["wif_compressed_mainnet"]
    );
    let new: Value = serde_json::from_str(&stdout(&run(&["key", "new", "--json"]))).unwrap();
    assert!(new["wif"].as_str().unwrap().starts_with(['K', 'L']));

    let kd = &v["key_deriver"][0]; // alice, [0, "hello world"], "1", bob
    let out = run(&[
        "derive",
        "--wif",
        alice["wif_compressed_mainnet"].as_str().unwrap(),
        "--counterparty",
        v["keys"]["bob"]["pub_compressed"].as_str().unwrap(),
        "--level",
        "0",
        "--protocol",
        "hello world",
        "--key-id",
        "1",
        "--json",
    ]);
    let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(j["invoice_number"], kd["invoice_number"]);
    assert_eq!(j["child_private_key"], kd["derive_private_key"]);
    assert_eq!(j["child_public_key"], kd["derive_public_key_for_self"]);
    assert_eq!(
        j["counterparty_child_public_key"],
        kd["derive_public_key_for_counterparty"]
    );
}

#[test]
fn demo_shows_each_refusal_code() {
    let out = run(&["demo"]);
    assert!(out.status.success());
    let text = stdout(&out);
    for code in [
        "ACCEPTED",
        "`replayed`",
        "`invalid_signature`",
        "`signer_mismatch`",
        "`expired`",
    ] {
        assert!(text.contains(code), "demo lacks {code}:\n{text}");
    }
}

#[test]
fn token_inspect_reports_every_stage_of_the_core_trace() {
    let v = vectors();
    let c = &v["bitcoin_auth"]["creation_vectors"][5]; // brc77, body utf8 JSON
    let tok = c["token"].as_str().unwrap();
    let target = &c["verify"]["target"];
    let path = target["requestPath"].as_str().unwrap();
    let body = target["body"].as_str().unwrap();
    let now = target["timestamp"].as_str().unwrap();
    let names = |j: &Value| -> Vec<String> {
        j["checks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    };

    // With the request: every stage, all passed, and the verdict of `token verify`.
    let out = run(&[
        "token", "inspect", tok, "--path", path, "--body", body, "--now", now, "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        names(&j),
        [
            "structure",
            "pubkey",
            "timestamp",
            "path",
            "window",
            "body",
            "signature_encoding",
            "audience",
            "signer_binding",
            "signature"
        ]
    );
    assert!(
        j["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["ok"] == true)
    );
    assert_eq!(j["verification"]["valid"], true);
    assert_eq!(j["verification"]["pubkey"], c["parsed"]["pubkey"]);
    assert_eq!(j["fields"]["path"], c["parsed"]["requestPath"]);
    assert_eq!(j["fields"]["signature"], c["parsed"]["signature"]);
    assert_eq!(j["not_checked"], serde_json::json!([]));

    // Without it: the stages that need a request are listed as not checked.
    let out = run(&["token", "inspect", tok, "--now", now, "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(!names(&j).contains(&"signature".to_string()));
    assert_eq!(
        j["not_checked"],
        serde_json::json!(["path", "body", "signature"])
    );
    assert_eq!(j["verification"], Value::Null);

    // A changed body: the signature stage fails with the code `token verify` gives.
    let out = run(&[
        "token", "inspect", tok, "--path", path, "--body", "{}", "--now", now, "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let signature = j["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "signature")
        .unwrap();
    assert_eq!(signature["ok"], false);
    assert_eq!(signature["code"], "invalid_signature");
    assert_eq!(j["verification"]["code"], "invalid_signature");
}
