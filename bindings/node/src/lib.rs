#![deny(clippy::unwrap_used, clippy::expect_used)]
//! Node binding of `sigma-auth-core` (npm package `sigma-auth-native`).
//!
//! This crate only converts types and maps errors; every check and every signature is done by
//! the core. The JavaScript wrapper (`index.js`) adds argument type checks, the error classes and
//! the `bitcoin-auth` drop-in argument handling.
//!
//! Errors: input errors are thrown as JS errors whose message starts with `[<code>] `, where
//! `<code>` is the core's stable `Error::code()`; `index.js` turns them into `SigmaAuthError`.
//! Token verification never throws: it returns an outcome object carrying
//! `VerifyError::code()`, which `index.js` turns into `AuthTokenError`.

use core::time::Duration;
use std::panic::{AssertUnwindSafe, catch_unwind};

use napi::bindgen_prelude::{AsyncTask, Buffer, Either, Env, Status};
use napi::{Error as NapiError, Result, Task};
use napi_derive::napi;
use sigma_auth_core::keys::{Network, Wif};
use sigma_auth_core::token::{self, Body, BodyEncoding, NewToken, Request, Scheme};
use sigma_auth_core::{
    Error as CoreError, Policy, PrivateKey as CorePrivateKey, PublicKey as CorePublicKey,
    Timestamp, Verified, Verifier, VerifyError, bsm, encoding, encrypted_message, signed_message,
    symmetric, type42,
};

// ---------------------------------------------------------------------------------------------
// Error helpers

/// A JS error for a core input error: message `[code] detail`.
fn core_err(e: CoreError) -> NapiError {
    NapiError::new(Status::GenericFailure, format!("[{}] {e}", e.code()))
}

/// A JS error with our own stable code.
fn err(code: &str, detail: &str) -> NapiError {
    NapiError::new(Status::GenericFailure, format!("[{code}] {detail}"))
}

/// Runs `f`, turning a panic into an `internal_error` result (the core does not panic; this is a
/// second line of defence for code running on libuv or batch threads).
fn guarded<T>(f: impl FnOnce() -> T, on_panic: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| on_panic())
}

// ---------------------------------------------------------------------------------------------
// Conversions

/// A body owned by Rust (so it can cross to a worker thread).
enum OwnedBody {
    Text(String, String),
    Bytes(Vec<u8>),
}

type JsBody = Either<String, Buffer>;

fn own_body(body: Option<JsBody>, encoding: Option<String>) -> Option<OwnedBody> {
    match body {
        None => None,
        Some(Either::A(text)) => Some(OwnedBody::Text(
            text,
            encoding.unwrap_or_else(|| "utf8".to_owned()),
        )),
        Some(Either::B(bytes)) => Some(OwnedBody::Bytes(bytes.to_vec())),
    }
}

impl OwnedBody {
    fn as_body(&self, policy: Policy) -> core::result::Result<Body<'_>, VerifyError> {
        Ok(match self {
            OwnedBody::Text(text, enc) => Body::Text(text, BodyEncoding::from_name(enc, policy)?),
            OwnedBody::Bytes(bytes) => Body::Bytes(bytes),
        })
    }
}

fn millis_to_timestamp(ms: f64) -> Result<Timestamp> {
    if !ms.is_finite() {
        return Err(err("invalid_timestamp", "time is not a finite number"));
    }
    Timestamp::from_unix_millis(ms.trunc() as i64).map_err(core_err)
}

fn millis_to_duration(ms: f64, what: &str) -> Result<Duration> {
    if !ms.is_finite() || ms < 0.0 {
        return Err(err(
            "invalid_input",
            &format!("{what} must be a finite number >= 0"),
        ));
    }
    Ok(Duration::from_millis(ms.min(1e15) as u64))
}

fn network(name: Option<String>) -> Result<Network> {
    match name.as_deref() {
        None | Some("mainnet") => Ok(Network::Mainnet),
        Some("testnet") => Ok(Network::Testnet),
        Some(_) => Err(err(
            "invalid_input",
            "network must be \"mainnet\" or \"testnet\"",
        )),
    }
}

