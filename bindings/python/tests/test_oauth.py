"""Sign in with Sigma from Python: sigma_auth.oauth against a local stub issuer (127.0.0.1)."""

import asyncio
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sigma_auth import AuthError, PrivateKey, verify_token
from sigma_auth.oauth import (
    TOKEN_PATH,
    USERINFO_PATH,
    TokenExchangeError,
    exchange_code_for_tokens,
    exchange_code_for_tokens_async,
    form_encode,
)

# The body of the plugin's exchangeCodeForTokens for FIELDS, as Node's URLSearchParams writes it
# (node -e 'console.log(new URLSearchParams([...]).toString())').
CODE, REDIRECT, CLIENT, VERIFIER = "a b~*é/+&=", "https://app.example/cb?x=1", "app", "v3r-._~"
PLUGIN_FORM = (
    "grant_type=authorization_code&code=a+b%7E*%C3%A9%2F%2B%26%3D"
    "&redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1&client_id=app&code_verifier=v3r-._%7E"
)


class Issuer:
    """A stub issuer: the token endpoint answers ``token_answer``; userinfo a fixed claim set."""

    def __init__(self, status, body):
        self.seen = []
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                issuer.seen.append((self.path, dict(self.headers), raw))
                self._answer(status, body) if self.path == TOKEN_PATH else self._answer(404, {})

            def do_GET(self):
                issuer.seen.append((self.path, dict(self.headers), b""))
                self._answer(200, {"sub": "u1", "name": "N"}) if self.path == USERINFO_PATH else self._answer(404, {})

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def issuer_ok():
    s = Issuer(200, {"access_token": "at", "id_token": "a.b.c", "refresh_token": "rt", "expires_in": 3600})
    yield s
    s.close()


def test_form_encode_matches_url_search_params():
    fields = [("grant_type", "authorization_code"), ("code", CODE), ("redirect_uri", REDIRECT), ("client_id", CLIENT), ("code_verifier", VERIFIER)]
    assert form_encode(fields) == PLUGIN_FORM.encode()


@pytest.mark.parametrize("use_async", [False, True])
def test_exchange_signs_the_bytes_it_sends_then_reads_userinfo(issuer_ok, use_async):
    key = PrivateKey.generate()
    args = (CODE, REDIRECT, CLIENT, key.to_wif(), VERIFIER, issuer_ok.url)
    if use_async:
        result = asyncio.run(exchange_code_for_tokens_async(*args))
    else:
        result = exchange_code_for_tokens(*args)
    assert result == {"user": {"sub": "u1", "name": "N"}, "access_token": "at", "id_token": "a.b.c", "refresh_token": "rt", "expires_in": 3600}
    (path, headers, raw), (info_path, info_headers, _) = issuer_ok.seen
    assert (path, info_path) == (TOKEN_PATH, USERINFO_PATH)
    assert raw == PLUGIN_FORM.encode()
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    verified = verify_token(headers["X-Auth-Token"], TOKEN_PATH, raw)
    assert verified.pubkey == key.public_key.to_hex()
    with pytest.raises(AuthError):
        verify_token(headers["X-Auth-Token"], TOKEN_PATH, raw + b"&")
    assert info_headers["Authorization"] == "Bearer at"


def test_refusal_is_typed_as_the_plugin_types_it():
    s = Issuer(401, {"error": "invalid_client", "error_description": "signer_mismatch"})
    try:
        with pytest.raises(TokenExchangeError) as e:
            exchange_code_for_tokens(CODE, REDIRECT, CLIENT, PrivateKey.generate(), VERIFIER, s.url)
        assert (e.value.error, e.value.details, e.value.status, e.value.endpoint) == ("invalid_client", "signer_mismatch", 401, TOKEN_PATH)
    finally:
        s.close()
    s = Issuer(200, {"access_token": "at"})
    try:
        with pytest.raises(TokenExchangeError) as e:
            exchange_code_for_tokens(CODE, REDIRECT, CLIENT, PrivateKey.generate(), VERIFIER, s.url)
        assert (e.value.error, e.value.status) == ("Missing id_token in token response", 500)
    finally:
        s.close()
    with pytest.raises(TypeError, match="code"):
        exchange_code_for_tokens("", REDIRECT, CLIENT, PrivateKey.generate(), VERIFIER, "http://127.0.0.1:9")
