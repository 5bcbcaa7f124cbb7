//! The keys `getAuthToken` is given as WIF strings, decoded once: a small bounded cache.
//!
//! Decoding a WIF derives its public key (a base-point multiplication, nearly the cost of the
//! signature itself), and the drop-in `getAuthToken` receives the WIF on every call. The last
//! [`CAPACITY`] distinct compressed WIFs are kept with their decoded keys; a lookup compares the
//! WIF with every entry in constant time (no early exit, no branch on the secret's bytes), a hit
//! moves to the front, and an evicted entry's WIF copy and key are zeroized where they lie (both
//! are boxed, so moving the entries does not leave copies behind). Invalid and uncompressed WIFs
//! are refused exactly as before and never cached. A caller who wants no secret kept beyond its
//! own objects passes a `PrivateKey` (`createToken`) instead.

use std::sync::Mutex;

use sigma_auth_core::PrivateKey as CorePrivateKey;
use sigma_auth_core::keys::Wif;
use subtle::{Choice, ConstantTimeEq};
use zeroize::Zeroizing;

use crate::errors::Fault;

/// How many distinct WIFs are kept (a server signs with one or a few keys).
pub const CAPACITY: usize = 8;

/// One cached key: the WIF it was decoded from and the key, each in an allocation of its own.
struct Entry {
    wif: Zeroizing<Box<[u8]>>,
    key: Box<CorePrivateKey>,
}

/// Most recently used first.
static CACHE: Mutex<Vec<Entry>> = Mutex::new(Vec::new());

/// The key of a compressed WIF (as `getAuthToken` takes it), decoded once per distinct WIF; the
/// argument copy is wiped. Errors name the field, never the value.
pub fn compressed_wif_key(wif: String) -> Result<CorePrivateKey, Fault> {
    let wif = Zeroizing::new(wif);
    // A poisoned lock only means a panic elsewhere while it was held; the entries stay valid.
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    let mut hit: Option<usize> = None;
    for (i, entry) in cache.iter().enumerate() {
        let same: Choice = entry.wif.as_ref().ct_eq(wif.as_bytes());
        if bool::from(same) {
            hit = Some(i);
        }
    }
    if let Some(i) = hit {
        let entry = cache.remove(i);
        let key = (*entry.key).clone();
        cache.insert(0, entry);
        return Ok(key);
    }
    drop(cache);
    let decoded = Wif::decode(&wif)?;
    if !decoded.compressed {
        return Err(Fault::input(
            "invalid_wif",
            "wif: uncompressed WIF (the token pubkey is always compressed)",
        ));
    }
    let entry = Entry {
        wif: Zeroizing::new(wif.as_bytes().into()),
        key: Box::new(decoded.key.clone()),
    };
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    cache.insert(0, entry);
    cache.truncate(CAPACITY);
    Ok(decoded.key)
}
