//! The bodies of the fuzz targets, one function per target, shared by the cargo-fuzz binaries in
//! `fuzz_targets/` and by the corpus replay test of the workspace
//! (`benches/tests/fuzz_corpus.rs` includes this file with `#[path]`), so the committed corpora
//! are checked by an ordinary `cargo test` on the stable toolchain.
//!
//! Every target treats a panic as a bug: either the core panicked on outside input, or one of
//! the properties asserted here (strict accepts a subset of compat, encodings round-trip, the
//! two curve backends agree) does not hold.

use core::time::Duration;

mod c_abi;
pub use c_abi::c_abi;

use sigma_auth_core::hazmat;
use sigma_auth_core::hazmat::ec::{K256, Secp256k1};
use sigma_auth_core::hazmat::{der, encoding};
use sigma_auth_core::keys::Wif;
use sigma_auth_core::signed_message;
use sigma_auth_core::token::{self, Body, Request, Verifier};
use sigma_auth_core::type42::Protocol;
use sigma_auth_core::{Policy, PrivateKey, PublicKey, Timestamp, bsm};

/// The body of a fuzz target.
pub type Target = fn(&[u8]);

/// Every target: its name (the cargo-fuzz binary and the corpus folder) and its body.
pub const TARGETS: &[(&str, Target)] = &[
    ("token_parse", token_parse),
    ("token_verify_strict", token_verify_strict),
    ("token_verify_compat", token_verify_compat),
    ("pubkey_parse", pubkey_parse),
    ("der_decode", der_decode),
    ("compact_sig_parse", compact_sig_parse),
    ("brc77_parse", brc77_parse),
    ("brc77_verify", brc77_verify),
    ("wif_decode", wif_decode),
    ("brc43_invoice", brc43_invoice),
    ("timestamp_parse", timestamp_parse),
    ("encoding_decode", encoding_decode),
    ("diff_backends", diff_backends),
    ("c_abi", c_abi),
    ("ecies_decrypt", ecies_decrypt),
    ("brc78_decrypt", brc78_decrypt),
];

/// `2025-01-15T12:01:00.000Z`, the verification instant of the reference vectors.
const NOW_MILLIS: i64 = 1_736_942_460_000;
/// Private key of the vectors' "bob".
const BOB_HEX: &str = "45d3dda4ea6b32f4497f01ddb885049d57a386a569d6dfcc0c0718bf5dd38c7e";

fn text(data: &[u8]) -> Option<&str> {
    core::str::from_utf8(data).ok()
}

fn now() -> Timestamp {
    Timestamp::from_unix_millis(NOW_MILLIS).expect("constant in range")
}

/// Splits the first byte off as a selector.
fn selector(data: &[u8]) -> Option<(u8, &[u8])> {
    data.split_first().map(|(s, rest)| (*s, rest))
}

/// The request body picked by bits 0-1 of a selector: none, or `{"a":1}` as utf8, hex or base64.
fn body(sel: u8) -> Option<Body<'static>> {
    match sel & 3 {
        0 => None,
        1 => Some(Body::utf8("{\"a\":1}")),
        2 => Some(Body::hex("7b2261223a317d")),
        _ => Some(Body::base64("eyJhIjoxfQ==")),
    }
}

/// The verifier picked by bit 2 of a selector: the default five-minute window, or a window of
/// ten thousand years so that any timestamp reaches the signature check.
fn verifier(sel: u8, policy: Policy) -> Verifier {
    let v = Verifier::new().with_policy(policy);
    if sel & 4 == 0 {
        v
    } else {
        let wide = Duration::from_secs(10_000 * 366 * 86_400);
        v.with_max_age(wide).with_max_skew(wide)
    }
}

/// `token::parse`: five fields that join back to the input.
pub fn token_parse(data: &[u8]) {
    let Some(s) = text(data) else { return };
    if let Ok(p) = token::parse(s) {
        let joined = [
            p.pubkey,
            p.scheme.as_str(),
            p.timestamp,
            p.request_path,
            p.signature,
        ]
        .join("|");
        assert_eq!(joined, s);
    }
}

