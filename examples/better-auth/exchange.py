"""The Python backend of the Sign in with Sigma end-to-end test: exchanges one authorization
code with sigma_auth.oauth (sync, or async with --async), the member key read from
SIGMA_MEMBER_PRIVATE_KEY, and prints the result, or the refusal, as one JSON line."""

import argparse
import asyncio
import json
import os
from typing import Any, Dict

# snippet: README.md#signin-python
from sigma_auth.oauth import TokenExchangeError, exchange_code_for_tokens
# end snippet
from sigma_auth.oauth import exchange_code_for_tokens_async


def callback(code: str, redirect_uri: str, client_id: str, code_verifier: str, issuer_url: str) -> Dict[str, Any]:
    """What an app's /callback does with ?code= and the PKCE verifier it kept at /authorize."""
    # snippet: README.md#signin-python
    try:
        result = exchange_code_for_tokens(code, redirect_uri, client_id,
                                          os.environ["SIGMA_MEMBER_PRIVATE_KEY"], code_verifier, issuer_url)
    except TokenExchangeError as e:  # e.error "invalid_client", e.details: the provider's reason
        return {"error": e.error, "details": e.details, "status": e.status}
    user = result["user"]  # OIDC userinfo (sub, name, ...); result["access_token"], ["id_token"]
    # end snippet
    return {**result, "user": user}


def main() -> None:
    p = argparse.ArgumentParser()
    for name in ("issuer", "code", "redirect-uri", "client-id", "code-verifier"):
        p.add_argument(f"--{name}", required=True)
    p.add_argument("--async", dest="use_async", action="store_true")
    a = p.parse_args()
    if a.use_async:
        try:
            res = asyncio.run(exchange_code_for_tokens_async(
                a.code, a.redirect_uri, a.client_id, os.environ["SIGMA_MEMBER_PRIVATE_KEY"], a.code_verifier, a.issuer))
        except TokenExchangeError as e:
            res = {"error": e.error, "details": e.details, "status": e.status}
    else:
        res = callback(a.code, a.redirect_uri, a.client_id, a.code_verifier, a.issuer)
    print(json.dumps(res))


if __name__ == "__main__":
    main()
