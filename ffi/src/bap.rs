//! BAP (the core's `bap` module): BAP IDs, attestation hashes and the local check of an
//! ATTEST or REVOKE output.

use core::ffi::c_char;

use sigma_auth_core::bap::IdentitySummary;
use sigma_auth_core::bap::attestation::{self, Kind, Subject};
use sigma_auth_core::bap::bip32::ExtendedPrivateKey;
use sigma_auth_core::bap::id;
use sigma_auth_core::bap::legacy_keys::LegacyIdentity;
use sigma_auth_core::bap::type42_keys::Type42Identity;

use crate::boundary::{
    arg, arg_bytes, arg_str, arg_str_n, arg_values, opt_arg_str, opt_arg_str_n, out, text_out,
};
use crate::keys::{sigma_private_key, sigma_public_key};
use crate::result::sigma_result::{self, *};

/// The most pushes read from a caller's array (an attestation has 9 or 14; anything longer is
/// refused before its lengths are read).
const MAX_PUSHES: usize = 64;

/// The type of a checked attestation.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum sigma_bap_kind {
    /// `ATTEST`.
    Attest = 1,
    /// `REVOKE`.
    Revoke = 2,
}

/// A checked attestation (filled by `sigma_bap_check_attestation`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct sigma_bap_attestation {
    /// ATTEST or REVOKE.
    pub kind: sigma_bap_kind,
    /// The attestation hash: 64 lower-case hex digits and a NUL.
    pub hash: [c_char; 65],
    /// The sequence number.
    pub sequence: u64,
    /// The signer's address (compressed key, mainnet), NUL-terminated.
    pub address: [c_char; 36],
    /// Whether the output has a DATA part.
    pub has_data: bool,
}

/// The most rotations a key-derivation call applies (each BIP32 rotation derives a path;
/// more is refused with `SIGMA_INVALID_INPUT` before any work).
pub const SIGMA_BAP_MAX_ROTATIONS: u32 = 10_000;

/// The public keys of a BAP identity (filled by `sigma_bap_identity_type42` and
/// `sigma_bap_identity_bip32`); every field NUL-terminated.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct sigma_bap_identity {
    /// The address of the root path key (the address the BAP ID is made from).
    pub root_address: [c_char; 36],
    /// The BAP ID (identity key).
    pub identity_key: [c_char; 36],
    /// The member public key (root path key), compressed, 66 lower-case hex digits.
    pub member_public_key: [c_char; 67],
    /// The address of the current signing key.
    pub signing_address: [c_char; 36],
}

/// The keys of the first identity of the Type42 master key `master_key`, as bsv-bap 0.1.24
/// derives them (`new BAP({rootPk}).newId(…, id_seed)`), after `rotations` calls of
/// `incrementPath` (at most `SIGMA_BAP_MAX_ROTATIONS`). `id_seed` NULL (or empty) is no seed.
/// Fills `*out`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_bap_identity_type42(
    master_key: *const sigma_private_key,
    id_seed: *const c_char,
    rotations: u32,
    out: *mut sigma_bap_identity,
) -> sigma_result {
    ffi_boundary! {
        let (master, seed) = (arg(master_key)?, opt_arg_str(id_seed)?);
        let out = crate::boundary::out(out)?;
        check_rotations(rotations)?;
        let mut ident = Type42Identity::new(&master.inner, 0, seed)?;
        for _ in 0..rotations {
            ident.rotate()?;
        }
        out.set(identity_out(&ident.summary()?));
        Ok(())
    }
}

