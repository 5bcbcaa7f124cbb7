"""A FastAPI app whose routes require a bitcoin-auth X-Auth-Token, verified by sigma_auth.

Run: uvicorn app:app  (uvicorn is not part of the pinned test set; the tests use TestClient).
"""

from typing import Any, Optional

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse

import sigma_auth


def request_target(request: Request) -> str:
    """The path and query exactly as the client sent them (what the client signed)."""
    path = request.scope.get("raw_path") or request.url.path.encode()
    query = request.scope.get("query_string", b"")
    target = path.decode("latin-1")
    return target + "?" + query.decode("latin-1") if query else target


class AuthFailed(Exception):
    def __init__(self, code: str, message: str):
        self.code, self.message = code, message


def create_app(*, max_age: float = 300, max_skew: float = 300, replay_guard: bool = True) -> FastAPI:
    app = FastAPI()
    # Configured once; the replay guard takes its window from the verifier, so they agree.
    verifier = sigma_auth.Verifier(max_age=max_age, max_skew=max_skew)
    guard: Optional[sigma_auth.ReplayGuard] = (
        sigma_auth.ReplayGuard(verifier) if replay_guard else None
    )

    @app.exception_handler(AuthFailed)
    async def auth_failed(_request: Request, exc: AuthFailed) -> JSONResponse:
        return JSONResponse(
            {"error": exc.code, "message": exc.message},
            status_code=401,
            headers={"WWW-Authenticate": "X-Auth-Token"},
        )

    async def authenticated(request: Request) -> sigma_auth.Verified:
        """The dependency: 401 unless X-Auth-Token signs this exact path, query and body."""
        token = request.headers.get("x-auth-token")
        if token is None:
            raise AuthFailed("missing_token", "X-Auth-Token header is required")
        body = await request.body()
        try:
            # Runs in a worker thread with the GIL released: the event loop keeps serving.
            who = await verifier.verify_async(
                token, request_target(request), body, replay_guard=guard
            )
        except sigma_auth.AuthError as e:  # every failure has a code, bad input included
            raise AuthFailed(e.code, str(e)) from None
        return who

    @app.get("/api/me")
    async def me(who: sigma_auth.Verified = Depends(authenticated)) -> dict[str, Any]:
        return {"pubkey": who.pubkey, "scheme": who.scheme, "signed_at": who.timestamp}

    @app.post("/api/items")
    async def add_item(
        request: Request, who: sigma_auth.Verified = Depends(authenticated)
    ) -> dict[str, Any]:
        item = await request.json()
        return {"owner": who.public_key.address(), "item": item}

    @app.get("/health")
    async def health() -> dict[str, Any]:
        return {"ok": True}

    return app


app = create_app()
