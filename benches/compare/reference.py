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


ROUNDS = 5


def run_all(ops):
    """Round-robin over ops [(impl, op, fn)], five rounds of SECS/5 each in this thread's CPU
    time (as the Rust and JS sides do); prints each operation's best round."""
    slot = SECS / ROUNDS
    best = [0.0] * len(ops)
    for _, _, fn in ops:
        start = time.thread_time()
        while time.thread_time() - start < slot / 4:
            fn()
    for _ in range(ROUNDS):
        for k, (_, _, fn) in enumerate(ops):
            start = time.thread_time()
            n, elapsed = 0, 0.0
            while elapsed < slot:
                fn()
                n += 1
                elapsed = time.thread_time() - start
            best[k] = max(best[k], n / elapsed)
    for (impl, op, _), b in zip(ops, best):
        emit(impl, op, b)


def emit(impl, op, ops):
    print(json.dumps({"impl": impl, "op": op, "ops_per_sec": round(ops, 1)}), flush=True)


def main():
    backend = native_status().get("backend") if native_status().get("available") else "pure Python"
    label = f"bsv-sdk {version('bsv-sdk')} (Python, {backend}; bitcoin-auth port)"
    target = {"requestPath": PATH, "timestamp": NOW, "body": BODY}
    ops = []
    for scheme in ("brc77", "bsm"):
        token = get_auth_token(WIF, PATH, BODY, scheme, CREATED)
        if not verify_auth_token(token, target):
            raise SystemExit(f"bsv-sdk rejected its own {scheme} token")
        ops.append((label, f"token_verify_{scheme}", lambda t=token: verify_auth_token(t, target)))
        ops.append((label, f"token_create_{scheme}", lambda s=scheme: get_auth_token(WIF, PATH, BODY, s, CREATED)))
    key = PrivateKey(WIF)
    pub = key.public_key()
    msg = b"floor message"
    sig = key.sign(msg)
    assert pub.verify(sig, msg)
    ops.append((f"bsv-sdk {version('bsv-sdk')} (Python, {backend})", "ecdsa_verify", lambda: pub.verify(sig, msg)))
    run_all(ops)


if __name__ == "__main__":
    main()