/// The keys of the first identity of the BIP32 master key `xprv` (Base58Check text), as
/// bsv-bap 0.1.24 derives them (`new BAP(xprv).newId(…, id_seed)`), after `rotations` calls of
/// `incrementPath` (at most `SIGMA_BAP_MAX_ROTATIONS`). `id_seed` NULL (or empty) is no seed.
/// Fills `*out`; `SIGMA_INVALID_XPRV` if the text is not an xprv. The decoded key is zeroized
/// before return; the caller owns (and wipes) its text. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_bap_identity_bip32(
    xprv: *const c_char,
    id_seed: *const c_char,
    rotations: u32,
    out: *mut sigma_bap_identity,
) -> sigma_result {
    ffi_boundary! {
        let (xprv, seed) = (arg_str(xprv)?, opt_arg_str(id_seed)?);
        let out = crate::boundary::out(out)?;
        check_rotations(rotations)?;
        let master = ExtendedPrivateKey::from_xprv(xprv)?;
        let mut ident = LegacyIdentity::new(&master, 0, seed)?;
        for _ in 0..rotations {
            ident.rotate()?;
        }
        out.set(identity_out(&ident.summary()?));
        Ok(())
    }
}

/// Refuses more rotations than `SIGMA_BAP_MAX_ROTATIONS`.
fn check_rotations(rotations: u32) -> Result<(), sigma_result> {
    if rotations > SIGMA_BAP_MAX_ROTATIONS {
        return Err(SIGMA_INVALID_INPUT);
    }
    Ok(())
}

/// The C form of an identity summary.
fn identity_out(summary: &IdentitySummary) -> sigma_bap_identity {
    let mut result = sigma_bap_identity {
        root_address: [0; 36],
        identity_key: [0; 36],
        member_public_key: [0; 67],
        signing_address: [0; 36],
    };
    copy_text(&mut result.root_address, &summary.root_address);
    copy_text(&mut result.identity_key, &summary.identity_key);
    copy_text(&mut result.member_public_key, &summary.member_key.to_hex());
    copy_text(&mut result.signing_address, &summary.signing_address);
    result
}

/// Writes the BAP ID of a mainnet P2PKH `address` (NUL-terminated) into `buf`; `*written` =
/// its length, or the capacity needed with `SIGMA_BUFFER_TOO_SMALL` (at most 29 suffices).
/// `SIGMA_INVALID_ADDRESS` if the text is not such an address. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_bap_id_from_address(
    address: *const c_char,
    buf: *mut c_char,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (address, out) = (arg_str(address)?, text_out(buf, cap, written)?);
        out.text(&id::bap_id_from_address(address)?)
    }
}

/// `sigma_bap_id_from_address` with the address as `(pointer, length)`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_bap_id_from_address_n(
    address: *const c_char,
    address_len: usize,
    buf: *mut c_char,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (address, out) = (arg_str_n(address, address_len)?, text_out(buf, cap, written)?);
        out.text(&id::bap_id_from_address(address)?)
    }
}

/// Writes the BAP ID of `key` (of its compressed address) into `buf`, as
/// `sigma_bap_id_from_address` does. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_bap_id_from_public_key(
    key: *const sigma_public_key,
    buf: *mut c_char,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (key, out) = (arg(key)?, text_out(buf, cap, written)?);
        out.text(&id::bap_id_from_public_key(&key.inner))
    }
}

/// Writes the attestation hash (bsv-bap form, 64 lower-case hex digits and a NUL) of the
/// attribute `attribute` = `value` with `nonce` of the identity `identity_key` into `buf`
/// (capacity at least 65). Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_bap_attestation_hash(
    attribute: *const c_char,
    value: *const c_char,
    nonce: *const c_char,
    identity_key: *const c_char,
    buf: *mut c_char,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let subject = Subject::new(arg_str(attribute)?, arg_str(value)?, arg_str(nonce)?,
            arg_str(identity_key)?);
        text_out(buf, cap, written)?.text(&subject.hash())
    }
}

/// `sigma_bap_attestation_hash` with every text as `(pointer, length)`. Thread-safe.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn sigma_bap_attestation_hash_n(
    attribute: *const c_char,
    attribute_len: usize,
    value: *const c_char,
    value_len: usize,
    nonce: *const c_char,
    nonce_len: usize,
    identity_key: *const c_char,
    identity_key_len: usize,
    buf: *mut c_char,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let subject = Subject::new(arg_str_n(attribute, attribute_len)?,
            arg_str_n(value, value_len)?, arg_str_n(nonce, nonce_len)?,
            arg_str_n(identity_key, identity_key_len)?);
        text_out(buf, cap, written)?.text(&subject.hash())
    }
}

