// Type definitions for sigma-auth-native: the hand-written layer of index.js (the bitcoin-auth
// drop-in, the argument-checking wrappers, the error classes, the `Verifier` class); the types
// of the classes and objects the addon makes come from native.d.ts, which `napi build`
// generates from the Rust sources.

/// <reference types="node" />

export type { VerifierOptions, VerifiedToken } from './native';

/** Bytes: a Buffer or any Uint8Array. */
export type Bytes = Uint8Array;

/** How a text body is turned into the bytes that are hashed. */
export type BodyEncoding = 'utf8' | 'hex' | 'base64';

/** A token scheme. */
export type Scheme = 'bsm' | 'brc77';

/** A Bitcoin network, for WIFs and addresses. */
export type Network = 'mainnet' | 'testnet';

/**
 * Every stable code of the project, defined once in the core (core/src/error.rs) and identical in
 * Rust, C, Node, Python and Go; `REASON_CODES` is the core's list, and test/codes.test.js fails
 * until this union equals it.
 */
export type ReasonCode =
  // token verification (AuthTokenError)
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
  // bad input (SigmaAuthError)
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
  // the C ABI boundary, and a fault of ours
  | 'null_parameter'
  | 'buffer_too_small'
  | 'internal_error'
  // the identity layer: scripts, AIP, Sigma (300 and up)
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
  // BAP (315 and up)
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

/** Every stable code, in the core's order (token reasons, input errors, boundary codes). */
export declare const REASON_CODES: readonly ReasonCode[];

// ---------------------------------------------------------------------------------------------
// Errors

/**
 * Thrown on bad input (a malformed key, WIF, signature, timestamp, ...). `code` is the core's
 * stable snake_case name, e.g. `invalid_wif`, `invalid_timestamp`, `signature_mismatch`.
 * Wrong argument *types* throw `TypeError` instead.
 */
export declare class SigmaAuthError extends Error {
  readonly code: string;
  constructor(code: string, message: string);
}

/** A token failed verification; `code` says why. */
export declare class AuthTokenError extends SigmaAuthError {
  readonly code: ReasonCode;
  constructor(code: string, message: string);
}

// ---------------------------------------------------------------------------------------------
// bitcoin-auth 0.0.7 drop-in

/** The config of `getAuthToken`, as in bitcoin-auth. */
export interface AuthConfig {
  /** A compressed WIF (mainnet or testnet). */
  privateKeyWif: string;
  /** The request path with query, exactly as the server will see it; must not contain `|`. */
  requestPath: string;
  /** The body; a falsy body means no body. Strings are decoded with `bodyEncoding`. */
  body?: string | Bytes | number[] | null;
  /** Default `'brc77'`. Anything else than `'bsm'`/`'brc77'` throws (the reference silently uses brc77). */
  scheme?: Scheme;
  /** Default `'utf8'`; strict decoding. */
  bodyEncoding?: BodyEncoding;
  /** Default: now. A string must be `YYYY-MM-DDTHH:mm:ss.sssZ`; a Date or milliseconds are also accepted. */
  timestamp?: string | Date | number;
}

/** What `verifyAuthToken` checks a token against, as in bitcoin-auth. */
export interface AuthPayload {
  requestPath: string;
  /** The verifier's "now"; see `VerifyAuthTokenOptions.clock`. */
  timestamp?: string | number | Date;
  body?: string | Bytes | number[] | null;
}

/** The five fields of a token. */
export interface ParsedAuthToken {
  pubkey: string;
  scheme: Scheme;
  timestamp: string;
  requestPath: string;
  signature: string;
}

/** The 5th argument of `verifyAuthToken` (an extension of the reference API). */
export interface VerifyAuthTokenOptions {
  /**
   * `'system'` (default): the two-sided window of `timePad` minutes is checked against the system
   * clock, and also against `target.timestamp` when that parses as a date.
   * `'target'`: only against `target.timestamp` (for replaying recorded tokens and vectors); a
   * missing or unparseable `target.timestamp` then fails.
   */
  clock?: 'system' | 'target';
  /** Accept every encoding the reference tolerates (never drops the signer binding or the window). */
  compat?: boolean;
}

/** bitcoin-auth `getAuthToken`. Throws SigmaAuthError / TypeError on bad input. */
export declare function getAuthToken(config: AuthConfig): string;