/// Verifies a fuzzed token (selector byte, then the token) against a request for the token's own
/// path, so that the fuzzer gets past the path check.
fn verify_token(data: &[u8], policy: Policy) {
    let Some((sel, rest)) = selector(data) else {
        return;
    };
    let Some(tok) = text(rest) else { return };
    let path = token::parse(tok).map(|p| p.request_path).unwrap_or("/");
    let mut request = Request::new(path);
    request.body = body(sel);
    let result = verifier(sel, policy).verify(tok, &request, now());
    let Ok(ok) = result else { return };
    let parts = token::parse(tok).expect("a verified token parses");
    assert_eq!(ok.scheme, parts.scheme);
    match policy {
        Policy::Strict => {
            assert_eq!(
                ok.pubkey.to_hex(),
                parts.pubkey,
                "strict: one spelling of the key"
            );
            assert_eq!(
                ok.timestamp.to_iso(),
                parts.timestamp,
                "strict: one spelling of the time"
            );
            // Whatever strict accepts, compat accepts, with the same signer and replay id.
            let compat = verifier(sel, Policy::Compat).verify(tok, &request, now());
            assert_eq!(
                compat.as_ref().ok(),
                Some(&ok),
                "compat refused what strict accepted"
            );
        }
        Policy::Compat => {
            let claimed = PublicKey::from_hex_lenient(parts.pubkey).expect("key parsed once");
            assert_eq!(ok.pubkey, claimed, "compat: signer is the token's key");
        }
    }
}

/// `Verifier::verify` under `Policy::Strict`.
pub fn token_verify_strict(data: &[u8]) {
    verify_token(data, Policy::Strict);
}

/// `Verifier::verify` under `Policy::Compat`.
pub fn token_verify_compat(data: &[u8]) {
    verify_token(data, Policy::Compat);
}

/// `PublicKey::from_sec1` (strict) and `from_sec1_lenient`, and the hex forms on the same input.
pub fn pubkey_parse(data: &[u8]) {
    let strict = PublicKey::from_sec1(data);
    let lenient = PublicKey::from_sec1_lenient(data);
    if let Ok(k) = strict {
        assert_eq!(lenient, Ok(k), "lenient refused a strict key");
    }
    if let Ok(k) = lenient {
        assert_eq!(PublicKey::from_sec1(&k.to_compressed()), Ok(k));
        assert_eq!(PublicKey::from_sec1(&k.to_uncompressed()), Ok(k));
        assert_eq!(PublicKey::from_hex(&k.to_hex()), Ok(k));
    }
    if let Some(s) = text(data) {
        let strict = PublicKey::from_hex(s);
        let lenient = PublicKey::from_hex_lenient(s);
        if let Ok(k) = strict {
            assert_eq!(lenient, Ok(k), "lenient refused a strict hex key");
        }
    }
}

/// `der::decode` under both policies: strict is canonical DER (re-encodes to the input) and a
/// subset of compat.
pub fn der_decode(data: &[u8]) {
    let strict = der::decode(data, Policy::Strict);
    let compat = der::decode(data, Policy::Compat);
    if let Ok(sig) = strict {
        assert_eq!(compat, Ok(sig), "compat refused strict DER");
        assert_eq!(der::encode(&sig), data, "strict DER is not canonical");
    }
    if let Ok(sig) = compat {
        assert_eq!(der::decode(&der::encode(&sig), Policy::Compat), Ok(sig));
    }
}

/// `bsm::CompactSignature::parse` under both policies.
pub fn compact_sig_parse(data: &[u8]) {
    let strict = bsm::CompactSignature::parse(data, Policy::Strict);
    let compat = bsm::CompactSignature::parse(data, Policy::Compat);
    if let Ok(sig) = strict {
        assert_eq!(compat, Ok(sig), "compat refused a strict signature");
        assert!(sig.compressed());
    }
    if let Ok(sig) = compat {
        assert_eq!(&sig.to_bytes()[..], data);
        assert!(sig.recovery_id() < 4);
    }
}

