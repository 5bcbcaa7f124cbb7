"""Interop with the JavaScript reference (bitcoin-auth 0.0.7 on @bsv/sdk 2.1.0, run by node through
tests/interop/oracle.mjs), random inputs, both directions."""

import base64
import random

import pytest

import sigma_auth

T0 = 1_736_942_400_000  # 2025-01-15T12:00:00.000Z


def _iso(ms):
    import datetime

    dt = datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


@pytest.fixture
def rng(request):
    return random.Random(f"sigma-auth python interop {request.node.name}")


def random_request(rng):
    path = "/" + "".join(rng.choice("abc/xyz-_.~%20?&=é") for _ in range(rng.randrange(0, 40)))
    encoding = rng.choice(["utf8", "hex", "base64", None])
    raw = bytes(rng.getrandbits(8) for _ in range(rng.randrange(0, 80)))
    if encoding is None:
        body = None
    elif encoding == "utf8":
        body = "".join(rng.choice('{}":, abc€🙂\n') for _ in range(rng.randrange(0, 40)))
    elif encoding == "hex":
        body = raw.hex()
    else:
        body = base64.b64encode(raw).decode()
    ts = T0 + rng.randrange(-10**9, 10**9)
    return {
        "path": path,
        "body": body,
        "encoding": encoding or "utf8",
        "scheme": rng.choice(["bsm", "brc77"]),
        "ts": ts,
        "key": sigma_auth.PrivateKey.from_bytes(rng.randbytes(32)),
    }


def test_reference_tokens_verify_here(js_oracle, rng):
    reqs = [random_request(rng) for _ in range(60)]
    made = js_oracle([
        {
            "op": "create",
            "wif": r["key"].to_wif(),
            "requestPath": r["path"],
            "body": r["body"],
            "bodyEncoding": r["encoding"],
            "scheme": r["scheme"],
            "timestamp": _iso(r["ts"]),
        }
        for r in reqs
    ])
    items = []
    for r, m in zip(reqs, made):
        token = m["result"]
        now = r["ts"] + rng.randrange(0, 300_000)
        v = sigma_auth.verify_token(token, r["path"], r["body"], body_encoding=r["encoding"], now=now)
        assert v.pubkey == r["key"].public_key.to_hex()
        assert v.scheme == r["scheme"]
        assert v.timestamp == _iso(r["ts"])
        # A different body or path is refused with the right code.
        with pytest.raises(sigma_auth.PathMismatch):
            sigma_auth.verify_token(token, r["path"] + "x", r["body"], body_encoding=r["encoding"], now=now)
        with pytest.raises(sigma_auth.InvalidSignature):
            sigma_auth.verify_token(token, r["path"], "different", now=now)
        items.append((token, r["path"], r["body"], r["encoding"]))
    # The batch path agrees.
    got = sigma_auth.verify_many(items, now=reqs[0]["ts"])
    for r, g in zip(reqs, got):
        if abs(r["ts"] - reqs[0]["ts"]) <= 300_000:
            assert isinstance(g, sigma_auth.Verified)
        else:
            assert isinstance(g, (sigma_auth.Expired, sigma_auth.NotYetValid))


def test_our_tokens_verify_in_reference(js_oracle, rng):
    reqs = [random_request(rng) for _ in range(60)]
    tokens = [
        sigma_auth.create_token(
            r["key"], r["path"], r["body"], body_encoding=r["encoding"], scheme=r["scheme"], timestamp=r["ts"]
        )
        for r in reqs
    ]
    verdicts = js_oracle([
        {
            "op": "verify",
            "token": t,
            "target": {"requestPath": r["path"], "timestamp": _iso(r["ts"] + 60_000), "body": r["body"]},
            "timePad": 5,
            "bodyEncoding": r["encoding"],
        }
        for r, t in zip(reqs, tokens)
    ])
    assert [v.get("result") for v in verdicts] == [True] * len(reqs), verdicts
    parsed = js_oracle([{"op": "parse", "token": t} for t in tokens])
    for r, p in zip(reqs, parsed):
        assert p["result"]["pubkey"] == r["key"].public_key.to_hex()
        assert p["result"]["requestPath"] == r["path"]
        assert p["result"]["timestamp"] == _iso(r["ts"])


def test_reference_accepts_what_we_refuse_for_security(js_oracle, rng):
    """Hypothesis (a): the reference ignores the pubkey of a brc77 token. We refuse it."""
    alice = sigma_auth.PrivateKey.from_bytes(rng.randbytes(32))
    mallory = sigma_auth.PrivateKey.from_bytes(rng.randbytes(32))
    token = sigma_auth.create_token(mallory, "/admin", timestamp=T0)
    forged = "|".join([alice.public_key.to_hex()] + token.split("|")[1:])
    (verdict,) = js_oracle([{
        "op": "verify", "token": forged,
        "target": {"requestPath": "/admin", "timestamp": _iso(T0)}, "timePad": 5,
    }])
    assert verdict == {"result": True}
    with pytest.raises(sigma_auth.SignerMismatch) as e:
        sigma_auth.verify_token(forged, "/admin", now=T0)
    assert e.value.code == "signer_mismatch"
    with pytest.raises(sigma_auth.SignerMismatch):
        sigma_auth.verify_token(forged, "/admin", now=T0, compat=True)
    # Hypothesis (b): a year-old token passes the reference; it has expired here.
    honest = sigma_auth.create_token(alice, "/admin", timestamp=T0, scheme="bsm")
    (verdict,) = js_oracle([{
        "op": "verify", "token": honest,
        "target": {"requestPath": "/admin", "timestamp": _iso(T0 + 365 * 86_400_000)},
    }])
    assert verdict == {"result": True}
    with pytest.raises(sigma_auth.Expired):
        sigma_auth.verify_token(honest, "/admin", now=T0 + 365 * 86_400_000)
