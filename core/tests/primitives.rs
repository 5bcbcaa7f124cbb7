//! Known answers and edge cases for the building blocks: encodings, hashes, the curve
//! constants and scalar helpers, and DER.

use sigma_auth_core::Timestamp;
use sigma_auth_core::hazmat::der;
use sigma_auth_core::hazmat::ec::*;
use sigma_auth_core::hazmat::encoding::*;
use sigma_auth_core::hazmat::hash::*;
use sigma_auth_core::policy::Policy;

#[test]
fn iso_round_trip_matches_javascript() {
    // Date.parse("2025-01-15T12:00:00.000Z") === 1736942400000
    let t = Timestamp::parse_iso("2025-01-15T12:00:00.000Z").unwrap();
    assert_eq!(t.unix_millis(), 1_736_942_400_000);
    assert_eq!(t.to_iso(), "2025-01-15T12:00:00.000Z");
    // Date.parse("2000-02-29T23:59:59.999Z") === 951868799999
    let t = Timestamp::parse_iso("2000-02-29T23:59:59.999Z").unwrap();
    assert_eq!(t.unix_millis(), 951_868_799_999);
    assert_eq!(
        Timestamp::from_unix_millis(0).unwrap().to_iso(),
        "1970-01-01T00:00:00.000Z"
    );
    assert_eq!(
        Timestamp::from_unix_millis(-1).unwrap().to_iso(),
        "1969-12-31T23:59:59.999Z"
    );
}

#[test]
fn strict_iso_refuses_other_spellings() {
    for bad in [
        "2025-01-15T12:00:00Z",
        "2025-01-15T12:00:00.000+00:00",
        "2025-02-30T12:00:00.000Z",
        "2025-01-15t12:00:00.000Z",
        "never",
        "",
        "2025-01-15T24:00:00.000Z",
    ] {
        assert!(Timestamp::parse_iso(bad).is_err(), "{bad}");
    }
}

#[test]
fn lenient_iso_reads_what_javascript_reads() {
    let base = 1_736_942_400_000; // 2025-01-15T12:00:00.000Z
    let ok = |s: &str| Timestamp::parse_lenient(s).unwrap().unix_millis();
    assert_eq!(ok("2025-01-15T12:00:00Z"), base);
    assert_eq!(ok("2025-01-15T12:00Z"), base);
    assert_eq!(ok("2025-01-15T14:04:00.000+02:00"), base + 4 * 60_000);
    assert_eq!(ok("2025-01-15T12:00:00.1234Z"), base + 123);
    assert_eq!(ok("2025-01-15"), base - 12 * 3_600_000);
    assert!(Timestamp::parse_lenient("2025-01-15T12:00:00").is_err());
    assert!(Timestamp::parse_lenient("forever").is_err());
}

#[test]
fn varint_prefixes_match_bsm_vectors() {
    for (n, want) in [
        (0u64, "00"),
        (252, "fc"),
        (253, "fdfd00"),
        (300, "fd2c01"),
        (65535, "fdffff"),
        (65536, "fe00000100"),
        (0xffff_ffff, "feffffffff"),
        (0x1_0000_0000, "ff0000000001000000"),
    ] {
        let (bytes, len) = varint(n);
        assert_eq!(hex_encode(&bytes[..len]), want);
    }
}

#[test]
fn base64_strict_and_lenient() {
    assert_eq!(base64_decode("b", "QUI=").unwrap(), b"AB");
    assert!(base64_decode("b", "QUI").is_err());
    assert!(base64_decode("b", "QUJ=").is_err()); // non-zero trailing bits
    assert_eq!(base64_decode_lenient("b", "QUJ").unwrap(), b"AB");
    assert_eq!(base64_decode_lenient("b", " QU I= ").unwrap(), b"AB");
    assert_eq!(base64_decode_lenient("b", "-_8=").unwrap(), [0xfb, 0xff]);
    assert!(base64_decode_lenient("b", "Q!I=").is_err());
}

