//! Oracle tests for AIP and Sigma against the real npm packages `bsv-bap@0.1.24` and
//! `sigma-protocol@0.1.9` on `@bsv/sdk@2.1.0` (pinned in tests/interop/package-lock.json,
//! installed by `scripts/install-interop`; driven by tests/interop/aip-sigma.mjs), in both
//! directions, on random keys, payloads, scripts and outpoints:
//!
//! * the references sign, we verify: every honest signature is accepted, with its signer, and
//!   where the signing is deterministic (AIP, Sigma BSM) our signer writes the same bytes;
//! * we sign, the references verify: every signature is accepted;
//! * malleated forms the references accept (header flipped, high-S twin, AIP prefix replaced,
//!   trailing push, a BRC77 instance naming another address) are refused here, each with its
//!   code (spec/identity.md section 5).
//!
//! Needs `node`; run by scripts/test.d/30-interop.sh:
//! `cargo test -p sigma-auth-core --test oracle_aip_sigma -- --ignored`.
//! The seed is printed; set `ORACLE_SEED` to replay a run.

use serde_json::{Value, json};
use sigma_auth_core::aip::{self, Convention};
use sigma_auth_core::hazmat::ec::negate_s;
use sigma_auth_core::hazmat::encoding::{base64_decode, base64_encode, hex_decode, hex_encode};
use sigma_auth_core::script::{self, OP_RETURN};
use sigma_auth_core::sigma::{self, Algorithm, Outpoint};
use sigma_auth_core::{Network, PrivateKey, Reason};

mod common;
use common::oracle::{Rng, run_oracle, seed};

const CASES: usize = 240;

impl Rng {
    /// 1 to 5 pushes of 0 to 99 bytes (empty pushes only when `empty` allows them).
    fn pushes(&mut self, empty: bool) -> Vec<Vec<u8>> {
        let n = 1 + self.below(5) as usize;
        (0..n)
            .map(|_| {
                let len = self.below(100) as usize;
                let len = if empty { len } else { len.max(1) };
                self.bytes(len)
            })
            .collect()
    }
    fn outpoint(&mut self) -> Outpoint {
        Outpoint {
            txid: self.bytes(32).try_into().unwrap(),
            vout: self.below(8) as u32,
        }
    }
}

fn result<'a>(answer: &'a Value, what: &Value) -> &'a Value {
    answer
        .get("result")
        .unwrap_or_else(|| panic!("the reference failed on {what}: {answer}"))
}

fn hexes<P: AsRef<[u8]>>(pushes: &[P]) -> Value {
    Value::Array(
        pushes
            .iter()
            .map(|p| json!(hex_encode(p.as_ref())))
            .collect(),
    )
}

fn from_hexes(v: &Value) -> Vec<Vec<u8>> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| hex_decode("oracle", p.as_str().unwrap()).unwrap())
        .collect()
}

fn wif(key: &PrivateKey) -> String {
    key.to_wif(Network::Mainnet).to_string()
}

/// The compact signature with the header's recovery id flipped (still in 31..34).
fn header_flipped(sig: &[u8]) -> Vec<u8> {
    let mut s = sig.to_vec();
    s[0] = 31 + ((s[0] - 31) ^ 1);
    s
}

/// The high-S twin: `s` replaced by `n - s` and the recovery id's parity flipped, so that it
/// recovers the same key (what a malleating relay would write).
fn high_s_twin(sig: &[u8]) -> Vec<u8> {
    let mut s = header_flipped(sig);
    let high = negate_s(&s[33..65].try_into().unwrap());
    s[33..].copy_from_slice(&high);
    s
}

fn code<T: std::fmt::Debug>(r: Result<T, sigma_auth_core::Error>) -> Reason {
    r.unwrap_err().reason()
}

