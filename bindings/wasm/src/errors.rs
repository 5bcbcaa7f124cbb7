//! Errors as JavaScript sees them: an `Error` whose `name` is `SigmaAuthError` (bad input) or
//! `AuthTokenError` (a token failed verification) and whose `code` is the core's stable
//! snake_case code, exactly as in the Node binding. Wrong argument *types* are `TypeError`s and
//! out-of-range numbers `RangeError`s, as there. A message names the field and the check, never
//! an input value.

use sigma_auth_core::{Error as CoreError, VerifyError};
use wasm_bindgen::JsValue;

/// Which JavaScript error a [`Fault`] becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `SigmaAuthError`: bad input to a call (with `code`).
    Input,
    /// `AuthTokenError`: a token failed verification (with `code`).
    Token,
    /// `TypeError`: an argument of the wrong JavaScript type.
    Type,
    /// `RangeError`: a number or instant out of range.
    Range,
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

    /// A `TypeError` naming the argument and the type it must have.
    pub fn wrong_type(field: &str, wanted: &str) -> Fault {
        Fault {
            kind: Kind::Type,
            code: "",
            message: format!("{field} must be {wanted}"),
        }
    }

    /// A `RangeError` naming the argument and the rule.
    pub fn range(field: &str, rule: &str) -> Fault {
        Fault {
            kind: Kind::Range,
            code: "",
            message: format!("{field} {rule}"),
        }
    }

    /// The class this fault becomes.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The stable code (empty for `TypeError` and `RangeError`).
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The JavaScript error object.
    pub fn to_js(&self) -> JsValue {
        match self.kind {
            Kind::Type => js_sys::TypeError::new(&self.message).into(),
            Kind::Range => js_sys::RangeError::new(&self.message).into(),
            Kind::Input | Kind::Token => {
                let err = js_sys::Error::new(&self.message);
                err.set_name(if self.kind == Kind::Token {
                    "AuthTokenError"
                } else {
                    "SigmaAuthError"
                });
                // Setting a property on a fresh Error object cannot fail.
                let _ = js_sys::Reflect::set(&err, &"code".into(), &self.code.into());
                err.into()
            }
        }
    }
}

impl From<Fault> for JsValue {
    fn from(f: Fault) -> JsValue {
        f.to_js()
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
