//! ECIES-Electrum ("BIE1") and friend encryption (bsv-bap MemberID / MasterID, TokenPass).
//!
//! ECIES with a fixed sender key and bsv-bap friend messages are deterministic (equal messages
//! give equal bytes): for new data prefer BRC-78 (`sigma_brc78_encrypt_random`).

use core::ffi::c_char;

use sigma_auth_core::ecies::{self, KeyMode, SenderKey};
use sigma_auth_core::friend::{self, FriendMode};
use zeroize::Zeroizing;

use crate::boundary::{arg, arg_bytes, arg_str, arg_str_n, buf_out, opt_arg, out};
use crate::keys::{sigma_private_key, sigma_public_key};
use crate::result::sigma_result::{self, *};

/// A friend-encryption format (passed as a `uint32_t`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum sigma_friend_mode {
    /// bsv-bap MemberID: key `T42(member, ·, "2-friend-" + hex(SHA-256(friendBapId)))`;
    /// deterministic ECIES from the friend key.
    BapMember = 0,
    /// bsv-bap MasterID (Type42): key `T42(rootPathKey, ·, hex(SHA-256(friendBapId)))`;
    /// deterministic ECIES.
    BapMasterType42 = 1,
    /// TokenPass note to self (`"sigma-encrypt-" + friendBapId`), random ephemeral key.
    TokenpassSelf = 2,
    /// TokenPass between friends: to the friend's published `"sigma-friend-"` key, opened with
    /// our own (one consistent derivation; the server's peer decrypt cannot open anything).
    TokenpassPeer = 3,
}

fn mode(value: u32) -> Result<FriendMode, sigma_result> {
    Ok(match value {
        0 => FriendMode::BapMember,
        1 => FriendMode::BapMasterType42,
        2 => FriendMode::TokenPassSelf,
        3 => FriendMode::TokenPassPeer,
        _ => return Err(SIGMA_INVALID_INPUT),
    })
}

/// Encrypts `message` (`len` bytes; empty allowed) with ECIES-Electrum from `sender` (used as
/// the ephemeral key, so the output is deterministic) to `recipient`. With `no_key` the sender
/// key is left out (`BIE1 || ct || mac`, the reference's `noKey`); otherwise it is embedded.
/// Writes the ciphertext (`(len / 16 + 1) * 16` bytes of AES-CBC plus 69, or plus 36 with
/// `no_key`) into `buf`; `*written` = its length, or the size needed with
/// `SIGMA_BUFFER_TOO_SMALL`. Byte-identical to `ECIES.electrumEncrypt` of `@bsv/sdk`.
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_ecies_encrypt(
    sender: *const sigma_private_key,
    recipient: *const sigma_public_key,
    message: *const u8,
    len: usize,
    no_key: bool,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (sender, recipient, message, out) =
            (arg(sender)?, arg(recipient)?, arg_bytes(message, len)?, buf_out(buf, cap, written)?);
        let mode = if no_key { KeyMode::Omitted } else { KeyMode::Embedded };
        out.bytes(&ecies::encrypt(message, &recipient.inner, &sender.inner, mode)?)
    }
}

/// `sigma_ecies_encrypt` from a fresh random key, embedded (anonymous sender). Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_ecies_encrypt_random(
    recipient: *const sigma_public_key,
    message: *const u8,
    len: usize,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (recipient, message, out) =
            (arg(recipient)?, arg_bytes(message, len)?, buf_out(buf, cap, written)?);
        out.bytes(&ecies::encrypt_random(message, &recipient.inner)?)
    }
}

