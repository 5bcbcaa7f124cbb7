"""Signed requests through the example app's TestClient (no network, no server process)."""

import json
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import sigma_auth
import app as example
from app import create_app

KEY = sigma_auth.PrivateKey.generate()
# The repository, for the npm oracle (tests/interop); SIGMA_AUTH_REPO when this folder is a copy.
REPO = Path(os.environ.get("SIGMA_AUTH_REPO") or Path(__file__).resolve().parents[2])


@pytest.fixture
def client():
    return TestClient(create_app())


def signed(path, body=None, key=KEY, **kw):
    return {"X-Auth-Token": sigma_auth.create_token(key, path, body, **kw)}


def refused(r, code):
    """The one 401 shape: {"error": "unauthorized", "code": code, "message": <sentence>}."""
    assert r.status_code == 401, r.text
    body = r.json()
    assert set(body) == {"error", "code", "message"}, body
    assert (body["error"], body["code"]) == ("unauthorized", code)
    assert body["message"] and isinstance(body["message"], str)
    assert r.headers["www-authenticate"] == "X-Auth-Token"
    return body


@pytest.mark.parametrize("scheme", ["brc77", "bsm"])
def test_signed_get(client, scheme):
    r = client.get("/api/me?x=1&y=%20", headers=signed("/api/me?x=1&y=%20", scheme=scheme))
    assert r.status_code == 200, r.text
    assert r.json()["pubkey"] == KEY.public_key.to_hex()
    assert r.json()["scheme"] == scheme


def test_signed_post_with_body(client):
    body = json.dumps({"name": "widget", "price": 3})
    r = client.post("/api/items", content=body, headers={**signed("/api/items", body),
                                                         "content-type": "application/json"})
    assert r.status_code == 200, r.text
    assert r.json() == {"owner": KEY.address(), "item": {"name": "widget", "price": 3}}


@pytest.mark.parametrize("body", [b"name=widget", b"[1, 2]", b'"text"', b"{", b"\xff\xfe{}"])
def test_signed_body_that_is_not_a_json_object_is_400(client, body):
    r = client.post("/api/items", content=body, headers=signed("/api/items", body))
    assert r.status_code == 400, r.text
    assert r.json() == {"error": "bad_request", "message": "the body is not a JSON object"}


def test_unsigned_body_that_is_not_json_is_401_not_400(client):
    r = client.post("/api/items", content=b"name=widget", headers=signed("/api/items", b"other"))
    refused(r, "invalid_signature")


def test_tampered_body_is_refused(client):
    headers = signed("/api/items", '{"price": 3}')
    r = client.post("/api/items", content='{"price": 0}', headers=headers)
    refused(r, "invalid_signature")


def test_other_path_or_query_is_refused(client):
    refused(client.get("/api/me?admin=1", headers=signed("/api/me")), "path_mismatch")


def test_missing_token_is_401_missing_token(client):
    for r in (client.get("/api/me"), client.post("/api/items", content=b"{}")):
        body = refused(r, "missing_token")
        assert body["message"] == "the request has no X-Auth-Token header"
    assert client.get("/health").json() == {"ok": True}


def test_malformed_and_empty_token(client):
    refused(client.get("/api/me", headers={"X-Auth-Token": "not-a-token"}), "malformed_token")
    refused(client.get("/api/me", headers={"X-Auth-Token": ""}), "malformed_token")


def test_old_token_expires(client):
    refused(client.get("/api/me", headers=signed("/api/me", timestamp="2025-01-15T12:00:00.000Z")),
            "expired")


def test_replay_is_refused(client):
    headers = signed("/api/me")
    assert client.get("/api/me", headers=headers).status_code == 200
    refused(client.get("/api/me", headers=headers), "replayed")


def test_token_claiming_another_key_is_refused(client):
    alice = sigma_auth.PrivateKey.generate()
    token = sigma_auth.create_token(KEY, "/api/me")
    forged = "|".join([alice.public_key.to_hex()] + token.split("|")[1:])
    refused(client.get("/api/me", headers={"X-Auth-Token": forged}), "signer_mismatch")


def test_serves_on_loopback_only(monkeypatch):
    """`python app.py` hands uvicorn 127.0.0.1 (uvicorn itself is not installed for the tests)."""
    calls = []
    fake = types.ModuleType("uvicorn")
    fake.run = lambda app, **kw: calls.append((app, kw))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "uvicorn", fake)
    example.main()
    assert calls == [(example.app, {"host": "127.0.0.1", "port": 8000})]


def test_token_from_the_cli_as_in_the_readme(client, tmp_path):
    """README.md: `sigma-auth token create --wif-file key.wif --path ... --body ...`, then send it."""
    cli = os.environ.get("SIGMA_AUTH_CLI") or shutil.which("sigma-auth")
    if not cli:
        pytest.skip("no sigma-auth CLI: set SIGMA_AUTH_CLI (scripts/test.d/60-python.sh does)")
    wif = tmp_path / "key.wif"
    wif.write_text(KEY.to_wif() + "\n")
    body = '{"name":"from the cli"}'
    token = subprocess.run([cli, "token", "create", "--wif-file", str(wif), "--path", "/api/items",
                            "--body", body], capture_output=True, text=True, check=True).stdout.strip()
    r = client.post("/api/items", content=body, headers={"X-Auth-Token": token})
    assert r.status_code == 200, r.text
    assert r.json() == {"owner": KEY.address(), "item": {"name": "from the cli"}}


def test_token_from_the_javascript_client_library(client):
    """A token made by bitcoin-auth's getAuthToken (npm, what browser clients use) is accepted."""
    oracle = REPO / "tests" / "interop" / "oracle.mjs"
    node = shutil.which("node")
    assert node and (oracle.parent / "node_modules" / "bitcoin-auth").is_dir(), "run ./scripts/install-interop"
    body = '{"name":"from js"}'
    request = [{"op": "create", "wif": KEY.to_wif(), "requestPath": "/api/items?src=js",
                "body": body, "scheme": "brc77"}]
    out = subprocess.run([node, str(oracle)], input=json.dumps(request).encode(),
                         capture_output=True, check=True, cwd=oracle.parent)
    token = json.loads(out.stdout)[0]["result"]
    r = client.post("/api/items?src=js", content=body, headers={"X-Auth-Token": token})
    assert r.status_code == 200, r.text
    assert r.json()["owner"] == KEY.address()
