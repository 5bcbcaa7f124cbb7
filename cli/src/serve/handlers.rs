//! The endpoints the Sigma plugin's `LocalServerSigner` calls. Each checks, in order: the bearer
//! (401), its scope (403), the wallet lock (423), the body size (413), the JSON (400), then the
//! fields (400); Host and Origin were checked before (see [`super::guard`]).

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use sigma_auth_core::friend::{self, FriendMode};
use sigma_auth_core::token::{self, Body as TokenBody, NewToken, Scheme};
use sigma_auth_core::{Network, PublicKey, Reason, Timestamp, bsm};
use zeroize::Zeroizing;

use super::bearer::{Grant, Scope, lifetime};
use super::error::ApiError;
use super::state::AppState;

/// The largest request body read.
pub const MAX_BODY: usize = 1 << 20;
/// The longest host name accepted at `/api/auth`.
const MAX_HOST_LEN: usize = 253;

type Answer = Result<Json<Value>, ApiError>;

/// `GET /api/status`: `{created, unlocked}` only.
pub async fn status(State(state): State<Arc<AppState>>) -> Json<Value> {
    Json(json!({"created": true, "unlocked": state.wallet.is_some()}))
}

#[derive(Deserialize)]
struct AuthRequest {
    host: Option<String>,
    scopes: Option<Vec<String>>,
    expiry: Option<String>,
}

