//! The `encrypt`, `decrypt` and `friend-pubkey` contract (issue 14), against
//! `tests/vectors/identity.json` `friend_encryption` (from `@bsv/sdk` 2.1.0 and `bsv-bap` 0.1.24).
//!
//! A ciphertext that does not open exits 1 with the reason code on standard error and nothing
//! on standard output; exit 2 is for usage errors only.

mod common;

use std::io::Write;
use std::process::{Output, Stdio};

use common::{assert_no_panic, bin, run, stderr, stdout};
use serde_json::Value;

fn friend() -> Value {
    let v: Value = serde_json::from_str(include_str!("../../tests/vectors/identity.json")).unwrap();
    v["friend_encryption"].clone()
}

fn st<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or_else(|| panic!("{k} in {v}"))
}

const K1: &str = "0101010101010101010101010101010101010101010101010101010101010101";
const K2: &str = "0202020202020202020202020202020202020202020202020202020202020202";
const K3: &str = "0000000000000000000000000000000000000000000000000000000000000003";
const K2_PUB: &str = "024d4b6cd1361032ca9bd2aeb9d900aa4d45d9ead80ac9423374c451a7254d0766";
const K3_PUB: &str = "02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9";

/// Runs with the key in SIGMA_AUTH_WIF (no warning about a key on the command line) and
/// `input` on standard input.
fn run_in(key: &str, args: &[&str], input: &[u8]) -> Output {
    let mut child = bin()
        .env("SIGMA_AUTH_WIF", key)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child.stdin.take().unwrap().write_all(input);
    let o = child.wait_with_output().unwrap();
    assert_no_panic(&o);
    o
}

fn ok(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    assert_eq!(stderr(o), "", "nothing on standard error");
    stdout(o)
}

/// Exit 1, the code on standard error, nothing on standard output.
fn refused(o: &Output, code: &str) {
    assert_eq!(o.status.code(), Some(1), "{}", stderr(o));
    assert!(o.stdout.is_empty(), "stdout: {:?}", stdout(o));
    assert!(
        stderr(o).starts_with(&format!("sigma-auth: {code}: ")),
        "want {code}: {}",
        stderr(o)
    );
}

fn usage(o: &Output) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    assert!(o.stdout.is_empty());
}

#[test]
fn brc78_round_trip_hex_base64_and_stdin() {
    // binary plaintext through standard input, raw bytes back
    let plain: Vec<u8> = (0..=255u8).chain([0, 10, 13]).collect();
    for format in ["hex", "base64"] {
        let sealed = ok(&run_in(
            K1,
            &["encrypt", "--to", K2_PUB, "--format", format, "-"],
            &plain,
        ));
        let sealed = sealed.trim_end();
        // random key ID: encrypting again gives other bytes
        let again = ok(&run_in(
            K1,
            &["encrypt", "--to", K2_PUB, "--format", format, "-"],
            &plain,
        ));
        assert_ne!(sealed, again.trim_end());
        let opened = run_in(K2, &["decrypt", "--format", format, "-"], sealed.as_bytes());
        assert_eq!(opened.status.code(), Some(0), "{}", stderr(&opened));
        assert_eq!(opened.stdout, plain);
        // as an argument too; the wrong key is refused
        let opened = run_in(K2, &["decrypt", "--format", format, sealed], b"");
        assert_eq!(opened.stdout, plain);
        refused(
            &run_in(K3, &["decrypt", "--format", format, sealed], b""),
            "wrong_recipient",
        );
    }
}

