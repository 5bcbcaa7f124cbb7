"""The first Python block of bindings/python/README.md ("What an auth server needs") as a
program: the lines between the snippet markers are the README's block, piece by piece; the
checks are readme_check.py's. Run by scripts/test.d/80-docs.sh with the wheel installed."""

import time

# snippet: bindings/python/README.md#server
import sigma_auth

verifier = sigma_auth.Verifier(max_age=300, max_skew=300)   # once, at start-up
guard = sigma_auth.ReplayGuard(verifier)                     # its window is the verifier's

# end snippet


def handle(request, path_with_query, body):
    """One request: `request.headers` is the header mapping, then path+query and raw body."""
    # snippet: bindings/python/README.md#server
    token = request.headers.get("X-Auth-Token")  # None when the header is absent
    if token is None:
        return 401, {"error": "unauthorized", "code": "missing_token",
                     "message": "the request has no X-Auth-Token header"}
    try:
        who = verifier.verify(token, path_with_query, body,
                              replay_guard=guard)  # or: await verifier.verify_async(...)
    except sigma_auth.AuthError as e:          # e.code: "expired", "signer_mismatch", "replayed", ...
        return 401, {"error": "unauthorized", "code": e.code, "message": str(e)}
    user = who.pubkey                          # hex; also who.scheme, who.timestamp, who.replay_id
    # end snippet
    return 200, {"pubkey": user}


if __name__ == "__main__":
    from readme_check import check

    check(handle, time.time())
