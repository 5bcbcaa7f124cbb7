//! `Verifier`: the window and policy configured once, with `verify`, `verify_many` (all cores,
//! GIL released) and their asyncio forms; `verify_token` and `verify_many` are thin wrappers
//! that build a verifier per call.

use core::time::Duration;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use sigma_auth_core::token::{self, BodyEncoding, OwnedRequest};
use sigma_auth_core::{Policy, Reason, VerifyError};

use crate::conversions::{policy, type_error, want_body, want_duration, want_instant, want_str};
use crate::errors::{OrAuth, auth_error, detach, input_error_type};
use crate::replay::PyReplayGuard;
use crate::tokens::PyVerified;

/// Checks X-Auth-Tokens against requests: a two-sided time window (`max_age`, `max_skew`, as
/// seconds or a `timedelta`) and a policy (`compat=True` reads the spellings the JavaScript
/// reference tolerates), set once. Safe to share between threads.
#[pyclass(name = "Verifier", module = "sigma_auth", frozen)]
pub struct PyVerifier {
    pub(crate) inner: token::Verifier,
}

impl PyVerifier {
    /// A verifier from the keyword arguments shared by `Verifier(...)` and the free functions.
    pub(crate) fn configure(
        max_age: Option<&Bound<'_, PyAny>>,
        max_skew: Option<&Bound<'_, PyAny>>,
        compat: bool,
    ) -> PyResult<token::Verifier> {
        let window = |what, obj: Option<&Bound<'_, PyAny>>, default| match obj {
            Some(o) if !o.is_none() => want_duration(what, o),
            _ => Ok(default),
        };
        Ok(token::Verifier::new()
            .with_max_age(window("max_age", max_age, token::DEFAULT_MAX_AGE)?)
            .with_max_skew(window("max_skew", max_skew, token::DEFAULT_MAX_SKEW)?)
            .with_policy(policy(compat)))
    }
}

/// Verifies one request with `verifier`, then records it in `guard` if one is given.
#[allow(clippy::too_many_arguments)]
pub(crate) fn verify_one(
    py: Python<'_>,
    verifier: &token::Verifier,
    token: &Bound<'_, PyAny>,
    path: &Bound<'_, PyAny>,
    body: Option<&Bound<'_, PyAny>>,
    body_encoding: Option<&Bound<'_, PyAny>>,
    now: Option<&Bound<'_, PyAny>>,
    guard: Option<&PyReplayGuard>,
) -> PyResult<PyVerified> {
    let token = want_str("token", token)?;
    let path = want_str("path", path)?;
    let now = want_instant("now", now)?;
    let encoding =
        verify_encoding(body_encoding, verifier.policy())?.map_err(|e| auth_error(py, e))?;
    let item = OwnedRequest {
        token,
        path,
        body: want_body(body, encoding)?,
    };
    if let Some(g) = guard {
        g.accepts(py, verifier.max_age())?;
    }
    let inner = detach(py, || {
        let verified = verifier.verify_owned(&item, now)?;
        if let Some(g) = guard {
            g.inner.check(&verified, now)?;
        }
        Ok(verified)
    })
    .or_auth(py)?;
    Ok(PyVerified {
        inner,
        max_age: verifier.max_age(),
    })
}

/// Reads a body-encoding name for verification: an unknown name is a verification failure
/// (`UnsupportedBodyEncoding`) under the strict policy, UTF-8 under `compat`. The outer error is
/// a wrong type or text that is not valid Unicode.
fn verify_encoding(
    name: Option<&Bound<'_, PyAny>>,
    policy: Policy,
) -> PyResult<Result<BodyEncoding, VerifyError>> {
    match name {
        None => Ok(Ok(BodyEncoding::Utf8)),
        Some(n) => Ok(BodyEncoding::from_name(
            &want_str("body_encoding", n)?,
            policy,
        )),
    }
}

const ITEM_TYPES: &str = "a (token, path[, body[, body_encoding]]) tuple";

/// Reads one `(token, path[, body[, body_encoding]])` tuple. A wrong type is raised; a value that
/// fails while it is read (an unknown body encoding, text that is not valid Unicode) makes a
/// pre-failed item, which keeps its place in the results.
fn read_item(
    obj: &Bound<'_, PyAny>,
    shared: Result<BodyEncoding, VerifyError>,
    policy: Policy,
) -> PyResult<Result<OwnedRequest, VerifyError>> {
    let py = obj.py();
    let tuple = obj
        .cast::<PyTuple>()
        .map_err(|_| type_error("each item", ITEM_TYPES, obj))?;
    if !(2..=4).contains(&tuple.len()) {
        return Err(type_error("each item", ITEM_TYPES, obj));
    }
    let read = || -> PyResult<Result<OwnedRequest, VerifyError>> {
        let token = want_str("token", &tuple.get_item(0)?)?;
        let path = want_str("path", &tuple.get_item(1)?)?;
        let encoding = match tuple.len() {
            4 => verify_encoding(Some(&tuple.get_item(3)?), policy)?,
            _ => shared,
        };
        let encoding = match encoding {
            Ok(e) => e,
            Err(e) => return Ok(Err(e)),
        };
        let body = match tuple.len() {
            2 => None,
            _ => want_body(Some(&tuple.get_item(2)?), encoding)?,
        };
        Ok(Ok(OwnedRequest { token, path, body }))
    };
    match read() {
        Err(e) if e.is_instance(py, input_error_type(py)?.as_any()) => Ok(Err(VerifyError::new(
            Reason::InvalidInput,
            "an item holds text that is not valid Unicode (a lone surrogate)",
        ))),
        other => other,
    }
}