/** bitcoin-auth `parseAuthToken`: the five fields, or null. */
export declare function parseAuthToken(token: string): ParsedAuthToken | null;

/**
 * bitcoin-auth `verifyAuthToken`: true or false, never throws. Two-sided window of `timePad`
 * minutes (default 5) on the system clock by default; see the README for every difference.
 */
export declare function verifyAuthToken(
  token: string,
  target: AuthPayload,
  timePad?: number,
  bodyEncoding?: BodyEncoding,
  options?: VerifyAuthTokenOptions,
): boolean;

// ---------------------------------------------------------------------------------------------
// Rich token API

/** The clock and window of a verification (`verify`, `verifyBatch`); a `Verifier` holds the window once. */
export interface VerifySettings {
  /** The instant to verify at (Date, Unix milliseconds or a date string); the system clock by default. */
  now?: Date | number | string;
  /** How old a token may be, in seconds (default: the core's window, 300). */
  maxAgeSeconds?: number;
  /** How far ahead a token may be dated, in seconds (default: the core's window, 300). */
  maxSkewSeconds?: number;
  /** Accept every encoding the reference tolerates (default false). */
  compat?: boolean;
}

/** The request a token must match. */
export interface TokenRequest {
  /** The request path with query, as received. */
  requestPath: string;
  /** The body as received: text (decoded with `bodyEncoding`) or raw bytes. */
  body?: string | Bytes | null;
  /** For text bodies: `'utf8'` (default), `'hex'` or `'base64'`. */
  bodyEncoding?: BodyEncoding;
}

/** Options of `verify` / `verifyAsync`. */
export interface VerifyOptions extends TokenRequest, VerifySettings {}

/** One item of `verifyBatch`. */
export interface BatchItem extends TokenRequest {
  token: string;
}

import type { VerifiedToken } from './native';

/** Options of `createToken`. */
export interface CreateTokenOptions {
  requestPath: string;
  body?: string | Bytes | null;
  bodyEncoding?: BodyEncoding;
  /** Default `'brc77'`. */
  scheme?: Scheme;
  /** Default now. */
  timestamp?: string | Date | number;
}

/** Creates an X-Auth-Token signed by `key` (a PrivateKey or a WIF). */
export declare function createToken(key: PrivateKey | string, options: CreateTokenOptions): string;

/** Verifies a token; throws AuthTokenError (with `code`) if it fails. */
export declare function verify(token: string, options: VerifyOptions): VerifiedToken;

/** `verify` on the libuv thread pool; rejects with AuthTokenError. */
export declare function verifyAsync(token: string, options: VerifyOptions): Promise<VerifiedToken>;

/** Verifies many tokens in one call on all cores; per item, in order, the result or the error (returned, not thrown). */
export declare function verifyBatch(items: BatchItem[], options?: VerifySettings): Array<VerifiedToken | AuthTokenError>;

/** `verifyBatch` as a Promise: the JS thread only reads the items; the batch's threads settle it. */
export declare function verifyBatchAsync(
  items: BatchItem[],
  options?: VerifySettings,
): Promise<Array<VerifiedToken | AuthTokenError>>;

import type { VerifierOptions } from './native';

/**
 * Verifies X-Auth-Tokens with one window and policy, set once; `now`: a Date, Unix milliseconds
 * or a date string, the system clock if absent.
 */
export declare class Verifier {
  /** Absent windows take the core's default; throws SigmaAuthError `invalid_input` for a negative or non-finite number. */
  constructor(options?: VerifierOptions | null);
  /** The maximum age, in seconds. */
  readonly maxAgeSeconds: number;
  /** The maximum skew, in seconds. */
  readonly maxSkewSeconds: number;
  /** Whether every encoding the reference tolerates is accepted. */
  readonly compat: boolean;
  /** The verified token, or throws AuthTokenError (with `code`). */
  verify(token: string, request: TokenRequest, now?: Date | number | string): VerifiedToken;
  /** `verify` on the libuv thread pool; rejects with AuthTokenError. */
  verifyAsync(token: string, request: TokenRequest, now?: Date | number | string): Promise<VerifiedToken>;
  /** Many tokens in one call on all cores: per item, in order, the result or the AuthTokenError (returned, not thrown). */
  verifyBatch(items: BatchItem[], now?: Date | number | string): Array<VerifiedToken | AuthTokenError>;
  /** `verifyBatch` as a Promise: the JS thread only reads the items; the batch's threads settle it. */
  verifyBatchAsync(items: BatchItem[], now?: Date | number | string): Promise<Array<VerifiedToken | AuthTokenError>>;
}