/// Opens an ECIES-Electrum ciphertext `data` (`data_len` bytes) for `recipient`. The form is
/// said, never guessed: with `no_key` the ciphertext has no embedded key and `sender` (required,
/// else `SIGMA_NULL_PARAMETER`) is the sender's key; otherwise the key is embedded and, if
/// `sender` is not NULL, must be that key. Writes the plaintext into `buf`; `*written` = its
/// length, or the size needed with `SIGMA_BUFFER_TOO_SMALL`. Errors: `SIGMA_VERSION_MISMATCH`
/// (not `BIE1`), `SIGMA_INVALID_LENGTH` (too short), `SIGMA_DECRYPTION_FAILED` (wrong key,
/// tampered, truncated, another sender; the MAC is checked in constant time before any
/// decryption). Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_ecies_decrypt(
    recipient: *const sigma_private_key,
    data: *const u8,
    data_len: usize,
    sender: *const sigma_public_key,
    no_key: bool,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (recipient, data, out) = (arg(recipient)?, arg_bytes(data, data_len)?, buf_out(buf, cap, written)?);
        let sender = match (opt_arg(sender), no_key) {
            (Some(k), true) => SenderKey::Given(&k.inner),
            (None, true) => return Err(SIGMA_NULL_PARAMETER),
            (Some(k), false) => SenderKey::EmbeddedExpected(&k.inner),
            (None, false) => SenderKey::Embedded,
        };
        out.bytes(&Zeroizing::new(ecies::decrypt(data, &recipient.inner, sender)?))
    }
}

/// The friend public key `key` publishes to the friend with the NUL-terminated BAP ID
/// `friend_bap_id`, for `mode` (a `sigma_friend_mode`; both TokenPass modes give the
/// `/api/friend-pubkey` key). On `SIGMA_OK`, `*public_key` owns a new key: free it with
/// `sigma_public_key_free`. An empty or over-256-byte ID: `SIGMA_INVALID_INPUT` /
/// `SIGMA_INVALID_LENGTH`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_friend_public_key(
    key: *const sigma_private_key,
    friend_bap_id: *const c_char,
    mode: u32,
    public_key: *mut *mut sigma_public_key,
) -> sigma_result {
    ffi_boundary! { friend_public_key(key, arg_str(friend_bap_id)?, mode, public_key) }
}

/// `sigma_friend_public_key` with the ID as `friend_bap_id_len` bytes. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_friend_public_key_n(
    key: *const sigma_private_key,
    friend_bap_id: *const c_char,
    friend_bap_id_len: usize,
    mode: u32,
    public_key: *mut *mut sigma_public_key,
) -> sigma_result {
    ffi_boundary! { friend_public_key(key, arg_str_n(friend_bap_id, friend_bap_id_len)?, mode, public_key) }
}

fn friend_public_key(
    key: *const sigma_private_key,
    id: &str,
    mode_value: u32,
    public_key: *mut *mut sigma_public_key,
) -> Result<(), sigma_result> {
    let (key, mode, public_key) = (arg(key)?, mode(mode_value)?, out(public_key)?);
    let inner = friend::friend_public_key(mode.key_scheme(), &key.inner, id)?;
    public_key.set_handle(sigma_public_key { inner });
    Ok(())
}

/// Encrypts `message` (`len` bytes) in `mode` (a `sigma_friend_mode`) from `key` for the friend
/// with the NUL-terminated BAP ID `friend_bap_id`. `to` is the friend key the friend published
/// for us: optional for the bsv-bap modes (NULL: a note to self), required for
/// `SIGMA_FRIEND_MODE_TOKENPASS_PEER`, and must be NULL for `SIGMA_FRIEND_MODE_TOKENPASS_SELF`
/// (else `SIGMA_INVALID_INPUT`). The bsv-bap modes are deterministic and byte-identical to
/// bsv-bap `encryptWithSeed` (which base64-encodes the result). Writes the ciphertext into
/// `buf`; `*written` = its length, or the size needed with `SIGMA_BUFFER_TOO_SMALL`.
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_friend_encrypt(
    key: *const sigma_private_key,
    friend_bap_id: *const c_char,
    mode: u32,
    to: *const sigma_public_key,
    message: *const u8,
    len: usize,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        friend_encrypt(key, arg_str(friend_bap_id)?, mode, to, arg_bytes(message, len)?, buf, cap, written)
    }
}

/// `sigma_friend_encrypt` with the ID as `friend_bap_id_len` bytes. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_friend_encrypt_n(
    key: *const sigma_private_key,
    friend_bap_id: *const c_char,
    friend_bap_id_len: usize,
    mode: u32,
    to: *const sigma_public_key,
    message: *const u8,
    len: usize,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        friend_encrypt(key, arg_str_n(friend_bap_id, friend_bap_id_len)?, mode, to, arg_bytes(message, len)?, buf, cap, written)
    }
}