/// Verifies every item of `items` on all cores with the GIL released; a `Verified` or an
/// `AuthError` instance (not raised) per item, in order.
pub(crate) fn verify_items(
    py: Python<'_>,
    verifier: &token::Verifier,
    items: &Bound<'_, PyAny>,
    body_encoding: Option<&Bound<'_, PyAny>>,
    now: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<Py<PyAny>>> {
    let now = want_instant("now", now)?;
    let policy = verifier.policy();
    let shared = verify_encoding(body_encoding, policy)?;
    let mut prepared = Vec::new();
    for obj in items.try_iter()? {
        prepared.push(read_item(&obj?, shared, policy)?);
    }
    let results = detach(py, || verifier.verify_many(&prepared, now))?;
    results
        .into_iter()
        .map(|r| match r {
            Ok(inner) => Ok(Py::new(
                py,
                PyVerified {
                    inner,
                    max_age: verifier.max_age(),
                },
            )?
            .into_any()),
            Err(e) => Ok(auth_error(py, e).into_value(py).into_any()),
        })
        .collect()
}

/// `now` and the other optional keywords, passed on to the synchronous method in a thread.
fn keywords<'py>(
    py: Python<'py>,
    pairs: &[(&str, Option<&Bound<'py, PyAny>>)],
) -> PyResult<Bound<'py, PyDict>> {
    let kwargs = PyDict::new(py);
    for (name, value) in pairs {
        if let Some(v) = value {
            kwargs.set_item(*name, v)?;
        }
    }
    Ok(kwargs)
}

/// `asyncio.to_thread(method, *args, **kwargs)`: a coroutine that runs `method` in a worker
/// thread (the native code releases the GIL, so the event loop keeps running).
fn in_thread<'py>(
    method: Bound<'py, PyAny>,
    args: Vec<Bound<'py, PyAny>>,
    kwargs: &Bound<'py, PyDict>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = method.py();
    let mut all = vec![method];
    all.extend(args);
    py.import("asyncio")?
        .getattr("to_thread")?
        .call(PyTuple::new(py, all)?, Some(kwargs))
}

