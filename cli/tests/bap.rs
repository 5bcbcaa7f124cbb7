//! The `sigma-auth bap` contract (issue 13), checked against the identity vectors of bsv-bap
//! 0.1.24: `bap id`, `bap keys`, `bap attest`, `bap verify-attestation` (exit 0 valid, 1 invalid,
//! 2 usage; `--json` shapes).

use serde_json::{Value, json};
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn vectors() -> Value {
    serde_json::from_str(include_str!("../../tests/vectors/identity.json")).unwrap()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sigma-auth"))
        .args(args)
        .env_remove("SIGMA_AUTH_WIF")
        .output()
        .unwrap()
}

fn run_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sigma-auth"))
        .args(args)
        .env_remove("SIGMA_AUTH_WIF")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn json_of(o: &Output) -> Value {
    serde_json::from_str(stdout(o).trim_end()).unwrap_or_else(|_| panic!("not JSON: {o:?}"))
}

fn s(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap().to_string()
}

/// The pushes after OP_RETURN of a bsv-bap array (its first element is the opcode `6a`), as the
/// PUSHES argument.
fn pushes_arg(tx: &Value) -> String {
    let items = tx.as_array().unwrap();
    let rest: Vec<&Value> = if items[0] == "6a" {
        items[1..].iter().collect()
    } else {
        items.iter().collect()
    };
    serde_json::to_string(&rest).unwrap()
}