/**
 * Refuses a second use of a verified token while its verifier would still accept it, in this
 * process, in bounded memory. The window is the verifier's `maxAgeSeconds`; `capacity` (default
 * one million) is the most live ids held: past it `check` throws `replay_store_full` rather than
 * forget one. A fleet shares a store keyed by `replayId` instead.
 */
export declare class ReplayGuard {
  constructor(verifier: Verifier, capacity?: number | null);
  /** The most live ids held. */
  readonly capacity: number;
  /** How many ids are held (live, or expired but not yet swept). */
  readonly size: number;
  /**
   * Records `verified` at `now` (default the system clock); throws AuthTokenError `replayed` on
   * a second use of one signed request (any spelling) inside its window, `replay_store_full`
   * when full of live ids.
   */
  check(verified: Pick<VerifiedToken, 'replayId' | 'timestamp'>, now?: Date | number | string): void;
}

// ---------------------------------------------------------------------------------------------
// Keys and primitives

/** A secp256k1 private key. The secret is zeroized when the key is garbage-collected and never printed. */
export declare class PrivateKey {
  private constructor();
  /** From a WIF (mainnet or testnet, compressed or uncompressed). */
  static fromWif(wif: string): PrivateKey;
  /** From 64 hex digits. */
  static fromHex(hex: string): PrivateKey;
  /** From 32 big-endian bytes. */
  static fromBytes(bytes: Bytes): PrivateKey;
  /** A fresh key from the operating system's random source. */
  static generate(): PrivateKey;
  publicKey(): PublicKey;
  /** Compressed WIF. */
  toWif(network?: Network): string;
  toHex(): string;
  toBytes(): Buffer;
  /** BRC-42 child private key for `counterparty` and `invoiceNumber` (@bsv/sdk `PrivateKey.deriveChild`). */
  deriveChild(counterparty: PublicKey, invoiceNumber: string): PrivateKey;
  /** Constant-time equality. */
  equals(other: PrivateKey): boolean;
}

/** A secp256k1 public key. */
export declare class PublicKey {
  private constructor();
  /** From hex (66 digits `02`/`03`, or 130 digits `04`). */
  static fromHex(hex: string): PublicKey;
  /** From SEC1 bytes (33 or 65). */
  static fromBytes(bytes: Bytes): PublicKey;
  /** Compressed, 66 lower-case hex digits. */
  toHex(): string;
  /** SEC1: compressed (default, 33 bytes) or uncompressed (65 bytes). */
  toBytes(compressed?: boolean): Buffer;
  /** P2PKH address of the compressed key. */
  toAddress(network?: Network): string;
  /** BRC-42 child public key for the owner of `counterparty` (@bsv/sdk `PublicKey.deriveChild`). */
  deriveChild(counterparty: PrivateKey, invoiceNumber: string): PublicKey;
  equals(other: PublicKey): boolean;
}

/** Bitcoin Signed Message: base64 of the 65-byte compact signature (RFC 6979, low S). */
export declare function bsmSign(message: string | Bytes, key: PrivateKey | string): string;

/**
 * Bitcoin Signed Message verification. Strict by default (header must recover exactly this key,
 * low S, canonical base64); `{ compat: true }` is plain ECDSA like @bsv/sdk `BSM.verify`.
 * False if it does not verify; throws SigmaAuthError if the signature is malformed.
 */
export declare function bsmVerify(
  message: string | Bytes,
  signature: string,
  publicKey: PublicKey,
  options?: { compat?: boolean },
): boolean;

/** Bitcoin Signed Message: the key recovered from the signature. */
export declare function bsmRecover(message: string | Bytes, signature: string, options?: { compat?: boolean }): PublicKey;

/** BRC-77: a signed-message envelope for `verifier`, or for anyone if omitted (random key ID). */
export declare function brc77Sign(message: string | Bytes, signer: PrivateKey | string, verifier?: PublicKey | null): Buffer;

/**
 * BRC-77: verifies an envelope and returns the signer. Throws SigmaAuthError with code
 * `signature_mismatch`, `recipient_required`, `wrong_recipient`, `version_mismatch`, ...
 */