#[pymethods]
impl PyVerifier {
    #[new]
    #[pyo3(
        signature = (*, max_age = None, max_skew = None, compat = false),
        text_signature = "(*, max_age=300, max_skew=300, compat=False)"
    )]
    fn new(
        max_age: Option<&Bound<'_, PyAny>>,
        max_skew: Option<&Bound<'_, PyAny>>,
        compat: bool,
    ) -> PyResult<Self> {
        Ok(PyVerifier {
            inner: Self::configure(max_age, max_skew, compat)?,
        })
    }

    /// How old a token may be (a `timedelta`).
    #[getter]
    fn max_age(&self) -> Duration {
        self.inner.max_age()
    }

    /// How far in the future a token may be dated (a `timedelta`).
    #[getter]
    fn max_skew(&self) -> Duration {
        self.inner.max_skew()
    }

    /// Whether the compat policy is on.
    #[getter]
    fn compat(&self) -> bool {
        self.inner.policy() == Policy::Compat
    }

    /// Verifies an `X-Auth-Token` for the request the server received (`path` with its query,
    /// `body`). With `replay_guard` (built from this verifier), a second use of the same signed
    /// request raises `Replayed`. Returns `Verified` or raises an `AuthError` subclass.
    #[pyo3(
        signature = (token, path, body = None, *, body_encoding = None, now = None, replay_guard = None),
        text_signature = "(self, token, path, body=None, *, body_encoding='utf8', now=None, replay_guard=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn verify(
        &self,
        py: Python<'_>,
        token: &Bound<'_, PyAny>,
        path: &Bound<'_, PyAny>,
        body: Option<&Bound<'_, PyAny>>,
        body_encoding: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
        replay_guard: Option<PyRef<'_, PyReplayGuard>>,
    ) -> PyResult<PyVerified> {
        verify_one(
            py,
            &self.inner,
            token,
            path,
            body,
            body_encoding,
            now,
            replay_guard.as_deref(),
        )
    }

    /// Verifies many requests on all cores with the GIL released. `items` is an iterable of
    /// `(token, path)`, `(token, path, body)` or `(token, path, body, body_encoding)` tuples.
    /// Returns, in order, a `Verified` or an `AuthError` instance (not raised) for each item.
    #[pyo3(
        signature = (items, *, body_encoding = None, now = None),
        text_signature = "(self, items, *, body_encoding='utf8', now=None)"
    )]
    fn verify_many(
        &self,
        py: Python<'_>,
        items: &Bound<'_, PyAny>,
        body_encoding: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<Py<PyAny>>> {
        verify_items(py, &self.inner, items, body_encoding, now)
    }

    /// `verify` as an awaitable: runs in a worker thread (`asyncio.to_thread`), so an event
    /// loop keeps serving while the signature is checked.
    #[pyo3(
        signature = (token, path, body = None, *, body_encoding = None, now = None, replay_guard = None),
        text_signature = "(self, token, path, body=None, *, body_encoding='utf8', now=None, replay_guard=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn verify_async<'py>(
        slf: &Bound<'py, Self>,
        token: Bound<'py, PyAny>,
        path: Bound<'py, PyAny>,
        body: Option<Bound<'py, PyAny>>,
        body_encoding: Option<Bound<'py, PyAny>>,
        now: Option<Bound<'py, PyAny>>,
        replay_guard: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let kwargs = keywords(
            py,
            &[
                ("body_encoding", body_encoding.as_ref()),
                ("now", now.as_ref()),
                ("replay_guard", replay_guard.as_ref()),
            ],
        )?;
        let body = body.unwrap_or_else(|| py.None().into_bound(py));
        in_thread(slf.getattr("verify")?, vec![token, path, body], &kwargs)
    }

    /// `verify_many` as an awaitable (in a worker thread, see `verify_async`).
    #[pyo3(
        signature = (items, *, body_encoding = None, now = None),
        text_signature = "(self, items, *, body_encoding='utf8', now=None)"
    )]
    fn verify_many_async<'py>(
        slf: &Bound<'py, Self>,
        items: Bound<'py, PyAny>,
        body_encoding: Option<Bound<'py, PyAny>>,
        now: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let kwargs = keywords(
            py,
            &[
                ("body_encoding", body_encoding.as_ref()),
                ("now", now.as_ref()),
            ],
        )?;
        // Read the iterable now, in the caller's thread: it may be a generator.
        let items = PyTuple::new(py, items.try_iter()?.collect::<PyResult<Vec<_>>>()?)?;
        in_thread(slf.getattr("verify_many")?, vec![items.into_any()], &kwargs)
    }

    fn __repr__(&self) -> String {
        format!(
            "Verifier(max_age={}, max_skew={}, compat={})",
            fmt_seconds(self.inner.max_age()),
            fmt_seconds(self.inner.max_skew()),
            if self.compat() { "True" } else { "False" }
        )
    }
}

/// Seconds as Python would print them.
fn fmt_seconds(d: Duration) -> String {
    if d.subsec_nanos() == 0 {
        d.as_secs().to_string()
    } else {
        d.as_secs_f64().to_string()
    }
}

/// Verifies an `X-Auth-Token` for the request the server received (`path` with its query,
/// `body`), with a verifier built from `max_age`, `max_skew` and `compat` for this call (prefer
/// one `Verifier` configured once). Returns `Verified` or raises an `AuthError` subclass.
#[pyfunction]
#[pyo3(
    signature = (token, path, body = None, *, body_encoding = None, now = None, max_age = None, max_skew = None, compat = false),
    text_signature = "(token, path, body=None, *, body_encoding='utf8', now=None, max_age=300, max_skew=300, compat=False)"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn verify_token(
    py: Python<'_>,
    token: &Bound<'_, PyAny>,
    path: &Bound<'_, PyAny>,
    body: Option<&Bound<'_, PyAny>>,
    body_encoding: Option<&Bound<'_, PyAny>>,
    now: Option<&Bound<'_, PyAny>>,
    max_age: Option<&Bound<'_, PyAny>>,
    max_skew: Option<&Bound<'_, PyAny>>,
    compat: bool,
) -> PyResult<PyVerified> {
    let verifier = PyVerifier::configure(max_age, max_skew, compat)?;
    verify_one(py, &verifier, token, path, body, body_encoding, now, None)
}

/// Verifies many tokens on all cores with the GIL released, with a verifier built for this
/// call (see `Verifier.verify_many`).
#[pyfunction]
#[pyo3(
    signature = (items, *, body_encoding = None, now = None, max_age = None, max_skew = None, compat = false),
    text_signature = "(items, *, body_encoding='utf8', now=None, max_age=300, max_skew=300, compat=False)"
)]
pub(crate) fn verify_many(
    py: Python<'_>,
    items: &Bound<'_, PyAny>,
    body_encoding: Option<&Bound<'_, PyAny>>,
    now: Option<&Bound<'_, PyAny>>,
    max_age: Option<&Bound<'_, PyAny>>,
    max_skew: Option<&Bound<'_, PyAny>>,
    compat: bool,
) -> PyResult<Vec<Py<PyAny>>> {
    let verifier = PyVerifier::configure(max_age, max_skew, compat)?;
    verify_items(py, &verifier, items, body_encoding, now)
}
