//! Token verification: the addon's half of the `Verifier` class, configured once (`index.js`
//! checks the arguments of `verify`, `verifyAsync`, `verifyBatch` and `verifyBatchAsync`, and
//! builds their answers from the flat forms here), and the check of the `verifyAuthToken`
//! drop-in. The free functions of `index.js` are thin wrappers over the class.

use napi::bindgen_prelude::{
    Array, AsyncTask, Buffer, Either, Env, FromNapiValue, Object, ToNapiValue,
};
use napi::{Result, Task, sys};
use napi_derive::napi;
use sigma_auth_core::{Reason, Timestamp, Verified, Verifier as CoreVerifier, VerifyError};

use sigma_auth_core::token::{BatchFeed, OwnedRequest};

use crate::answers::{Columns, Flat};
use crate::conversions::{
    JsBytes, millis_to_duration, millis_to_timestamp, own_body, policy, seconds_to_duration,
};
use crate::errors::{Fault, Kind, OrThrow, boundary, guarded};

/// How a `Verifier` is configured. Absent fields take the core's defaults.
#[napi(object)]
pub struct VerifierOptions {
    /// How old a token may be, in seconds (the core's default window if absent).
    pub max_age_seconds: Option<f64>,
    /// How far ahead a token may be dated, in seconds (the core's default if absent).
    pub max_skew_seconds: Option<f64>,
    /// Accept every encoding the reference tolerates (default false).
    pub compat: Option<bool>,
}

/// The request a token must match.
#[napi(object)]
pub struct TokenRequest {
    /// The request path with query, as received.
    pub request_path: String,
    /// The body as received: text (decoded with `bodyEncoding`) or raw bytes.
    #[napi(ts_type = "string | Buffer | null")]
    pub body: Option<JsBytes>,
    /// For text bodies: `'utf8'` (default), `'hex'` or `'base64'`.
    #[napi(ts_type = "'utf8' | 'hex' | 'base64'")]
    pub body_encoding: Option<String>,
}

/// A token that passed verification.
#[napi(object, object_from_js = false)]
pub struct VerifiedToken {
    /// The signer's compressed public key, 66 lower-case hex digits.
    pub pubkey: String,
    /// `'bsm'` or `'brc77'`.
    #[napi(ts_type = "'bsm' | 'brc77'")]
    pub scheme: String,
    /// The signed timestamp.
    #[napi(ts_type = "Date")]
    pub timestamp: JsDate,
    /// 64 hex digits, the same for every spelling of one signed request: key a replay cache
    /// with it.
    pub replay_id: String,
}

impl From<Verified> for VerifiedToken {
    fn from(v: Verified) -> VerifiedToken {
        VerifiedToken {
            pubkey: v.pubkey.to_hex(),
            scheme: v.scheme.as_str().to_owned(),
            timestamp: JsDate(v.timestamp.unix_millis() as f64),
            replay_id: base16ct::lower::encode_string(v.replay_id()),
        }
    }
}

/// Unix milliseconds that become a JavaScript `Date`.
pub struct JsDate(f64);

impl ToNapiValue for JsDate {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> Result<sys::napi_value> {
        let mut date = core::ptr::null_mut();
        // SAFETY: `env` is the live environment napi-rs passes to this conversion.
        napi::check_status!(unsafe { sys::napi_create_date(env, val.0, &mut date) })?;
        Ok(date)
    }
}

/// Verifies X-Auth-Tokens with one window and policy, set once.
#[napi]
pub struct Verifier {
    inner: CoreVerifier,
}

#[napi]
impl Verifier {
    /// A verifier with `options` (the core's defaults for what is absent). Throws
    /// `SigmaAuthError` `invalid_input` for a negative or non-finite number.
    #[napi(constructor, catch_unwind)]
    pub fn new(env: Env, options: Option<VerifierOptions>) -> Result<Verifier> {
        boundary(&env, || {
            Verifier::configure(options.unwrap_or(VerifierOptions {
                max_age_seconds: None,
                max_skew_seconds: None,
                compat: None,
            }))
            .or_throw(&env)
        })
    }

    /// The core verifier (its window sizes a `ReplayGuard`).
    pub(crate) fn core(&self) -> &CoreVerifier {
        &self.inner
    }

    fn configure(o: VerifierOptions) -> core::result::Result<Verifier, Fault> {
        let mut inner = CoreVerifier::new().with_policy(policy(o.compat));
        if let Some(s) = o.max_age_seconds {
            inner = inner.with_max_age(seconds_to_duration(s, "maxAgeSeconds")?);
        }
        if let Some(s) = o.max_skew_seconds {
            inner = inner.with_max_skew(seconds_to_duration(s, "maxSkewSeconds")?);
        }
        Ok(Verifier { inner })
    }

