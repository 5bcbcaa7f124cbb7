"""The Python backend of the Sign in with Sigma end-to-end test: exchanges one authorization
code with sigma_auth.oauth (sync, or async with --async), the member key read from
SIGMA_MEMBER_PRIVATE_KEY, and prints the result, or the refusal, as one JSON line."""

import argparse
import asyncio
import json
import os

from sigma_auth.oauth import TokenExchangeError, exchange_code_for_tokens, exchange_code_for_tokens_async


def main() -> None:
    p = argparse.ArgumentParser()
    for name in ("issuer", "code", "redirect-uri", "client-id", "code-verifier"):
        p.add_argument(f"--{name}", required=True)
    p.add_argument("--async", dest="use_async", action="store_true")
    a = p.parse_args()
    args = (a.code, a.redirect_uri, a.client_id, os.environ["SIGMA_MEMBER_PRIVATE_KEY"], a.code_verifier, a.issuer)
    try:
        if a.use_async:
            res = asyncio.run(exchange_code_for_tokens_async(*args))
        else:
            res = exchange_code_for_tokens(*args)
    except TokenExchangeError as e:
        res = {"error": e.error, "details": e.details, "status": e.status}
    print(json.dumps(res))


if __name__ == "__main__":
    main()
