//! The `aip` and `sigma` commands against the contract of issue 13 and the reference vectors of
//! `tests/vectors/identity.json` (bsv-bap 0.1.24, sigma-protocol 0.1.9, go-aip's form).

mod common;

use common::{assert_no_panic, json_out, run, run_with_stdin, stdout};
use serde_json::{Value, json};

fn identity() -> &'static Value {
    static V: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    V.get_or_init(|| {
        serde_json::from_str(include_str!("../../tests/vectors/identity.json")).unwrap()
    })
}

fn sigma_case(name: &str) -> &'static Value {
    identity()["sigma"]["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()
}

fn str_of(v: &Value) -> &str {
    v.as_str().unwrap()
}

/// bsv-bap writes OP_RETURN as a first push `6a`; PUSHES are those after the opcode.
fn after_op_return(v: &Value) -> Vec<Value> {
    let mut pushes = v.as_array().unwrap().clone();
    if pushes.first() == Some(&json!("6a")) {
        pushes.remove(0);
    }
    pushes
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn b64_to_hex(text: &str) -> String {
    // The vectors' signatures: standard base64, 88 characters for 65 bytes.
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in text.bytes().filter(|&c| c != b'=') {
        bits = (bits << 6) | A.iter().position(|&a| a == c).unwrap() as u32;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
        }
    }
    hex(&out)
}

fn verify_json(pushes: &Value) -> (Option<i32>, Value) {
    let o = run(&["aip", "verify", &pushes.to_string(), "--json"]);
    assert_no_panic(&o);
    (o.status.code(), json_out(&o))
}

