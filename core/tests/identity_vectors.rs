//! Replays the `aip` and `sigma` sections of `tests/vectors/identity.json` (made by bsv-bap
//! 0.1.24, sigma-protocol 0.1.9 and @bsv/sdk 2.1.0). Each case states its expected verdict: the
//! reference's where it is honest, and our stricter refusal with its code where
//! spec/identity.md section 5 says so.

mod common;

use common::{h, hex_list, hx, identity_vectors, s};
use serde_json::Value;
use sigma_auth_core::aip::{self, Convention};
use sigma_auth_core::hazmat::encoding::base64_decode_lenient;
use sigma_auth_core::hazmat::hash::sha256;
use sigma_auth_core::{Error, Policy, PrivateKey, Reason, bsm, sigma};

fn report(section: &str, n: usize) {
    println!("replayed {n:3} vectors: {section}");
}

fn key(v: &Value) -> PrivateKey {
    PrivateKey::from_hex(s(v, "priv_hex")).expect("vector key")
}

fn sig_bytes(b64: &str) -> Vec<u8> {
    base64_decode_lenient("test", b64).expect("vector base64")
}

fn code(e: Error) -> Reason {
    e.reason()
}

/// bsv-bap writes the OP_RETURN as a first push `[0x6a]`; our pushes are those after the opcode.
fn after_op_return(mut pushes: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    if pushes.first().map(|p| p.as_slice()) == Some(&[0x6a][..]) {
        pushes.remove(0);
    }
    pushes
}

#[test]
fn aip_bsv_bap_member_sign() {
    let aip = &identity_vectors()["aip"];
    let signer = key(&aip["signer"]["signing_key"]);
    let cases = aip["bsv_bap_member_sign"].as_array().unwrap();
    for c in cases {
        let name = s(c, "name");
        let data = after_op_return(hex_list(&c["input_pushes"]));
        let output = after_op_return(hex_list(&c["output_pushes"]));
        if name == "first_push_starts_with_0x6a_j" {
            // Stricter (spec §5 item 3): bsv-bap took the data push "json" for the OP_RETURN
            // and signed 6a736f6e7b7d without a leading 0x6a. With OP_RETURN decided by
            // opcode, the data is ["json", "{}"], the signed bytes would start 6a 6a…, and the
            // reference's signature does not verify. The reference says true.
            assert!(c["verify_bsv_bap"].as_bool().unwrap());
            let e = aip::verify(&output).unwrap_err();
            assert_eq!(code(e), Reason::AipInvalidSignature, "{name}");
            assert_ne!(
                hx(&aip::message(&data, Convention::WithoutPipe)),
                s(c, "signed_message_hex")
            );
            continue;
        }
        assert_eq!(
            hx(&aip::message(&data, Convention::WithoutPipe)),
            s(c, "signed_message_hex"),
            "{name}"
        );
        // We sign the same bytes, deterministically: the same pushes come out.
        let ours = aip::sign_payload(&data, &signer, Convention::WithoutPipe).unwrap();
        assert_eq!(ours, output, "{name}");
        assert_eq!(
            ours.last().unwrap(),
            &sig_bytes(s(c, "signature_b64")),
            "{name}"
        );
        // Same verdict as the reference: valid, and only without the pipe.
        let v = aip::verify(&output).unwrap();
        assert!(c["verify_bsv_bap"].as_bool().unwrap() && c["verify_strict"].as_bool().unwrap());
        assert!(!c["verify_if_verifier_includes_pipe"].as_bool().unwrap());
        assert_eq!(v.convention, Convention::WithoutPipe, "{name}");
        assert_eq!(v.address, s(c, "address"), "{name}");
        assert_eq!(v.data_pushes, data.len(), "{name}");
        assert_eq!(
            code(aip::verify_as(&output, Convention::WithPipe).unwrap_err()),
            Reason::AipInvalidSignature
        );
    }
    report("aip.bsv_bap_member_sign", cases.len());
}

#[test]
fn aip_index_subsets_are_refused() {
    // Index-subset AIP is unsupported (spec §1.4, §5 item 4): a payload that carries index pushes
    // after the signature is refused for its layout, in range or not. The reference signs the
    // subset (and for an out-of-range index, the bytes [106, null]).
    let aip = &identity_vectors()["aip"];
    let signer = key(&aip["signer"]["signing_key"]);
    let cases = aip["bsv_bap_message_buffer"].as_array().unwrap();
    for c in cases {
        let name = s(c, "name");
        let data = after_op_return(hex_list(&c["input_pushes"]));
        let mut payload = aip::sign_payload(&data, &signer, Convention::WithPipe).unwrap();
        for i in c["indices"].as_array().unwrap() {
            payload.push(i.as_u64().unwrap().to_string().into_bytes());
        }
        assert_eq!(
            code(aip::verify(&payload).unwrap_err()),
            Reason::AipLayout,
            "{name}"
        );
        if name == "index_out_of_range" {
            assert_eq!(s(c, "expected_strict"), "error");
        }
    }
    report("aip.bsv_bap_message_buffer", cases.len());
}

