//! Replays the `bap` section of `tests/vectors/identity.json` (made by `bsv-bap` 0.1.24 on
//! `@bsv/sdk` 2.1.0) through the core, on whichever backend the suite is built with (step 20:
//! libsecp256k1, step 21: k256). Every expected value is the reference's; where the core is
//! stricter (spec/identity.md §5), the expected refusal and its code are written out per case.

use serde_json::Value;
use sigma_auth_core::bap::bip32::{ExtendedPrivateKey, signing_path_from_hex};
use sigma_auth_core::bap::id::{bap_id_from_address, bap_id_from_public_key};
use sigma_auth_core::bap::legacy_keys::LegacyIdentity;
use sigma_auth_core::bap::member::MemberId;
use sigma_auth_core::bap::path::next_path;
use sigma_auth_core::bap::type42_keys::Type42Identity;
use sigma_auth_core::{Network, PrivateKey, PublicKey, Reason};
use std::sync::OnceLock;

fn vectors() -> &'static Value {
    static V: OnceLock<Value> = OnceLock::new();
    V.get_or_init(|| {
        serde_json::from_str(include_str!("../../tests/vectors/identity.json"))
            .expect("identity vectors parse")
    })
}

fn bap() -> &'static Value {
    &vectors()["bap"]
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("field {key} is not a string in {v}"))
}

fn key(v: &Value) -> PrivateKey {
    PrivateKey::from_hex(s(v, "priv_hex")).expect("vector key")
}

fn addr(k: &PrivateKey) -> String {
    k.public_key().address(Network::Mainnet)
}

fn report(section: &str, n: usize) {
    println!("replayed {n:3} vectors: bap.{section}");
}

/// The three `bap_id_from_address` cases; the public key of each address comes from `meta.keys`.
#[test]
fn bap_id_from_address_vectors() {
    let keys = vectors()["meta"]["keys"].as_object().unwrap();
    let cases = bap()["bap_id_from_address"].as_array().unwrap();
    for case in cases {
        let address = s(case, "address");
        assert_eq!(bap_id_from_address(address).unwrap(), s(case, "bap_id"));
        let k = keys
            .values()
            .find(|k| s(k, "address") == address)
            .expect("key of the address");
        let public = PublicKey::from_hex(s(k, "pub")).unwrap();
        assert_eq!(
            bap_id_from_public_key(&public),
            s(case, "bap_id_from_pubkey")
        );
        // Any SEC1 spelling answers for the compressed address.
        let uncompressed = PublicKey::from_sec1(&public.to_uncompressed()).unwrap();
        assert_eq!(
            bap_id_from_public_key(&uncompressed),
            s(case, "bap_id_from_pubkey")
        );
    }
    // PROTOCOL.md's example address. Spec §2.1 says it gives `3SyWUZXvhidNcEHbAC3HkBnKoD2Q`;
    // `bapIdFromAddress` of bsv-bap 0.1.24, run on this address, gives the value below.
    assert_eq!(
        bap_id_from_address("1WffojxvgpQBmUTigoss7VUdfN45JiiRK").unwrap(),
        "3bcbMuLoBYTYTXKjthzjwiWze4Eg"
    );
    report("bap_id_from_address", cases.len());
}

/// Stricter than the reference: it hashes any text, we refuse what is not a mainnet P2PKH
/// address (`invalid_address`).
#[test]
fn bap_id_refuses_non_addresses() {
    for bad in [
        "",
        "not an address",
        "1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaE", // checksum
        "mrCDrCybB6J1vRfbwM5hemdJz73FwDBC8r", // testnet
        "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", // P2SH
        &"1".repeat(200),
    ] {
        let err = bap_id_from_address(bad).unwrap_err();
        assert_eq!(err.reason(), Reason::InvalidAddress, "{bad:?}: {err}");
    }
}

