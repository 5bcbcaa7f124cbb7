//! `ReplayGuard`: refuses a second use of a signed request for as long as its verifier would
//! accept it, with the window taken from that verifier.

use core::time::Duration;

use pyo3::exceptions::PyDeprecationWarning;
use pyo3::prelude::*;

use sigma_auth_core::token;

use crate::conversions::{want_duration, want_instant};
use crate::errors::{OrAuth, detach, input_error_code};
use crate::tokens::PyVerified;
use crate::verifier::PyVerifier;

/// Remembers the replay ids of verified tokens while their verifier would still accept them and
/// refuses a second use (`Replayed`). For one process; a fleet shares a store keyed by
/// `replay_id`.
///
/// Build it from the verifier whose tokens it guards: `ReplayGuard(verifier)`, then
/// `verifier.verify(..., replay_guard=guard)` or `guard.check(verified)`. `ReplayGuard()` is the
/// guard of the default `Verifier()` (a 300 s `max_age`); `ReplayGuard(max_age=...)` is
/// deprecated. A guard refuses (`InputError`, code `invalid_input`) a token accepted by a
/// verifier with a longer `max_age` than its own, since it would forget that token while the
/// verifier still accepts it.
#[pyclass(name = "ReplayGuard", module = "sigma_auth", frozen)]
pub struct PyReplayGuard {
    pub(crate) inner: token::ReplayGuard,
    max_age: Duration,
}

impl PyReplayGuard {
    /// Refuses to guard tokens accepted with a `max_age` longer than this guard's window.
    pub(crate) fn accepts(&self, py: Python<'_>, max_age: Duration) -> PyResult<()> {
        if max_age > self.max_age {
            return Err(input_error_code(
                py,
                "invalid_input",
                format!(
                    "replay_guard: its window ({} ms) is shorter than the verifier's max_age \
                     ({} ms); build it with ReplayGuard(verifier)",
                    self.max_age.as_millis(),
                    max_age.as_millis()
                ),
            ));
        }
        Ok(())
    }
}

#[pymethods]
impl PyReplayGuard {
    #[new]
    #[pyo3(signature = (verifier = None, *, max_age = None))]
    fn new(
        py: Python<'_>,
        verifier: Option<PyRef<'_, PyVerifier>>,
        max_age: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let verifier = match (verifier, max_age.filter(|m| !m.is_none())) {
            (Some(v), None) => v.inner,
            (None, None) => token::Verifier::new(),
            (None, Some(m)) => {
                PyErr::warn(
                    py,
                    &py.get_type::<PyDeprecationWarning>(),
                    c"ReplayGuard(max_age=...) is deprecated: use ReplayGuard(verifier)",
                    1,
                )?;
                token::Verifier::new().with_max_age(want_duration("max_age", m)?)
            }
            (Some(_), Some(_)) => {
                return Err(input_error_code(
                    py,
                    "invalid_input",
                    "ReplayGuard: give a verifier or max_age, not both".into(),
                ));
            }
        };
        Ok(PyReplayGuard {
            inner: token::ReplayGuard::new(&verifier),
            max_age: verifier.max_age(),
        })
    }

    /// How long each accepted request is remembered after its timestamp (a `timedelta`): the
    /// verifier's `max_age`.
    #[getter]
    fn max_age(&self) -> Duration {
        self.max_age
    }

    /// Records `verified`; raises `Replayed` if it was seen before inside its window.
    #[pyo3(signature = (verified, *, now = None))]
    fn check(
        &self,
        py: Python<'_>,
        verified: PyRef<'_, PyVerified>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        self.accepts(py, verified.max_age)?;
        let now = want_instant("now", now)?;
        let v = &verified.inner;
        detach(py, || self.inner.check(v, now)).or_auth(py)
    }
}