export declare function brc77Verify(
  message: string | Bytes,
  signature: Bytes,
  options?: { recipient?: PrivateKey | null; compat?: boolean },
): PublicKey;

/**
 * BRC-78: encrypts a non-empty `message` from `sender` to `recipient` (`EncryptedMessage.encrypt`
 * of @bsv/sdk). `keyId` and `iv` (32 bytes each, both or neither) make it deterministic; random by default.
 */
export declare function brc78Encrypt(
  message: string | Bytes,
  sender: PrivateKey | string,
  recipient: PublicKey,
  options?: { keyId?: Bytes | null; iv?: Bytes | null },
): Buffer;

/**
 * BRC-78: opens a message addressed to `recipient`. Throws SigmaAuthError with code
 * `wrong_recipient`, `decryption_failed`, `version_mismatch` or `invalid_length`.
 */
export declare function brc78Decrypt(data: Bytes, recipient: PrivateKey | string): { plaintext: Buffer; sender: PublicKey };

/**
 * ECIES-Electrum ("BIE1", `ECIES.electrumEncrypt` of @bsv/sdk). With `sender` the output is
 * deterministic (it is the ephemeral key); without it a fresh random key is used. `noKey` leaves the
 * sender key out (needs `sender`). Prefer brc78Encrypt for new data.
 */
export declare function eciesEncrypt(
  message: string | Bytes,
  recipient: PublicKey,
  options?: { sender?: PrivateKey | string | null; noKey?: boolean },
): Buffer;

/**
 * ECIES-Electrum: opens `data`. With `noKey` the ciphertext has no embedded key and `sender` is
 * required; otherwise the embedded key must be `sender` when given. Throws SigmaAuthError with code
 * `decryption_failed`, `version_mismatch` or `invalid_length`.
 */
export declare function eciesDecrypt(
  data: Bytes,
  recipient: PrivateKey | string,
  options?: { sender?: PublicKey | null; noKey?: boolean },
): Buffer;

/** A friend-encryption format: bsv-bap MemberID (default), MasterID (Type42), TokenPass self or peer. */
export type FriendMode = 'bap-member' | 'bap-master' | 'tokenpass-self' | 'tokenpass-peer';

/** The friend public key `key` publishes to `friendBapId`. */
export declare function friendPublicKey(
  key: PrivateKey | string,
  friendBapId: string,
  options?: { mode?: FriendMode },
): PublicKey;

/**
 * Friend encryption for `friendBapId`, to `to` (the friend key the friend published for you).
 * The bsv-bap modes are deterministic, byte-identical to bsv-bap `encryptWithSeed`.
 */
export declare function friendEncrypt(
  message: string | Bytes,
  key: PrivateKey | string,
  friendBapId: string,
  options?: { to?: PublicKey | null; mode?: FriendMode },
): Buffer;

/** Opens a friend message from `friendBapId`; `from` is checked against the embedded key. */
export declare function friendDecrypt(
  data: Bytes,
  key: PrivateKey | string,
  friendBapId: string,
  options?: { from?: PublicKey | null; mode?: FriendMode },
): Buffer;

/** AES-256-GCM with a 32-byte IV (`SymmetricKey` of @bsv/sdk): `IV || ciphertext || tag`. Never printed. */
export declare class SymmetricKey {
  private constructor();
  /** From 1 to 32 big-endian bytes, left-padded with zeros to 32. */
  static fromBytes(bytes: Bytes): SymmetricKey;
  /** Encrypts with `options.iv` (32 bytes) or a random IV. */
  encrypt(plaintext: string | Bytes, options?: { iv?: Bytes | null }): Buffer;
  /** Throws SigmaAuthError `decryption_failed` or `invalid_length`. */
  decrypt(sealed: Bytes): Buffer;
}

/** BRC-42: `key`'s child private key for `counterparty` and `invoiceNumber`. */
export declare function deriveChildPrivateKey(key: PrivateKey, counterparty: PublicKey, invoiceNumber: string): PrivateKey;

/** BRC-42: `counterparty`'s child public key, computed by the owner of `key`. */
export declare function deriveChildPublicKey(key: PrivateKey, counterparty: PublicKey, invoiceNumber: string): PublicKey;

// --- BAP -------------------------------------------------------------------------------------

/** The attested identity attribute: `urn:bap:id:<attribute>:<value>:<nonce>` of `identityKey`. */
export interface BapSubject {
  attribute: string;
  value: string;
  nonce: string;
  /** The subject's BAP ID (the identity the hash covers). */
  identityKey: string;
}

