"""sigma_auth.redis_store against a real redis-server (scripts/install-redis installs it; the
test starts its own on a free loopback port, or uses SIGMA_AUTH_REDIS_URL when set)."""

import asyncio
import logging
import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest
import redis
import redis.asyncio

import sigma_auth
from sigma_auth.redis_store import DEFAULT_PREFIX, AsyncRedisReplayStore, RedisReplayStore


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url():
    if os.environ.get("SIGMA_AUTH_REDIS_URL"):
        yield os.environ["SIGMA_AUTH_REDIS_URL"]
        return
    server = shutil.which("redis-server")
    assert server, "redis-server is not installed (scripts/install-redis)"
    port = free_port()
    with tempfile.TemporaryDirectory() as d:
        proc = subprocess.Popen(
            [server, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
             "--appendonly", "no", "--dir", d],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            client = redis.Redis(host="127.0.0.1", port=port)
            for _ in range(200):
                try:
                    client.ping()
                    break
                except redis.ConnectionError:
                    time.sleep(0.05)
            client.ping()
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            proc.kill()
            proc.wait()


def fresh(path="/api"):
    key = sigma_auth.PrivateKey.generate()
    return sigma_auth.create_token(key, path, scheme="bsm"), path


def client(url, **kw):
    return redis.Redis.from_url(url, socket_timeout=0.25, socket_connect_timeout=0.25, **kw)


def test_once_then_replayed_with_the_window_as_ttl(redis_url):
    verifier = sigma_auth.Verifier(max_age=60)
    store = RedisReplayStore(client(redis_url), verifier, clock_slack=0)
    token, path = fresh()
    v = verifier.verify(token, path)
    store.check(v)
    with pytest.raises(sigma_auth.Replayed) as e:
        store.check(verifier.verify(token, path))
    assert e.value.code == "replayed"
    key = DEFAULT_PREFIX + v.replay_id.hex()
    assert store.key(v) == key and len(key) == len(DEFAULT_PREFIX) + 64
    c = client(redis_url)
    assert c.get(key) == b"1"
    # Through the last millisecond of the window: timestamp + 60 s, less what has passed.
    assert 50_000 <= c.pttl(key) <= 60_001


def test_two_stores_on_one_redis_are_one_fleet(redis_url):
    verifier = sigma_auth.Verifier()
    a = RedisReplayStore(client(redis_url), verifier)
    b = RedisReplayStore(client(redis_url), verifier)
    token, path = fresh("/fleet")
    a.check(verifier.verify(token, path))
    with pytest.raises(sigma_auth.Replayed):
        b.check(verifier.verify(token, path))


def test_unreachable_redis_fails_closed(redis_url):
    verifier = sigma_auth.Verifier()
    store = RedisReplayStore(client(f"redis://127.0.0.1:{free_port()}/0"), verifier)
    token, path = fresh()
    with pytest.raises(sigma_auth.ReplayStoreUnavailable) as e:
        store.check(verifier.verify(token, path))
    assert e.value.code == "replay_store_unavailable"
    assert isinstance(e.value, sigma_auth.AuthError)


def test_a_silent_server_times_out_as_unavailable():
    with socket.socket() as silent:  # accepts (the kernel does) but never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        verifier = sigma_auth.Verifier()
        store = RedisReplayStore(
            redis.Redis(host="127.0.0.1", port=port, socket_timeout=0.1, socket_connect_timeout=0.1),
            verifier,
        )
        token, path = fresh()
        with pytest.raises(sigma_auth.ReplayStoreUnavailable):
            store.check(verifier.verify(token, path))


def test_fail_open_accepts_and_logs_each_use(caplog):
    verifier = sigma_auth.Verifier()
    store = RedisReplayStore(
        client(f"redis://127.0.0.1:{free_port()}/0"), verifier, fail_open=True
    )
    token, path = fresh()
    with caplog.at_level(logging.WARNING, logger="sigma_auth.redis_store"):
        for _ in range(3):
            store.check(verifier.verify(token, path))
    assert len([r for r in caplog.records if "accepted without a replay check" in r.message]) == 3


def test_asyncio_store(redis_url):
    verifier = sigma_auth.Verifier()
    token, path = fresh("/async")

    async def main():
        c = redis.asyncio.Redis.from_url(redis_url, socket_timeout=0.25, socket_connect_timeout=0.25)
        store = AsyncRedisReplayStore(c, verifier)
        v = await verifier.verify_async(token, path)
        await store.check(v)
        with pytest.raises(sigma_auth.Replayed):
            await store.check(v)
        down = redis.asyncio.Redis(host="127.0.0.1", port=free_port(), socket_connect_timeout=0.25)
        with pytest.raises(sigma_auth.ReplayStoreUnavailable):
            await AsyncRedisReplayStore(down, verifier).check(v)
        await c.aclose()
        await down.aclose()

    asyncio.run(main())
