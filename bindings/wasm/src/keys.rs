//! Keys: `PrivateKey` (the secret lives in WebAssembly memory, is zeroized when the key is
//! freed or garbage-collected, and every copy made here is wiped) and `PublicKey`, with BRC-42
//! derivation.

use js_sys::Uint8Array;
use sigma_auth_core::{PrivateKey as CorePrivateKey, PublicKey as CorePublicKey, type42};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::conversions::{bytes, network, opt_bool, opt_string, string};
use crate::errors::Fault;
use crate::random;

/// A secp256k1 private key. Never printed; zeroized when freed.
#[wasm_bindgen]
pub struct PrivateKey {
    pub(crate) inner: CorePrivateKey,
}

#[wasm_bindgen]
impl PrivateKey {
    /// A key from a WIF (mainnet or testnet, compressed or uncompressed).
    #[wasm_bindgen(js_name = fromWif)]
    pub fn from_wif(
        #[wasm_bindgen(unchecked_param_type = "string")] wif: &JsValue,
    ) -> Result<PrivateKey, Fault> {
        let wif = Zeroizing::new(string(wif, "wif")?);
        Ok(PrivateKey {
            inner: CorePrivateKey::from_wif(&wif)?,
        })
    }

    /// A key from 64 hex digits.
    #[wasm_bindgen(js_name = fromHex)]
    pub fn from_hex(
        #[wasm_bindgen(unchecked_param_type = "string")] hex: &JsValue,
    ) -> Result<PrivateKey, Fault> {
        let hex = Zeroizing::new(string(hex, "hex")?);
        Ok(PrivateKey {
            inner: CorePrivateKey::from_hex(&hex)?,
        })
    }

    /// A key from 32 big-endian bytes.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] data: &JsValue,
    ) -> Result<PrivateKey, Fault> {
        let data = Zeroizing::new(bytes(data, "bytes")?);
        Ok(PrivateKey {
            inner: CorePrivateKey::from_slice(&data)?,
        })
    }

    /// A fresh key from the platform's Web Crypto.
    pub fn generate() -> Result<PrivateKey, Fault> {
        loop {
            let candidate = random::secret32()?;
            // Zero or >= n (probability about 2^-128): draw again.
            if let Ok(inner) = CorePrivateKey::from_bytes(*candidate) {
                return Ok(PrivateKey { inner });
            }
        }
    }

    /// The public key.
    #[wasm_bindgen(js_name = publicKey)]
    pub fn public_key(&self) -> PublicKey {
        PublicKey {
            inner: *self.inner.public_key(),
        }
    }

    /// Compressed WIF (`"mainnet"` by default, or `"testnet"`).
    #[wasm_bindgen(js_name = toWif)]
    pub fn to_wif(
        &self,
        #[wasm_bindgen(unchecked_param_type = "'mainnet' | 'testnet'")] network_name: Option<
            JsValue,
        >,
    ) -> Result<String, Fault> {
        let network = network(opt_string(&network_name.unwrap_or_default(), "network")?)?;
        Ok(String::clone(&self.inner.to_wif(network)))
    }

    /// 64 lower-case hex digits.
    #[wasm_bindgen(js_name = toHex)]
    pub fn to_hex(&self) -> String {
        String::clone(&self.inner.to_hex())
    }

    /// 32 big-endian bytes.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Uint8Array {
        Uint8Array::from(&self.inner.to_bytes()[..])
    }

    /// BRC-42: this key's child private key for `counterparty` and `invoiceNumber`
    /// (`PrivateKey.deriveChild` of `@bsv/sdk`).
    #[wasm_bindgen(js_name = deriveChild)]
    pub fn derive_child(
        &self,
        counterparty: &PublicKey,
        #[wasm_bindgen(js_name = invoiceNumber, unchecked_param_type = "string")]
        invoice_number: &JsValue,
    ) -> Result<PrivateKey, Fault> {
        let invoice = string(invoice_number, "invoiceNumber")?;
        Ok(PrivateKey {
            inner: type42::derive_child_private_key(&self.inner, &counterparty.inner, &invoice)?,
        })
    }

    /// Whether two keys are equal (constant time).
    pub fn equals(&self, other: &PrivateKey) -> bool {
        self.inner == other.inner
    }

    /// `"PrivateKey(<secret>)"`: the secret is never printed.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_display(&self) -> String {
        "PrivateKey(<secret>)".into()
    }
}

