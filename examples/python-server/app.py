"""A FastAPI app whose routes require a bitcoin-auth X-Auth-Token, verified by sigma_auth.

Run: python app.py  (uvicorn on 127.0.0.1:8000 only; see README.md). The tests use TestClient.

Answers: 401 {"error": "unauthorized", "code": <reason>, "message": <sentence>} for a refused
request (code "missing_token" when the header is absent); 400 {"error": "bad_request", ...} for a
validly signed body that is not a JSON object.
"""

import importlib
import json
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse

import sigma_auth

HOST = "127.0.0.1"  # loopback only: put a reverse proxy in front to serve other hosts
PORT = 8000


def request_target(request: Request) -> str:
    """The path and query exactly as the client sent them (what the client signed)."""
    path = request.scope.get("raw_path") or request.url.path.encode()
    query = request.scope.get("query_string", b"")
    target = path.decode("latin-1")
    return target + "?" + query.decode("latin-1") if query else target


class Refused(Exception):
    """A request answered with `status` and a JSON body, before it reaches the route."""

    def __init__(self, status: int, body: dict[str, str]):
        self.status, self.body = status, body


def unauthorized(code: str, message: str) -> Refused:
    """The one 401 body of every sigma-auth example and middleware."""
    return Refused(401, {"error": "unauthorized", "code": code, "message": message})


def create_app(*, max_age: float = 300, max_skew: float = 300, replay_guard: bool = True) -> FastAPI:
    """The app: /api/* requires a valid X-Auth-Token, /health does not."""
    app = FastAPI()

    @app.exception_handler(Refused)
    async def refused(_request: Request, exc: Refused) -> JSONResponse:
        headers = {"WWW-Authenticate": "X-Auth-Token"} if exc.status == 401 else None
        return JSONResponse(exc.body, status_code=exc.status, headers=headers)

    # snippet: examples/python-server/README.md#dependency
    verifier = sigma_auth.Verifier(max_age=max_age, max_skew=max_skew)   # configured once
    guard = sigma_auth.ReplayGuard(verifier) if replay_guard else None   # the verifier's window

    async def authenticated(request: Request) -> sigma_auth.Verified:
        """The dependency: 401 unless X-Auth-Token signs this exact path, query and body."""
        token = request.headers.get("x-auth-token")
        if token is None:
            raise unauthorized("missing_token", "the request has no X-Auth-Token header")
        try:  # in a worker thread, without the GIL: the event loop keeps serving
            return await verifier.verify_async(token, request_target(request),
                                               await request.body(), replay_guard=guard)
        except sigma_auth.AuthError as e:  # every failure has a code, bad input included
            raise unauthorized(e.code, str(e)) from None
    # end snippet

    @app.get("/api/me")
    async def me(who: sigma_auth.Verified = Depends(authenticated)) -> dict[str, Any]:
        return {"pubkey": who.pubkey, "scheme": who.scheme, "signed_at": who.timestamp}

    @app.post("/api/items")
    async def add_item(
        request: Request, who: sigma_auth.Verified = Depends(authenticated)
    ) -> dict[str, Any]:
        # The signature covers the raw bytes; whether they are the JSON we expect is ours to check.
        try:
            item = json.loads(await request.body())
        except ValueError:  # not UTF-8 or not JSON
            item = None
        if not isinstance(item, dict):
            raise Refused(400, {"error": "bad_request", "message": "the body is not a JSON object"})
        return {"owner": who.public_key.address(), "item": item}

    @app.get("/health")
    async def health() -> dict[str, Any]:
        return {"ok": True}

    return app


app = create_app()


def main() -> None:
    """Serves the app with uvicorn on 127.0.0.1:8000 (loopback only)."""
    uvicorn = importlib.import_module("uvicorn")  # pip install uvicorn; the tests do not need it
    uvicorn.run(app, host=HOST, port=PORT)


if __name__ == "__main__":
    main()