#[test]
fn type42_vectors() {
    let t = &bap()["type42"];
    let master = key(&t["master"]);
    let mut ident = Type42Identity::new(&master, 0, None).unwrap();
    assert_eq!(ident.root_path(), s(t, "rootPath"));
    assert_eq!(ident.current_path(), s(t, "currentPath"));
    assert_eq!(ident.previous_path(), s(t, "previousPath"));
    let root_key = ident.path_key(s(t, "rootKey_invoice")).unwrap();
    assert_eq!(root_key, key(&t["rootKey"]));
    assert_eq!(ident.root_address(), s(t, "rootAddress"));
    assert_eq!(ident.identity_key(), s(t, "identityKey"));
    assert_eq!(ident.member_key().to_hex(), s(t, "memberKey"));
    assert_eq!(ident.signing_key().unwrap(), key(&t["signingKey"]));
    assert_eq!(ident.signing_address().unwrap(), s(t, "currentAddress"));
    // The MemberID exported from this identity (member key = root key) signs with another address.
    let member = MemberId::new(root_key, 0);
    assert_eq!(
        member.signing_address().unwrap(),
        s(t, "memberid_from_rootKey_signing_address")
    );
    assert_ne!(
        member.signing_address().unwrap(),
        ident.signing_address().unwrap()
    );
    // Rotation bap:0 -> bap:0:1.
    let rot = &t["rotation"];
    ident.rotate().unwrap();
    assert_eq!(ident.current_path(), s(rot, "next_path"));
    assert_eq!(ident.previous_path(), s(rot, "previousPath"));
    assert_eq!(ident.signing_address().unwrap(), s(rot, "currentAddress"));
    // The ID transaction of the rotation is signed by the previous path's signing key: its AIP
    // address push (index 7) is that key's address.
    let id_pushes = rot["id_tx_pushes"].as_array().unwrap();
    assert_eq!(
        hex_text(id_pushes[7].as_str().unwrap()),
        addr(&ident.previous_signing_key().unwrap())
    );
    assert_eq!(
        hex_text(id_pushes[2].as_str().unwrap()),
        ident.identity_key()
    );
    assert_eq!(
        hex_text(id_pushes[3].as_str().unwrap()),
        ident.signing_address().unwrap()
    );
    // The second identity of the same master.
    let second = &t["second_identity"];
    let ident1 = Type42Identity::new(&master, 1, None).unwrap();
    assert_eq!(ident1.root_path(), s(second, "rootPath"));
    assert_eq!(ident1.root_address(), s(second, "rootAddress"));
    assert_eq!(ident1.identity_key(), s(second, "identityKey"));
    // A MasterID built directly with an idSeed keeps the BIP32-looking root path as its invoice.
    let seeded = &t["with_idSeed"];
    let m = Type42Identity::master_id(&master, Some(s(seeded, "idSeed"))).unwrap();
    assert_eq!(m.root_path(), s(seeded, "rootPath"));
    assert_eq!(m.root_address(), s(seeded, "rootAddress"));
    assert_eq!(m.identity_key(), s(seeded, "identityKey"));
    report("type42", 4);
}

#[test]
fn bip32_vectors() {
    let b = &bap()["bip32"];
    let seed = hex(s(b, "seed_hex"));
    let master = ExtendedPrivateKey::from_seed(&seed).unwrap();
    assert_eq!(&*master.to_xprv(), s(b, "xprv"));
    let parsed = ExtendedPrivateKey::from_xprv(s(b, "xprv")).unwrap();
    assert_eq!(&*parsed.to_xprv(), s(b, "xprv"));
    let ident = LegacyIdentity::new(&parsed, 0, None).unwrap();
    assert_eq!(ident.root_path(), s(b, "rootPath"));
    assert_eq!(ident.current_path(), s(b, "currentPath"));
    assert_eq!(ident.previous_path(), s(b, "previousPath"));
    assert_eq!(
        ident.path_key(s(b, "rootPath")).unwrap(),
        key(&b["rootKey"])
    );
    assert_eq!(ident.root_address(), s(b, "rootAddress"));
    assert_eq!(ident.identity_key(), s(b, "identityKey"));
    assert_eq!(ident.member_key().to_hex(), s(b, "memberKey"));
    assert_eq!(ident.signing_address().unwrap(), s(b, "currentAddress"));
    assert_eq!(
        ident.legacy_address().unwrap(),
        s(b, "legacy_current_address_without_sigma_derivation")
    );
    // ID transactions: the current address is pushed; the initial one (getInitialIdTransaction)
    // is signed by the signing key of the ROOT path (1NPb2…), not by the root address.
    let initial = b["initial_id_tx_pushes"].as_array().unwrap();
    assert_eq!(
        hex_text(initial[3].as_str().unwrap()),
        ident.signing_address().unwrap()
    );
    assert_eq!(
        hex_text(initial[7].as_str().unwrap()),
        addr(&ident.signing_key_at(ident.root_path()).unwrap())
    );
    assert_eq!(
        hex_text(initial[7].as_str().unwrap()),
        addr(&ident.previous_signing_key().unwrap())
    );
    let second = &b["second_identity"];
    let ident1 = LegacyIdentity::new(&parsed, 1, None).unwrap();
    assert_eq!(ident1.root_path(), s(second, "rootPath"));
    assert_eq!(ident1.current_path(), s(second, "currentPath"));
    assert_eq!(ident1.identity_key(), s(second, "identityKey"));
    let seeded = &b["with_idSeed"];
    assert_eq!(
        signing_path_from_hex(s(seeded, "seed_sha256_hex")).unwrap(),
        s(seeded, "seed_path")
    );
    let m = LegacyIdentity::master_id(&parsed, Some(s(seeded, "idSeed"))).unwrap();
    assert_eq!(m.root_path(), s(seeded, "rootPath"));
    assert_eq!(m.root_address(), s(seeded, "rootAddress"));
    assert_eq!(m.identity_key(), s(seeded, "identityKey"));
    report("bip32", 4);
}