/// `signed_message::parse` (BRC-77) under both policies.
pub fn brc77_parse(data: &[u8]) {
    let strict = signed_message::parse(data, Policy::Strict);
    let compat = signed_message::parse(data, Policy::Compat);
    if let Ok(env) = strict {
        assert_eq!(compat, Ok(env), "compat refused a strict envelope");
    }
}

/// `signed_message::verify` (BRC-77): selector byte (bit 0: as recipient bob; bits 1-7: message
/// length), message, signature.
pub fn brc77_verify(data: &[u8]) {
    let Some((sel, rest)) = selector(data) else {
        return;
    };
    let split = usize::from(sel >> 1).min(rest.len());
    let (message, sig) = rest.split_at(split);
    let bob = PrivateKey::from_hex(BOB_HEX).expect("constant key");
    let recipient = (sel & 1 == 1).then_some(&bob);
    let strict = signed_message::verify(message, sig, recipient, Policy::Strict);
    let compat = signed_message::verify(message, sig, recipient, Policy::Compat);
    if let Ok(signer) = strict {
        assert_eq!(compat, Ok(signer), "compat refused a strict signed message");
    }
}

/// `Wif::decode` (and `PrivateKey::from_wif`): a decoded compressed WIF re-encodes to the input.
pub fn wif_decode(data: &[u8]) {
    let Some(s) = text(data) else { return };
    let wif = Wif::decode(s);
    assert_eq!(
        wif.as_ref().map(|w| w.key.clone()).map_err(|e| *e),
        PrivateKey::from_wif(s)
    );
    if let Ok(w) = wif
        && w.compressed
    {
        assert_eq!(w.key.to_wif(w.network).as_str(), s);
    }
}

/// BRC-43: `Protocol::new(level, name)` then `invoice_number(key_id)`. Input: level byte (as a
/// signed number), then `name`, a newline, `key_id`.
pub fn brc43_invoice(data: &[u8]) {
    let Some((level, rest)) = selector(data) else {
        return;
    };
    let Some(s) = text(rest) else { return };
    let (name, key_id) = s.split_once('\n').unwrap_or((s, "1"));
    let level = i64::from(level as i8);
    let Ok(protocol) = Protocol::new(level, name) else {
        return;
    };
    assert_eq!(i64::from(protocol.security_level().get()), level);
    // A protocol name is already normal: reading it again gives the same protocol.
    assert_eq!(
        Protocol::new(level, protocol.name()).as_ref(),
        Ok(&protocol)
    );
    if let Ok(invoice) = protocol.invoice_number(key_id) {
        assert_eq!(invoice, format!("{level}-{}-{key_id}", protocol.name()));
    }
}

/// `Timestamp::parse_iso` and `parse_lenient`.
pub fn timestamp_parse(data: &[u8]) {
    let Some(s) = text(data) else { return };
    let strict = Timestamp::parse_iso(s);
    let lenient = Timestamp::parse_lenient(s);
    if let Ok(t) = strict {
        assert_eq!(lenient, Ok(t), "lenient refused a strict timestamp");
        assert_eq!(t.to_iso(), s, "strict timestamp has another spelling");
    }
    if let Ok(t) = lenient {
        assert_eq!(Timestamp::parse_iso(&t.to_iso()), Ok(t));
        assert_eq!(Timestamp::from_unix_millis(t.unix_millis()), Ok(t));
    }
}

/// Strict and lenient hex and base64 decoding.
pub fn encoding_decode(data: &[u8]) {
    let Some(s) = text(data) else { return };
    if let Ok(bytes) = encoding::hex_decode("f", s) {
        assert_eq!(encoding::hex_decode_lenient("f", s), Ok(bytes.clone()));
        assert_eq!(encoding::hex_encode(&bytes), s.to_ascii_lowercase());
    }
    if let Ok(bytes) = encoding::base64_decode("f", s) {
        assert_eq!(encoding::base64_decode_lenient("f", s), Ok(bytes.clone()));
        assert_eq!(
            encoding::base64_encode(&bytes),
            s,
            "strict base64 is not canonical"
        );
    }
}

/// A 32-byte private key from the front of `data`, if valid.
fn key_from(data: &[u8]) -> Option<PrivateKey> {
    PrivateKey::from_slice(data.get(..32)?).ok()
}

