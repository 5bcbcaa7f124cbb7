//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod oracle;

use serde_json::Value;
use std::sync::OnceLock;

/// The reference vectors (`tests/vectors/auth-crypto.json`).
pub fn vectors() -> &'static Value {
    static V: OnceLock<Value> = OnceLock::new();
    V.get_or_init(|| {
        serde_json::from_str(include_str!("../../../tests/vectors/auth-crypto.json"))
            .expect("vectors parse")
    })
}

/// A string field.
pub fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("field {key} is not a string in {v}"))
}

/// Hex to bytes.
pub fn h(text: &str) -> Vec<u8> {
    sigma_auth_core::hazmat::encoding::hex_decode("test", text).expect("test hex")
}

/// Hex to 32 bytes.
pub fn h32(text: &str) -> [u8; 32] {
    h(text).try_into().expect("32 bytes")
}

/// Lower-case hex.
pub fn hx(bytes: &[u8]) -> String {
    sigma_auth_core::hazmat::encoding::hex_encode(bytes)
}

/// The identity-layer reference vectors (`tests/vectors/identity.json`: AIP, BAP, Sigma).
pub fn identity_vectors() -> &'static Value {
    static V: OnceLock<Value> = OnceLock::new();
    V.get_or_init(|| {
        serde_json::from_str(include_str!("../../../tests/vectors/identity.json"))
            .expect("identity vectors parse")
    })
}

/// A JSON array of hex strings as byte strings.
pub fn hex_list(v: &Value) -> Vec<Vec<u8>> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|x| h(x.as_str().expect("hex string")))
        .collect()
}