fn message_bytes(message: &Either<String, Buffer>) -> &[u8] {
    match message {
        Either::A(s) => s.as_bytes(),
        Either::B(b) => b,
    }
}

// ---------------------------------------------------------------------------------------------
// Keys

/// A secp256k1 private key (secret zeroized when garbage-collected).
#[napi]
pub struct PrivateKey {
    inner: CorePrivateKey,
}

#[napi]
impl PrivateKey {
    /// A key from a WIF (mainnet or testnet, compressed or uncompressed).
    #[napi(factory, catch_unwind)]
    pub fn from_wif(wif: String) -> Result<PrivateKey> {
        CorePrivateKey::from_wif(&wif)
            .map(|inner| PrivateKey { inner })
            .map_err(core_err)
    }

    /// A key from 64 hex digits.
    #[napi(factory, catch_unwind)]
    pub fn from_hex(hex: String) -> Result<PrivateKey> {
        CorePrivateKey::from_hex(&hex)
            .map(|inner| PrivateKey { inner })
            .map_err(core_err)
    }

    /// A key from 32 big-endian bytes.
    #[napi(factory, catch_unwind)]
    pub fn from_bytes(bytes: Buffer) -> Result<PrivateKey> {
        CorePrivateKey::from_slice(&bytes)
            .map(|inner| PrivateKey { inner })
            .map_err(core_err)
    }

    /// A fresh random key from the operating system's random source.
    #[napi(factory, catch_unwind)]
    pub fn generate() -> Result<PrivateKey> {
        CorePrivateKey::generate()
            .map(|inner| PrivateKey { inner })
            .map_err(core_err)
    }

    /// The public key.
    #[napi(catch_unwind)]
    pub fn public_key(&self) -> PublicKey {
        PublicKey {
            inner: *self.inner.public_key(),
        }
    }

    /// The compressed WIF (`"mainnet"` by default, or `"testnet"`).
    #[napi(catch_unwind)]
    pub fn to_wif(&self, network_name: Option<String>) -> Result<String> {
        Ok(self.inner.to_wif(network(network_name)?).to_string())
    }

    /// 64 lower-case hex digits.
    #[napi(catch_unwind)]
    pub fn to_hex(&self) -> String {
        self.inner.to_hex().to_string()
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
        counterparty: &PublicKey,
        invoice_number: String,
    ) -> Result<PrivateKey> {
        type42::derive_child_private_key(&self.inner, &counterparty.inner, &invoice_number)
            .map(|inner| PrivateKey { inner })
            .map_err(core_err)
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
    inner: CorePublicKey,
}

#[napi]
impl PublicKey {
    /// A key from hex: 66 digits (`02`/`03`) or 130 digits (`04`), strict.
    #[napi(factory, catch_unwind)]
    pub fn from_hex(hex: String) -> Result<PublicKey> {
        CorePublicKey::from_hex(&hex)
            .map(|inner| PublicKey { inner })
            .map_err(core_err)
    }