#[test]
#[ignore = "needs node and the pinned npm packages: run by scripts/test.d/30-interop.sh"]
fn aip_reference_signs_we_verify() {
    let mut rng = Rng(seed());
    let bap_prefix = b"1BAPSuaPnfGnSBM3GLV9yhxUdYe4vGbdMT".to_vec();
    let mut requests = Vec::new();
    let mut cases = Vec::new();
    for i in 0..CASES {
        let key = rng.key();
        if i % 2 == 0 {
            // bsv-bap's generic AIP: MemberID signs with the member key, without the pipe. The
            // leading 6a push is the OP_RETURN, as bsv-bap writes it.
            let data = rng.pushes(true);
            let mut with_op_return = vec![vec![OP_RETURN]];
            with_op_return.extend(data.iter().cloned());
            requests.push(json!({"op": "aip_member_sign", "wif": wif(&key),
                                 "pushes": hexes(&with_op_return)}));
            cases.push((key, Some(data)));
        } else {
            // bsv-bap attestations: signed with the pipe by the identity's signing key.
            let hash = hex_encode(&rng.bytes(32));
            requests.push(json!({"op": "bap_attest", "wif": wif(&key), "hash": hash,
                                 "counter": rng.below(1000)}));
            cases.push((key, None));
        }
    }
    let answers = run_oracle("aip-sigma.mjs", &requests);
    let (mut without, mut with) = (0, 0);
    let mut malleated = Vec::new();
    for ((key, data), (req, answer)) in cases.iter().zip(requests.iter().zip(&answers)) {
        let res = result(answer, req);
        let pushes = from_hexes(&res["pushes"]);
        assert_eq!(
            pushes[0],
            [OP_RETURN],
            "bsv-bap writes the OP_RETURN as a push"
        );
        let ours = &pushes[1..];
        let v = aip::verify(ours).unwrap_or_else(|e| panic!("we refused {res}: {e}"));
        match data {
            Some(data) => {
                without += 1;
                assert_eq!(v.convention, Convention::WithoutPipe);
                assert_eq!(v.address, res["address"].as_str().unwrap());
                assert_eq!(v.address, key.public_key().address(Network::Mainnet));
                // Deterministic signing: we write the very same pushes.
                let mine = aip::sign_payload(data, key, Convention::WithoutPipe).unwrap();
                assert_eq!(mine, ours);
            }
            None => {
                with += 1;
                assert_eq!(v.convention, Convention::WithPipe);
                assert_eq!(v.address.as_bytes(), &ours[7][..]);
                assert_eq!(v.data_pushes, 4);
                malleated.push(pushes);
            }
        }
    }

    // Malleated attestations: bsv-bap's verifyAttestationWithAIP accepts them all.
    let mut forms: Vec<(Vec<Vec<u8>>, Reason, &str)> = Vec::new();
    for pushes in &malleated {
        let sig = &pushes[9];
        let mut p = pushes.clone();
        p[9] = header_flipped(sig);
        forms.push((p, Reason::AipInvalidSignature, "header flipped"));
        let mut p = pushes.clone();
        p[9] = high_s_twin(sig);
        forms.push((p, Reason::AipBadSignatureEncoding, "high-S twin"));
        let mut p = pushes.clone();
        p[6] = bap_prefix.clone();
        forms.push((p, Reason::AipMissing, "prefix replaced"));
        let mut p = pushes.clone();
        p.push(b"0".to_vec());
        forms.push((p, Reason::AipLayout, "trailing push"));
    }
    let mut requests: Vec<Value> = malleated
        .iter()
        .map(|p| json!({"op": "bap_verify_attestation", "pushes": hexes(p)}))
        .collect();
    requests.extend(
        forms
            .iter()
            .map(|(p, _, _)| json!({"op": "bap_verify_attestation", "pushes": hexes(p)})),
    );
    let answers = run_oracle("aip-sigma.mjs", &requests);
    for (req, answer) in requests.iter().zip(&answers).take(malleated.len()) {
        assert_eq!(result(answer, req)["verified"], true, "honest attestation");
    }
    for ((pushes, reason, what), (req, answer)) in forms
        .iter()
        .zip(requests.iter().zip(&answers).skip(malleated.len()))
    {
        assert_eq!(
            result(answer, req)["verified"],
            true,
            "bsv-bap accepts the {what}"
        );
        assert_eq!(code(aip::verify(&pushes[1..])), *reason, "{what}");
    }
    println!(
        "bsv-bap signed {CASES} AIP payloads ({without} without the pipe, byte-identical to ours; \
         {with} attestations with the pipe): all verified here; {} malleated attestations bsv-bap \
         accepts (header flipped, high-S twin, prefix replaced, trailing push; {} each) were refused \
         with aip_invalid_signature, aip_bad_signature_encoding, aip_missing, aip_layout",
        forms.len(),
        malleated.len()
    );
}

