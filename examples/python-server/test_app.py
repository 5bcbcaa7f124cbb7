"""Signed requests through the example app's TestClient (no network, no server process)."""

import json

import pytest
from fastapi.testclient import TestClient

import sigma_auth
from app import create_app

KEY = sigma_auth.PrivateKey.generate()


@pytest.fixture
def client():
    return TestClient(create_app())


def signed(path, body=None, key=KEY, **kw):
    return {"X-Auth-Token": sigma_auth.create_token(key, path, body, **kw)}


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


def test_tampered_body_is_refused(client):
    headers = signed("/api/items", '{"price": 3}')
    r = client.post("/api/items", content='{"price": 0}', headers=headers)
    assert r.status_code == 401
    assert r.json()["error"] == "invalid_signature"
    assert r.headers["www-authenticate"] == "X-Auth-Token"


def test_other_path_or_query_is_refused(client):
    r = client.get("/api/me?admin=1", headers=signed("/api/me"))
    assert (r.status_code, r.json()["error"]) == (401, "path_mismatch")


def test_missing_and_malformed_token(client):
    assert client.get("/api/me").json()["error"] == "missing_token"
    r = client.get("/api/me", headers={"X-Auth-Token": "not-a-token"})
    assert (r.status_code, r.json()["error"]) == (401, "malformed_token")
    assert client.get("/health").json() == {"ok": True}


def test_old_token_expires(client):
    r = client.get("/api/me", headers=signed("/api/me", timestamp="2025-01-15T12:00:00.000Z"))
    assert (r.status_code, r.json()["error"]) == (401, "expired")


def test_replay_is_refused(client):
    headers = signed("/api/me")
    assert client.get("/api/me", headers=headers).status_code == 200
    r = client.get("/api/me", headers=headers)
    assert (r.status_code, r.json()["error"]) == (401, "replayed")


def test_token_claiming_another_key_is_refused(client):
    alice = sigma_auth.PrivateKey.generate()
    token = sigma_auth.create_token(KEY, "/api/me")
    forged = "|".join([alice.public_key.to_hex()] + token.split("|")[1:])
    r = client.get("/api/me", headers={"X-Auth-Token": forged})
    assert (r.status_code, r.json()["error"]) == (401, "signer_mismatch")


def test_token_from_the_javascript_client_library(client):
    """A token made by bitcoin-auth's getAuthToken (npm, what browser clients use) is accepted."""
    import shutil
    import subprocess
    from pathlib import Path

    oracle = Path(__file__).resolve().parents[2] / "tests" / "interop" / "oracle.mjs"
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