#[test]
fn aip_manual_conventions() {
    let aip = &identity_vectors()["aip"];
    let cases = aip["manual_conventions"].as_array().unwrap();
    let k2 = key(&identity_vectors()["meta"]["keys"]["K2"]);
    for c in cases {
        let name = s(c, "name");
        match name {
            "go_aip_SignOpReturnData" => {
                // go-aip: the `|` is go-bap's last data element and the signature is pushed as
                // 88 characters of base64 text. Valid, with the pipe, as the reference says.
                let pushes = hex_list(&c["go_output_pushes"]);
                assert_eq!(pushes.last().unwrap().len(), 88);
                let v = aip::verify(&pushes).unwrap();
                assert!(c["verify"].as_bool().unwrap());
                assert_eq!(v.convention, Convention::WithPipe);
                assert_eq!(v.address, s(c, "address"));
                let data = after_op_return(hex_list(&c["data_pushes"]));
                assert_eq!(
                    hx(&aip::message(&data[..data.len() - 1], Convention::WithPipe)),
                    s(c, "message_hex")
                );
            }
            "tokenpass_sign_aip" => {
                // TokenPass signs concat(data) without 0x6a: a plain BSM signature, which is
                // valid as BSM, but not an AIP signature over those pushes.
                let data = hex_list(&c["data_pushes"]);
                assert_eq!(hx(&data.concat()), s(c, "message_hex"));
                bsm::verify_base64(
                    &data.concat(),
                    s(c, "signature_b64"),
                    k2.public_key(),
                    Policy::Strict,
                )
                .unwrap();
                assert!(c["verify"].as_bool().unwrap());
                let mut payload = data.clone();
                payload.extend([
                    aip::PIPE.to_vec(),
                    aip::PREFIX.to_vec(),
                    aip::ALGORITHM.to_vec(),
                    s(c, "address").as_bytes().to_vec(),
                    sig_bytes(s(c, "signature_b64")),
                ]);
                assert_eq!(
                    code(aip::verify(&payload).unwrap_err()),
                    Reason::AipInvalidSignature
                );
            }
            other => panic!("unknown case {other}"),
        }
    }
    report("aip.manual_conventions", cases.len());
}

#[test]
fn aip_verify_cases() {
    let aip = &identity_vectors()["aip"];
    let cases = aip["verify_cases"].as_array().unwrap();
    for c in cases {
        let name = s(c, "name");
        let message = h(s(c, "message_hex"));
        assert_eq!(message[0], 0x6a);
        // One data push holds the signed bytes after the 0x6a; AIP signs their concatenation.
        let payload = [
            message[1..].to_vec(),
            aip::PIPE.to_vec(),
            aip::PREFIX.to_vec(),
            aip::ALGORITHM.to_vec(),
            s(c, "address").as_bytes().to_vec(),
            sig_bytes(s(c, "signature_b64")),
        ];
        let verdict = aip::verify(&payload);
        let expected: Result<(), Reason> = match name {
            "valid" => Ok(()),
            // Honest refusals, as the reference.
            "tampered_last_byte" | "wrong_address" | "extra_pipe_in_message" => {
                Err(Reason::AipInvalidSignature)
            }
            // Stricter (§5 item 1): the reference ignores the header and accepts these.
            "header_recid_flipped" => Err(Reason::AipInvalidSignature),
            "header_uncompressed_range" | "high_s_twin" => Err(Reason::AipBadSignatureEncoding),
            // The reference throws.
            "short_signature_3_bytes" => Err(Reason::AipBadSignatureEncoding),
            other => panic!("unknown case {other}"),
        };
        assert_eq!(
            verdict.as_ref().map(|_| ()).map_err(|e| e.reason()),
            expected,
            "{name}"
        );
        assert_eq!(
            expected.is_ok(),
            c["expected_strict"].as_bool().unwrap(),
            "{name}"
        );
        if let Ok(v) = verdict {
            assert_eq!(v.convention, Convention::WithoutPipe);
        }
    }
    report("aip.verify_cases", cases.len());
}