#[allow(clippy::too_many_arguments)]
fn friend_encrypt(
    key: *const sigma_private_key,
    id: &str,
    mode_value: u32,
    to: *const sigma_public_key,
    message: &[u8],
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> Result<(), sigma_result> {
    let (key, mode, out) = (arg(key)?, mode(mode_value)?, buf_out(buf, cap, written)?);
    let to = opt_arg(to).map(|k| &k.inner);
    out.bytes(&friend::encrypt_as(mode, message, &key.inner, id, to)?)
}

/// Opens a friend message `data` (`data_len` bytes) in `mode` (a `sigma_friend_mode`) from the
/// friend with the NUL-terminated BAP ID `friend_bap_id`, with `key`. `from` is the sender's
/// published friend key: optional for the bsv-bap modes (when given, the embedded key must be
/// it), must be NULL for the TokenPass modes (else `SIGMA_INVALID_INPUT`). Writes the plaintext
/// into `buf`; `*written` = its length, or the size needed with `SIGMA_BUFFER_TOO_SMALL`.
/// Errors as for `sigma_ecies_decrypt`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_friend_decrypt(
    key: *const sigma_private_key,
    friend_bap_id: *const c_char,
    mode: u32,
    from: *const sigma_public_key,
    data: *const u8,
    data_len: usize,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        friend_decrypt(key, arg_str(friend_bap_id)?, mode, from, arg_bytes(data, data_len)?, buf, cap, written)
    }
}

/// `sigma_friend_decrypt` with the ID as `friend_bap_id_len` bytes. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_friend_decrypt_n(
    key: *const sigma_private_key,
    friend_bap_id: *const c_char,
    friend_bap_id_len: usize,
    mode: u32,
    from: *const sigma_public_key,
    data: *const u8,
    data_len: usize,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        friend_decrypt(key, arg_str_n(friend_bap_id, friend_bap_id_len)?, mode, from, arg_bytes(data, data_len)?, buf, cap, written)
    }
}

#[allow(clippy::too_many_arguments)]
fn friend_decrypt(
    key: *const sigma_private_key,
    id: &str,
    mode_value: u32,
    from: *const sigma_public_key,
    data: &[u8],
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> Result<(), sigma_result> {
    let (key, mode, out) = (arg(key)?, mode(mode_value)?, buf_out(buf, cap, written)?);
    let from = opt_arg(from).map(|k| &k.inner);
    out.bytes(&Zeroizing::new(friend::decrypt_as(
        mode, data, &key.inner, id, from,
    )?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sigma_auth_core::PrivateKey;

    fn key(b: u8) -> sigma_private_key {
        sigma_private_key {
            inner: PrivateKey::from_bytes([b; 32]).unwrap(),
        }
    }

    #[test]
    fn no_key_needs_a_sender_and_a_wrong_mode_number_is_refused() {
        let (a, b) = (key(1), key(2));
        let b_pub = sigma_public_key {
            inner: *b.inner.public_key(),
        };
        let mut ct = [0u8; 100];
        let mut n = 0usize;
        let rc = sigma_ecies_encrypt(
            &a,
            &b_pub,
            b"hi".as_ptr(),
            2,
            true,
            ct.as_mut_ptr(),
            100,
            &mut n,
        );
        assert_eq!((rc, n), (SIGMA_OK, 52));
        let mut plain = [0u8; 16];
        let mut m = 0usize;
        let rc = sigma_ecies_decrypt(
            &b,
            ct.as_ptr(),
            n,
            core::ptr::null(),
            true,
            plain.as_mut_ptr(),
            16,
            &mut m,
        );
        assert_eq!(rc, SIGMA_NULL_PARAMETER);
        let a_pub = sigma_public_key {
            inner: *a.inner.public_key(),
        };
        let rc = sigma_ecies_decrypt(
            &b,
            ct.as_ptr(),
            n,
            &a_pub,
            true,
            plain.as_mut_ptr(),
            16,
            &mut m,
        );
        assert_eq!((rc, &plain[..m]), (SIGMA_OK, &b"hi"[..]));
        let mut handle: *mut sigma_public_key = core::ptr::null_mut();
        let rc =
            sigma_friend_public_key(&a, c"4VQCRkX1kyxekUAq4j5Z8Ccyr7fp".as_ptr(), 4, &mut handle);
        assert_eq!(rc, SIGMA_INVALID_INPUT);
        assert!(handle.is_null());
    }
}