    /// The maximum age, in seconds.
    #[napi(getter)]
    pub fn max_age_seconds(&self) -> f64 {
        self.inner.max_age().as_secs_f64()
    }

    /// The maximum skew, in seconds.
    #[napi(getter)]
    pub fn max_skew_seconds(&self) -> f64 {
        self.inner.max_skew().as_secs_f64()
    }

    /// Whether every encoding the reference tolerates is accepted.
    #[napi(getter)]
    pub fn compat(&self) -> bool {
        self.inner.policy() == sigma_auth_core::Policy::Compat
    }

    /// Verifies `token` for `request` at `now` (Unix milliseconds; the system clock if absent)
    /// on the libuv thread pool: a Promise, rejected with `AuthTokenError` (with `code`) if it
    /// fails; the JS thread stays free.
    #[napi(catch_unwind, ts_return_type = "Promise<VerifiedToken>")]
    pub fn verify_async(
        &self,
        env: Env,
        token: String,
        request: TokenRequest,
        now: Option<f64>,
    ) -> Result<AsyncTask<VerifyTask>> {
        boundary(&env, || {
            let now = instant(now).or_throw(&env)?;
            let item = self.own(
                token,
                request.request_path,
                request.body,
                request.body_encoding,
            );
            Ok(AsyncTask::new(VerifyTask {
                verifier: self.inner,
                item,
                now,
            }))
        })
    }

    /// `verify` as `index.js` calls it: the request as flat arguments, the verified token as a
    /// [`Flat`] (`index.js` builds the object); a refusal is thrown as an `AuthTokenError`.
    /// Not in the typings: `index.js` is the API.
    #[napi(skip_typescript, catch_unwind)]
    pub fn verify_flat(
        &self,
        env: Env,
        token: String,
        request_path: String,
        body: Option<JsBytes>,
        body_encoding: Option<String>,
        now: Option<f64>,
    ) -> Result<Flat> {
        boundary(&env, || {
            let now = instant(now).or_throw(&env)?;
            let item = self.own(token, request_path, body, body_encoding);
            let verified = verify_one(&self.inner, &item, now).or_throw(&env)?;
            Ok(Flat(verified))
        })
    }

    /// `verifyBatch` as `index.js` calls it: the items as four parallel arrays (no object to
    /// read per item; `encodings` absent when no item names one), the answers as [`Columns`] (no
    /// value to build per item here; `index.js` builds them). The items are read from the arrays
    /// one by one while the other cores already verify the ones read (`Verifier::feed`); then
    /// this thread verifies with them. Not in the typings: `index.js` is the API.
    #[napi(skip_typescript, catch_unwind)]
    pub fn verify_batch_flat(
        &self,
        env: Env,
        tokens: Array,
        paths: Array,
        bodies: Array,
        encodings: Option<Array>,
        now: Option<f64>,
    ) -> Result<Columns> {
        boundary(&env, || {
            let now = instant(now).or_throw(&env)?;
            let columns = [&tokens, &paths, &bodies];
            let feed = self.feed(CoreVerifier::feed_many, columns, encodings.as_ref(), now);
            Ok(Columns::of(feed.finish()))
        })
    }