#[test]
fn aip_bsv_bap_repo_id_vectors() {
    let aip = &identity_vectors()["aip"];
    let cases = aip["bsv_bap_repo_id_vectors_recheck"].as_array().unwrap();
    for c in cases {
        let pushes = hex_list(&c["tx"]);
        let v = aip::verify(&pushes).unwrap();
        assert!(
            c["verifies_over_0x6a_pushes_without_pipe"]
                .as_bool()
                .unwrap()
        );
        assert!(!c["verifies_over_0x6a_pushes_with_pipe"].as_bool().unwrap());
        assert_eq!(v.convention, Convention::WithoutPipe);
        assert_eq!(v.address, s(c, "signer_address"));
        assert_eq!(pushes.last().unwrap(), &sig_bytes(s(c, "signature_b64")));
    }
    report("aip.bsv_bap_repo_id_vectors_recheck", cases.len());
}

fn sigma_case(name: &str) -> &'static Value {
    identity_vectors()["sigma"]["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no sigma case {name}"))
}

/// The outpoint of the vectors' one input (`bsm_single_instance.input`), which every BSM case
/// without its own `input` signs for.
fn sigma_input(c: &Value) -> sigma::Outpoint {
    let input = if c["input"].is_object() {
        &c["input"]
    } else {
        &sigma_case("bsm_single_instance")["input"]
    };
    sigma::Outpoint::from_hex(
        s(input, "sourceTXID"),
        input["sourceOutputIndex"].as_u64().unwrap() as u32,
    )
    .unwrap()
}

fn sigma_verdict(script: &[u8], input: &sigma::Outpoint, k: usize) -> Result<String, Reason> {
    sigma::verify(script, Some(input), k)
        .map(|v| v.address)
        .map_err(|e| e.reason())
}

