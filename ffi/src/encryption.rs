//! Encryption: BRC-78 encrypted messages and the AES-256-GCM `SymmetricKey` (32-byte IV) they use.

use sigma_auth_core::encrypted_message;
use sigma_auth_core::symmetric::SymmetricKey;
use zeroize::Zeroizing;

use crate::boundary::{arg, arg_array, arg_bytes, buf_out, out};
use crate::keys::{sigma_private_key, sigma_public_key};
use crate::result::sigma_result;

/// Encrypts `message` (`len` bytes, at least 1) from `sender` to `recipient` as a BRC-78
/// message with the 32-byte `key_id` and 32-byte `iv` (both fresh and random for every message;
/// see `sigma_brc78_encrypt_random`). Writes `42 42 10 33 || sender || recipient || key ID ||
/// IV || ciphertext || tag` (`len` + 150 bytes) into `buf`; `*written` = its length, or the
/// size needed with `SIGMA_BUFFER_TOO_SMALL`. An empty message is refused with
/// `SIGMA_INVALID_INPUT` (the reference SDK cannot decrypt one). Byte-identical to
/// `EncryptedMessage.encrypt` of `@bsv/sdk` for the same key ID and IV. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_brc78_encrypt(
    sender: *const sigma_private_key,
    recipient: *const sigma_public_key,
    message: *const u8,
    len: usize,
    key_id: *const u8,
    iv: *const u8,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (sender, recipient, message, key_id, iv, out) = (
            arg(sender)?, arg(recipient)?, arg_bytes(message, len)?,
            arg_array::<32>(key_id)?, arg_array::<32>(iv)?, buf_out(buf, cap, written)?,
        );
        out.bytes(&encrypted_message::encrypt(message, &sender.inner, &recipient.inner, key_id, iv)?)
    }
}

/// `sigma_brc78_encrypt` with a key ID and IV from the operating system's random source.
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_brc78_encrypt_random(
    sender: *const sigma_private_key,
    recipient: *const sigma_public_key,
    message: *const u8,
    len: usize,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (sender, recipient, message, out) =
            (arg(sender)?, arg(recipient)?, arg_bytes(message, len)?, buf_out(buf, cap, written)?);
        out.bytes(&encrypted_message::encrypt_random(message, &sender.inner, &recipient.inner)?)
    }
}

/// Opens a BRC-78 message `data` (`data_len` bytes) addressed to `recipient`. Writes the
/// plaintext (`data_len` - 150 bytes) into `buf`; `*written` = its length, or the size needed
/// with `SIGMA_BUFFER_TOO_SMALL`. Errors: `SIGMA_VERSION_MISMATCH` (not `42 42 10 33`),
/// `SIGMA_INVALID_LENGTH` (shorter than 150 bytes), `SIGMA_WRONG_RECIPIENT` (addressed to
/// another key; checked before any cryptography), `SIGMA_DECRYPTION_FAILED` (tampered,
/// truncated or forged). An empty ciphertext opens to an empty plaintext.
///
/// On `SIGMA_OK` only, `*sender` owns a new public key (who encrypted it): free it with
/// `sigma_public_key_free`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_brc78_decrypt(
    recipient: *const sigma_private_key,
    data: *const u8,
    data_len: usize,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
    sender: *mut *mut sigma_public_key,
) -> sigma_result {
    ffi_boundary! {
        let (recipient, data, out, sender) =
            (arg(recipient)?, arg_bytes(data, data_len)?, buf_out(buf, cap, written)?, self::out(sender)?);
        let (plain, from) = encrypted_message::decrypt(data, &recipient.inner)?;
        out.bytes(&Zeroizing::new(plain))?;
        sender.set_handle(sigma_public_key { inner: from });
        Ok(())
    }
}