    /// A key from SEC1 bytes (33 compressed or 65 uncompressed).
    #[napi(factory, catch_unwind)]
    pub fn from_bytes(bytes: Buffer) -> Result<PublicKey> {
        CorePublicKey::from_sec1(&bytes)
            .map(|inner| PublicKey { inner })
            .map_err(core_err)
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
    pub fn to_address(&self, network_name: Option<String>) -> Result<String> {
        Ok(self.inner.address(network(network_name)?))
    }

    /// BRC-42: the child public key of this key for the owner of `counterparty` and
    /// `invoiceNumber` (`PublicKey.deriveChild` of `@bsv/sdk`).
    #[napi(catch_unwind)]
    pub fn derive_child(
        &self,
        counterparty: &PrivateKey,
        invoice_number: String,
    ) -> Result<PublicKey> {
        type42::derive_child_public_key(&counterparty.inner, &self.inner, &invoice_number)
            .map(|inner| PublicKey { inner })
            .map_err(core_err)
    }

    /// Whether two keys are the same point.
    #[napi(catch_unwind)]
    pub fn equals(&self, other: &PublicKey) -> bool {
        self.inner == other.inner
    }
}

// ---------------------------------------------------------------------------------------------
// BSM and BRC-77

/// Bitcoin Signed Message: the 65-byte compact signature as base64.
#[napi(catch_unwind)]
pub fn bsm_sign(message: Either<String, Buffer>, key: &PrivateKey) -> Result<String> {
    bsm::sign_base64(message_bytes(&message), &key.inner).map_err(core_err)
}

/// Bitcoin Signed Message verification against `key`. Throws `[code] ...` for a malformed
/// signature, returns false for a well-formed one that does not verify.
#[napi(catch_unwind)]
pub fn bsm_verify(
    message: Either<String, Buffer>,
    signature: String,
    key: &PublicKey,
    compat: Option<bool>,
) -> Result<bool> {
    let policy = policy(compat);
    let sig = bsm::CompactSignature::parse_base64(&signature, policy).map_err(core_err)?;
    match bsm::verify(message_bytes(&message), &sig, &key.inner, policy) {
        Ok(()) => Ok(true),
        Err(CoreError::SignatureMismatch { .. }) => Ok(false),
        Err(e) => Err(core_err(e)),
    }
}

/// Bitcoin Signed Message: the key recovered from the signature's header.
#[napi(catch_unwind)]
pub fn bsm_recover(
    message: Either<String, Buffer>,
    signature: String,
    compat: Option<bool>,
) -> Result<PublicKey> {
    let sig = bsm::CompactSignature::parse_base64(&signature, policy(compat)).map_err(core_err)?;
    bsm::recover(message_bytes(&message), &sig)
        .map(|(inner, _)| PublicKey { inner })
        .map_err(core_err)
}

/// BRC-77: signs `message` for `verifier` (anyone if absent) with a random key ID.
#[napi(catch_unwind)]
pub fn brc77_sign(
    message: Either<String, Buffer>,
    signer: &PrivateKey,
    verifier: Option<&PublicKey>,
) -> Result<Buffer> {
    signed_message::sign_random(
        message_bytes(&message),
        &signer.inner,
        verifier.map(|v| &v.inner),
    )
    .map(Buffer::from)
    .map_err(core_err)
}

/// BRC-77: verifies `signature` over `message` and returns the signer; `recipient` is needed
/// for an envelope addressed to a specific verifier. Throws `[code] ...` on any failure.
#[napi(catch_unwind)]
pub fn brc77_verify(
    message: Either<String, Buffer>,
    signature: Buffer,
    recipient: Option<&PrivateKey>,
    compat: Option<bool>,
) -> Result<PublicKey> {
    signed_message::verify(
        message_bytes(&message),
        &signature,
        recipient.map(|r| &r.inner),
        policy(compat),
    )
    .map(|inner| PublicKey { inner })
    .map_err(core_err)
}

/// Exactly 32 bytes for `field`, or `[invalid_length] ...`.
fn bytes32(bytes: &[u8], field: &'static str) -> Result<[u8; 32]> {
    bytes.try_into().map_err(|_| {
        core_err(CoreError::InvalidLength {
            field,
            expected: 32,
            actual: bytes.len(),
        })
    })
}

/// BRC-78: encrypts `message` from `sender` to `recipient`. With `key_id` and `iv` (32 bytes
/// each, both or neither) the output is deterministic; without them both are random. Throws
/// `[invalid_input] ...` for an empty message (the reference SDK could not decrypt it).
#[napi(catch_unwind)]
pub fn brc78_encrypt(
    message: Either<String, Buffer>,
    sender: &PrivateKey,
    recipient: &PublicKey,
    key_id: Option<Buffer>,
    iv: Option<Buffer>,
) -> Result<Buffer> {
    let message = message_bytes(&message);
    let sealed = match (key_id, iv) {
        (None, None) => encrypted_message::encrypt_random(message, &sender.inner, &recipient.inner),
        (Some(key_id), Some(iv)) => encrypted_message::encrypt(
            message,
            &sender.inner,
            &recipient.inner,
            bytes32(&key_id, "key_id")?,
            bytes32(&iv, "iv")?,
        ),
        _ => return Err(err("invalid_input", "keyId and iv: give both or neither")),
    };
    sealed.map(Buffer::from).map_err(core_err)
}

/// The result of [`brc78_decrypt`].
#[napi(object)]
pub struct Brc78Decrypted {
    /// The plaintext.
    pub plaintext: Buffer,
    /// Who encrypted it: the 33-byte compressed sender key of the message, which the
    /// AES-GCM tag proves (`index.js` turns it into a `PublicKey`).
    pub sender: Buffer,
}

/// BRC-78: opens `data` addressed to `recipient`. Throws `[wrong_recipient]`,
/// `[decryption_failed]`, `[version_mismatch]` or `[invalid_length]` on failure.
#[napi(catch_unwind)]
pub fn brc78_decrypt(data: Buffer, recipient: &PrivateKey) -> Result<Brc78Decrypted> {
    let (plain, sender) = encrypted_message::decrypt(&data, &recipient.inner).map_err(core_err)?;
    Ok(Brc78Decrypted {
        plaintext: Buffer::from(plain),
        sender: Buffer::from(sender.to_compressed().to_vec()),
    })
}

/// An AES-256-GCM key with a 32-byte IV, as `SymmetricKey` of `@bsv/sdk` (zeroized when
/// garbage-collected).
#[napi]
pub struct SymmetricKey {
    inner: symmetric::SymmetricKey,
}

#[napi]
impl SymmetricKey {
    /// A key from 1 to 32 big-endian bytes, left-padded with zeros to 32.
    #[napi(factory, catch_unwind)]
    pub fn from_bytes(bytes: Buffer) -> Result<SymmetricKey> {
        symmetric::SymmetricKey::from_slice(&bytes)
            .map(|inner| SymmetricKey { inner })
            .map_err(core_err)
    }

