//! Oracle tests against the real npm package `bsv-bap@0.1.24` on `@bsv/sdk@2.1.0` (pinned in
//! tests/interop/package-lock.json, installed by `scripts/install-interop`), on random keys:
//!
//! * BAP IDs, and the keys of `newId()` (Type42 and BIP32, with and without idSeed, after
//!   rotations) equal bsv-bap's;
//! * attestation hashes equal `getAttestationHash`;
//! * bsv-bap signs attestations (`signAttestationWithAIP`, with and without DATA), we check them;
//! * we sign attestations, `verifyAttestationWithAIP` accepts them;
//! * malleated forms that `verifyAttestationWithAIP` accepts (signing protocol replaced, AIP
//!   prefix replaced, trailing push, high-S twin) are refused here, each with its code.
//!
//! Needs `node`; run by scripts/test.d/30-interop.sh:
//! `cargo test -p sigma-auth-core --test oracle_bap -- --ignored`.
//! The seed is printed; set `ORACLE_SEED` to replay a run.

use serde_json::{Value, json};
use sigma_auth_core::bap::attestation::{self, Kind, Subject};
use sigma_auth_core::bap::bip32::ExtendedPrivateKey;
use sigma_auth_core::bap::id::{bap_id_from_address, bap_id_from_public_key};
use sigma_auth_core::bap::legacy_keys::LegacyIdentity;
use sigma_auth_core::bap::type42_keys::Type42Identity;
use sigma_auth_core::hazmat::ec::negate_s;
use sigma_auth_core::hazmat::encoding::{hex_decode, hex_encode};
use sigma_auth_core::{Network, PrivateKey, Reason};

mod common;
use common::oracle::{Rng, run_oracle, seed};

const CASES: usize = 240;

impl Rng {
    fn text(&mut self) -> String {
        let pieces = [
            "a",
            "John",
            " ",
            "Doe",
            "ü",
            "🔑",
            "1990-05-22",
            "x@y.z",
            "-",
            "_",
        ];
        (0..1 + self.below(4))
            .map(|_| pieces[self.below(pieces.len() as u64) as usize])
            .collect()
    }
}

fn result(answer: &Value) -> &Value {
    assert!(answer.get("error").is_none(), "reference threw: {answer}");
    &answer["result"]
}

fn s(v: &Value, key: &str) -> String {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} in {v}"))
        .to_string()
}

fn wif(k: &PrivateKey) -> String {
    k.to_wif(Network::Mainnet).to_string()
}

fn id_seed(rng: &mut Rng) -> Option<String> {
    match rng.below(3) {
        0 => None,
        _ => Some(rng.text()),
    }
}

#[test]
#[ignore = "needs node and the pinned npm packages: run by scripts/test.d/30-interop.sh"]
fn keys_equal_the_reference() {
    let mut rng = Rng(seed());
    let mut requests = Vec::new();
    let mut ours = Vec::new();
    for _ in 0..CASES {
        // BAP ID of an address, and of a public key written uncompressed.
        let k = rng.key();
        let address = k.public_key().address(Network::Mainnet);
        requests.push(json!({"op": "bap_id", "address": address}));
        ours.push(json!(bap_id_from_address(&address).unwrap()));
        requests.push(json!({"op": "bap_id_pubkey",
            "pubkey": hex_encode(&k.public_key().to_uncompressed())}));
        ours.push(json!(bap_id_from_public_key(k.public_key())));
        // Type42 newId() with an optional idSeed and 0..3 rotations.
        let seed = id_seed(&mut rng);
        let rotations = rng.below(4);
        let mut t42 = Type42Identity::new(&k, 0, seed.as_deref()).unwrap();
        for _ in 0..rotations {
            t42.rotate().unwrap();
        }
        requests.push(json!({"op": "keys_type42", "wif": wif(&k), "idSeed": seed,
            "rotations": rotations}));
        let sum = t42.summary().unwrap();
        ours.push(
            json!({"rootAddress": sum.root_address, "identityKey": sum.identity_key,
            "memberKey": sum.member_key.to_hex(), "currentAddress": sum.signing_address,
            "rootPath": t42.root_path(), "currentPath": t42.current_path()}),
        );
        // BIP32 newId() from a random seed's master key.
        let seed_len = 16 + rng.below(49) as usize;
        let hd = ExtendedPrivateKey::from_seed(&rng.bytes(seed_len)).unwrap();
        let seed = id_seed(&mut rng);
        let rotations = rng.below(3);
        let mut legacy = LegacyIdentity::new(&hd, 0, seed.as_deref()).unwrap();
        for _ in 0..rotations {
            legacy.rotate().unwrap();
        }
        requests.push(
            json!({"op": "keys_bip32", "xprv": &*hd.to_xprv(), "idSeed": seed,
            "rotations": rotations}),
        );
        let sum = legacy.summary().unwrap();
        ours.push(
            json!({"rootAddress": sum.root_address, "identityKey": sum.identity_key,
            "memberKey": sum.member_key.to_hex(), "currentAddress": sum.signing_address,
            "rootPath": legacy.root_path(), "currentPath": legacy.current_path()}),
        );
    }
    let answers = run_oracle("bap-oracle.mjs", &requests);
    for ((req, answer), want) in requests.iter().zip(&answers).zip(&ours) {
        assert_eq!(result(answer), want, "{req}");
    }
    println!(
        "bsv-bap keys: {CASES} BAP IDs from addresses, {CASES} from public keys, {CASES} Type42 and {CASES} BIP32 identities equal"
    );
}