/// Encrypts `plaintext` (`len` bytes; empty allowed) with AES-256-GCM under the key `key`
/// (`key_len` bytes, 1 to 32, left-padded with zeros to 32 as `SymmetricKey` of `@bsv/sdk`
/// does) and the 32-byte `iv`, which must never repeat for a key. Writes `IV || ciphertext ||
/// tag` (`len` + 48 bytes) into `buf`; `*written` = its length, or the size needed with
/// `SIGMA_BUFFER_TOO_SMALL`. A key of another length: `SIGMA_INVALID_LENGTH`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_symmetric_encrypt(
    key: *const u8,
    key_len: usize,
    plaintext: *const u8,
    len: usize,
    iv: *const u8,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (key, plaintext, iv, out) =
            (arg_bytes(key, key_len)?, arg_bytes(plaintext, len)?, arg_array::<32>(iv)?, buf_out(buf, cap, written)?);
        out.bytes(&SymmetricKey::from_slice(key)?.encrypt(plaintext, iv))
    }
}

/// `sigma_symmetric_encrypt` with an IV from the operating system's random source.
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_symmetric_encrypt_random(
    key: *const u8,
    key_len: usize,
    plaintext: *const u8,
    len: usize,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (key, plaintext, out) =
            (arg_bytes(key, key_len)?, arg_bytes(plaintext, len)?, buf_out(buf, cap, written)?);
        out.bytes(&SymmetricKey::from_slice(key)?.encrypt_random(plaintext)?)
    }
}

/// Opens `sealed` (`sealed_len` bytes: `IV || ciphertext || tag`) with AES-256-GCM under `key`
/// (`key_len` bytes, 1 to 32, left-padded). Writes the plaintext (`sealed_len` - 48 bytes)
/// into `buf`; `*written` = its length, or the size needed with `SIGMA_BUFFER_TOO_SMALL`.
/// Errors: `SIGMA_INVALID_LENGTH` (bad key length, or fewer than 48 bytes),
/// `SIGMA_DECRYPTION_FAILED` (wrong key, tampered or truncated). Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sigma_symmetric_decrypt(
    key: *const u8,
    key_len: usize,
    sealed: *const u8,
    sealed_len: usize,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> sigma_result {
    ffi_boundary! {
        let (key, sealed, out) =
            (arg_bytes(key, key_len)?, arg_bytes(sealed, sealed_len)?, buf_out(buf, cap, written)?);
        out.bytes(&Zeroizing::new(SymmetricKey::from_slice(key)?.decrypt(sealed)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::sigma_result::*;
    use sigma_auth_core::PrivateKey;

    #[test]
    fn buffer_too_small_hands_out_no_sender() {
        let alice = sigma_private_key {
            inner: PrivateKey::from_bytes([1u8; 32]).unwrap(),
        };
        let bob = sigma_private_key {
            inner: PrivateKey::from_bytes([2u8; 32]).unwrap(),
        };
        let bob_pub = sigma_public_key {
            inner: *bob.inner.public_key(),
        };
        let mut sealed = [0u8; 160];
        let mut n = 0usize;
        let rc = sigma_brc78_encrypt_random(
            &alice,
            &bob_pub,
            b"0123456789".as_ptr(),
            10,
            sealed.as_mut_ptr(),
            160,
            &mut n,
        );
        assert_eq!((rc, n), (SIGMA_OK, 160));
        let mut sender: *mut sigma_public_key = core::ptr::null_mut();
        let mut plain = [0u8; 9];
        let rc = sigma_brc78_decrypt(
            &bob,
            sealed.as_ptr(),
            160,
            plain.as_mut_ptr(),
            9,
            &mut n,
            &mut sender,
        );
        assert_eq!((rc, n), (SIGMA_BUFFER_TOO_SMALL, 10));
        assert!(sender.is_null());
        let mut plain = [0u8; 10];
        let rc = sigma_brc78_decrypt(
            &bob,
            sealed.as_ptr(),
            160,
            plain.as_mut_ptr(),
            10,
            &mut n,
            &mut sender,
        );
        assert_eq!((rc, n, &plain), (SIGMA_OK, 10, b"0123456789"));
        assert!(!sender.is_null());
        crate::keys::sigma_public_key_free(sender);
    }
}