    /// `IV || ciphertext || tag`; with the caller's 32-byte `iv`, or a random one if absent.
    #[napi(catch_unwind)]
    pub fn encrypt(&self, plaintext: Either<String, Buffer>, iv: Option<Buffer>) -> Result<Buffer> {
        let plaintext = message_bytes(&plaintext);
        match iv {
            Some(iv) => Ok(Buffer::from(
                self.inner.encrypt(plaintext, bytes32(&iv, "iv")?),
            )),
            None => self
                .inner
                .encrypt_random(plaintext)
                .map(Buffer::from)
                .map_err(core_err),
        }
    }

    /// Opens `IV || ciphertext || tag`; throws `[decryption_failed]` or `[invalid_length]`.
    #[napi(catch_unwind)]
    pub fn decrypt(&self, sealed: Buffer) -> Result<Buffer> {
        self.inner
            .decrypt(&sealed)
            .map(Buffer::from)
            .map_err(core_err)
    }
}

fn policy(compat: Option<bool>) -> Policy {
    if compat.unwrap_or(false) {
        Policy::Compat
    } else {
        Policy::Strict
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens: create and parse

/// Creates an X-Auth-Token. `timestamp`: strict ISO text (`YYYY-MM-DDTHH:mm:ss.sssZ`) or Unix
/// milliseconds; the system clock if absent. `body`: text decoded with `bodyEncoding`
/// (`utf8`/`hex`/`base64`, strict) or raw bytes.
#[napi(catch_unwind)]
pub fn create_token(
    key: &PrivateKey,
    request_path: String,
    scheme: String,
    timestamp: Option<Either<String, f64>>,
    body: Option<JsBody>,
    body_encoding: Option<String>,
) -> Result<String> {
    create_with_key(
        &key.inner,
        &request_path,
        &scheme,
        timestamp,
        body,
        body_encoding,
    )
}

/// [`create_token`] for a compressed WIF, as `getAuthToken` takes it.
#[napi(catch_unwind)]
pub fn create_token_wif(
    wif: String,
    request_path: String,
    scheme: String,
    timestamp: Option<Either<String, f64>>,
    body: Option<JsBody>,
    body_encoding: Option<String>,
) -> Result<String> {
    let decoded = Wif::decode(&wif).map_err(core_err)?;
    if !decoded.compressed {
        return Err(err(
            "invalid_wif",
            "wif: uncompressed WIF (the token pubkey is always compressed)",
        ));
    }
    create_with_key(
        &decoded.key,
        &request_path,
        &scheme,
        timestamp,
        body,
        body_encoding,
    )
}

fn create_with_key(
    key: &CorePrivateKey,
    request_path: &str,
    scheme: &str,
    timestamp: Option<Either<String, f64>>,
    body: Option<JsBody>,
    body_encoding: Option<String>,
) -> Result<String> {
    let scheme = Scheme::from_name(scheme).ok_or_else(|| {
        err(
            "invalid_input",
            "scheme: must be exactly \"bsm\" or \"brc77\"",
        )
    })?;
    let ts = match timestamp {
        None => Timestamp::now(),
        Some(Either::A(text)) => Timestamp::parse_iso("timestamp", &text).map_err(core_err)?,
        Some(Either::B(ms)) => millis_to_timestamp(ms)?,
    };
    let owned = own_body(body, body_encoding);
    let mut spec = NewToken::new(request_path, scheme, ts);
    if let Some(b) = &owned {
        let body = b
            .as_body(Policy::Strict)
            .map_err(|e| err("invalid_input", &format!("bodyEncoding: {}", e.detail())))?;
        spec = spec.with_body(body);
    }
    token::create_random(key, &spec).map_err(core_err)
}

/// The five fields of a token, as `parseAuthToken` returns them.
#[napi(object)]
pub struct TokenFields {
    /// The pubkey field (text, unchecked).
    pub pubkey: String,
    /// `"bsm"` or `"brc77"`.
    pub scheme: String,
    /// The timestamp field (text, unchecked).
    pub timestamp: String,
    /// The request path field.
    pub request_path: String,
    /// The signature field (text, unchecked).
    pub signature: String,
}

/// Splits a token exactly as `parseAuthToken` does; `null` if it is not five fields with a
/// known scheme.
#[napi(catch_unwind)]
pub fn parse_token(token: String) -> Option<TokenFields> {
    let parts = token::parse(&token).ok()?;
    Some(TokenFields {
        pubkey: parts.pubkey.to_owned(),
        scheme: parts.scheme.as_str().to_owned(),
        timestamp: parts.timestamp.to_owned(),
        request_path: parts.request_path.to_owned(),
        signature: parts.signature.to_owned(),
    })
}

// ---------------------------------------------------------------------------------------------
// Tokens: verify

/// Verifier settings shared by `verify`, `verifyAsync` and `verifyBatch`.
#[napi(object)]
pub struct VerifySettings {
    /// The instant to verify at, Unix milliseconds; the system clock if absent.
    pub now: Option<f64>,
    /// Maximum age in milliseconds.
    pub max_age_ms: f64,
    /// Maximum skew (how far ahead a token may be dated) in milliseconds.
    pub max_skew_ms: f64,
    /// Accept the other spellings the reference tolerates (encodings only).
    pub compat: bool,
}

/// The result of one verification: `code` set on failure; the other fields on success.
#[napi(object)]
pub struct VerifyOutcome {
    /// The stable reason code (`VerifyError::code()`), if verification failed.
    pub code: Option<String>,
    /// Human-readable detail of the failure.
    pub message: Option<String>,
    /// The signer's compressed public key, hex.
    pub pubkey: Option<String>,
    /// `"bsm"` or `"brc77"`.
    pub scheme: Option<String>,
    /// The signed timestamp, Unix milliseconds.
    pub timestamp: Option<f64>,
    /// The replay id, 64 hex digits.
    pub replay_id: Option<String>,
}

impl VerifyOutcome {
    fn from_result(r: core::result::Result<Verified, VerifyError>) -> VerifyOutcome {
        match r {
            Ok(v) => VerifyOutcome {
                code: None,
                message: None,
                pubkey: Some(v.pubkey.to_hex()),
                scheme: Some(v.scheme.as_str().to_owned()),
                timestamp: Some(v.timestamp.unix_millis() as f64),
                replay_id: Some(encoding::hex_encode(&v.replay_id)),
            },
            Err(e) => VerifyOutcome {
                code: Some(e.code().to_owned()),
                message: Some(e.detail().to_owned()),
                pubkey: None,
                scheme: None,
                timestamp: None,
                replay_id: None,
            },
        }
    }

    fn internal() -> VerifyOutcome {
        VerifyOutcome {
            code: Some("internal_error".to_owned()),
            message: Some("internal error while verifying".to_owned()),
            pubkey: None,
            scheme: None,
            timestamp: None,
            replay_id: None,
        }
    }
}

/// A verifier and its clock, resolved from [`VerifySettings`].
#[derive(Clone, Copy)]
struct Plan {
    verifier: Verifier,
    now: Option<Timestamp>,
}

impl Plan {
    fn new(s: &VerifySettings) -> Result<Plan> {
        let verifier = Verifier::new()
            .with_max_age(millis_to_duration(s.max_age_ms, "maxAgeSeconds")?)
            .with_max_skew(millis_to_duration(s.max_skew_ms, "maxSkewSeconds")?)
            .with_policy(policy(Some(s.compat)));
        let now = s.now.map(millis_to_timestamp).transpose()?;
        Ok(Plan { verifier, now })
    }

    fn now(&self) -> Timestamp {
        self.now.unwrap_or_else(Timestamp::now)
    }
}

/// One token and the request it must match, owned.
struct Job {
    token: String,
    path: String,
    body: Option<OwnedBody>,
}

impl Job {
    fn run(&self, plan: &Plan, now: Timestamp) -> core::result::Result<Verified, VerifyError> {
        let mut request = Request::new(&self.path);
        if let Some(b) = &self.body {
            request = request.with_body(b.as_body(plan.verifier.policy())?);
        }
        plan.verifier.verify(&self.token, &request, now)
    }
}

/// Verifies a token for a request; never throws for a bad token (see `code`).
#[napi(catch_unwind)]
pub fn verify_token(
    token: String,
    request_path: String,
    body: Option<JsBody>,
    body_encoding: Option<String>,
    settings: VerifySettings,
) -> Result<VerifyOutcome> {
    let plan = Plan::new(&settings)?;
    let job = Job {
        token,
        path: request_path,
        body: own_body(body, body_encoding),
    };
    Ok(VerifyOutcome::from_result(job.run(&plan, plan.now())))
}

/// Work for the libuv thread pool: one verification.
pub struct VerifyTask {
    plan: Plan,
    job: Job,
}

impl Task for VerifyTask {
    type Output = VerifyOutcome;
    type JsValue = VerifyOutcome;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(guarded(
            || VerifyOutcome::from_result(self.job.run(&self.plan, self.plan.now())),
            VerifyOutcome::internal,
        ))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output)
    }
}

/// [`verify_token`] on the libuv thread pool.
#[napi(catch_unwind, ts_return_type = "Promise<VerifyOutcome>")]
pub fn verify_token_async(
    token: String,
    request_path: String,
    body: Option<JsBody>,
    body_encoding: Option<String>,
    settings: VerifySettings,
) -> Result<AsyncTask<VerifyTask>> {
    let plan = Plan::new(&settings)?;
    let job = Job {
        token,
        path: request_path,
        body: own_body(body, body_encoding),
    };
    Ok(AsyncTask::new(VerifyTask { plan, job }))
}

/// One item of a batch.
#[napi(object)]
pub struct BatchItem {
    /// The X-Auth-Token.
    pub token: String,
    /// The request path (with query) as received.
    pub request_path: String,
    /// The body as received: text (decoded with `bodyEncoding`) or bytes.
    pub body: Option<JsBody>,
    /// `utf8` (default), `hex` or `base64`.
    pub body_encoding: Option<String>,
}

fn own_batch(items: Vec<BatchItem>) -> Vec<Job> {
    items
        .into_iter()
        .map(|i| Job {
            token: i.token,
            path: i.request_path,
            body: own_body(i.body, i.body_encoding),
        })
        .collect()
}

fn run_batch(plan: &Plan, jobs: &[Job]) -> Vec<VerifyOutcome> {
    let now = plan.now();
    // An item whose body encoding is unusable fails on its own; the rest go to the core's
    // threaded batch verifier, and the answers are put back in input order.
    let mut out: Vec<Option<VerifyOutcome>> = Vec::with_capacity(jobs.len());
    let mut ready: Vec<(&str, Request<'_>)> = Vec::with_capacity(jobs.len());
    let mut slots = Vec::with_capacity(jobs.len());
    for (i, job) in jobs.iter().enumerate() {
        let body = job
            .body
            .as_ref()
            .map(|b| b.as_body(plan.verifier.policy()))
            .transpose();
        match body {
            Ok(body) => {
                let mut request = Request::new(&job.path);
                if let Some(b) = body {
                    request = request.with_body(b);
                }
                ready.push((&job.token, request));
                slots.push(i);
                out.push(None);
            }
            Err(e) => out.push(Some(VerifyOutcome::from_result(Err(e)))),
        }
    }
    let results = plan.verifier.verify_batch(&ready, now);
    for (slot, r) in slots.into_iter().zip(results) {
        out[slot] = Some(VerifyOutcome::from_result(r));
    }
    out.into_iter()
        .map(|o| o.unwrap_or_else(VerifyOutcome::internal))
        .collect()
}

/// Verifies many tokens in one call on all cores; results in input order.
#[napi(catch_unwind)]
pub fn verify_token_batch(
    items: Vec<BatchItem>,
    settings: VerifySettings,
) -> Result<Vec<VerifyOutcome>> {
    let plan = Plan::new(&settings)?;
    let jobs = own_batch(items);
    Ok(run_batch(&plan, &jobs))
}

/// Work for the libuv thread pool: a batch.
pub struct BatchTask {
    plan: Plan,
    jobs: Vec<Job>,
}

impl Task for BatchTask {
    type Output = Vec<VerifyOutcome>;
    type JsValue = Vec<VerifyOutcome>;

    fn compute(&mut self) -> Result<Self::Output> {
        let n = self.jobs.len();
        Ok(guarded(
            || run_batch(&self.plan, &self.jobs),
            || (0..n).map(|_| VerifyOutcome::internal()).collect(),
        ))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output)
    }
}

/// [`verify_token_batch`] started from the libuv thread pool (the JS thread stays free).
#[napi(catch_unwind, ts_return_type = "Promise<Array<VerifyOutcome>>")]
pub fn verify_token_batch_async(
    items: Vec<BatchItem>,
    settings: VerifySettings,
) -> Result<AsyncTask<BatchTask>> {
    let plan = Plan::new(&settings)?;
    Ok(AsyncTask::new(BatchTask {
        plan,
        jobs: own_batch(items),
    }))
}

/// The `verifyAuthToken` drop-in check: strict (or compat) verification with a two-sided
/// window of `padMs` around `nowMs`, and, if `alsoNowMs` is given, also around that instant.
/// Returns only true or false.
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)] // mirrors the JS call; one flat call keeps the drop-in fast
pub fn verify_token_bool(
    token: String,
    request_path: String,
    body: Option<JsBody>,
    body_encoding: Option<String>,
    pad_ms: f64,
    now_ms: f64,
    also_now_ms: Option<f64>,
    compat: bool,
) -> bool {
    let Ok(pad) = millis_to_duration(pad_ms, "timePad") else {
        return false;
    };
    let Ok(now) = millis_to_timestamp(now_ms) else {
        return false;
    };
    let plan = Plan {
        verifier: Verifier::new()
            .with_max_age(pad)
            .with_max_skew(pad)
            .with_policy(policy(Some(compat))),
        now: Some(now),
    };
    let job = Job {
        token,
        path: request_path,
        body: own_body(body, body_encoding),
    };
    let Ok(verified) = job.run(&plan, now) else {
        return false;
    };
    match also_now_ms {
        None => true,
        Some(other) if other.is_finite() => {
            let diff = (verified.timestamp.unix_millis() as f64 - other).abs();
            diff <= pad.as_millis() as f64
        }
        Some(_) => false,
    }
}

/// Every stable verification reason code, in code order.
#[napi(catch_unwind)]
pub fn reason_codes() -> Vec<String> {
    sigma_auth_core::Reason::ALL
        .iter()
        .map(|r| r.code().to_owned())
        .collect()
}