#[test]
fn bap_id_from_address_and_any_pubkey_spelling() {
    let v = vectors();
    for case in v["bap"]["bap_id_from_address"].as_array().unwrap() {
        let out = run(&["bap", "id", "--address", &s(case, "address")]);
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(stdout(&out), format!("{}\n", s(case, "bap_id")));
    }
    let k1 = &v["meta"]["keys"]["K1"];
    let want = format!("{}\n", s(&v["bap"]["bap_id_from_address"][0], "bap_id"));
    let compressed = s(k1, "pub");
    // The uncompressed and hybrid spellings of K1 (04/06/07 || x || y); y is odd (prefix 03).
    let key = sigma_auth_core::PublicKey::from_hex(&compressed).unwrap();
    let uncompressed = base16ct::lower::encode_string(&key.to_uncompressed());
    let hybrid = format!("07{}", &uncompressed[2..]);
    for spelling in [compressed.as_str(), &uncompressed, &hybrid] {
        let out = run(&["bap", "id", "--pubkey", spelling]);
        assert_eq!(out.status.code(), Some(0), "{spelling}");
        assert_eq!(stdout(&out), want);
    }
    // Usage errors: exit 2.
    for args in [
        vec!["bap", "id"],
        vec![
            "bap",
            "id",
            "--address",
            "1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaE",
        ],
        vec!["bap", "id", "--pubkey", "02abcd"],
        vec![
            "bap",
            "id",
            "--address",
            "1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaD",
            "--pubkey",
            &compressed,
        ],
    ] {
        assert_eq!(run(&args).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn bap_keys_follow_new_id() {
    let v = vectors();
    let t = &v["bap"]["type42"];
    let out = run(&["bap", "keys", "--wif", &s(&t["master"], "wif"), "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let j = json_of(&out);
    assert_eq!(j["root_address"], t["rootAddress"]);
    assert_eq!(j["identity_key"], t["identityKey"]);
    assert_eq!(j["member_key"], t["memberKey"]);
    assert_eq!(j["signing_address"], t["currentAddress"]);
    let out = run(&[
        "bap",
        "keys",
        "--wif",
        &s(&t["master"], "wif"),
        "--rotations",
        "1",
        "--json",
    ]);
    assert_eq!(
        json_of(&out)["signing_address"],
        t["rotation"]["currentAddress"]
    );
    let b = &v["bap"]["bip32"];
    let out = run(&["bap", "keys", "--xprv", &s(b, "xprv"), "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let j = json_of(&out);
    assert_eq!(j["root_address"], b["rootAddress"]);
    assert_eq!(j["identity_key"], b["identityKey"]);
    assert_eq!(j["member_key"], b["memberKey"]);
    assert_eq!(j["signing_address"], b["currentAddress"]);
    // The key on standard input, and the text form.
    let out = run_stdin(&["bap", "keys", "--xprv", "-"], &s(b, "xprv"));
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains(&format!("identity key:    {}\n", s(b, "identityKey"))));
    // --id-seed with rotations; expected values printed by bsv-bap 0.1.24 for
    // `new BAP({rootPk: K1}).newId("x", undefined, {}, "my-seed")` + 2 × incrementPath(), and
    // `new BAP(xprv).newId("x", undefined, {}, "my-seed")` + 1 × incrementPath().
    let out = run(&[
        "bap",
        "keys",
        "--wif",
        &s(&t["master"], "wif"),
        "--id-seed",
        "my-seed",
        "--rotations",
        "2",
        "--json",
    ]);
    assert_eq!(
        json_of(&out),
        json!({"root_address": "15bTSHfs4qT1UeSv3ZAZpr5eaV6CmwhQES",
            "identity_key": "49rNK2nyhsDWZmGYimWtTnh7gmRu",
            "member_key": "0387566ed6bb9b9c02a6fd26cc53688c16c8d418263293c1cc12d7a9af69092682",
            "signing_address": "1LLtUafu3BskN9HpTqNZ9dBuSN7BBmsRN3",
            "root_path": "bap:0", "current_path": "bap:0:2"})
    );
    let out = run(&[
        "bap",
        "keys",
        "--xprv",
        &s(b, "xprv"),
        "--id-seed",
        "my-seed",
        "--rotations",
        "1",
        "--json",
    ]);
    assert_eq!(
        json_of(&out),
        json!({"root_address": "1Kp9rZ7S2DdESvAs8NxdX1V4M7484fBiT1",
            "identity_key": "4QKnmb5rjN7mf3VmddmkJT8FJ9r6",
            "member_key": "03953881ead1b87d8cacd9014087f31d3da104b763064ad2182f659701d663d168",
            "signing_address": "1929LDC6Xr5KhSrxJJVdbbDSW5gPJRiSoB",
            "root_path": "m/424150'/0'/0'/0'/0'/0'",
            "current_path": "m/424150'/0'/0'/0'/0'/2'"})
    );
    // Usage errors: no key, both keys, a bad xprv.
    for args in [
        vec!["bap", "keys"],
        vec![
            "bap",
            "keys",
            "--wif",
            "KwFfNUhSDaASSAwtG7ssQM1uVX8RgX5GHWnnLfhfiQDigjioWXHH",
            "--xprv",
            "xprv",
        ],
        vec!["bap", "keys", "--xprv", "xprv123"],
    ] {
        assert_eq!(run(&args).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn bap_attest_signs_as_bsv_bap() {
    let v = vectors();
    let a = &v["bap"]["attestation"];
    // The generator's attestor signs with its identity's signing key; `--wif` is that key.
    let attestor = sigma_auth_core::bap::type42_keys::Type42Identity::new(
        &sigma_auth_core::PrivateKey::from_wif(&s(&v["meta"]["keys"]["K3"], "wif")).unwrap(),
        0,
        None,
    )
    .unwrap();
    let wif = attestor
        .signing_key()
        .unwrap()
        .to_wif(sigma_auth_core::Network::Mainnet);
    let out = run(&[
        "bap",
        "attest",
        "--wif",
        &wif,
        "--attribute",
        &s(a, "attribute"),
        "--value",
        &s(a, "value"),
        "--nonce",
        &s(a, "nonce"),
        "--identity-key",
        &s(a, "subject_identityKey"),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let j = json_of(&out);
    assert_eq!(j["hash"], a["attestation_hash_hex"]);
    let want: Value = serde_json::from_str(&pushes_arg(&a["counter0"]["tx_pushes"])).unwrap();
    assert_eq!(j["pushes"], want);
    assert_eq!(j.as_object().unwrap().len(), 2);
    // --sequence: the fourth push is its ASCII decimal, and the output still verifies.
    let out = run(&[
        "bap",
        "attest",
        "--wif",
        &wif,
        "--attribute",
        "a",
        "--value",
        "b",
        "--nonce",
        "c",
        "--identity-key",
        "d",
        "--sequence",
        "42",
    ]);
    let j = json_of(&out);
    assert_eq!(j["pushes"][3], "3432");
    let verify = run(&[
        "bap",
        "verify-attestation",
        &j["pushes"].to_string(),
        "--json",
    ]);
    assert_eq!(verify.status.code(), Some(0));
    assert_eq!(json_of(&verify)["sequence"], 42);
}

#[test]
fn bap_verify_attestation_contract() {
    let v = vectors();
    let a = &v["bap"]["attestation"];
    let subject = [
        "--attribute",
        a["attribute"].as_str().unwrap(),
        "--value",
        a["value"].as_str().unwrap(),
        "--nonce",
        a["nonce"].as_str().unwrap(),
        "--identity-key",
        a["subject_identityKey"].as_str().unwrap(),
    ];
    // Valid, with and without the subject, argument and standard input.
    let pushes = pushes_arg(&a["counter0"]["tx_pushes"]);
    let want = json!({"valid": true, "type": "ATTEST", "hash": a["attestation_hash_hex"],
        "sequence": 0, "address": a["attestor"]["signing_address"]});
    let out = run(&["bap", "verify-attestation", &pushes, "--json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json_of(&out), want);
    let mut args = vec!["bap", "verify-attestation", "-", "--json"];
    args.extend(subject);
    let out = run_stdin(&args, &pushes);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json_of(&out), want);
    let with_data = pushes_arg(&a["counter1_with_data"]["tx_pushes"]);
    let out = run(&["bap", "verify-attestation", &with_data, "--json"]);
    assert_eq!(json_of(&out)["sequence"], 1);
    // A subject whose hash differs: exit 1, bap_hash_mismatch.
    let out = run(&[
        "bap",
        "verify-attestation",
        &pushes,
        "--attribute",
        "name",
        "--value",
        "Jane Doe",
        "--nonce",
        "x",
        "--identity-key",
        "y",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_of(&out)["code"], "bap_hash_mismatch");
    // Every verify_attestation vector: the reference's verdict or our stricter refusal.
    for case in v["bap"]["verify_attestation"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let code = match name {
            "valid_counter0" => None,
            "tampered_sequence" => Some("aip_invalid_signature"),
            "signing_protocol_replaced" => Some("aip_unsupported_algorithm"),
            "aip_prefix_replaced" => Some("aip_missing"),
            "trailing_push" => Some("bap_layout"),
            "high_s_signature" => Some("aip_bad_signature_encoding"),
            // Given as pushes after OP_RETURN, the array has ten pushes: a layout error.
            "no_op_return" => Some("bap_layout"),
            other => panic!("unknown case {other}"),
        };
        let out = run(&[
            "bap",
            "verify-attestation",
            &pushes_arg(&case["tx_pushes"]),
            "--json",
        ]);
        let j = json_of(&out);
        match code {
            None => {
                assert_eq!(out.status.code(), Some(0), "{name}");
                assert_eq!(j["valid"], true);
            }
            Some(code) => {
                assert_eq!(out.status.code(), Some(1), "{name}");
                assert_eq!(j["valid"], false, "{name}");
                assert_eq!(j["code"], code, "{name}");
                assert!(j["message"].as_str().is_some_and(|m| !m.is_empty()));
            }
        }
        // Text form: first word valid/invalid.
        let out = run(&["bap", "verify-attestation", &pushes_arg(&case["tx_pushes"])]);
        let first = if code.is_some() {
            "invalid: "
        } else {
            "valid: "
        };
        assert!(stdout(&out).starts_with(first), "{name}");
    }
    // Usage errors (exit 2, JSON shape with code "usage"): not JSON, not hex, a partial subject.
    for args in [
        vec!["bap", "verify-attestation", "not json", "--json"],
        vec!["bap", "verify-attestation", "[\"zz\"]", "--json"],
        vec!["bap", "verify-attestation", "[1]", "--json"],
        vec![
            "bap",
            "verify-attestation",
            &pushes,
            "--attribute",
            "name",
            "--json",
        ],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let j = json_of(&out);
        assert_eq!(j["valid"], false);
        assert_eq!(j["code"], "usage");
    }
}