#[test]
fn hex_strict_and_lenient() {
    assert_eq!(hex_decode("h", "0aBC").unwrap(), [0x0a, 0xbc]);
    assert!(hex_decode("h", "abc").is_err());
    assert_eq!(hex_decode_lenient("h", "abc").unwrap(), [0x0a, 0xbc]);
    assert!(hex_decode_lenient("h", "xyz").is_err());
}

#[test]
fn known_answers() {
    // FIPS 180-2 "abc"
    assert_eq!(
        hex_encode(&sha256(b"abc")),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    // RIPEMD-160 "abc" (Dobbertin et al.)
    assert_eq!(
        hex_encode(&ripemd160(b"abc")),
        "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc"
    );
    // RFC 4231 test case 2
    assert_eq!(
        hex_encode(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
    assert_eq!(sha256_parts([&b"a"[..], b"bc"]), sha256(b"abc"));
}

fn hex32(text: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).unwrap();
    }
    out
}

#[test]
fn constants_match_sec2() {
    // SEC 2 v2, section 2.4.1 (secp256k1)
    assert_eq!(
        FIELD_PRIME,
        hex32("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f")
    );
    assert_eq!(
        ORDER,
        hex32("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
    );
    assert_eq!(
        HALF_ORDER,
        hex32("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0")
    );
}

#[test]
fn scalar_range() {
    assert!(!is_valid_scalar(&[0; 32]));
    assert!(!is_valid_scalar(&ORDER));
    let mut one = [0u8; 32];
    one[31] = 1;
    assert!(is_valid_scalar(&one));
    let mut n_minus_1 = ORDER;
    n_minus_1[31] -= 1;
    assert!(is_valid_scalar(&n_minus_1));
    assert_eq!(reduce_mod_order(&ORDER), [0; 32]);
    assert_eq!(negate_s(&n_minus_1), one);
    // (n-1)/2 + 1 > n/2 is high; HALF_ORDER itself is low.
    assert!(!is_high_s(&HALF_ORDER));
    let mut above = HALF_ORDER;
    above[31] += 1;
    assert!(is_high_s(&above));
}

fn sig(r: u8, s: u8) -> Compact {
    let mut c = [0u8; 64];
    c[31] = r;
    c[63] = s;
    c
}

#[test]
fn encode_is_minimal_and_round_trips() {
    let c = sig(0x80, 1);
    let der = der::encode(&c);
    assert_eq!(der, [0x30, 7, 2, 2, 0, 0x80, 2, 1, 1]);
    assert_eq!(der::decode(&der, Policy::Strict), Ok(c));
}

#[test]
fn strict_refuses_what_compat_reads() {
    // "negative" r without its 00 pad: read by the reference, refused by strict
    let der = [0x30, 6, 2, 1, 0x80, 2, 1, 1];
    assert!(der::decode(&der, Policy::Strict).is_err());
    assert_eq!(der::decode(&der, Policy::Compat), Ok(sig(0x80, 1)));
    // needless pad: refused by both
    assert!(der::decode(&[0x30, 7, 2, 2, 0, 1, 2, 1, 1], Policy::Compat).is_err());
    // trailing byte, truncation: refused by both
    assert!(der::decode(&[0x30, 6, 2, 1, 1, 2, 1, 1, 0], Policy::Compat).is_err());
    assert!(der::decode(&[0x30, 6, 2, 1, 1, 2, 1], Policy::Compat).is_err());
    assert!(der::decode(&[], Policy::Compat).is_err());
}

#[test]
fn lenient_fractions_pad_on_the_right() {
    // Date.parse("2025-01-15T12:00:00.1Z") - Date.parse("2025-01-15T12:00:00Z") === 100
    let ms = |s: &str| Timestamp::parse_lenient(s).unwrap().unix_millis() % 1000;
    assert_eq!(ms("2025-01-15T12:00:00.1Z"), 100);
    assert_eq!(ms("2025-01-15T12:00:00.12Z"), 120);
    assert_eq!(ms("2025-01-15T12:00:00.123456Z"), 123);
    assert!(Timestamp::parse_lenient("2025-01-15T12:00:00.Z").is_err());
}