/// A secp256k1 public key.
#[wasm_bindgen]
pub struct PublicKey {
    pub(crate) inner: CorePublicKey,
}

#[wasm_bindgen]
impl PublicKey {
    /// A key from hex: 66 digits (`02`/`03`) or 130 digits (`04`), strict.
    #[wasm_bindgen(js_name = fromHex)]
    pub fn from_hex(
        #[wasm_bindgen(unchecked_param_type = "string")] hex: &JsValue,
    ) -> Result<PublicKey, Fault> {
        Ok(PublicKey {
            inner: CorePublicKey::from_hex(&string(hex, "hex")?)?,
        })
    }

    /// A key from SEC1 bytes (33 compressed or 65 uncompressed).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] data: &JsValue,
    ) -> Result<PublicKey, Fault> {
        Ok(PublicKey {
            inner: CorePublicKey::from_sec1(&bytes(data, "bytes")?)?,
        })
    }

    /// Compressed SEC1 as 66 lower-case hex digits.
    #[wasm_bindgen(js_name = toHex)]
    pub fn to_hex(&self) -> String {
        self.inner.to_hex()
    }

    /// Compressed (33 bytes, default) or uncompressed (65 bytes) SEC1.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(
        &self,
        #[wasm_bindgen(unchecked_param_type = "boolean")] compressed: Option<JsValue>,
    ) -> Result<Uint8Array, Fault> {
        Ok(
            if opt_bool(&compressed.unwrap_or_default(), "compressed", true)? {
                Uint8Array::from(&self.inner.to_compressed()[..])
            } else {
                Uint8Array::from(&self.inner.to_uncompressed()[..])
            },
        )
    }

    /// The P2PKH address of the compressed key (`"mainnet"` by default, or `"testnet"`).
    #[wasm_bindgen(js_name = toAddress)]
    pub fn to_address(
        &self,
        #[wasm_bindgen(unchecked_param_type = "'mainnet' | 'testnet'")] network_name: Option<
            JsValue,
        >,
    ) -> Result<String, Fault> {
        Ok(self.inner.address(network(opt_string(
            &network_name.unwrap_or_default(),
            "network",
        )?)?))
    }

    /// BRC-42: the child public key of this key for the owner of `counterparty` and
    /// `invoiceNumber` (`PublicKey.deriveChild` of `@bsv/sdk`).
    #[wasm_bindgen(js_name = deriveChild)]
    pub fn derive_child(
        &self,
        counterparty: &PrivateKey,
        #[wasm_bindgen(js_name = invoiceNumber, unchecked_param_type = "string")]
        invoice_number: &JsValue,
    ) -> Result<PublicKey, Fault> {
        let invoice = string(invoice_number, "invoiceNumber")?;
        Ok(PublicKey {
            inner: type42::derive_child_public_key(&counterparty.inner, &self.inner, &invoice)?,
        })
    }

    /// Whether two keys are the same point.
    pub fn equals(&self, other: &PublicKey) -> bool {
        self.inner == other.inner
    }

    /// The compressed hex.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_display(&self) -> String {
        self.inner.to_hex()
    }
}

/// BRC-42: `key`'s child private key for `counterparty` and `invoiceNumber`.
#[wasm_bindgen(js_name = deriveChildPrivateKey)]
pub fn derive_child_private_key(
    key: &PrivateKey,
    counterparty: &PublicKey,
    #[wasm_bindgen(js_name = invoiceNumber, unchecked_param_type = "string")]
    invoice_number: &JsValue,
) -> Result<PrivateKey, Fault> {
    key.derive_child(counterparty, invoice_number)
}

/// BRC-42: `counterparty`'s child public key, computed by the owner of `key`.
#[wasm_bindgen(js_name = deriveChildPublicKey)]
pub fn derive_child_public_key(
    key: &PrivateKey,
    counterparty: &PublicKey,
    #[wasm_bindgen(js_name = invoiceNumber, unchecked_param_type = "string")]
    invoice_number: &JsValue,
) -> Result<PublicKey, Fault> {
    counterparty.derive_child(key, invoice_number)
}
