//! `sigma-auth-wasm`: sigma-auth-core (on its pure-Rust `k256` backend) for browsers and edge
//! runtimes, through wasm-bindgen. It converts JavaScript values and maps errors; every check
//! happens in the core. The shape follows the Node binding (`sigma-auth-native`): a `Verifier`
//! configured once, `verify` returning `{ pubkey, scheme, timestamp, replayId }` or throwing an
//! error whose `code` is the core's stable reason code, keys, BSM, BRC-42, BRC-77 and BRC-78, and
//! the identity calls: AIP, Sigma, BAP (IDs, attestations), ECIES-Electrum and friend encryption.
//! Randomness comes from the platform's Web Crypto; the clock is `Date.now()`.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod aip;
pub mod bap;
pub mod conversions;
pub mod ecies;
pub mod encryption;
pub mod errors;
pub mod keys;
pub mod random;
pub mod sigma;
pub mod signatures;
pub mod tokens;
pub mod verifier;

use js_sys::Array;
use sigma_auth_core::Reason;
use wasm_bindgen::prelude::*;

/// Every stable reason code of the core, in code order (the `REASON_CODES` of the Node
/// binding).
#[wasm_bindgen(js_name = reasonCodes, unchecked_return_type = "ReasonCode[]")]
pub fn reason_codes() -> Array {
    Reason::ALL
        .iter()
        .map(|r| JsValue::from_str(r.code()))
        .collect()
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** Every stable code of the project, defined once in the core (core/src/error.rs); the
 * package's tests fail until this union equals `reasonCodes()`. */
export type ReasonCode =
  | 'malformed_token'
  | 'unsupported_scheme'
  | 'bad_pubkey'
  | 'bad_signature_encoding'
  | 'signer_mismatch'
  | 'path_mismatch'
  | 'expired'
  | 'not_yet_valid'
  | 'bad_timestamp'
  | 'invalid_signature'
  | 'replayed'
  | 'bad_body'
  | 'unsupported_body_encoding'
  | 'recipient_required'
  | 'missing_token'
  | 'replay_store_full'
  | 'replay_store_unavailable'
  | 'invalid_hex'
  | 'invalid_base64'
  | 'invalid_length'
  | 'invalid_private_key'
  | 'invalid_public_key'
  | 'invalid_wif'
  | 'invalid_signature_encoding'
  | 'signature_mismatch'
  | 'invalid_timestamp'
  | 'invalid_protocol'
  | 'derivation_failed'
  | 'version_mismatch'
  | 'wrong_recipient'
  | 'invalid_input'
  | 'randomness_unavailable'
  | 'decryption_failed'
  | 'null_parameter'
  | 'buffer_too_small'
  | 'internal_error'
  | 'malformed_script'
  | 'aip_missing'
  | 'aip_layout'
  | 'aip_unsupported_algorithm'
  | 'aip_bad_signature_encoding'
  | 'aip_invalid_signature'
  | 'sigma_missing'
  | 'sigma_layout'
  | 'sigma_unsupported_algorithm'
  | 'sigma_bad_signature_encoding'
  | 'sigma_signer_mismatch'
  | 'sigma_invalid_signature'
  | 'bap_layout'
  | 'bap_unsupported_type'
  | 'bap_bad_hash'
  | 'bap_bad_sequence'
  | 'bap_data_mismatch'
  | 'bap_hash_mismatch'
  | 'bap_signer_not_current'
  | 'bap_lookup_failed'
  | 'invalid_address'
  | 'invalid_xprv'
  | 'invalid_derivation_path'
  | 'unauthorized'
  | 'forbidden_host'
  | 'forbidden_origin'
  | 'forbidden_scope'
  | 'wallet_locked'
  | 'body_too_large'
  | 'bad_request'
  | 'wallet_bad_passphrase'
  | 'wallet_corrupt'
  | 'wallet_newer_version'
  | 'unknown_endpoint'
  | 'wallet_save_failed';

/** What every call throws on bad input (`name` 'SigmaAuthError') or on a failed verification
 * (`name` 'AuthTokenError'): an Error with the core's stable `code`. */
export interface SigmaAuthError extends Error {
  name: 'SigmaAuthError' | 'AuthTokenError';
  code: ReasonCode;
}

/** A text body's encoding. */
export type BodyEncoding = 'utf8' | 'hex' | 'base64';

/** How a `Verifier` is configured; absent windows take the core's default (300 s). */
export interface VerifierOptions {
  maxAgeSeconds?: number;
  maxSkewSeconds?: number;
  /** Accept every encoding the reference tolerates (default false). */
  compat?: boolean;
}

/** The request a token must match. */
export interface TokenRequest {
  /** The request path with query, as received. */
  requestPath: string;
  /** The body as received: text (decoded with `bodyEncoding`) or raw bytes. */
  body?: string | Uint8Array | null;
  bodyEncoding?: BodyEncoding;
}

/** Options of the free `verify`: the request, the window and the instant. */
export interface VerifyOptions extends TokenRequest, VerifierOptions {
  /** Default: `Date.now()`. */
  now?: Date | number | string;
}

/** One item of `verifyBatch`. */
export interface BatchItem extends TokenRequest {
  token: string;
}

/** A token that passed verification. */
export interface VerifiedToken {
  /** The signer's compressed public key, 66 lower-case hex digits. */
  pubkey: string;
  scheme: 'bsm' | 'brc77';
  timestamp: Date;
  /** 64 hex digits, the same for every spelling of one signed request: key a replay cache with it. */
  replayId: string;
}

/** Options of `createToken`. */
export interface CreateTokenOptions {
  requestPath: string;
  body?: string | Uint8Array | null;
  bodyEncoding?: BodyEncoding;
  /** Default 'brc77'. */
  scheme?: 'bsm' | 'brc77';
  /** Default now; a string must be `YYYY-MM-DDTHH:mm:ss.sssZ`. */
  timestamp?: string | Date | number;
}

/** The five fields of a token, as bitcoin-auth's `parseAuthToken` returns them. */
export interface ParsedAuthToken {
  pubkey: string;
  scheme: 'bsm' | 'brc77';
  timestamp: string;
  requestPath: string;
  signature: string;
}
"#;