/** A checked attestation. */
export interface BapAttestation {
  type: 'ATTEST' | 'REVOKE';
  /** 64 lower-case hex digits. */
  hash: string;
  sequence: number;
  /** The signer's address (compressed key, mainnet). */
  address: string;
  /** The DATA push, when the output has a DATA part. */
  data?: Buffer;
}

/** The BAP ID of a mainnet P2PKH address; throws SigmaAuthError `invalid_address`. */
export declare function bapIdFromAddress(address: string): string;

/** The BAP ID of a public key (of its compressed address). */
export declare function bapIdFromPublicKey(publicKey: PublicKey): string;

/** The public keys of a BAP identity, as bsv-bap derives them. */
export interface BapIdentity {
  /** The address of the root path key (the address the BAP ID is made from). */
  rootAddress: string;
  /** The BAP ID (identity key). */
  identityKey: string;
  /** The member public key (root path key), compressed hex. */
  memberPublicKey: string;
  /** The address of the current signing key. */
  signingAddress: string;
}

/** Which master key a BAP identity comes from, with newId's idSeed and incrementPath calls. */
export type BapIdentityOptions = (
  | { /** Type42 master key (`new BAP({rootPk})`). */ key: PrivateKey | string; xprv?: undefined }
  | { /** BIP32 master key (`new BAP(xprv)`). */ xprv: string; key?: undefined }
) & { idSeed?: string; /** 0..10000, default 0. */ rotations?: number };

/**
 * The keys of the first identity of a BAP master key (`newId()`); throws SigmaAuthError
 * `invalid_xprv`, `invalid_input` (rotations above 10000), ...
 */
export declare function bapIdentity(options: BapIdentityOptions): BapIdentity;

/** The attestation hash (bsv-bap form, 64 hex digits). */
export declare function bapAttestationHash(subject: BapSubject): string;

/** An ATTEST output signed by `key` (AIP with the pipe): the pushes after OP_RETURN. */
export declare function bapSignAttestation(
  key: PrivateKey | string,
  hash: string,
  options?: { sequence?: number; data?: string | Bytes },
): Buffer[];

/**
 * Checks an ATTEST or REVOKE output (pushes after OP_RETURN). Throws SigmaAuthError with the
 * refusal's code (`bap_layout`, `aip_invalid_signature`, `bap_hash_mismatch`, ...).
 */
export declare function bapCheckAttestation(pushes: Bytes[], subject?: BapSubject): BapAttestation;
// ---------------------------------------------------------------------------------------------
// AIP and Sigma

/** A verified AIP signature. */
export interface AipVerified {
  /** The signer's (compressed-key, mainnet) address. */
  address: string;
  /** Which signed bytes matched: the pushes and `|`, or the pushes alone. */
  convention: 'with_pipe' | 'without_pipe';
  /** How many data pushes precede the AIP part. */
  dataPushes: number;
}

/**
 * AIP: signs `pushes` (those after OP_RETURN); returns them followed by `|`, the AIP prefix,
 * `BITCOIN_ECDSA`, the address and the 65-byte signature. `withPipe` signs the pushes and `|`.
 */
export declare function aipSign(pushes: Bytes[], key: PrivateKey | string, options?: { withPipe?: boolean }): Buffer[];
/** AIP: verifies the signature that ends `pushes`; throws SigmaAuthError (`aip_*` codes) otherwise. */
export declare function aipVerify(pushes: Bytes[]): AipVerified;

/** A verified Sigma instance. */
export interface SigmaVerified {
  algorithm: 'BSM' | 'BRC77';
  /** The signer's address. */
  address: string;
  /** The input index the instance names. */
  vin: number;
}

/** Sigma: signs the output `script` for the input spending `inputVout` of `inputTxid` (hex, display order). */
export declare function sigmaSign(
  script: Bytes,
  key: PrivateKey | string,
  inputTxid: string,
  inputVout: number,
  options?: { algorithm?: 'bsm' | 'brc77'; vin?: number },
): Buffer;
/** Sigma: verifies instance `instance` (default 0); throws SigmaAuthError (`sigma_*` codes) otherwise. */
export declare function sigmaVerify(
  script: Bytes,
  inputTxid: string,
  inputVout: number,
  options?: { instance?: number },
): SigmaVerified;