#[test]
#[ignore = "needs node and the pinned npm packages: run by scripts/test.d/30-interop.sh"]
fn aip_we_sign_reference_verifies() {
    let mut rng = Rng(seed().wrapping_add(1));
    let mut requests = Vec::new();
    let mut tampered = Vec::new();
    for i in 0..CASES {
        let key = rng.key();
        let data = rng.pushes(true);
        let convention = if i % 2 == 0 {
            Convention::WithPipe
        } else {
            Convention::WithoutPipe
        };
        let payload = aip::sign_payload(&data, &key, convention).unwrap();
        let v = aip::verify(&payload).unwrap();
        assert_eq!(v.convention, convention);
        let request = |pushes: &[Vec<u8>]| {
            json!({"op": "aip_verify", "pushes": hexes(pushes),
                   "withPipe": convention == Convention::WithPipe,
                   "address": key.public_key().address(Network::Mainnet),
                   "signature": base64_encode(payload.last().unwrap())})
        };
        requests.push(request(&data));
        // Control: the reference refuses other data, so its "true" above means something.
        let mut other = data.clone();
        other.push(b"x".to_vec());
        tampered.push(request(&other));
    }
    let n = requests.len();
    requests.extend(tampered);
    let answers = run_oracle("aip-sigma.mjs", &requests);
    for (i, (req, answer)) in requests.iter().zip(&answers).enumerate() {
        assert_eq!(result(answer, req), &json!(i < n), "{req}");
    }
    println!(
        "we signed {CASES} AIP payloads (half with the pipe): bsv-bap verified all, and refused \
         all {CASES} with a push added"
    );
}