#[test]
fn sigma_cases() {
    let cases = identity_vectors()["sigma"]["cases"].as_array().unwrap();
    let k1 = key(&identity_vectors()["meta"]["keys"]["K1"]);
    let k1_address = s(&identity_vectors()["meta"]["keys"]["K1"], "address");
    for c in cases {
        let name = s(c, "name");
        match name {
            "bsm_single_instance" => {
                let unsigned = h(s(c, "unsigned_locking_script_hex"));
                let input = sigma_input(c);
                let mut outpoint = input.txid.to_vec();
                outpoint.extend(input.vout.to_le_bytes());
                assert_eq!(hx(&outpoint), s(c, "outpoint_bytes_hex"));
                let ih = sigma::input_hash(Some(&input));
                assert_eq!(hx(&ih), s(c, "input_hash_hex"));
                let signed = h(s(c, "signed_locking_script_hex"));
                let dh = sigma::data_hash(&signed, 0).unwrap();
                assert_eq!(hx(&dh), s(c, "data_hash_hex"));
                assert_eq!(hx(&sha256(&unsigned)), s(c, "data_hash_hex"));
                assert_eq!(hx(&sigma::message_hash(&ih, &dh)), s(c, "message_hash_hex"));
                let ours = sigma::sign_bsm(&unsigned, Some(&input), 0, &key(&c["signer"])).unwrap();
                assert_eq!(hx(&ours), s(c, "signed_locking_script_hex"));
                let sig = sig_bytes(s(c, "signature_b64"));
                assert!(ours.windows(65).any(|w| w == sig));
                assert!(c["verify"].as_bool().unwrap());
                let v = sigma::verify(&signed, Some(&input), 0).unwrap();
                assert_eq!((v.algorithm, v.vin), (sigma::Algorithm::Bsm, 0));
                assert_eq!(v.address, s(c, "address"));
            }
            "bsm_second_instance" => {
                let first = h(s(
                    sigma_case("bsm_single_instance"),
                    "signed_locking_script_hex",
                ));
                let input = sigma_input(c);
                let signed = h(s(c, "signed_locking_script_hex"));
                let dh = sigma::data_hash(&signed, 1).unwrap();
                assert_eq!(hx(&dh), s(c, "data_hash_hex"));
                let ih = sigma::input_hash(Some(&input));
                assert_eq!(hx(&sigma::message_hash(&ih, &dh)), s(c, "message_hash_hex"));
                let ours = sigma::sign_bsm(&first, Some(&input), 0, &key(&c["signer"])).unwrap();
                assert_eq!(hx(&ours), s(c, "signed_locking_script_hex"));
                assert!(c["verify_instance0"].as_bool().unwrap());
                assert!(c["verify_instance1"].as_bool().unwrap());
                assert_eq!(sigma_verdict(&signed, &input, 0).unwrap(), k1_address);
                assert_eq!(
                    sigma_verdict(&signed, &input, 1).unwrap(),
                    s(&c["signer"], "address")
                );
                assert_eq!(sigma_verdict(&signed, &input, 2), Err(Reason::SigmaMissing));
            }
            "tampered_data_must_fail" | "other_outpoint_must_fail" => {
                // Honest refusals, as the reference.
                assert!(!c["verify"].as_bool().unwrap() && !c["expected"].as_bool().unwrap());
                let signed = h(s(c, "signed_locking_script_hex"));
                assert_eq!(
                    sigma_verdict(&signed, &sigma_input(c), 0),
                    Err(Reason::SigmaInvalidSignature),
                    "{name}"
                );
            }
            "reference_verify_after_binary_roundtrip" => {
                // Stricter in the other direction (§5 item 6): the reference refuses its own
                // signature after parsing the script from bytes (its OP_RETURN swallows the
                // rest, so it hashes only `OP_0`); we hash the raw bytes before the `|`.
                assert!(!c["reference_verify_from_hex"].as_bool().unwrap());
                assert!(c["expected_strict"].as_bool().unwrap());
                assert_eq!(hx(&sha256(&[0x00])), s(c, "reference_data_hash_from_hex"));
                let signed = h(s(c, "signed_locking_script_hex"));
                assert_eq!(
                    sigma_verdict(&signed, &sigma_input(c), 0).unwrap(),
                    k1_address
                );
            }
            "header_byte_malleated" => {
                // Stricter (§5 item 1): the reference ignores the header and accepts it; the
                // flipped recovery id recovers another key.
                assert!(c["verify"].as_bool().unwrap());
                assert!(!c["expected_strict"].as_bool().unwrap());
                let signed = h(s(c, "signed_locking_script_hex"));
                assert_eq!(
                    sigma_verdict(&signed, &sigma_input(c), 0),
                    Err(Reason::SigmaInvalidSignature)
                );
            }
            "bsm_on_p2pkh_output_no_op_return" => {
                let unsigned = h(s(c, "unsigned_locking_script_hex"));
                let input = sigma_input(c);
                assert_eq!(hx(&sha256(&unsigned)), s(c, "data_hash_hex"));
                let signed = h(s(c, "signed_locking_script_hex"));
                assert_eq!(
                    hx(&sigma::data_hash(&signed, 0).unwrap()),
                    s(c, "data_hash_hex")
                );
                let msg = sigma::message_hash(&sigma::input_hash(Some(&input)), &sha256(&unsigned));
                assert_eq!(hx(&msg), s(c, "message_hash_hex"));
                // No OP_RETURN yet: the separator is the OP_RETURN opcode itself.
                let ours = sigma::sign_bsm(&unsigned, Some(&input), 0, &k1).unwrap();
                assert_eq!(ours[unsigned.len()], 0x6a);
                assert_eq!(hx(&ours), s(c, "signed_locking_script_hex"));
                assert!(c["verify"].as_bool().unwrap());
                assert_eq!(sigma_verdict(&signed, &input, 0).unwrap(), k1_address);
            }
            "no_inputs_dummy_input_hash" => {
                assert_eq!(hx(&sigma::input_hash(None)), s(c, "expected_input_hash"));
                assert_eq!(hx(&sigma::input_hash(None)), s(c, "input_hash_hex"));
            }
            "brc77_anyone_verifier" => {
                let signed = h(s(c, "signed_locking_script_hex"));
                let input = sigma_input(c);
                let envelope = sig_bytes(s(c, "signature_b64"));
                let key_id: [u8; 32] = envelope[38..70].try_into().unwrap();
                let unsigned = h(s(
                    sigma_case("bsm_single_instance"),
                    "unsigned_locking_script_hex",
                ));
                let ours =
                    sigma::sign_brc77(&unsigned, Some(&input), 0, &key(&c["signer"]), key_id)
                        .unwrap();
                assert_eq!(hx(&ours), s(c, "signed_locking_script_hex"));
                assert!(c["verify"].as_bool().unwrap());
                let v = sigma::verify(&signed, Some(&input), 0).unwrap();
                assert_eq!(v.algorithm, sigma::Algorithm::Brc77);
                assert_eq!(v.address, k1_address);
                // Stricter: an instance whose address push is not the envelope signer's is
                // refused (the reference checks only the envelope).
                let k2_address = s(&identity_vectors()["meta"]["keys"]["K2"], "address");
                let forged =
                    hx(&signed).replace(&hx(k1_address.as_bytes()), &hx(k2_address.as_bytes()));
                assert_eq!(
                    sigma_verdict(&h(&forged), &input, 0),
                    Err(Reason::SigmaSignerMismatch)
                );
            }
            other => panic!("unknown sigma case {other}"),
        }
    }
    report("sigma.cases", cases.len());
}
