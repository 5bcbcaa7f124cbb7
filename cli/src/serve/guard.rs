//! The first checks on every request (the DNS-rebinding defence) and CORS: the Host must be
//! `localhost`, `127.0.0.1` or `[::1]` (with or without a port); a request without an Origin
//! (a program) passes; a browser Origin passes only if allowed with `--allow-origin`, and then
//! the answer echoes exactly that origin (never `*`), with `Access-Control-Allow-Private-Network`.
//! Also logs one line per request: method, path, status and time, never a header or a body.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sigma_auth_core::Reason;

use super::error::ApiError;
use super::state::AppState;

/// The middleware: Host and Origin checks, preflight answers, CORS headers, the log line.
pub async fn guard(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let mut response = match check(&state, request.headers()) {
        Err(e) => e.into_response(),
        Ok(origin) => {
            if method == Method::OPTIONS {
                preflight(origin.as_ref())
            } else {
                let mut r = next.run(request).await;
                if let Some(o) = &origin {
                    cors_headers(r.headers_mut(), o);
                }
                r
            }
        }
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    tracing::info!(
        %method,
        path = %loggable(&path),
        status = response.status().as_u16(),
        micros = started.elapsed().as_micros() as u64,
        "request"
    );
    response
}

/// Checks Host and Origin; the allowed Origin header, if the request has one.
fn check(state: &AppState, headers: &HeaderMap) -> Result<Option<HeaderValue>, ApiError> {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !is_local_host(host) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            Reason::ForbiddenHost,
            "the Host header must be localhost, 127.0.0.1 or [::1]",
        ));
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(None);
    };
    let allowed = origin
        .to_str()
        .is_ok_and(|o| state.allowed_origins.iter().any(|a| a == o));
    if !allowed {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            Reason::ForbiddenOrigin,
            "this Origin is not allowed (start the signer with --allow-origin ORIGIN)",
        ));
    }
    Ok(Some(origin.clone()))
}

/// Whether `host` (a Host header) names the loopback: `localhost`, `127.0.0.1` or `[::1]`,
/// optionally followed by `:port`.
pub fn is_local_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        Some((name, port))
            if !name.is_empty()
                && name != "["
                && (host.starts_with('[') == name.ends_with(']'))
                && !port.is_empty()
                && port.len() <= 5
                && port.bytes().all(|b| b.is_ascii_digit()) =>
        {
            name
        }
        _ => host,
    };
    name.eq_ignore_ascii_case("localhost") || name == "127.0.0.1" || name == "[::1]"
}

fn preflight(origin: Option<&HeaderValue>) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Some(o) = origin {
        cors_headers(response.headers_mut(), o);
        let h = response.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, OPTIONS"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("authorization, content-type"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
    }
    response
}

fn cors_headers(headers: &mut HeaderMap, origin: &HeaderValue) {
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    headers.insert(
        "access-control-allow-private-network",
        HeaderValue::from_static("true"),
    );
}

/// The path for the log: at most 64 characters, control characters replaced.
fn loggable(path: &str) -> String {
    path.chars()
        .take(64)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// The answer for an unknown endpoint.
pub async fn not_found(_: Request<Body>) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        Reason::UnknownEndpoint,
        "no such endpoint",
    )
}

#[cfg(test)]
mod tests {
    use super::is_local_host;

    #[test]
    fn local_hosts() {
        for ok in [
            "localhost",
            "LOCALHOST:21000",
            "127.0.0.1",
            "127.0.0.1:1",
            "[::1]",
            "[::1]:8080",
        ] {
            assert!(is_local_host(ok), "{ok}");
        }
        for bad in [
            "",
            "evil.com",
            "localhost.evil.com",
            "127.0.0.1.nip.io",
            "127.0.0.2",
            "[::1",
            "::1",
            "localhost:",
            "localhost:abc",
            "localhost:123456",
            "evil.com:localhost",
            "[::2]:80",
        ] {
            assert!(!is_local_host(bad), "{bad}");
        }
    }
}