#[test]
fn ecies_matches_the_reference_bytes() {
    let cases = friend()["ecies_decrypt_cases"].clone();
    let case = |name: &str| {
        cases
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap()
            .clone()
    };
    let valid = st(&case("valid"), "ciphertext_hex").to_string();
    let no_key = st(&case("no_key_variant_with_sender_pub"), "ciphertext_hex").to_string();
    // encrypt from K3 to K2: the reference's bytes, with and without the key
    let out = ok(&run_in(
        K3,
        &["encrypt", "--ecies", "--to", K2_PUB, "abc"],
        b"",
    ));
    assert_eq!(out.trim_end(), valid);
    let out = ok(&run_in(
        K3,
        &["encrypt", "--ecies", "--no-key", "--to", K2_PUB, "abc"],
        b"",
    ));
    assert_eq!(out.trim_end(), no_key);
    // decrypt: embedded, embedded with the expected sender, no key with --from
    assert_eq!(ok(&run_in(K2, &["decrypt", "--ecies", &valid], b"")), "abc");
    assert_eq!(
        ok(&run_in(
            K2,
            &["decrypt", "--ecies", "--from", K3_PUB, &valid],
            b""
        )),
        "abc"
    );
    assert_eq!(
        ok(&run_in(
            K2,
            &["decrypt", "--ecies", "--no-key", "--from", K3_PUB, &no_key],
            b""
        )),
        "abc"
    );
    // another expected sender, or the no-key form read as embedded, is refused: never a guess
    refused(
        &run_in(K2, &["decrypt", "--ecies", "--from", K2_PUB, &valid], b""),
        "decryption_failed",
    );
    refused(
        &run_in(K2, &["decrypt", "--ecies", &no_key], b""),
        "decryption_failed",
    );
    // the vectors' negative cases
    for name in ["tampered_ciphertext", "tampered_hmac"] {
        let ct = st(&case(name), "ciphertext_hex").to_string();
        refused(
            &run_in(K2, &["decrypt", "--ecies", &ct], b""),
            "decryption_failed",
        );
    }
    let bad_magic = st(&case("bad_magic"), "ciphertext_hex").to_string();
    refused(
        &run_in(K2, &["decrypt", "--ecies", &bad_magic], b""),
        "version_mismatch",
    );
    // base64 in, base64 out
    let b64 = ok(&run_in(
        K3,
        &[
            "encrypt", "--ecies", "--to", K2_PUB, "--format", "base64", "abc",
        ],
        b"",
    ));
    assert_eq!(
        ok(&run_in(
            K2,
            &["decrypt", "--ecies", "--format", "base64", b64.trim_end()],
            b""
        )),
        "abc"
    );
}

#[test]
fn every_changed_byte_and_every_truncation_exits_1() {
    let sealed = ok(&run_in(
        K3,
        &["encrypt", "--ecies", "--to", K2_PUB, "short"],
        b"",
    ));
    let bytes = base16ct::lower::decode_vec(sealed.trim_end()).unwrap();
    for i in 0..bytes.len() {
        let mut t = bytes.clone();
        t[i] ^= 0x01;
        let code = if i < 4 {
            "version_mismatch"
        } else {
            "decryption_failed"
        };
        refused(
            &run_in(
                K2,
                &["decrypt", "--ecies", &base16ct::lower::encode_string(&t)],
                b"",
            ),
            code,
        );
    }
    for len in [0, 3, 4, 40, bytes.len() - 1] {
        let t = base16ct::lower::encode_string(&bytes[..len]);
        let o = run_in(K2, &["decrypt", "--ecies", "-"], t.as_bytes());
        let code = if len < 4 {
            "version_mismatch"
        } else {
            "invalid_length"
        };
        refused(&o, code);
    }
    // not hex at all, odd length, bad base64: exit 1 with the decoding code
    refused(
        &run_in(K2, &["decrypt", "--ecies", "zz"], b""),
        "invalid_hex",
    );
    refused(
        &run_in(K2, &["decrypt", "--ecies", &sealed.trim_end()[1..]], b""),
        "invalid_hex",
    );
    refused(
        &run_in(K2, &["decrypt", "--format", "base64", "@@@"], b""),
        "invalid_base64",
    );
    // BRC-78: truncated and tampered
    let sealed = ok(&run_in(K1, &["encrypt", "--to", K2_PUB, "hello"], b""));
    let mut bytes = base16ct::lower::decode_vec(sealed.trim_end()).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    refused(
        &run_in(
            K2,
            &["decrypt", &base16ct::lower::encode_string(&bytes)],
            b"",
        ),
        "decryption_failed",
    );
    refused(
        &run_in(
            K2,
            &["decrypt", &base16ct::lower::encode_string(&bytes[..100])],
            b"",
        ),
        "invalid_length",
    );
}