#[test]
fn member_vectors() {
    let m = &bap()["member"];
    let member_key = key(&m["member_key"]);
    let mut member = MemberId::new(member_key, 0);
    assert_eq!(member.root_address(), s(m, "rootAddress"));
    assert_eq!(member.identity_key(), s(m, "bap_id"));
    for counter in ["counter0", "counter1"] {
        let c = &m[counter];
        assert_eq!(
            member.current_key().unwrap(),
            key(&c["current_key"]),
            "{counter}"
        );
        assert_eq!(
            member.signing_key().unwrap(),
            key(&c["signing_key"]),
            "{counter}"
        );
        assert_eq!(
            member.signing_address().unwrap(),
            s(&c["signing_key"], "address")
        );
        member.rotate().unwrap();
    }
    report("member", 2);
}

/// `getSigningPathFromHex`'s off-by-one, reproduced (spec §5 item 11): `0x80000000` and
/// `0x00000001` collide, and `0xffffffff` gives `2147483648'`, which derives as hardened 0.
#[test]
fn signing_path_off_by_one() {
    assert_eq!(signing_path_from_hex("80000000").unwrap(), "m/1'");
    assert_eq!(signing_path_from_hex("00000001").unwrap(), "m/1'");
    assert_eq!(signing_path_from_hex("7fffffff").unwrap(), "m/2147483647'");
    assert_eq!(signing_path_from_hex("ffffffff").unwrap(), "m/2147483648'");
    assert_eq!(signing_path_from_hex("abc").unwrap(), "m/2748'");
    let master = ExtendedPrivateKey::from_seed(&[7u8; 32]).unwrap();
    let masked = master.derive_path("m/2147483648'").unwrap();
    let zero = master.derive_path("m/0'").unwrap();
    assert_eq!(masked.private_key(), zero.private_key());
    for bad in ["", "xyz", "+fffffff", "12 45678"] {
        let err = signing_path_from_hex(bad).unwrap_err();
        assert_eq!(err.reason(), Reason::InvalidDerivationPath, "{bad:?}");
    }
}

#[test]
fn path_rotation() {
    for (from, to) in [
        ("bap:0", "bap:0:1"),
        ("bap:0:1", "bap:0:2"),
        ("bap:7:41", "bap:7:42"),
        ("1", "2"),
        ("m/424150'/0'/0'/0'/0'/1'", "m/424150'/0'/0'/0'/0'/2'"),
        ("m/424150'/0'/0'/0/0/1", "m/424150'/0'/0'/0/0/2"),
    ] {
        assert_eq!(next_path(from).unwrap(), to, "{from}");
    }
    for bad in ["bap:", "hello", "bap:x"] {
        assert_eq!(
            next_path(bad).unwrap_err().reason(),
            Reason::InvalidDerivationPath,
            "{bad:?}"
        );
    }
}

#[test]
fn bip32_refusals() {
    let b = &bap()["bip32"];
    let xprv = s(b, "xprv");
    let mut flipped = xprv.to_string();
    flipped.replace_range(20..21, if &xprv[20..21] == "a" { "b" } else { "a" });
    for bad in [
        "",
        "xprv",
        flipped.as_str(),
        &xprv[..xprv.len() - 1],
        &"x".repeat(500),
        // BIP32 test vector 1's xpub: right checksum, wrong version.
        "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8",
    ] {
        let err = ExtendedPrivateKey::from_xprv(bad).unwrap_err();
        assert_eq!(err.reason(), Reason::InvalidXprv, "{bad:?}: {err}");
    }
    let master = ExtendedPrivateKey::from_xprv(xprv).unwrap();
    for bad in [
        "",
        "0/1",
        "m/",
        "m/01",
        "m/1''",
        "m/-1",
        "m/4294967296",
        "m/a",
    ] {
        let err = master.derive_path(bad).unwrap_err();
        assert_eq!(err.reason(), Reason::InvalidDerivationPath, "{bad:?}");
    }
}

fn hex(text: &str) -> Vec<u8> {
    sigma_auth_core::hazmat::encoding::hex_decode("test", text).expect("test hex")
}

/// The ASCII text of a hex push.
fn hex_text(text: &str) -> String {
    String::from_utf8(hex(text)).expect("ASCII push")
}
