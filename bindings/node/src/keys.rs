//! Keys: `PrivateKey` (secret zeroized when garbage-collected, and every copy made here wiped),
//! `PublicKey`, and BRC-42 child derivation.

use napi::bindgen_prelude::{Buffer, Env};
use napi::{JsString, Result};
use napi_derive::napi;
use sigma_auth_core::{PrivateKey as CorePrivateKey, PublicKey as CorePublicKey, type42};
use zeroize::Zeroizing;

use crate::conversions::network;
use crate::errors::{OrThrow, boundary};

/// A secp256k1 private key (secret zeroized when garbage-collected).
#[napi]
pub struct PrivateKey {
    /// Boxed so that napi-rs's allocation holds only a pointer: its finalizer moves the class
    /// value out of that allocation and frees it unwiped (`raw_finalize_unchecked` calls
    /// `ObjectFinalize::finalize(self)`), so a key held inline stays there in freed memory. The
    /// boxed key is dropped where it lies, which zeroizes it.
    pub(crate) inner: Box<CorePrivateKey>,
}

impl PrivateKey {
    /// The class value for `inner`, moved into its own allocation (see the `inner` field).
    fn wrap(inner: CorePrivateKey) -> PrivateKey {
        PrivateKey {
            inner: Box::new(inner),
        }
    }
}

#[napi]
impl PrivateKey {
    /// A key from a WIF (mainnet or testnet, compressed or uncompressed).
    #[napi(factory, catch_unwind)]
    pub fn from_wif(env: Env, wif: String) -> Result<PrivateKey> {
        boundary(&env, || {
            let wif = Zeroizing::new(wif);
            CorePrivateKey::from_wif(&wif)
                .map(PrivateKey::wrap)
                .or_throw(&env)
        })
    }

    /// A key from 64 hex digits.
    #[napi(factory, catch_unwind)]
    pub fn from_hex(env: Env, hex: String) -> Result<PrivateKey> {
        boundary(&env, || {
            let hex = Zeroizing::new(hex);
            CorePrivateKey::from_hex(&hex)
                .map(PrivateKey::wrap)
                .or_throw(&env)
        })
    }

    /// A key from 32 big-endian bytes.
    #[napi(factory, catch_unwind)]
    pub fn from_bytes(env: Env, bytes: Buffer) -> Result<PrivateKey> {
        boundary(&env, || {
            CorePrivateKey::from_slice(&bytes)
                .map(PrivateKey::wrap)
                .or_throw(&env)
        })
    }

    /// A fresh random key from the operating system's random source.
    #[napi(factory, catch_unwind)]
    pub fn generate(env: Env) -> Result<PrivateKey> {
        boundary(&env, || {
            CorePrivateKey::generate()
                .map(PrivateKey::wrap)
                .or_throw(&env)
        })
    }

    /// The public key.
    #[napi(catch_unwind)]
    pub fn public_key(&self) -> PublicKey {
        PublicKey {
            inner: *self.inner.public_key(),
        }
    }

    /// The compressed WIF (`"mainnet"` by default, or `"testnet"`). The JavaScript string is
    /// made from the core's zeroized copy directly.
    #[napi(catch_unwind)]
    pub fn to_wif<'e>(&self, env: &'e Env, network_name: Option<String>) -> Result<JsString<'e>> {
        boundary(env, || {
            let network = network(network_name.as_deref()).or_throw(env)?;
            env.create_string(self.inner.to_wif(network).as_str())
        })
    }

    /// 64 lower-case hex digits (made from the core's zeroized copy directly).
    #[napi(catch_unwind)]
    pub fn to_hex<'e>(&self, env: &'e Env) -> Result<JsString<'e>> {
        boundary(env, || env.create_string(self.inner.to_hex().as_str()))
    }

    /// 32 big-endian bytes.
    #[napi(catch_unwind)]
    pub fn to_bytes(&self) -> Buffer {
        self.inner.to_bytes().to_vec().into()
    }

    /// BRC-42: this key's child private key for `counterparty` and `invoiceNumber`
    /// (`PrivateKey.deriveChild` of `@bsv/sdk`).
    #[napi(catch_unwind)]
    pub fn derive_child(
        &self,
        env: Env,
        counterparty: &PublicKey,
        invoice_number: String,
    ) -> Result<PrivateKey> {
        boundary(&env, || {
            type42::derive_child_private_key(&self.inner, &counterparty.inner, &invoice_number)
                .map(PrivateKey::wrap)
                .or_throw(&env)
        })
    }

    /// Whether two keys are equal (constant time).
    #[napi(catch_unwind)]
    pub fn equals(&self, other: &PrivateKey) -> bool {
        self.inner == other.inner
    }
}

/// A secp256k1 public key.
#[napi]
pub struct PublicKey {
    pub(crate) inner: CorePublicKey,
}

#[napi]
impl PublicKey {
    /// A key from hex: 66 digits (`02`/`03`) or 130 digits (`04`), strict.
    #[napi(factory, catch_unwind)]
    pub fn from_hex(env: Env, hex: String) -> Result<PublicKey> {
        boundary(&env, || {
            CorePublicKey::from_hex(&hex)
                .map(|inner| PublicKey { inner })
                .or_throw(&env)
        })
    }

    /// A key from SEC1 bytes (33 compressed or 65 uncompressed).
    #[napi(factory, catch_unwind)]
    pub fn from_bytes(env: Env, bytes: Buffer) -> Result<PublicKey> {
        boundary(&env, || {
            CorePublicKey::from_sec1(&bytes)
                .map(|inner| PublicKey { inner })
                .or_throw(&env)
        })
    }

    /// Compressed SEC1 as 66 lower-case hex digits.
    #[napi(catch_unwind)]
    pub fn to_hex(&self) -> String {
        self.inner.to_hex()
    }

    /// Compressed (33 bytes, default) or uncompressed (65 bytes) SEC1.
    #[napi(catch_unwind)]
    pub fn to_bytes(&self, compressed: Option<bool>) -> Buffer {
        if compressed.unwrap_or(true) {
            self.inner.to_compressed().to_vec().into()
        } else {
            self.inner.to_uncompressed().to_vec().into()
        }
    }

    /// The P2PKH address of the compressed key (`"mainnet"` by default, or `"testnet"`).
    #[napi(catch_unwind)]
    pub fn to_address(&self, env: Env, network_name: Option<String>) -> Result<String> {
        boundary(&env, || {
            let network = network(network_name.as_deref()).or_throw(&env)?;
            Ok(self.inner.address(network))
        })
    }

    /// BRC-42: the child public key of this key for the owner of `counterparty` and
    /// `invoiceNumber` (`PublicKey.deriveChild` of `@bsv/sdk`).
    #[napi(catch_unwind)]
    pub fn derive_child(
        &self,
        env: Env,
        counterparty: &PrivateKey,
        invoice_number: String,
    ) -> Result<PublicKey> {
        boundary(&env, || {
            type42::derive_child_public_key(&counterparty.inner, &self.inner, &invoice_number)
                .map(|inner| PublicKey { inner })
                .or_throw(&env)
        })
    }

    /// Whether two keys are the same point.
    #[napi(catch_unwind)]
    pub fn equals(&self, other: &PublicKey) -> bool {
        self.inner == other.inner
    }
}
