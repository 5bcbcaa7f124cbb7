"""The Python block of README.md ("Use it from Python") as a program: the lines between the
snippet markers are the README's block, piece by piece. The end of the file sends handle() a
signed request, one for another path, an hour-old token and one without the header, and checks
each answer. Run by scripts/test.d/80-docs.sh with the wheel installed."""

import time

# snippet: README.md#python
import sigma_auth                                        # bindings/python (abi3 wheel)

def unauthorized(code, message):                         # the one 401 body of every example
    return 401, {"error": "unauthorized", "code": code, "message": message}

# end snippet


def handle(request, path_with_query, body):
    """One request: `request.headers` is the header mapping, then path+query and raw body."""
    # snippet: README.md#python
    token = request.headers.get("X-Auth-Token")              # None when the header is absent
    if token is None:
        return unauthorized("missing_token", "the request has no X-Auth-Token header")
    try:
        who = sigma_auth.verify_token(token, path_with_query, body)
    except sigma_auth.AuthError as e:                        # e.code: "expired", "signer_mismatch", ...
        return unauthorized(e.code, str(e))
    # end snippet
    return 200, {"pubkey": who.pubkey}


if __name__ == "__main__":
    from readme_check import check

    check(handle, time.time())
