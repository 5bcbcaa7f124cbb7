//! The signer's error answer: `{"success":false,"error":"<message>","code":"<reason code>"}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use sigma_auth_core::Reason;

/// A refused request: status, reason code and a message that never holds a secret.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The reason code.
    pub reason: Reason,
    /// What is wrong.
    pub message: String,
}

impl ApiError {
    /// An error with `status`, `reason` and `message`.
    pub fn new(status: StatusCode, reason: Reason, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            reason,
            message: message.into(),
        }
    }

    /// 400 `bad_request`.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, Reason::BadRequest, message)
    }

    /// 400 with the core's reason for a failed operation (a ciphertext that does not open).
    pub fn core(e: sigma_auth_core::Error) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, e.reason(), e.to_string())
    }

    /// 500 for a failure of the signer itself (saving the wallet).
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            Reason::WalletSaveFailed,
            message,
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"success": false, "error": self.message, "code": self.reason.code()});
        (self.status, Json(body)).into_response()
    }
}
