"""Replay stores in Redis for a fleet of servers, over redis-py (``pip install redis``).

Each verified token becomes ``SET <prefix><replay_id hex> 1 NX PX <ms>``: the ``PX`` keeps the id
until the token leaves its verifier's window (plus a clock slack between servers), ``NX`` makes
the first server to see a token the only one to accept it. A Redis that is unreachable, failing
or slower than the client's timeouts refuses the token with ``ReplayStoreUnavailable`` (code
``replay_store_unavailable``) unless the store was built with ``fail_open=True``, which accepts
the token and logs a warning for each one so accepted.

Give the client its timeouts (``socket_timeout``, ``socket_connect_timeout``)::

    client = redis.Redis(host="127.0.0.1", socket_timeout=0.25, socket_connect_timeout=0.25)
    store = RedisReplayStore(client, verifier)
    verified = verifier.verify(token, path, body)
    store.check(verified)          # raises Replayed or ReplayStoreUnavailable

``AsyncRedisReplayStore`` does the same over ``redis.asyncio.Redis`` with ``await store.check``.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any, Optional

from ._sigma_auth import Replayed, ReplayStoreUnavailable, Verified, Verifier

if TYPE_CHECKING:  # redis-py is needed only by whoever builds a store
    import redis
    import redis.asyncio

__all__ = ["DEFAULT_PREFIX", "RedisReplayStore", "AsyncRedisReplayStore"]

DEFAULT_PREFIX = "sigma-auth:replay:"
"""Keys are this prefix and 64 hex digits (the same keys as the Rust crate sigma-auth-redis)."""

log = logging.getLogger("sigma_auth.redis_store")


class _Common:
    def __init__(
        self,
        verifier: Verifier,
        *,
        prefix: str = DEFAULT_PREFIX,
        clock_slack: float = 1.0,
        fail_open: bool = False,
    ) -> None:
        self._max_age_ms = int(verifier.max_age.total_seconds() * 1000)
        self.prefix = prefix
        self._slack_ms = int(clock_slack * 1000)
        self.fail_open = fail_open

    def key(self, verified: Verified) -> str:
        """The Redis key of a verified token."""
        return self.prefix + verified.replay_id.hex()

    def ttl_millis(self, verified: Verified, now_millis: Optional[int] = None) -> int:
        """The ``PX``: through the last millisecond of the window, plus the slack (at least 1)."""
        now = time.time_ns() // 1_000_000 if now_millis is None else now_millis
        expires = verified.timestamp_millis + self._max_age_ms
        return max(expires - now + 1, 1) + self._slack_ms

    def _settle(self, verified: Verified, answer: Any, error: Optional[BaseException]) -> None:
        if error is not None:
            if self.fail_open:
                log.warning(
                    "replay store unavailable (%s); token of %s accepted without a replay check",
                    type(error).__name__,
                    verified.pubkey,
                )
                return
            exc = ReplayStoreUnavailable(
                "replay_store_unavailable: the replay store did not answer in time; "
                "refused rather than risk a replay"
            )
            exc.code = "replay_store_unavailable"
            raise exc from None
        if answer is None:
            exc2 = Replayed(
                "replayed: this signed request was already accepted inside its window"
            )
            exc2.code = "replayed"
            raise exc2
        if answer is not True and answer not in (b"OK", "OK"):
            self._settle(verified, None, RuntimeError("unexpected reply"))


class RedisReplayStore(_Common):
    """A replay store over a synchronous ``redis.Redis`` client, for tokens of ``verifier``."""

    def __init__(
        self,
        client: "redis.Redis",
        verifier: Verifier,
        *,
        prefix: str = DEFAULT_PREFIX,
        clock_slack: float = 1.0,
        fail_open: bool = False,
    ) -> None:
        super().__init__(verifier, prefix=prefix, clock_slack=clock_slack, fail_open=fail_open)
        self.client = client

    def check(self, verified: Verified, *, now_millis: Optional[int] = None) -> None:
        """Records ``verified``; raises ``Replayed`` on a second use, ``ReplayStoreUnavailable``
        if Redis does not answer (unless ``fail_open``)."""
        import redis

        try:
            answer = self.client.set(
                self.key(verified), 1, nx=True, px=self.ttl_millis(verified, now_millis)
            )
        except (redis.RedisError, OSError) as e:
            self._settle(verified, None, e)
            return
        self._settle(verified, answer, None)


class AsyncRedisReplayStore(_Common):
    """A replay store over ``redis.asyncio.Redis``, for tokens of ``verifier``."""

    def __init__(
        self,
        client: "redis.asyncio.Redis",
        verifier: Verifier,
        *,
        prefix: str = DEFAULT_PREFIX,
        clock_slack: float = 1.0,
        fail_open: bool = False,
    ) -> None:
        super().__init__(verifier, prefix=prefix, clock_slack=clock_slack, fail_open=fail_open)
        self.client = client

    async def check(self, verified: Verified, *, now_millis: Optional[int] = None) -> None:
        """As ``RedisReplayStore.check``, awaiting the client."""
        import redis

        try:
            answer = await self.client.set(
                self.key(verified), 1, nx=True, px=self.ttl_millis(verified, now_millis)
            )
        except (redis.RedisError, OSError) as e:
            self._settle(verified, None, e)
            return
        self._settle(verified, answer, None)