/// The script as @bsv/sdk ASM: data pushes in hex, the few opcodes the tests use by name.
fn to_asm(bytes: &[u8]) -> String {
    script::parse(bytes)
        .unwrap()
        .iter()
        .map(|c| match (c.data, c.opcode) {
            (Some(d), _) if !d.is_empty() => hex_encode(d),
            (_, 0x00) => "OP_0".to_string(),
            (_, 0x6a) => "OP_RETURN".to_string(),
            (_, 0x76) => "OP_DUP".to_string(),
            (_, 0xa9) => "OP_HASH160".to_string(),
            (_, 0x88) => "OP_EQUALVERIFY".to_string(),
            (_, 0xac) => "OP_CHECKSIG".to_string(),
            (_, op) => panic!("opcode {op:#x} not used by these tests"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn random_script(rng: &mut Rng) -> Vec<u8> {
    if rng.below(4) == 0 {
        // A P2PKH output: no OP_RETURN yet, so the separator is the OP_RETURN opcode.
        let mut s = vec![0x76, 0xa9, 0x14];
        s.extend(rng.bytes(20));
        s.extend([0x88, 0xac]);
        s
    } else {
        script::op_return(&rng.pushes(false)).unwrap()
    }
}

fn sigma_request(op: &str, script: &[u8], input: &Outpoint, instance: usize) -> Value {
    json!({"op": op, "asm": to_asm(script), "hex": hex_encode(script),
           "txid": hex_encode(&input.txid), "vout": input.vout, "instance": instance})
}

/// The signature push of instance `k`.
fn sigma_signature(script: &[u8], k: usize) -> (usize, usize) {
    let chunks = script::parse(script).unwrap();
    let at = chunks
        .iter()
        .enumerate()
        .filter(|(_, c)| c.data == Some(b"SIGMA"))
        .nth(k)
        .unwrap()
        .0;
    let sig = &chunks[at + 3];
    (sig.end - sig.data.unwrap().len(), sig.end)
}

#[test]
#[ignore = "needs node and the pinned npm packages: run by scripts/test.d/30-interop.sh"]
fn sigma_reference_signs_we_verify() {
    let mut rng = Rng(seed().wrapping_add(2));
    let mut cases = Vec::new();
    let mut requests = Vec::new();
    for _ in 0..CASES {
        let key = rng.key();
        let script = random_script(&mut rng);
        let input = rng.outpoint();
        let algorithm = if rng.below(2) == 0 {
            Algorithm::Bsm
        } else {
            Algorithm::Brc77
        };
        let mut req = sigma_request("sigma_sign", &script, &input, 0);
        req["wif"] = json!(wif(&key));
        req["algorithm"] = json!(algorithm.as_str());
        requests.push(req);
        cases.push((key, script, input, algorithm));
    }
    let answers = run_oracle("aip-sigma.mjs", &requests);
    // A countersignature: a second instance by another key over a third of them.
    let mut signed = Vec::new();
    let mut seconds = Vec::new();
    for ((key, script, input, algorithm), (req, answer)) in
        cases.iter().zip(requests.iter().zip(&answers))
    {
        let theirs = hex_decode("oracle", result(answer, req).as_str().unwrap()).unwrap();
        assert!(theirs.starts_with(script));
        let v = sigma::verify(&theirs, Some(input), 0)
            .unwrap_or_else(|e| panic!("we refused {}: {e}", hex_encode(&theirs)));
        assert_eq!(v.algorithm, *algorithm);
        assert_eq!(&v.public_key, key.public_key());
        if *algorithm == Algorithm::Bsm {
            assert_eq!(
                sigma::sign_bsm(script, Some(input), 0, key).unwrap(),
                theirs
            );
        }
        if signed.len() % 3 == 0 {
            let second = rng.key();
            let mut req = sigma_request("sigma_sign", &theirs, input, 1);
            req["wif"] = json!(wif(&second));
            req["algorithm"] = json!("BSM");
            seconds.push((second, signed.len(), req));
        }
        signed.push((theirs, *input, *algorithm));
    }
    let second_requests: Vec<Value> = seconds.iter().map(|s| s.2.clone()).collect();
    let answers = run_oracle("aip-sigma.mjs", &second_requests);
    for ((second, first, req), answer) in seconds.iter().zip(&answers) {
        let theirs = hex_decode("oracle", result(answer, req).as_str().unwrap()).unwrap();
        let (first_script, input, _) = &signed[*first];
        assert!(theirs.starts_with(first_script));
        assert_eq!(
            &sigma::verify(&theirs, Some(input), 1).unwrap().public_key,
            second.public_key()
        );
        assert_eq!(
            sigma::verify(&theirs, Some(input), 0).unwrap().address,
            sigma::verify(first_script, Some(input), 0).unwrap().address
        );
    }

    // Malleated forms sigma-protocol accepts: for BSM the header flipped and the high-S twin;
    // for BRC77 an address push naming someone else (the reference never compares it).
    let mut forms: Vec<(Vec<u8>, Outpoint, Reason, &str)> = Vec::new();
    for (script, input, algorithm) in &signed {
        let (start, end) = sigma_signature(script, 0);
        match algorithm {
            Algorithm::Bsm => {
                let mut s = script.clone();
                s[start..end].copy_from_slice(&header_flipped(&script[start..end]));
                forms.push((s, *input, Reason::SigmaInvalidSignature, "header flipped"));
                let mut s = script.clone();
                s[start..end].copy_from_slice(&high_s_twin(&script[start..end]));
                forms.push((s, *input, Reason::SigmaBadSignatureEncoding, "high-S twin"));
            }
            Algorithm::Brc77 => {
                let mine = sigma::verify(script, Some(input), 0).unwrap().address;
                let at = script
                    .windows(mine.len())
                    .position(|w| w == mine.as_bytes())
                    .unwrap();
                // Someone else's address of the same length (so the push length stays).
                let stranger = loop {
                    let a = rng.key().public_key().address(Network::Mainnet);
                    if a.len() == mine.len() {
                        break a;
                    }
                };
                let mut s = script.clone();
                s[at..at + mine.len()].copy_from_slice(stranger.as_bytes());
                forms.push((
                    s,
                    *input,
                    Reason::SigmaSignerMismatch,
                    "BRC77 address replaced",
                ));
            }
        }
    }
    let requests: Vec<Value> = forms
        .iter()
        .map(|(s, input, _, _)| sigma_request("sigma_verify", s, input, 0))
        .collect();
    let answers = run_oracle("aip-sigma.mjs", &requests);
    for ((script, input, reason, what), (req, answer)) in
        forms.iter().zip(requests.iter().zip(&answers))
    {
        assert_eq!(
            result(answer, req),
            &json!(true),
            "sigma-protocol accepts the {what}"
        );
        assert_eq!(
            code(sigma::verify(script, Some(input), 0)),
            *reason,
            "{what}"
        );
    }
    let bsm = signed.iter().filter(|s| s.2 == Algorithm::Bsm).count();
    println!(
        "sigma-protocol signed {CASES} scripts ({bsm} BSM, byte-identical to ours; {} BRC77) and {} \
         countersignatures: all verified here; {} malleated forms it accepts were refused \
         (header flipped and high-S twin on BSM: sigma_invalid_signature, \
         sigma_bad_signature_encoding; BRC77 address replaced: sigma_signer_mismatch)",
        CASES - bsm,
        seconds.len(),
        forms.len()
    );
}

#[test]
#[ignore = "needs node and the pinned npm packages: run by scripts/test.d/30-interop.sh"]
fn sigma_we_sign_reference_verifies() {
    let mut rng = Rng(seed().wrapping_add(3));
    let mut requests = Vec::new();
    let mut controls = Vec::new();
    for i in 0..CASES {
        let key = rng.key();
        let script = random_script(&mut rng);
        let input = rng.outpoint();
        let algorithm = if i % 2 == 0 {
            Algorithm::Bsm
        } else {
            Algorithm::Brc77
        };
        let mut signed = sigma::sign(&script, Some(&input), 0, &key, algorithm).unwrap();
        let mut instances = 1;
        if i % 4 == 0 {
            signed = sigma::sign(&signed, Some(&input), 0, &rng.key(), Algorithm::Bsm).unwrap();
            instances = 2;
        }
        for k in 0..instances {
            sigma::verify(&signed, Some(&input), k).unwrap();
            requests.push(sigma_request("sigma_verify", &signed, &input, k));
        }
        // Control: another outpoint, which the reference must refuse.
        let other = Outpoint {
            vout: input.vout + 1,
            ..input
        };
        controls.push(sigma_request("sigma_verify", &signed, &other, 0));
    }
    let n = requests.len();
    requests.extend(controls);
    let answers = run_oracle("aip-sigma.mjs", &requests);
    for (i, (req, answer)) in requests.iter().zip(&answers).enumerate() {
        assert_eq!(result(answer, req), &json!(i < n), "{req}");
    }
    println!(
        "we signed {CASES} scripts (half BSM, half BRC77; {} instances with countersignatures): \
         sigma-protocol verified all, and refused all {CASES} for another outpoint",
        n
    );
}

#[test]
fn malleation_helpers_do_what_they_say() {
    // The helpers above build the malleated forms; check them on a real signature.
    let key = PrivateKey::from_bytes([9; 32]).unwrap();
    let payload = aip::sign_payload(&[b"x"], &key, Convention::WithPipe).unwrap();
    let sig = payload.last().unwrap();
    let twin = high_s_twin(sig);
    assert_ne!(twin[33..], sig[33..]);
    assert_eq!(twin[1..33], sig[1..33]);
    let mut p = payload.clone();
    *p.last_mut().unwrap() = twin;
    assert_eq!(code(aip::verify(&p)), Reason::AipBadSignatureEncoding);
    let decoded = base64_decode("t", &base64_encode(sig)).unwrap();
    assert_eq!(&decoded, sig);
}