/// `POST /api/auth {host, scopes, expiry}` → `{accessToken, expireTime, host}`.
pub async fn auth(State(state): State<Arc<AppState>>, body: Body) -> Answer {
    let wallet = state.wallet.as_ref().ok_or_else(locked)?;
    let req: AuthRequest = read_json(body).await?;
    let host = req.host.unwrap_or_default();
    if host.is_empty() || host.len() > MAX_HOST_LEN || host.chars().any(char::is_control) {
        return Err(ApiError::bad_request(
            "host: required, 1 to 253 characters without control characters",
        ));
    }
    let names = req
        .scopes
        .ok_or_else(|| ApiError::bad_request("scopes: required"))?;
    let mut scopes = Vec::new();
    for name in &names {
        let scope = Scope::from_name(name).ok_or_else(|| {
            ApiError::bad_request("scopes: each must be sign, encrypt or decrypt")
        })?;
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }
    if scopes.is_empty() {
        return Err(ApiError::bad_request(
            "scopes: at least one of sign, encrypt, decrypt",
        ));
    }
    let expiry = req.expiry.unwrap_or_else(|| "1h".into());
    let life = lifetime(&expiry).ok_or_else(|| {
        ApiError::bad_request("expiry: one of once, 1h, 1d, 1w, 1m (forever is refused)")
    })?;
    let key = lock(wallet)?.host_key(&host).map_err(ApiError::internal)?;
    let expires_at = SystemTime::now() + life;
    let grant = Grant {
        key,
        scopes,
        expires: Instant::now() + life,
    };
    let token = lock(&state.bearers)?
        .insert(grant)
        .ok_or_else(|| ApiError::internal("too many live bearer tokens"))?;
    let expire_ms = expires_at
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_millis() as u64;
    tracing::info!(scopes = ?names, %expiry, "bearer granted");
    Ok(Json(
        json!({"accessToken": token, "expireTime": expire_ms, "host": host}),
    ))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignRequest {
    path: Option<String>,
    body: Option<String>,
    signature_type: Option<String>,
}

/// `POST /api/sign {path, body?, signatureType?}` → `{token}` (an X-Auth-Token by the host key).
pub async fn sign(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Body) -> Answer {
    let grant = authorize(&state, &headers, Scope::Sign)?;
    let req: SignRequest = read_json(body).await?;
    let path = req
        .path
        .ok_or_else(|| ApiError::bad_request("path: required"))?;
    if path.contains(['\r', '\n', '\0']) {
        return Err(ApiError::bad_request("path: contains CR, LF or NUL"));
    }
    let scheme = match req.signature_type.as_deref() {
        None => Scheme::Brc77,
        Some(name) => Scheme::from_name(name)
            .ok_or_else(|| ApiError::bad_request("signatureType: bsm or brc77"))?,
    };
    let mut spec = NewToken::new(&path, scheme, Timestamp::now());
    if let Some(b) = req.body.as_deref().filter(|b| !b.is_empty()) {
        spec = spec.with_body(TokenBody::utf8(b));
    }
    let token = token::create_random(&grant.key, &spec).map_err(ApiError::core)?;
    Ok(Json(json!({"token": token})))
}

#[derive(Deserialize)]
struct SignAipRequest {
    data: Option<Vec<String>>,
}

/// `POST /api/sign-aip {data: hex[]}` → `{signedOps: ["BITCOIN_ECDSA", address, base64sig]}`:
/// a BSM signature by the host key over the concatenated decoded pushes (TokenPass form).
pub async fn sign_aip(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Body,
) -> Answer {
    let grant = authorize(&state, &headers, Scope::Sign)?;
    let req: SignAipRequest = read_json(body).await?;
    let data = req.data.unwrap_or_default();
    if data.is_empty() {
        return Err(ApiError::bad_request(
            "data: a non-empty array of hex strings",
        ));
    }
    let mut message = Vec::new();
    for (i, item) in data.iter().enumerate() {
        let bytes = decode_hex(item).filter(|b| !b.is_empty()).ok_or_else(|| {
            ApiError::bad_request(format!("data[{i}]: not non-empty even-length hex"))
        })?;
        message.extend_from_slice(&bytes);
    }
    let signature = bsm::sign_base64(&message, &grant.key).map_err(ApiError::core)?;
    let address = grant.key.public_key().address(Network::Mainnet);
    Ok(Json(
        json!({"signedOps": ["BITCOIN_ECDSA", address, signature]}),
    ))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EncryptRequest {
    data: Option<String>,
    friend_bap_id: Option<String>,
    their_public_key: Option<String>,
}

/// `POST /api/encrypt {data, friendBapId, theirPublicKey?}` → `{ciphertext}` (hex).
/// Without `theirPublicKey`: a note to self (TokenPass, byte-compatible). With it (the friend key
/// the friend published for us): ECIES to that key, which the friend opens with
/// [`friend::tokenpass::decrypt_from_peer`] — the one consistent peer derivation.
pub async fn encrypt(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Body) -> Answer {
    authorize(&state, &headers, Scope::Encrypt)?;
    let master = state.master.as_ref().ok_or_else(locked)?;
    let req: EncryptRequest = read_json(body).await?;
    let data = Zeroizing::new(
        req.data
            .ok_or_else(|| ApiError::bad_request("data: required"))?,
    );
    let friend_id = friend_id(req.friend_bap_id)?;
    let to = their_key(req.their_public_key)?;
    let mode = if to.is_some() {
        FriendMode::TokenPassPeer
    } else {
        FriendMode::TokenPassSelf
    };
    let sealed = friend::encrypt_as(mode, data.as_bytes(), master, &friend_id, to.as_ref())
        .map_err(ApiError::core)?;
    Ok(Json(
        json!({"ciphertext": base16ct::lower::encode_string(&sealed)}),
    ))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DecryptRequest {
    ciphertext: Option<String>,
    friend_bap_id: Option<String>,
    their_public_key: Option<String>,
}

/// `POST /api/decrypt {ciphertext, friendBapId, theirPublicKey?}` → `{data}`. With
/// `theirPublicKey` (checked as a key) the message is from the friend `friendBapId`, opened with
/// the key behind the friend key we published for them; without it, a note to self.
pub async fn decrypt(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Body) -> Answer {
    authorize(&state, &headers, Scope::Decrypt)?;
    let master = state.master.as_ref().ok_or_else(locked)?;
    let req: DecryptRequest = read_json(body).await?;
    let sealed = req
        .ciphertext
        .as_deref()
        .and_then(decode_hex)
        .ok_or_else(|| ApiError::bad_request("ciphertext: required, hex"))?;
    let friend_id = friend_id(req.friend_bap_id)?;
    let peer = their_key(req.their_public_key)?.is_some();
    let mode = if peer {
        FriendMode::TokenPassPeer
    } else {
        FriendMode::TokenPassSelf
    };
    let plain = Zeroizing::new(
        friend::decrypt_as(mode, &sealed, master, &friend_id, None).map_err(ApiError::core)?,
    );
    let text = std::str::from_utf8(&plain)
        .map_err(|_| ApiError::bad_request("the plaintext is not UTF-8 text"))?;
    Ok(Json(json!({"data": text})))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FriendPubkeyRequest {
    friend_bap_id: Option<String>,
}

/// `POST /api/friend-pubkey {friendBapId}` → `{publicKey}`:
/// `pub(T42(master, master·G, "sigma-friend-" + friendBapId))`, as TokenPass.
pub async fn friend_pubkey(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Body,
) -> Answer {
    authorize(&state, &headers, Scope::Encrypt)?;
    let master = state.master.as_ref().ok_or_else(locked)?;
    let req: FriendPubkeyRequest = read_json(body).await?;
    let friend_id = friend_id(req.friend_bap_id)?;
    let key = friend::tokenpass::friend_public_key(master, &friend_id).map_err(ApiError::core)?;
    Ok(Json(json!({"publicKey": key.to_hex()})))
}

/// Bearer (401), scope (403) and lock (423), in that order.
fn authorize(state: &AppState, headers: &HeaderMap, scope: Scope) -> Result<Arc<Grant>, ApiError> {
    let unauthorized = |m: &str| ApiError::new(StatusCode::UNAUTHORIZED, Reason::Unauthorized, m);
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or_else(|| unauthorized("missing Authorization: Bearer <token> (from /api/auth)"))?;
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| unauthorized("the Authorization header is not `Bearer <token>`"))?;
    let grant = lock(&state.bearers)?
        .get(token.trim())
        .ok_or_else(|| unauthorized("unknown or expired bearer token"))?;
    if !grant.scopes.contains(&scope) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            Reason::ForbiddenScope,
            "the bearer token's scopes do not cover this endpoint",
        ));
    }
    if state.wallet.is_none() {
        return Err(locked());
    }
    Ok(grant)
}

