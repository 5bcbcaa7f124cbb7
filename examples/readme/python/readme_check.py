"""The checks shared by the Python README programs: four requests through `handle` and the
answers a server must give (200, 401 path_mismatch, 401 expired, 401 missing_token, in the one
401 shape). Exits non-zero on any wrong answer."""

import sys
from types import SimpleNamespace

import sigma_auth


def check(handle, now_seconds):
    key = sigma_auth.PrivateKey.generate()
    body = b'{"a":1}'
    now = int(now_seconds * 1000)
    fresh = sigma_auth.create_token(key, "/api/items?page=2", body, timestamp=now)
    old = sigma_auth.create_token(key, "/api/items?page=2", body, timestamp=now - 3_600_000)
    cases = [
        ("signed request", {"X-Auth-Token": fresh}, "/api/items?page=2", None),
        ("other path", {"X-Auth-Token": fresh}, "/api/items?page=3", "path_mismatch"),
        ("token from an hour ago", {"X-Auth-Token": old}, "/api/items?page=2", "expired"),
        ("no header", {}, "/api/items?page=2", "missing_token"),
    ]
    failures = 0
    for what, headers, path, want in cases:
        status, reply = handle(SimpleNamespace(headers=headers), path, body)
        if want is None:
            ok = status == 200 and reply["pubkey"] == key.public_key.to_hex()
        else:
            ok = (status == 401 and set(reply) == {"error", "code", "message"}
                  and (reply["error"], reply["code"]) == ("unauthorized", want))
        print(f"{'ok' if ok else 'FAIL'}: {what} -> {status} {reply}")
        failures += not ok
    sys.exit(1 if failures else 0)