#[test]
#[ignore = "needs node and the pinned npm packages: run by scripts/test.d/30-interop.sh"]
fn attestations_both_directions() {
    let mut rng = Rng(seed().wrapping_add(1));
    // Hashes: the reference's getAttestationHash for the identity's own attribute.
    let mut requests = Vec::new();
    let mut subjects = Vec::new();
    for _ in 0..CASES {
        let k = rng.key();
        let (attribute, value) = (rng.text(), rng.text());
        let nonce = hex_encode(&rng.bytes(32));
        requests.push(
            json!({"op": "attestation_hash", "wif": wif(&k), "attribute": attribute,
            "value": value, "nonce": nonce}),
        );
        subjects.push((k, attribute, value, nonce));
    }
    let answers = run_oracle("bap-oracle.mjs", &requests);
    let mut hashes = Vec::new();
    for ((k, attribute, value, nonce), answer) in subjects.iter().zip(&answers) {
        let r = result(answer);
        let id = Type42Identity::new(k, 0, None).unwrap();
        assert_eq!(s(r, "identityKey"), id.identity_key());
        let subject = Subject::new(attribute, value, nonce, id.identity_key());
        assert_eq!(subject.hash(), s(r, "hash"), "{attribute}:{value}:{nonce}");
        hashes.push(subject.hash());
    }

    // They sign, we check.
    let mut requests = Vec::new();
    let mut signers = Vec::new();
    for hash in &hashes {
        let k = rng.key();
        let sequence = rng.below(1000);
        let data = (rng.below(2) == 0).then(|| rng.text());
        requests.push(json!({"op": "attest", "wif": wif(&k), "hash": hash,
            "sequence": sequence, "data": data}));
        signers.push((k, sequence, data));
    }
    let answers = run_oracle("bap-oracle.mjs", &requests);
    let mut with_data = 0;
    for (((k, sequence, data), hash), answer) in signers.iter().zip(&hashes).zip(&answers) {
        let r = result(answer);
        let pushes: Vec<Vec<u8>> = r["pushes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| hex_decode("pushes", p.as_str().unwrap()).unwrap())
            .collect();
        // bsv-bap's array starts with the OP_RETURN opcode as a one-byte element.
        assert_eq!(pushes[0], [0x6a]);
        let checked = attestation::check(&pushes[1..], None).unwrap();
        let signing = Type42Identity::new(k, 0, None)
            .unwrap()
            .signing_address()
            .unwrap();
        assert_eq!(checked.address, s(r, "address"));
        assert_eq!(checked.address, signing);
        assert_eq!(checked.kind, Kind::Attest);
        assert_eq!(&checked.hash, hash);
        assert_eq!(checked.sequence, *sequence);
        assert_eq!(checked.data.as_deref(), data.as_deref().map(str::as_bytes));
        with_data += usize::from(data.is_some());
    }

    // We sign, they verify; and the malleated forms they accept, we refuse.
    let mut requests = Vec::new();
    let mut expected = Vec::new();
    for hash in &hashes {
        let k = rng.key();
        let sequence = rng.below(1000);
        let data_len = rng.below(40) as usize;
        let data = (rng.below(2) == 0).then(|| rng.bytes(data_len));
        let pushes = attestation::sign(&k, Kind::Attest, hash, sequence, data.as_deref()).unwrap();
        let address = k.public_key().address(Network::Mainnet);
        let n = pushes.len();
        let mut protocol = pushes.clone();
        protocol[n - 3] = b"NOT_A_PROTOCOL".to_vec();
        let mut prefix = pushes.clone();
        prefix[n - 4] = b"1SomeOtherPrefixxxxxxxxxxxxxxxxxxx".to_vec();
        let mut trailing = pushes.clone();
        trailing.push(b"trailing".to_vec());
        let mut high_s = pushes.clone();
        let sig = &mut high_s[n - 1];
        let mut s_bytes = [0u8; 32];
        s_bytes.copy_from_slice(&sig[33..65]);
        sig[33..65].copy_from_slice(&negate_s(&s_bytes));
        sig[0] ^= 1;
        for (name, form, refusal) in [
            ("honest", pushes, None),
            (
                "signing_protocol_replaced",
                protocol,
                Some(Reason::AipUnsupportedAlgorithm),
            ),
            ("aip_prefix_replaced", prefix, Some(Reason::AipMissing)),
            ("trailing_push", trailing, Some(Reason::BapLayout)),
            ("high_s", high_s, Some(Reason::AipBadSignatureEncoding)),
        ] {
            match (attestation::check(&form, None), refusal) {
                (Ok(a), None) => {
                    assert_eq!(a.address, address);
                    assert_eq!(a.sequence, sequence);
                }
                (Err(e), Some(code)) => assert_eq!(e.reason(), code, "{name}: {e}"),
                (other, _) => panic!("{name}: unexpected {other:?}"),
            }
            let mut with_op = vec!["6a".to_string()];
            with_op.extend(form.iter().map(|p| hex_encode(p)));
            requests.push(json!({"op": "verify", "pushes": with_op}));
            expected.push((name, address.clone(), sequence));
        }
    }
    let answers = run_oracle("bap-oracle.mjs", &requests);
    for ((name, address, sequence), answer) in expected.iter().zip(&answers) {
        let r = result(answer);
        assert_eq!(r["verified"], true, "{name}: the reference refused {r}");
        assert_eq!(s(r, "address"), *address, "{name}");
        assert_eq!(s(r, "sequence"), sequence.to_string(), "{name}");
    }
    println!(
        "bsv-bap attestations: {CASES} hashes equal; {CASES} reference-signed ({with_data} with DATA) checked here; \
         {CASES} signed here verified by the reference; 4x{CASES} malleated forms accepted by the reference and refused here"
    );
}