/// Differential: libsecp256k1 and k256 give the same answer on every input. Selector byte (mod 5):
/// 0 token verification, 1 BRC-77 envelope and key parsing, 2 signing (BSM, BRC-77, tokens),
/// 3 BRC-42 derivation, 4 BSM and BRC-77 verification.
pub fn diff_backends(data: &[u8]) {
    let Some((sel, rest)) = selector(data) else {
        return;
    };
    let policy = if sel & 0x80 == 0 {
        Policy::Strict
    } else {
        Policy::Compat
    };
    match sel % 5 {
        0 => {
            let Some(tok) = text(rest) else { return };
            let path = token::parse(tok).map(|p| p.request_path).unwrap_or("/");
            let mut request = Request::new(path);
            request.body = body(sel >> 3);
            let v = verifier(sel >> 3, policy);
            let a = sigma_auth_core::hazmat::token_verify::<Secp256k1>(&v, tok, &request, now());
            let b = sigma_auth_core::hazmat::token_verify::<K256>(&v, tok, &request, now());
            assert_eq!(a, b, "backends disagree on a token");
        }
        1 => {
            // Raw envelope, then the first 33 (or 65) bytes as a signer key in a valid envelope.
            for p in [Policy::Strict, Policy::Compat] {
                let a = hazmat::brc77_parse::<Secp256k1>(rest, p);
                let b = hazmat::brc77_parse::<K256>(rest, p);
                assert_eq!(a, b, "backends disagree on an envelope");
            }
            if rest.len() >= 33 {
                let mut env = signed_message::VERSION.to_vec();
                env.extend_from_slice(&rest[..33]);
                env.push(0);
                env.extend_from_slice(&[7u8; 32]);
                env.extend_from_slice(&[0x30, 6, 2, 1, 1, 2, 1, 1]);
                for p in [Policy::Strict, Policy::Compat] {
                    let a = hazmat::brc77_parse::<Secp256k1>(&env, p);
                    let b = hazmat::brc77_parse::<K256>(&env, p);
                    assert_eq!(a, b, "backends disagree on a public key");
                }
            }
        }
        2 => {
            let Some(key) = key_from(rest) else { return };
            let message = &rest[32..];
            let a = hazmat::bsm_sign::<Secp256k1>(message, &key);
            let b = hazmat::bsm_sign::<K256>(message, &key);
            assert_eq!(a, b, "backends disagree on a BSM signature");
            let bob = PrivateKey::from_hex(BOB_HEX).expect("constant key");
            for verifier in [None, Some(bob.public_key())] {
                let a = hazmat::brc77_sign::<Secp256k1>(message, &key, verifier, [3; 32]);
                let b = hazmat::brc77_sign::<K256>(message, &key, verifier, [3; 32]);
                assert_eq!(a, b, "backends disagree on a BRC-77 signature");
            }
            let path = text(message).unwrap_or("/x");
            for scheme in [token::Scheme::Bsm, token::Scheme::Brc77] {
                let spec = token::NewToken::new(path, scheme, now());
                let a = hazmat::token_create::<Secp256k1>(&key, &spec, [5; 32]);
                let b = hazmat::token_create::<K256>(&key, &spec, [5; 32]);
                assert_eq!(a, b, "backends disagree on a token");
                if let Ok(tok) = a {
                    let req = Request::new(path);
                    let v = Verifier::new();
                    let ok =
                        sigma_auth_core::hazmat::token_verify::<Secp256k1>(&v, &tok, &req, now());
                    assert_eq!(ok.as_ref().map(|v| v.pubkey), Ok(*key.public_key()));
                    assert_eq!(
                        ok,
                        sigma_auth_core::hazmat::token_verify::<K256>(&v, &tok, &req, now())
                    );
                }
            }
        }
        3 => {
            let Some(key) = key_from(rest) else { return };
            let Some(other) = rest.get(32..65) else {
                return;
            };
            let Ok(other) = PublicKey::from_sec1_lenient(other) else {
                return;
            };
            let invoice = String::from_utf8_lossy(&rest[65..]);
            let a = hazmat::derive_child_private_key::<Secp256k1>(&key, &other, &invoice);
            let b = hazmat::derive_child_private_key::<K256>(&key, &other, &invoice);
            assert_eq!(a, b, "backends disagree on a derived private key");
            let a = hazmat::derive_child_public_key::<Secp256k1>(&key, &other, &invoice);
            let b = hazmat::derive_child_public_key::<K256>(&key, &other, &invoice);
            assert_eq!(a, b, "backends disagree on a derived public key");
        }
        _ => {
            // 65-byte compact signature, 33-byte key, message: BSM; the same bytes as BRC-77.
            if let (Some(sig), Some(key)) = (rest.get(..65), rest.get(65..98)) {
                let message = &rest[98..];
                if let (Ok(sig), Ok(key)) = (
                    bsm::CompactSignature::parse(sig, Policy::Compat),
                    PublicKey::from_sec1_lenient(key),
                ) {
                    for p in [Policy::Strict, Policy::Compat] {
                        let a = hazmat::bsm_verify::<Secp256k1>(message, &sig, &key, p);
                        let b = hazmat::bsm_verify::<K256>(message, &sig, &key, p);
                        assert_eq!(a, b, "backends disagree on a BSM verification");
                    }
                }
            }
            let split = usize::from(sel >> 3).min(rest.len());
            let (message, sig) = rest.split_at(split);
            for p in [Policy::Strict, Policy::Compat] {
                let a = hazmat::brc77_verify::<Secp256k1>(message, sig, None, p);
                let b = hazmat::brc77_verify::<K256>(message, sig, None, p);
                assert_eq!(a, b, "backends disagree on a BRC-77 verification");
            }
        }
    }
}

