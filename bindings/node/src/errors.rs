//! Errors as JavaScript sees them: the core's stable code is set natively as `err.code`.
//!
//! `index.js` registers its two classes once (`registerErrorClasses`); from then on every error
//! is an instance of `SigmaAuthError` (bad input) or `AuthTokenError` (a token failed
//! verification), built here with the code and a message. A message never echoes an input
//! value: the core's messages name the field and the check only, and so do ours. Until the
//! classes are registered (the generated loader used alone), errors are plain `Error`s with
//! the same `code`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use napi::bindgen_prelude::{Env, FnArgs, Function, FunctionRef, ToNapiValue, Unknown};
use napi::{JsError, sys};
use napi_derive::napi;
use sigma_auth_core::{Error as CoreError, Reason, VerifyError};

/// Which JavaScript class an error becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `SigmaAuthError`: bad input to a call.
    Input,
    /// `AuthTokenError`: a token failed verification.
    Token,
}

/// A failure on its way to JavaScript: its class, stable code and message.
#[derive(Clone, Debug)]
pub struct Fault {
    kind: Kind,
    code: &'static str,
    message: String,
}

impl Fault {
    /// A `SigmaAuthError` with `code` and a message that names the field and the check.
    pub fn input(code: &'static str, message: impl Into<String>) -> Fault {
        Fault {
            kind: Kind::Input,
            code,
            message: message.into(),
        }
    }

    /// An `internal_error` of the given class (a fault of ours, never the caller's).
    pub fn internal(kind: Kind) -> Fault {
        Fault {
            kind,
            code: Reason::InternalError.code(),
            message: Reason::InternalError.message().to_owned(),
        }
    }

    /// The stable code.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The JavaScript error object.
    pub fn to_js<'e>(&self, env: &'e Env) -> napi::Result<Unknown<'e>> {
        let (code, message) = (self.code.to_owned(), self.message.clone());
        let classes = env.get_instance_data::<Classes>()?;
        match classes {
            Some(c) => {
                let class = match self.kind {
                    Kind::Input => &c.input,
                    Kind::Token => &c.token,
                };
                class
                    .borrow_back(env)?
                    .new_instance(FnArgs::from((code, message)))
            }
            None => Ok(JsError::from(napi::Error::new(code, message)).into_unknown(*env)),
        }
    }

    /// The error to return from a `#[napi]` function: thrown as the object [`Fault::to_js`] makes.
    pub fn throw(self, env: &Env) -> napi::Error {
        match self.to_js(env) {
            Ok(value) => napi::Error::from(value),
            Err(e) => e,
        }
    }
}

impl From<CoreError> for Fault {
    fn from(e: CoreError) -> Fault {
        Fault::input(e.code(), e.to_string())
    }
}

impl From<VerifyError> for Fault {
    fn from(e: VerifyError) -> Fault {
        Fault {
            kind: Kind::Token,
            code: e.code(),
            message: format!("{}: {}", e.code(), e.detail()),
        }
    }
}

impl ToNapiValue for Fault {
    /// The error object itself (a batch returns errors instead of throwing them).
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        let env = Env::from_raw(env);
        let value = val.to_js(&env)?;
        // SAFETY: `value` was created in this `env` just above.
        unsafe { ToNapiValue::to_napi_value(env.raw(), value) }
    }
}

/// `Result<T, E>` with an error convertible to [`Fault`], thrown into JavaScript.
pub trait OrThrow<T> {
    /// The value, or the JavaScript error to throw.
    fn or_throw(self, env: &Env) -> napi::Result<T>;
}

impl<T, E: Into<Fault>> OrThrow<T> for Result<T, E> {
    fn or_throw(self, env: &Env) -> napi::Result<T> {
        self.map_err(|e| e.into().throw(env))
    }
}

/// The two classes `index.js` defines, kept for the life of the JavaScript environment.
struct Classes {
    input: FunctionRef<FnArgs<(String, String)>, ()>,
    token: FunctionRef<FnArgs<(String, String)>, ()>,
}

/// Registers the classes errors are made of: `input(code, message)` for bad input,
/// `token(code, message)` for a failed verification. Called once by `index.js`.
#[napi(catch_unwind)]
pub fn register_error_classes(
    env: Env,
    input: Function<FnArgs<(String, String)>, ()>,
    token: Function<FnArgs<(String, String)>, ()>,
) -> napi::Result<()> {
    let classes = Classes {
        input: input.create_ref()?,
        token: token.create_ref()?,
    };
    env.set_instance_data(classes, (), |_| {})
}

/// Runs `f`, turning a panic into `on_panic()` (the core does not panic; this is a second line
/// of defence for code running on libuv or batch threads, where `catch_unwind` of the
/// `#[napi]` macro does not reach).
pub fn guarded<T>(f: impl FnOnce() -> T, on_panic: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| on_panic())
}

/// Runs the body of a `#[napi]` function: a panic (a fault of ours; the core does not panic)
/// becomes `SigmaAuthError` with code `internal_error`, never the panic's own message.
pub fn boundary<T>(env: &Env, f: impl FnOnce() -> napi::Result<T>) -> napi::Result<T> {
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(Fault::internal(Kind::Input).throw(env)))
}