#[test]
fn friend_encryption_matches_bsv_bap() {
    let v = friend()["bsv_bap_member"].clone();
    let (a, b) = (&v["A"], &v["B"]);
    let (a_id, b_id) = (st(a, "bap_id"), st(b, "bap_id"));
    // friend-pubkey: what each publishes to the other
    let a_pub = ok(&run_in(K1, &["friend-pubkey", "--friend", b_id], b""));
    assert_eq!(a_pub.trim_end(), st(a, "friend_pubkey"));
    let b_pub = ok(&run_in(K2, &["friend-pubkey", "--friend", a_id], b""));
    assert_eq!(b_pub.trim_end(), st(b, "friend_pubkey"));
    // A -> B, base64 as bsv-bap writes it: byte-identical (deterministic)
    let msg = st(&v, "plaintext_utf8");
    let ct = ok(&run_in(
        K1,
        &[
            "encrypt",
            "--friend",
            b_id,
            "--to",
            st(b, "friend_pubkey"),
            "--format",
            "base64",
            msg,
        ],
        b"",
    ));
    assert_eq!(ct.trim_end(), st(&v, "ciphertext_b64"));
    let opened = run_in(
        K2,
        &["decrypt", "--friend", a_id, "--format", "base64", "-"],
        ct.as_bytes(),
    );
    assert_eq!(ok(&opened), st(&v, "decrypted_by_B"));
    // hex works the same; the wrong friend ID is refused
    refused(
        &run_in(
            K2,
            &["decrypt", "--friend", b_id, st(&v, "ciphertext_hex")],
            b"",
        ),
        "decryption_failed",
    );
    // the MasterID Type42 scheme gives its own friend key
    let m = friend()["bsv_bap_masterid_type42"].clone();
    let other = ok(&run_in(
        K1,
        &[
            "friend-pubkey",
            "--friend",
            st(&m, "seed"),
            "--scheme",
            "bap-master",
        ],
        b"",
    ));
    assert_ne!(other.trim_end(), st(a, "friend_pubkey"));
}

#[test]
fn tokenpass_self_and_consistent_peer_mode() {
    let v = friend()["tokenpass_server"].clone();
    let master = &st(&v, "master_priv_hex").to_string();
    let id = st(&v, "friendBapId");
    let fpk = ok(&run_in(
        master,
        &[
            "friend-pubkey",
            "--friend",
            id,
            "--scheme",
            "tokenpass-peer",
        ],
        b"",
    ));
    assert_eq!(fpk.trim_end(), st(&v, "friend_pubkey"));
    let sm = &v["self_mode"];
    assert_eq!(
        ok(&run_in(
            master,
            &[
                "decrypt",
                "--friend",
                id,
                "--scheme",
                "tokenpass-self",
                st(sm, "ciphertext_hex")
            ],
            b""
        )),
        st(sm, "decrypted")
    );
    let note = ok(&run_in(
        master,
        &[
            "encrypt",
            "--friend",
            id,
            "--scheme",
            "tokenpass-self",
            "mine",
        ],
        b"",
    ));
    assert_eq!(
        ok(&run_in(
            master,
            &[
                "decrypt",
                "--friend",
                id,
                "--scheme",
                "tokenpass-self",
                note.trim_end()
            ],
            b""
        )),
        "mine"
    );
    // peer: K2 sends to the master's signer; the master opens it with its friend key for K2
    let k2_id = id; // friendBapId is K2's BAP ID in the vectors
    let to = st(&v, "friend_pubkey");
    let ct = ok(&run_in(
        K2,
        &[
            "encrypt",
            "--friend",
            id,
            "--scheme",
            "tokenpass-peer",
            "--to",
            to,
            "to you",
        ],
        b"",
    ));
    assert_eq!(
        ok(&run_in(
            master,
            &[
                "decrypt",
                "--friend",
                k2_id,
                "--scheme",
                "tokenpass-peer",
                ct.trim_end()
            ],
            b""
        )),
        "to you"
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["encrypt", "hello"][..],                                     // no --to
        &["encrypt", "--no-key", "--to", K2_PUB, "hello"],             // --no-key without --ecies
        &["decrypt", "--ecies", "--no-key", "00"],                     // --no-key without --from
        &["decrypt", "--from", K2_PUB, "00"],                          // --from without a mode
        &["encrypt", "--ecies", "--friend", "x", "--to", K2_PUB, "m"], // two modes
        &["encrypt", "--to", "02zz", "hello"],                         // bad public key
        &["encrypt", "--scheme", "bap-master", "--to", K2_PUB, "m"],   // --scheme without --friend
        &["encrypt", "--to", K2_PUB, ""],                              // BRC-78 refuses empty
        &["friend-pubkey", "--friend", ""],                            // empty friend ID
    ] {
        usage(&run_in(K1, args, b""));
    }
    // no key at all
    usage(&run(&["decrypt", "00"]));
}