/// Private key 3 (`K3` of the identity vectors): the sender of the ECIES seeds.
const K3_BYTES: [u8; 32] = {
    let mut k = [0u8; 32];
    k[31] = 3;
    k
};

/// `ecies::decrypt` (BIE1) for recipient `K2 = 02…02`: selector byte (0 embedded key, 1 embedded
/// and expected to be K3's, 2 no key with K3 as the sender), then the ciphertext. Both backends
/// give the same verdict; a ciphertext that opens with K3 as the known sender is exactly what
/// encrypting its plaintext from K3 gives (ECIES from a fixed key is deterministic).
pub fn ecies_decrypt(data: &[u8]) {
    use sigma_auth_core::ecies::{KeyMode, SenderKey};
    let Some((sel, ct)) = selector(data) else {
        return;
    };
    let recipient = PrivateKey::from_bytes([2; 32]).expect("constant key");
    let k3 = PrivateKey::from_bytes(K3_BYTES).expect("constant key");
    let (sender, mode) = match sel % 3 {
        0 => (SenderKey::Embedded, KeyMode::Embedded),
        1 => (
            SenderKey::EmbeddedExpected(k3.public_key()),
            KeyMode::Embedded,
        ),
        _ => (SenderKey::Given(k3.public_key()), KeyMode::Omitted),
    };
    let a = hazmat::ecies_decrypt::<Secp256k1>(ct, &recipient, sender);
    let b = hazmat::ecies_decrypt::<K256>(ct, &recipient, sender);
    assert_eq!(a, b, "the backends disagree");
    if let (Ok(plain), 1 | 2) = (&a, sel % 3) {
        let again = sigma_auth_core::ecies::encrypt(plain, recipient.public_key(), &k3, mode)
            .expect("encrypt");
        assert_eq!(
            again, ct,
            "an opened ciphertext is not what its sender would write"
        );
    }
}

/// `encrypted_message::decrypt` (BRC-78) for the vectors' bob: an opened message is as long as
/// the input minus the 150 bytes of header, IV and tag.
pub fn brc78_decrypt(data: &[u8]) {
    let bob = PrivateKey::from_hex(BOB_HEX).expect("constant key");
    if let Ok((plain, _sender)) = sigma_auth_core::encrypted_message::decrypt(data, &bob) {
        assert_eq!(plain.len() + 150, data.len());
    }
}
