//! Private keys: from a file, the environment or standard input; WIF or 64 hex digits wherever a
//! key is taken; on the command line with a warning; never echoed in a message.

mod common;

use common::{json_out, run, run_with_stdin, stderr, stdout, temp_file, vectors};
use serde_json::Value;

/// The first BSM creation vector (no body): (wif, priv_hex, path, timestamp, token).
fn bsm_vector() -> [String; 5] {
    let v = vectors();
    let c = &v["bitcoin_auth"]["creation_vectors"][0];
    assert_eq!(c["config"]["scheme"], "bsm");
    assert!(c["config"]["body"].is_null());
    assert_eq!(
        c["signer_wif"],
        v["keys"]["alice"]["wif_compressed_mainnet"]
    );
    let s = |x: &Value| x.as_str().unwrap().to_string();
    [
        s(&c["signer_wif"]),
        s(&v["keys"]["alice"]["priv_hex"]),
        s(&c["config"]["requestPath"]),
        s(&c["config"]["timestamp"]),
        s(&c["token"]),
    ]
}

const WARNING: &str = "visible to other users in the process list";

#[test]
fn token_create_reads_the_key_from_a_file_the_environment_or_stdin() {
    let [wif, hex, path, ts, token] = bsm_vector();
    let base = [
        "token",
        "create",
        "--path",
        &path,
        "--scheme",
        "bsm",
        "--timestamp",
        &ts,
    ];
    let with = |extra: &[&str]| -> Vec<String> {
        base.iter().chain(extra).map(|s| s.to_string()).collect()
    };
    let check = |out: std::process::Output, warned: bool, how: &str| {
        assert_eq!(out.status.code(), Some(0), "{how}: {}", stderr(&out));
        assert_eq!(stdout(&out).trim_end(), token, "{how}");
        assert_eq!(
            stderr(&out).contains(WARNING),
            warned,
            "{how}: {}",
            stderr(&out)
        );
    };
    for (name, key) in [("wif", &wif), ("hex", &hex)] {
        let file = temp_file(&format!("key-create-{name}"), &format!("{key}\n"));
        let args = with(&["--wif-file", file.to_str().unwrap()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        check(run(&args), false, &format!("--wif-file ({name})"));

        let args = with(&["--wif", "-"]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        check(
            run_with_stdin(&args, &format!("{key}\n")),
            false,
            &format!("--wif - ({name})"),
        );

        let args: Vec<&str> = base.to_vec();
        let out = common::bin()
            .args(&args)
            .env("SIGMA_AUTH_WIF", key)
            .output()
            .unwrap();
        check(out, false, &format!("SIGMA_AUTH_WIF ({name})"));

        let args = with(&["--wif", key]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        check(run(&args), true, &format!("--wif KEY ({name})"));
    }
}

#[test]
fn a_command_line_key_wins_over_the_environment() {
    let [wif, _, path, ts, token] = bsm_vector();
    let bob = vectors()["keys"]["bob"]["wif_compressed_mainnet"]
        .as_str()
        .unwrap()
        .to_string();
    let out = common::bin()
        .args([
            "token",
            "create",
            "--path",
            &path,
            "--scheme",
            "bsm",
            "--timestamp",
            &ts,
        ])
        .args(["--wif", &wif])
        .env("SIGMA_AUTH_WIF", &bob)
        .output()
        .unwrap();
    assert_eq!(stdout(&out).trim_end(), token);
}

#[test]
fn without_a_key_the_error_names_every_way_to_give_one() {
    let out = run(&["token", "create", "--path", "/"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for way in ["--wif-file", "SIGMA_AUTH_WIF", "--wif -"] {
        assert!(err.contains(way), "{err}");
    }
    let file = temp_file("key-too-long", &"K".repeat(5000));
    let out = run(&["key", "show", "--wif-file", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("more than 4096 bytes"),
        "{}",
        stderr(&out)
    );
    let out = run(&["key", "show", "--wif-file", "/nonexistent/key"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--wif-file /nonexistent/key"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn every_key_option_takes_wif_or_hex() {
    let v = vectors();
    let alice = &v["keys"]["alice"];
    let bob = v["keys"]["bob"]["pub_compressed"].as_str().unwrap();
    let kd = &v["key_deriver"][0]; // alice, [0, "hello world"], "1", bob
    for key in [&alice["wif_compressed_mainnet"], &alice["priv_hex"]] {
        let key = key.as_str().unwrap();
        let out = run_with_stdin(
            &[
                "derive",
                "--wif",
                "-",
                "--counterparty",
                bob,
                "--level",
                "0",
                "--protocol",
                "hello world",
                "--key-id",
                "1",
                "--json",
            ],
            key,
        );
        let j = json_out(&out);
        assert_eq!(j["child_private_key"], kd["derive_private_key"], "{key}");

        let out = run_with_stdin(&["key", "show", "-", "--json"], key);
        let j = json_out(&out);
        assert_eq!(j["public_key"], alice["pub_compressed"]);
        assert_eq!(j["address"], alice["p2pkh_address_mainnet"]);
        assert_eq!(j["wif"], alice["wif_compressed_mainnet"]);
        assert_eq!(j["compressed"], true);
    }
}

#[test]
fn key_show_says_what_is_wrong_with_a_key() {
    let order = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
    let zero = "0".repeat(64);
    // The WIF of the zero key, base58check of 0x80 || 32 zero bytes || 0x01 (computed with
    // Python's hashlib, independently of this code).
    let zero_wif = "KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73Nd2Mcv1";
    let alice = vectors()["keys"]["alice"]["wif_compressed_mainnet"]
        .as_str()
        .unwrap()
        .to_string();
    let mut bad_checksum = alice.clone();
    bad_checksum.replace_range(10..11, if &alice[10..11] == "x" { "y" } else { "x" });
    let cases: [(&str, &str); 7] = [
        (&zero, "zero or not below the curve order"),
        (order, "zero or not below the curve order"),
        (zero_wif, "zero or not below the curve order"),
        (&bad_checksum, "checksum"),
        (&order[..63], "63 hex digits"),
        ("not-a-key!", "neither a WIF"),
        (&alice[..40], "not a valid WIF"),
    ];
    for (key, says) in cases {
        let out = run_with_stdin(&["key", "show", "-", "--json"], key);
        assert_eq!(out.status.code(), Some(2), "{key}");
        let message = json_out(&out)["message"].as_str().unwrap().to_string();
        assert!(message.contains(says), "{key}: {message}");
        assert!(
            !message.contains("base58") || says == "neither a WIF",
            "{key}: {message}"
        );
        assert!(!message.contains(key), "the key is echoed: {message}");
    }
}

#[test]
fn an_uncompressed_wif_is_shown_as_uncompressed() {
    let v = vectors();
    let one = &v["keys"]["anyone"]; // private key 1
    // Private key 1 as an uncompressed mainnet WIF (base58check of 0x80 || key, no 0x01 suffix),
    // and its uncompressed P2PKH address; both computed with Python's hashlib.
    let wif = "5HpHagT65TZzG1PH3CSu63k8DbpvD8s5ip4nEB3kEsreAnchuDf";
    let address = "1EHNa6Q4Jz2uvNExL497mE43ikXhwF6kZm";
    let j = json_out(&run_with_stdin(&["key", "show", "-", "--json"], wif));
    assert_eq!(j["compressed"], false);
    assert_eq!(j["public_key_uncompressed"], one["pub_uncompressed"]);
    assert_eq!(j["address_uncompressed"], address);
    assert_eq!(j["public_key"], one["pub_compressed"]);
    assert_eq!(j["address"], one["p2pkh_address_mainnet"]);
    let text = stdout(&run_with_stdin(&["key", "show", "-"], wif));
    assert!(text.contains("marked uncompressed"), "{text}");
    assert!(text.contains(address), "{text}");
    let out = run_with_stdin(&["token", "create", "--wif", "-", "--path", "/"], wif);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("marked uncompressed"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_testnet_wif_stays_testnet() {
    // Private key 1 as a compressed testnet WIF (0xef || key || 0x01), computed with Python.
    let j = json_out(&run_with_stdin(
        &["key", "show", "-", "--json"],
        "cMahea7zqjxrtgAbB7LSGbcQUr1uX1ojuat9jZodMN87JcbXMTcA",
    ));
    assert_eq!(j["network"], "testnet");
    assert_eq!(
        j["wif"],
        "cMahea7zqjxrtgAbB7LSGbcQUr1uX1ojuat9jZodMN87JcbXMTcA"
    );
}

#[test]
fn a_key_in_the_wrong_position_is_not_echoed_by_the_parser() {
    let alice = vectors()["keys"]["alice"]["wif_compressed_mainnet"]
        .as_str()
        .unwrap()
        .to_string();
    let hex = vectors()["keys"]["alice"]["priv_hex"]
        .as_str()
        .unwrap()
        .to_string();
    for key in [&alice, &hex] {
        let (wif_eq, key_eq) = (format!("--wif={key}"), format!("--key={key}"));
        let cases: Vec<Vec<&str>> = vec![
            vec![key],
            vec!["token", key],
            vec!["token", "create", key, "--path", "/"],
            vec!["token", "create", "--path", "/", key],
            vec!["token", "create", "--path", "/", "--scheme", key],
            vec!["token", "create", "--path", "/", "--timestamp", key],
            vec![
                "derive",
                "--level",
                key,
                "--counterparty",
                "self",
                "--protocol",
                "aaaaa",
                "--key-id",
                "1",
            ],
            vec!["key", "show", "-", key],
            vec!["key", "new", key],
            vec!["key", "show", "--wif-file", "/nonexistent", key],
            vec![
                "token",
                "create",
                "--path",
                "/",
                &wif_eq,
                "--wif-file",
                "/x",
            ],
            vec!["token", "create", "--path", "/", &key_eq],
        ];
        for mut args in cases {
            for json in [false, true] {
                if json {
                    args.push("--json");
                }
                let out = run(&args);
                assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
                for stream in [stderr(&out), stdout(&out)] {
                    assert!(
                        !stream.contains(key.as_str()),
                        "{args:?} echoes the key: {stream}"
                    );
                    assert!(
                        !stream.contains(&key[..12]),
                        "{args:?} echoes part of the key: {stream}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_key_in_any_other_argument_is_not_echoed_by_a_failure() {
    let v = vectors();
    let wif = v["keys"]["alice"]["wif_compressed_mainnet"]
        .as_str()
        .unwrap();
    let c = &v["bitcoin_auth"]["creation_vectors"][5];
    let tok = c["token"].as_str().unwrap();
    let path = c["verify"]["target"]["requestPath"].as_str().unwrap();
    let now = c["verify"]["target"]["timestamp"].as_str().unwrap();
    let bob = v["keys"]["bob"]["pub_compressed"].as_str().unwrap();
    let k = "{K}";
    let commands: Vec<Vec<&str>> = vec![
        vec!["token", "create", "--wif", "-", "--path", k],
        vec![
            "token",
            "create",
            "--wif",
            "-",
            "--path",
            "/",
            "--body",
            k,
            "--body-encoding",
            "hex",
        ],
        vec![
            "token",
            "create",
            "--wif",
            "-",
            "--path",
            "/",
            "--timestamp",
            k,
        ],
        vec![
            "token",
            "create",
            "--wif",
            "-",
            "--path",
            "/",
            "--body-file",
            k,
        ],
        vec!["token", "create", "--wif-file", k, "--path", "/"],
        vec!["token", "verify", k, "--path", path, "--now", now],
        vec!["token", "verify", tok, "--path", k, "--now", now],
        vec!["token", "verify", tok, "--path", path, "--now", k],
        vec![
            "token", "verify", tok, "--path", path, "--now", now, "--body", k,
        ],
        vec![
            "token",
            "verify",
            tok,
            "--path",
            path,
            "--now",
            now,
            "--body",
            k,
            "--body-encoding",
            "base64",
        ],
        vec!["token", "inspect", k, "--now", now],
        vec!["token", "inspect", tok, "--path", k, "--now", now],
        vec!["token", "inspect", tok, "--now", k],
        vec!["key", "show", "--wif-file", k],
        vec![
            "derive",
            "--wif",
            "-",
            "--counterparty",
            k,
            "--protocol",
            "hello world",
            "--key-id",
            "1",
        ],
        vec![
            "derive",
            "--wif",
            "-",
            "--counterparty",
            bob,
            "--protocol",
            k,
            "--key-id",
            "1",
            "--level",
            "9",
        ],
        vec![
            "derive",
            "--wif",
            "-",
            "--counterparty",
            bob,
            "--protocol",
            "hello world",
            "--key-id",
            k,
            "--level",
            "9",
        ],
    ];
    let mut failures = 0;
    for command in commands {
        for json in [false, true] {
            let mut args: Vec<&str> = command
                .iter()
                .map(|a| if *a == k { wif } else { a })
                .collect();
            if json && (args[0] == "derive" || matches!(args[1], "verify" | "inspect" | "show")) {
                args.push("--json");
            }
            let out = run_with_stdin(&args, wif);
            if out.status.success() {
                continue;
            }
            failures += 1;
            for stream in [stderr(&out), stdout(&out)] {
                assert!(
                    !stream.contains(&wif[..12]),
                    "{args:?} echoes the key: {stream}"
                );
            }
        }
    }
    assert!(failures >= 30, "only {failures} of the runs failed");
}