fn locked() -> ApiError {
    ApiError::new(
        StatusCode::LOCKED,
        Reason::WalletLocked,
        "the wallet is locked (start the signer with its passphrase)",
    )
}

fn lock<T>(m: &std::sync::Mutex<T>) -> Result<std::sync::MutexGuard<'_, T>, ApiError> {
    m.lock()
        .map_err(|_| ApiError::internal("a lock was poisoned"))
}

/// Reads the body (413 over [`MAX_BODY`]) and parses it as JSON into `T` (400).
async fn read_json<T: DeserializeOwned>(body: Body) -> Result<T, ApiError> {
    let bytes = axum::body::to_bytes(body, MAX_BODY).await.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            Reason::BodyTooLarge,
            "the request body is over 1 MiB",
        )
    })?;
    serde_json::from_slice(&bytes)
        .map_err(|_| ApiError::bad_request("the body is not a JSON object of the expected fields"))
}

fn friend_id(id: Option<String>) -> Result<String, ApiError> {
    let id = id.ok_or_else(|| ApiError::bad_request("friendBapId: required"))?;
    friend::check_friend_id(&id).map_err(ApiError::core)?;
    Ok(id)
}

fn their_key(text: Option<String>) -> Result<Option<PublicKey>, ApiError> {
    match text.as_deref() {
        None | Some("") => Ok(None),
        Some(t) => PublicKey::from_hex(t).map(Some).map_err(ApiError::core),
    }
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    base16ct::mixed::decode_vec(text).ok()
}