/// Checks an ATTEST or REVOKE output given as its pushes after OP_RETURN: `count` pointers in
/// `pushes` with their lengths in `lens`. The exact layout (9 pushes, 14 with DATA), the AIP
/// signature with the pipe, and, when `attribute`, `value`, `nonce` and `identity_key` are all
/// non-NULL, the hash recomputed from them (all NULL: not checked; some NULL:
/// `SIGMA_NULL_PARAMETER`). On success fills `*out`; otherwise returns the refusal's code
/// (`SIGMA_BAP_LAYOUT`, `SIGMA_AIP_INVALID_SIGNATURE`, `SIGMA_BAP_HASH_MISMATCH`, ...).
/// Thread-safe.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn sigma_bap_check_attestation(
    pushes: *const *const u8,
    lens: *const usize,
    count: usize,
    attribute: *const c_char,
    value: *const c_char,
    nonce: *const c_char,
    identity_key: *const c_char,
    out: *mut sigma_bap_attestation,
) -> sigma_result {
    ffi_boundary! {
        let subject = [opt_arg_str(attribute)?, opt_arg_str(value)?, opt_arg_str(nonce)?,
            opt_arg_str(identity_key)?];
        check(pushes, lens, count, subject, out)
    }
}

/// `sigma_bap_check_attestation` with the subject's texts as `(pointer, length)` (NULL with
/// length 0 is "none"). Thread-safe.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn sigma_bap_check_attestation_n(
    pushes: *const *const u8,
    lens: *const usize,
    count: usize,
    attribute: *const c_char,
    attribute_len: usize,
    value: *const c_char,
    value_len: usize,
    nonce: *const c_char,
    nonce_len: usize,
    identity_key: *const c_char,
    identity_key_len: usize,
    out: *mut sigma_bap_attestation,
) -> sigma_result {
    ffi_boundary! {
        let subject = [opt_arg_str_n(attribute, attribute_len)?, opt_arg_str_n(value, value_len)?,
            opt_arg_str_n(nonce, nonce_len)?, opt_arg_str_n(identity_key, identity_key_len)?];
        check(pushes, lens, count, subject, out)
    }
}

fn check(
    pushes: *const *const u8,
    lens: *const usize,
    count: usize,
    subject: [Option<&str>; 4],
    out_ptr: *mut sigma_bap_attestation,
) -> Result<(), sigma_result> {
    let out = out(out_ptr)?;
    if count > MAX_PUSHES {
        return Err(SIGMA_BAP_LAYOUT);
    }
    let (ptrs, sizes) = (arg_values(pushes, count)?, arg_values(lens, count)?);
    let items = ptrs
        .iter()
        .zip(sizes)
        .map(|(&p, &n)| arg_bytes(p, n))
        .collect::<Result<Vec<&[u8]>, _>>()?;
    let subject = match subject {
        [Some(a), Some(v), Some(n), Some(i)] => Some(Subject::new(a, v, n, i)),
        [None, None, None, None] => None,
        _ => return Err(SIGMA_NULL_PARAMETER),
    };
    let checked = attestation::check(&items, subject.as_ref())?;
    let mut result = sigma_bap_attestation {
        kind: match checked.kind {
            Kind::Attest => sigma_bap_kind::Attest,
            Kind::Revoke => sigma_bap_kind::Revoke,
        },
        hash: [0; 65],
        sequence: checked.sequence,
        address: [0; 36],
        has_data: checked.data.is_some(),
    };
    copy_text(&mut result.hash, &checked.hash);
    copy_text(&mut result.address, &checked.address);
    out.set(result);
    Ok(())
}

