"""Same-run comparison, Python reference: bsv-sdk (PyPI, pinned by benches/compare/run).

bsv-sdk has no bitcoin-auth module, so the token functions here are a line-for-line port of
bitcoin-auth 0.0.7's getAuthToken / verifyAuthToken (same message, same checks) onto bsv-sdk's
own BSM (bsv.compat.bsm) and BRC-77 (bsv.signed_message.SignedMessage). Also times one ECDSA
verification through bsv-sdk (its native libsecp256k1 backend when the wheel ships it).
Prints one JSON line per result: {"impl", "op", "ops_per_sec"}.
Usage: python reference.py [seconds-per-op]
"""

import base64
import contextlib
import hashlib
import io
import json
import sys
import time
from datetime import datetime, timedelta
from importlib.metadata import version

from bsv.compat import bsm
from bsv.keys import PrivateKey, PublicKey
from bsv.native import native_status
from bsv.signed_message import SignedMessage

SECS = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
WIF = "L4JwZ3sYcpB1NC9hJ7nSbD8WPyBHNqi43biKVxMuwFUDTHvjrDQH"
PATH = "/api/items?page=2"
BODY = '{"a":1}'
CREATED = "2025-01-15T12:00:00.000Z"
NOW = "2025-01-15T12:00:30.000Z"
# SignedMessage.verify in bsv-sdk 2.4.0 prints the derived key on every call: swallow it.
QUIET = io.StringIO()


def body_hash(body):
    return hashlib.sha256(body.encode()).hexdigest() if body else ""


def get_auth_token(wif, path, body, scheme, timestamp):
    key = PrivateKey(wif)
    pubkey = key.public_key().hex()
    message = f"{path}|{timestamp}|{body_hash(body)}".encode()
    if scheme == "bsm":
        sig = bsm.sign(message, key)
    else:
        sig = base64.b64encode(SignedMessage.sign(message, key)).decode()
    return f"{pubkey}|{scheme}|{timestamp}|{path}|{sig}"


def iso(t):
    return datetime.fromisoformat(t.replace("Z", "+00:00"))


def verify_auth_token(token, target, time_pad=5):
    parts = token.split("|")
    if len(parts) != 5 or parts[1] not in ("bsm", "brc77"):
        return False
    pubkey, scheme, timestamp, path, sig = parts
    if iso(timestamp) > iso(target["timestamp"]) + timedelta(minutes=time_pad):
        return False
    if path != target["requestPath"]:
        return False
    try:
        key = PublicKey(pubkey)
    except Exception:
        return False
    message = f"{path}|{timestamp}|{body_hash(target.get('body'))}".encode()
    if scheme == "bsm":
        return bsm.verify(message, sig, key)
    QUIET.seek(0)
    QUIET.truncate()
    with contextlib.redirect_stdout(QUIET):
        return SignedMessage.verify(message, base64.b64decode(sig))


def rate(fn):
    def run(s):
        start = time.perf_counter()
        n = 0
        while time.perf_counter() - start < s:
            fn()
            n += 1
        return n / (time.perf_counter() - start)

    run(SECS / 10)
    return max(run(SECS / 3) for _ in range(3))


def emit(impl, op, ops):
    print(json.dumps({"impl": impl, "op": op, "ops_per_sec": round(ops, 1)}), flush=True)


def main():
    backend = native_status().get("backend") if native_status().get("available") else "pure Python"
    label = f"bsv-sdk {version('bsv-sdk')} (Python, {backend}; bitcoin-auth port)"
    target = {"requestPath": PATH, "timestamp": NOW, "body": BODY}
    for scheme in ("brc77", "bsm"):
        token = get_auth_token(WIF, PATH, BODY, scheme, CREATED)
        if not verify_auth_token(token, target):
            raise SystemExit(f"bsv-sdk rejected its own {scheme} token")
        emit(label, f"token_verify_{scheme}", rate(lambda: verify_auth_token(token, target)))
        emit(label, f"token_create_{scheme}", rate(lambda: get_auth_token(WIF, PATH, BODY, scheme, CREATED)))
    key = PrivateKey(WIF)
    pub = key.public_key()
    msg = b"floor message"
    sig = key.sign(msg)
    assert pub.verify(sig, msg)
    emit(f"bsv-sdk {version('bsv-sdk')} (Python, {backend})", "ecdsa_verify", rate(lambda: pub.verify(sig, msg)))


if __name__ == "__main__":
    main()