    /// [`Verifier::verify_batch_flat`] as a Promise, the JavaScript thread free while the batch
    /// runs. The items are read here, on the JavaScript thread, while a worker per core already
    /// verifies the ones read (`Verifier::feed`); the last worker to end builds the answers and
    /// settles the promise (`BatchFeed::finish_then`), so no pool thread is woken for it.
    #[napi(skip_typescript, catch_unwind)]
    pub fn verify_batch_flat_async<'env>(
        &self,
        env: &'env Env,
        tokens: Array,
        paths: Array,
        bodies: Array,
        encodings: Option<Array>,
        now: Option<f64>,
    ) -> Result<Object<'env>> {
        boundary(env, || {
            let now = instant(now).or_throw(env)?;
            let (deferred, promise) = env.create_deferred()?;
            let len = tokens.len() as usize;
            // A worker per core: the JavaScript thread returns to its event loop as soon as the
            // items are read.
            let columns = [&tokens, &paths, &bodies];
            let start = CoreVerifier::feed_many_in_background;
            let feed = self.feed(start, columns, encodings.as_ref(), now);
            feed.finish_then(move |answers| {
                let columns = guarded(
                    || Columns::of(answers),
                    || Columns::failed(len, Fault::internal(Kind::Token)),
                );
                deferred.resolve(move |_env| Ok(columns));
            });
            Ok(promise)
        })
    }

    /// A batch of the items of the columns (tokens, paths, bodies; `index.js` checked their
    /// types and lengths), started by `start` (the core's `feed_many` or
    /// `feed_many_in_background`), each item read and pushed in turn while the core's workers
    /// already verify the ones pushed; to be finished here or on a pool thread.
    fn feed(
        &self,
        start: fn(&CoreVerifier, usize, Timestamp) -> BatchFeed,
        columns: [&Array; 3],
        encodings: Option<&Array>,
        now: Timestamp,
    ) -> BatchFeed {
        let len = columns[0].len();
        let mut feed = start(&self.inner, len as usize, now);
        for i in 0..len {
            feed.push(self.item_at(columns, encodings, i));
        }
        feed
    }

    /// Item `i` of a batch's columns, owned.
    fn item_at(
        &self,
        [tokens, paths, bodies]: [&Array; 3],
        encodings: Option<&Array>,
        i: u32,
    ) -> core::result::Result<OwnedRequest, VerifyError> {
        let encoding = match encodings {
            Some(column) => read(column, i)?,
            None => None,
        };
        let (Some(token), Some(path)) = (read(tokens, i)?, read(paths, i)?) else {
            return Err(unreadable());
        };
        self.own(token, path, read(bodies, i)?, encoding)
    }

    fn own(
        &self,
        token: String,
        path: String,
        body: Option<JsBytes>,
        encoding: Option<String>,
    ) -> core::result::Result<OwnedRequest, VerifyError> {
        Ok(OwnedRequest {
            token,
            path,
            body: own_body(body, encoding.as_deref(), self.inner.policy())?,
        })
    }
}

/// Element `i` of a batch's column (`None` if undefined or null).
fn read<T: FromNapiValue>(column: &Array, i: u32) -> core::result::Result<Option<T>, VerifyError> {
    column
        .get::<Option<T>>(i)
        .map(Option::flatten)
        .map_err(|_| unreadable())
}

/// The answer for an item of a batch that could not be read from its arrays (`index.js` checked
/// them, so this is not expected).
fn unreadable() -> VerifyError {
    VerifyError::new(
        Reason::InternalError,
        "internal error while reading this item",
    )
}

/// `now` in Unix milliseconds, or the system clock.
fn instant(now: Option<f64>) -> core::result::Result<Timestamp, Fault> {
    now.map_or_else(|| Ok(Timestamp::now()), millis_to_timestamp)
}

fn verify_one(
    verifier: &CoreVerifier,
    item: &core::result::Result<OwnedRequest, VerifyError>,
    now: Timestamp,
) -> core::result::Result<Verified, VerifyError> {
    verifier.verify_owned(item.as_ref().map_err(|e| *e)?, now)
}

/// Work for the libuv thread pool: one verification.
pub struct VerifyTask {
    verifier: CoreVerifier,
    item: core::result::Result<OwnedRequest, VerifyError>,
    now: Timestamp,
}

impl Task for VerifyTask {
    type Output = core::result::Result<Verified, Fault>;
    type JsValue = VerifiedToken;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(guarded(
            || verify_one(&self.verifier, &self.item, self.now).map_err(Fault::from),
            || Err(Fault::internal(Kind::Token)),
        ))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> Result<Self::JsValue> {
        output.map(VerifiedToken::from).or_throw(&env)
    }
}

/// The `verifyAuthToken` drop-in check: strict (or compat) verification with a two-sided
/// window of `padMs` around `nowMs`, and, if `alsoNowMs` is given, also around that instant.
/// Returns only true or false (no error object is made on this path).
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)] // mirrors the JS call; one flat call keeps the drop-in fast
pub fn verify_token_bool(
    token: String,
    request_path: String,
    body: Option<Either<String, Buffer>>,
    body_encoding: Option<String>,
    pad_ms: f64,
    now_ms: f64,
    also_now_ms: Option<f64>,
    compat: bool,
) -> bool {
    guarded(
        move || {
            let (Ok(pad), Ok(now)) = (
                millis_to_duration(pad_ms, "timePad"),
                millis_to_timestamp(now_ms),
            ) else {
                return false;
            };
            let verifier = Verifier {
                inner: CoreVerifier::new()
                    .with_max_age(pad)
                    .with_max_skew(pad)
                    .with_policy(policy(Some(compat))),
            };
            let item = verifier.own(token, request_path, body, body_encoding);
            let Ok(verified) = verify_one(&verifier.inner, &item, now) else {
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
        },
        || false,
    )
}