/// Copies ASCII `text` (shorter than `dst`) into `dst`, NUL-terminated.
fn copy_text(dst: &mut [c_char], text: &str) {
    let room = dst.len() - 1;
    for (d, b) in dst.iter_mut().zip(text.bytes().take(room)) {
        *d = b as c_char;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::ffi::CStr;

    /// `bap.attestation.counter0.tx_pushes` of tests/vectors/identity.json (bsv-bap 0.1.24),
    /// without its leading OP_RETURN element.
    const COUNTER0: [&str; 9] = [
        "31424150537561506e66476e53424d33474c56397968785564596534764762644d54",
        "415454455354",
        "66393965663735343661643861393866656261643931393833633538343766663238306361643730636333333662376638333133643638626331626232363332",
        "30",
        "7c",
        "313550636948473232534e4c514a584d6f5355615756693757537163376843667661",
        "424954434f494e5f4543445341",
        "314a727747485a3744477548727266456777514172574e7677684a70356b37517547",
        "20e97561d24b9ddc45ae9f8511c9acbac161ff68e0afd14b4b4f6b21602328bfc56ad18f7cb5298e185144796a13c1daf8e4edfccfb7ffac6d9384ee4590e4ad6e",
    ];
    const HASH: &str = "f99ef7546ad8a98febad91983c5847ff280cad70cc336b7f8313d68bc1bb2632";

    fn unhex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    fn text(buf: &[c_char]) -> String {
        // SAFETY: the library NUL-terminates what it writes.
        unsafe { CStr::from_ptr(buf.as_ptr()) }
            .to_str()
            .unwrap()
            .to_string()
    }

    fn check_pushes(pushes: &[Vec<u8>], subject: bool) -> (sigma_result, sigma_bap_attestation) {
        let ptrs: Vec<*const u8> = pushes.iter().map(|p| p.as_ptr()).collect();
        let lens: Vec<usize> = pushes.iter().map(Vec::len).collect();
        let mut out = sigma_bap_attestation {
            kind: sigma_bap_kind::Revoke,
            hash: [0; 65],
            sequence: 99,
            address: [0; 36],
            has_data: true,
        };
        let s = |t: &'static CStr| {
            if subject {
                t.as_ptr()
            } else {
                core::ptr::null()
            }
        };
        let rc = sigma_bap_check_attestation(
            ptrs.as_ptr(),
            lens.as_ptr(),
            pushes.len(),
            s(c"name"),
            s(c"John Doe"),
            s(c"e2c6fb4063cc04af58935737eaffc938011dff546d47b7fbb18ed346f8c4d4fa"),
            s(c"GXquXd8cXBZoahkpqrLRsuWA7qe"),
            &mut out,
        );
        (rc, out)
    }

    #[test]
    fn bap_ids() {
        let mut buf = [0 as c_char; 40];
        let mut written = 0;
        let rc = sigma_bap_id_from_address(
            c"1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaD".as_ptr(),
            buf.as_mut_ptr(),
            buf.len(),
            &mut written,
        );
        assert_eq!(rc, SIGMA_OK);
        assert_eq!(text(&buf), "4Q59vsgaNvBsoVx1rR8TVVmcn9RP");
        assert_eq!(written, 28);
        let bad = c"1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaE";
        let rc = sigma_bap_id_from_address_n(bad.as_ptr(), 34, buf.as_mut_ptr(), 40, &mut written);
        assert_eq!(rc, SIGMA_INVALID_ADDRESS);
        let rc = sigma_bap_id_from_address(core::ptr::null(), buf.as_mut_ptr(), 40, &mut written);
        assert_eq!(rc, SIGMA_NULL_PARAMETER);
        let mut small = [0 as c_char; 10];
        let rc = sigma_bap_id_from_address(
            c"1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaD".as_ptr(),
            small.as_mut_ptr(),
            small.len(),
            &mut written,
        );
        assert_eq!((rc, written), (SIGMA_BUFFER_TOO_SMALL, 29));
        let rc = sigma_bap_attestation_hash(
            c"name".as_ptr(),
            c"John Doe".as_ptr(),
            c"e2c6fb4063cc04af58935737eaffc938011dff546d47b7fbb18ed346f8c4d4fa".as_ptr(),
            c"GXquXd8cXBZoahkpqrLRsuWA7qe".as_ptr(),
            buf.as_mut_ptr(),
            0,
            &mut written,
        );
        // A size query: NULL-free buffer with capacity 0 reports the 65 bytes needed.
        assert_eq!((rc, written), (SIGMA_BUFFER_TOO_SMALL, 65));
        let mut hash = [0 as c_char; 65];
        let rc = sigma_bap_attestation_hash(
            c"name".as_ptr(),
            c"John Doe".as_ptr(),
            c"e2c6fb4063cc04af58935737eaffc938011dff546d47b7fbb18ed346f8c4d4fa".as_ptr(),
            c"GXquXd8cXBZoahkpqrLRsuWA7qe".as_ptr(),
            hash.as_mut_ptr(),
            hash.len(),
            &mut written,
        );
        assert_eq!(rc, SIGMA_OK);
        assert_eq!(text(&hash), HASH);
    }

    #[test]
    fn check_attestation_vector_and_refusals() {
        let pushes: Vec<Vec<u8>> = COUNTER0.iter().map(|p| unhex(p)).collect();
        for subject in [false, true] {
            let (rc, out) = check_pushes(&pushes, subject);
            assert_eq!(rc, SIGMA_OK);
            assert_eq!(out.kind, sigma_bap_kind::Attest);
            assert_eq!(text(&out.hash), HASH);
            assert_eq!(out.sequence, 0);
            assert_eq!(text(&out.address), "1JrwGHZ7DGuHrrfEgwQArWNvwhJp5k7QuG");
            assert!(!out.has_data);
        }
        let mut tampered = pushes.clone();
        tampered[3] = b"7".to_vec();
        assert_eq!(
            check_pushes(&tampered, false).0,
            SIGMA_AIP_INVALID_SIGNATURE
        );
        let mut trailing = pushes.clone();
        trailing.push(b"x".to_vec());
        assert_eq!(check_pushes(&trailing, false).0, SIGMA_BAP_LAYOUT);
        let mut wrong = pushes.clone();
        wrong[2] = b"0".repeat(64);
        assert_eq!(check_pushes(&wrong, true).0, SIGMA_BAP_HASH_MISMATCH);
        // NULL arrays with a count, a partial subject, a NULL out.
        let mut out = check_pushes(&pushes, false).1;
        let rc = sigma_bap_check_attestation(
            core::ptr::null(),
            core::ptr::null(),
            9,
            core::ptr::null(),
            core::ptr::null(),
            core::ptr::null(),
            core::ptr::null(),
            &mut out,
        );
        assert_eq!(rc, SIGMA_NULL_PARAMETER);
        let ptrs: Vec<*const u8> = pushes.iter().map(|p| p.as_ptr()).collect();
        let lens: Vec<usize> = pushes.iter().map(Vec::len).collect();
        let rc = sigma_bap_check_attestation(
            ptrs.as_ptr(),
            lens.as_ptr(),
            9,
            c"name".as_ptr(),
            core::ptr::null(),
            core::ptr::null(),
            core::ptr::null(),
            &mut out,
        );
        assert_eq!(rc, SIGMA_NULL_PARAMETER);
        let rc = sigma_bap_check_attestation_n(
            ptrs.as_ptr(),
            lens.as_ptr(),
            9,
            core::ptr::null(),
            0,
            core::ptr::null(),
            0,
            core::ptr::null(),
            0,
            core::ptr::null(),
            0,
            core::ptr::null_mut(),
        );
        assert_eq!(rc, SIGMA_NULL_PARAMETER);
        let rc = sigma_bap_check_attestation_n(
            ptrs.as_ptr(),
            lens.as_ptr(),
            9,
            core::ptr::null(),
            0,
            core::ptr::null(),
            0,
            core::ptr::null(),
            0,
            core::ptr::null(),
            0,
            &mut out,
        );
        assert_eq!(rc, SIGMA_OK);
    }
}
