"""Sign in with Sigma from a Python backend: the OAuth authorization-code exchange.

The same request as ``exchangeCodeForTokens`` of ``@sigma-auth/better-auth-plugin/server``: the
form body (grant_type, code, redirect_uri, client_id, code_verifier) is encoded once, those exact
bytes are signed into an ``X-Auth-Token`` with the app's member key and POSTed to
``/api/auth/oauth2/token``; then ``/api/auth/oauth2/userinfo`` is read with the access token.
Standard library only (``urllib``); the async form runs the same exchange on a worker thread.
"""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from typing import Any, Dict, List, Optional, Tuple, Union

from ._sigma_auth import PrivateKey, create_token

__all__ = [
    "TOKEN_PATH",
    "USERINFO_PATH",
    "TokenExchangeError",
    "exchange_code_for_tokens",
    "exchange_code_for_tokens_async",
    "form_encode",
]

TOKEN_PATH = "/api/auth/oauth2/token"
"""The path the provider checks the token against (the plugin's constant)."""
USERINFO_PATH = "/api/auth/oauth2/userinfo"
"""The OIDC userinfo path."""
DEFAULT_ISSUER = "https://auth.sigmaidentity.com"
"""The plugin's default issuer."""
MAX_RESPONSE_BYTES = 1 << 20
"""The largest response body read from the provider."""


class TokenExchangeError(Exception):
    """The exchange failed: ``error`` (the provider's OAuth error, e.g. ``invalid_client``),
    ``details`` (its ``error_description``: for sigma-auth's provider check, the reason code),
    ``status`` (HTTP) and ``endpoint``, as the plugin's ``TokenExchangeError``."""

    def __init__(self, error: str, details: Optional[str], status: Optional[int], endpoint: str) -> None:
        super().__init__(f"{endpoint}: {error} ({status}): {details}")
        self.error = error
        self.details = details
        self.status = status
        self.endpoint = endpoint


_FORM_SAFE = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789*-._")


def _form_escape(text: str) -> str:
    return "".join(
        chr(b) if b in _FORM_SAFE else "+" if b == 0x20 else f"%{b:02X}" for b in text.encode("utf-8")
    )


def form_encode(fields: List[Tuple[str, str]]) -> bytes:
    """``fields`` in order as application/x-www-form-urlencoded, byte for byte as the WHATWG
    ``URLSearchParams`` of the plugin writes it (the stock provider hook re-serializes with it):
    ASCII letters, digits and ``*-._`` as they are, space as ``+``, every other UTF-8 byte as %XX."""
    return "&".join(f"{_form_escape(k)}={_form_escape(v)}" for k, v in fields).encode("ascii")


def _text(name: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        raise TypeError(f"{name} must be a non-empty string")
    return value


def _request(req: urllib.request.Request, timeout: float) -> Tuple[int, bytes]:
    """Status and body of ``req``; an HTTP error status is returned, not raised."""
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (the caller's issuer)
            return int(resp.status), resp.read(MAX_RESPONSE_BYTES + 1)[:MAX_RESPONSE_BYTES]
    except urllib.error.HTTPError as e:
        return int(e.code), e.read(MAX_RESPONSE_BYTES)


def _failure(status: int, raw: bytes, fallback: str, endpoint: str) -> TokenExchangeError:
    text = raw.decode("utf-8", "replace")
    error, details = fallback, text
    try:
        body = json.loads(text)
        if isinstance(body, dict):
            details = str(body.get("error_description") or body.get("message") or body.get("error") or text)
            if isinstance(body.get("error"), str) and body["error"]:
                error = body["error"]
    except ValueError:
        pass
    return TokenExchangeError(error, details, status, endpoint)


def exchange_code_for_tokens(
    code: str,
    redirect_uri: str,
    client_id: str,
    member_private_key: Union[str, PrivateKey],
    code_verifier: Optional[str] = None,
    issuer_url: str = DEFAULT_ISSUER,
    timeout: float = 30.0,
) -> Dict[str, Any]:
    """Exchanges an authorization code for tokens and reads userinfo. ``member_private_key``: the
    app's member key (WIF or PrivateKey). Returns ``{"user", "access_token", "id_token",
    "refresh_token", "expires_in"}``; raises TokenExchangeError (or AuthError for a bad key)."""
    fields = [
        ("grant_type", "authorization_code"),
        ("code", _text("code", code)),
        ("redirect_uri", _text("redirect_uri", redirect_uri)),
        ("client_id", _text("client_id", client_id)),
    ]
    if code_verifier:
        fields.append(("code_verifier", _text("code_verifier", code_verifier)))
    issuer = _text("issuer_url", issuer_url).rstrip("/")
    body = form_encode(fields)
    token = create_token(member_private_key, TOKEN_PATH, body)

    status, raw = _request(
        urllib.request.Request(
            issuer + TOKEN_PATH,
            data=body,
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded", "X-Auth-Token": token},
        ),
        timeout,
    )
    if not 200 <= status < 300:
        raise _failure(status, raw, "token_exchange_failed", TOKEN_PATH)
    try:
        tokens = json.loads(raw)
    except ValueError:
        raise TokenExchangeError("token_exchange_failed", "the token response is not JSON", status, TOKEN_PATH) from None
    if not isinstance(tokens, dict) or not tokens.get("id_token"):
        raise TokenExchangeError(
            "Missing id_token in token response",
            "The authorization server did not return an id_token. Ensure 'openid' scope is included "
            "in the authorization request.",
            500,
            TOKEN_PATH,
        )

    status, raw = _request(
        urllib.request.Request(
            issuer + USERINFO_PATH, headers={"Authorization": f"Bearer {tokens.get('access_token')}"}
        ),
        timeout,
    )
    if not 200 <= status < 300:
        raise TokenExchangeError("Failed to get user info", raw.decode("utf-8", "replace"), status, USERINFO_PATH)
    try:
        user = json.loads(raw)
    except ValueError:
        raise TokenExchangeError("Failed to get user info", "userinfo is not JSON", status, USERINFO_PATH) from None
    return {
        "user": user,
        "access_token": tokens.get("access_token"),
        "id_token": tokens.get("id_token"),
        "refresh_token": tokens.get("refresh_token"),
        "expires_in": tokens.get("expires_in"),
    }


async def exchange_code_for_tokens_async(
    code: str,
    redirect_uri: str,
    client_id: str,
    member_private_key: Union[str, PrivateKey],
    code_verifier: Optional[str] = None,
    issuer_url: str = DEFAULT_ISSUER,
    timeout: float = 30.0,
) -> Dict[str, Any]:
    """``exchange_code_for_tokens`` for asyncio: runs on a worker thread; the event loop stays free."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(
        None,
        lambda: exchange_code_for_tokens(
            code, redirect_uri, client_id, member_private_key, code_verifier, issuer_url, timeout
        ),
    )