#[test]
fn aip_sign_prints_the_pushes_the_reference_writes() {
    let aip = &identity()["aip"];
    let wif = str_of(&aip["signer"]["signing_key"]["wif"]);
    let case = &aip["bsv_bap_member_sign"][0];
    let input = Value::Array(after_op_return(&case["input_pushes"]));
    let o = run(&["aip", "sign", "--wif", wif, &input.to_string()]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        json_out(&o),
        Value::Array(after_op_return(&case["output_pushes"]))
    );

    // --with-pipe signs the pushes and `|`: go-aip's SignOpReturnData over go-bap's pushes.
    let go = &aip["manual_conventions"][0];
    let k2 = str_of(&identity()["meta"]["keys"]["K2"]["wif"]);
    let data = &go["go_output_pushes"].as_array().unwrap()[..4];
    let o = run_with_stdin(
        &["aip", "sign", "--wif", k2, "--with-pipe", "-"],
        &Value::Array(data.to_vec()).to_string(),
    );
    assert_eq!(o.status.code(), Some(0));
    let mut expected = go["go_output_pushes"].as_array().unwrap()[..8].to_vec();
    expected.push(json!(b64_to_hex(str_of(&go["signature_b64"]))));
    assert_eq!(json_out(&o), Value::Array(expected));

    // Usage errors: exit 2.
    let o = run(&["aip", "sign", "--wif", wif, "not json"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run_with_stdin(&["aip", "sign", "--wif", "-", "-"], "");
    assert_eq!(o.status.code(), Some(2));
    assert_no_panic(&o);
}

#[test]
fn aip_verify_follows_the_contract() {
    let aip = &identity()["aip"];
    // bsv-bap ID transactions verify without the pipe, go-aip's with it (base64-text signature).
    for case in aip["bsv_bap_repo_id_vectors_recheck"].as_array().unwrap() {
        let (status, v) = verify_json(&case["tx"]);
        assert_eq!(status, Some(0));
        assert_eq!(
            v,
            json!({"valid": true, "address": case["signer_address"], "convention": "without_pipe"})
        );
    }
    let go = &aip["manual_conventions"][0];
    let (status, v) = verify_json(&go["go_output_pushes"]);
    assert_eq!(status, Some(0));
    assert_eq!(
        v,
        json!({"valid": true, "address": go["address"], "convention": "with_pipe"})
    );

    // From standard input, without --json.
    let tx = identity()["aip"]["bsv_bap_repo_id_vectors_recheck"][0]["tx"].to_string();
    let o = run_with_stdin(&["aip", "verify", "-"], &tx);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("valid: signed by 1JGPPgw6tcsDSwUAXj5ccewARGowE7x7KV"));

    // Refusals, each with its code, exit 1. The reference (bsv-bap) accepts all four malleations.
    let valid = aip["bsv_bap_repo_id_vectors_recheck"][0]["tx"]
        .as_array()
        .unwrap()
        .clone();
    let sig = str_of(&valid[8]).to_string();
    let with = |i: usize, v: &str| {
        let mut p = valid.clone();
        p[i] = json!(v);
        Value::Array(p)
    };
    let flipped = format!(
        "{:02x}{}",
        u8::from_str_radix(&sig[..2], 16).unwrap() ^ 1,
        &sig[2..]
    );
    let mut trailing = valid.clone();
    trailing.push(json!("30"));
    let cases = [
        (with(8, &flipped), "aip_invalid_signature"),
        (
            with(5, &hex(b"1BAPSuaPnfGnSBM3GLV9yhxUdYe4vGbdMT")),
            "aip_missing",
        ),
        (Value::Array(trailing), "aip_layout"),
        (with(6, &hex(b"ECDSA")), "aip_unsupported_algorithm"),
        (with(8, "1c"), "aip_bad_signature_encoding"),
        (with(3, "00"), "aip_invalid_signature"),
    ];
    for (pushes, code) in cases {
        let (status, v) = verify_json(&pushes);
        assert_eq!(status, Some(1), "{code}");
        assert_eq!(v["valid"], false, "{code}");
        assert_eq!(v["code"], code);
        assert!(v["message"].as_str().unwrap().len() > 5);
    }
    let o = run(&["aip", "verify", &with(2, "00").to_string()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("invalid: aip_invalid_signature"));

    // Usage errors: exit 2 with code "usage".
    for bad in ["[\"zz\"]", "{}", "[\"abc\"]", "[1]"] {
        let o = run(&["aip", "verify", bad, "--json"]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert_eq!(json_out(&o)["code"], "usage", "{bad}");
    }
}

#[test]
fn sigma_sign_and_verify_follow_the_contract() {
    let c = sigma_case("bsm_single_instance");
    let txid = str_of(&c["input"]["sourceTXID"]);
    let vout = c["input"]["sourceOutputIndex"].to_string();
    let wif = str_of(&c["signer"]["wif"]);
    let unsigned = str_of(&c["unsigned_locking_script_hex"]);
    let signed = str_of(&c["signed_locking_script_hex"]);
    let base = ["--input-txid", txid, "--input-vout", &vout];

    // BSM by default, byte-exact with sigma-protocol.
    let mut args = vec!["sigma", "sign", "--wif", wif, "--script", unsigned];
    args.extend(base);
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o).trim(), signed);

    // BRC77 (random key ID): the unsigned script is a prefix and the result verifies.
    args.extend(["--algorithm", "brc77"]);
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0));
    let brc77 = stdout(&o).trim().to_string();
    assert!(brc77.starts_with(unsigned) && brc77.len() > signed.len());

    let verify = |script: &str, extra: &[&str]| {
        let mut a = vec!["sigma", "verify", "--script", script];
        a.extend(base);
        a.extend(extra);
        a.push("--json");
        let o = run(&a);
        assert_no_panic(&o);
        (o.status.code(), json_out(&o))
    };
    let address = &c["address"];
    assert_eq!(
        verify(signed, &[]),
        (
            Some(0),
            json!({"valid": true, "algorithm": "BSM", "address": address})
        )
    );
    assert_eq!(
        verify(&brc77, &[]),
        (
            Some(0),
            json!({"valid": true, "algorithm": "BRC77", "address": address})
        )
    );
    let second = sigma_case("bsm_second_instance");
    assert_eq!(
        verify(
            str_of(&second["signed_locking_script_hex"]),
            &["--instance", "1"]
        ),
        (
            Some(0),
            json!({"valid": true, "algorithm": "BSM", "address": second["signer"]["address"]})
        )
    );

    // Refusals: exit 1 with the code. The reference accepts the malleated header.
    let refusals = [
        (
            str_of(&sigma_case("tampered_data_must_fail")["signed_locking_script_hex"]).to_string(),
            vec![],
            "sigma_invalid_signature",
        ),
        (
            str_of(&sigma_case("header_byte_malleated")["signed_locking_script_hex"]).to_string(),
            vec![],
            "sigma_invalid_signature",
        ),
        (signed.to_string(), vec!["--instance", "1"], "sigma_missing"),
        (unsigned.to_string(), vec![], "sigma_missing"),
        (format!("{signed}4c"), vec![], "malformed_script"),
        (
            brc77.replace(&hex(b"BRC77"), &hex(b"BRC78")),
            vec![],
            "sigma_unsupported_algorithm",
        ),
        (
            brc77.replace(
                &hex(str_of(address).as_bytes()),
                &hex(str_of(&second["signer"]["address"]).as_bytes()),
            ),
            vec![],
            "sigma_signer_mismatch",
        ),
    ];
    for (script, extra, code) in refusals {
        let (status, v) = verify(&script, &extra);
        assert_eq!(status, Some(1), "{code}");
        assert_eq!(
            (v["valid"].clone(), v["code"].clone()),
            (json!(false), json!(code))
        );
    }

    // Another outpoint: exit 1 without --json too.
    let o = run(&[
        "sigma",
        "verify",
        "--script",
        signed,
        "--input-txid",
        txid,
        "--input-vout",
        "2",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("invalid: sigma_invalid_signature"));

    // Usage errors: exit 2.
    for (script, txid) in [("0g", txid), (signed, "abcd"), ("abc", txid)] {
        let o = run(&[
            "sigma",
            "verify",
            "--script",
            script,
            "--input-txid",
            txid,
            "--input-vout",
            "1",
            "--json",
        ]);
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(json_out(&o)["code"], "usage");
    }
    let o = run(&["sigma", "verify", "--script", signed, "--json"]);
    assert_eq!(o.status.code(), Some(2));
}
