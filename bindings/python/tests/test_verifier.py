"""Verifier (configured once), its batch and asyncio forms, and the replay guard that takes its
window from the verifier (issue 11, finding 3)."""

import asyncio
import datetime as dt
import threading

import pytest

import sigma_auth

ALICE_WIF = "L4JwZ3sYcpB1NC9hJ7nSbD8WPyBHNqi43biKVxMuwFUDTHvjrDQH"
T0 = 1_736_942_400_000  # 2025-01-15T12:00:00.000Z
BODY = '{"a":1}'


def token(scheme="brc77", path="/p?q=1", body=BODY):
    return sigma_auth.create_token(ALICE_WIF, path, body, scheme=scheme, timestamp=T0)


def test_settings_are_read_once_and_shown():
    v = sigma_auth.Verifier(max_age=dt.timedelta(hours=1), max_skew=1.5, compat=True)
    assert v.max_age == dt.timedelta(hours=1)
    assert v.max_skew == dt.timedelta(seconds=1.5)
    assert v.compat is True
    assert repr(v) == "Verifier(max_age=3600, max_skew=1.5, compat=True)"
    d = sigma_auth.Verifier()
    assert (d.max_age, d.max_skew, d.compat) == (dt.timedelta(minutes=5), dt.timedelta(minutes=5), False)
    with pytest.raises(sigma_auth.InputError) as e:
        sigma_auth.Verifier(max_age=-1)
    assert e.value.code == "invalid_input"
    with pytest.raises(TypeError):
        sigma_auth.Verifier(max_skew="300")


def test_window_is_the_configured_one():
    t = token()
    v = sigma_auth.Verifier(max_age=3600, max_skew=1.5)
    v.verify(t, "/p?q=1", BODY, now=T0 + 3_600_000)
    v.verify(t, "/p?q=1", BODY, now=T0 - 1500)
    with pytest.raises(sigma_auth.Expired):
        v.verify(t, "/p?q=1", BODY, now=T0 + 3_600_001)
    with pytest.raises(sigma_auth.NotYetValid):
        v.verify(t, "/p?q=1", BODY, now=T0 - 1501)


def test_verify_agrees_with_verify_token():
    strict, compat = sigma_auth.Verifier(), sigma_auth.Verifier(compat=True)
    t = token(scheme="bsm")
    respelled = t.rstrip("=")  # unpadded base64: Compat reads it, Strict refuses it
    assert respelled != t
    assert strict.verify(t, "/p?q=1", BODY, now=T0) == sigma_auth.verify_token(t, "/p?q=1", BODY, now=T0)
    with pytest.raises(sigma_auth.BadSignatureEncoding):
        strict.verify(respelled, "/p?q=1", BODY, now=T0)
    assert compat.verify(respelled, "/p?q=1", BODY, now=T0).pubkey == sigma_auth.PrivateKey.from_wif(
        ALICE_WIF
    ).public_key.to_hex()
    with pytest.raises(sigma_auth.UnsupportedBodyEncoding):
        strict.verify(t, "/p?q=1", BODY, body_encoding="latin1", now=T0)


def test_verify_many_keeps_order_and_pre_failed_items():
    v = sigma_auth.Verifier()
    good = [token(path=f"/m/{i}", body=str(i)) for i in range(6)]
    items = [(t, f"/m/{i}", str(i)) for i, t in enumerate(good)]
    items[2] = (good[2], "/m/2", "2", "latin1")  # fails before verification
    items[4] = (good[4], "/wrong", "4")
    got = v.verify_many(iter(items), now=T0)
    assert [type(g).__name__ for g in got] == [
        "Verified", "Verified", "UnsupportedBodyEncoding", "Verified", "PathMismatch", "Verified"]
    assert got[2].code == "unsupported_body_encoding"
    assert v.verify_many([], now=T0) == []


def test_async_forms_run_in_a_thread():
    v = sigma_auth.Verifier()
    t = token()
    loop_thread = []

    async def main():
        loop_thread.append(threading.get_ident())
        one = await v.verify_async(t, "/p?q=1", BODY, now=T0)
        many = await v.verify_many_async(((t, "/p?q=1", BODY) for _ in range(3)), now=T0)
        with pytest.raises(sigma_auth.PathMismatch):
            await v.verify_async(t, "/other", BODY, now=T0)
        return one, many

    one, many = asyncio.run(main())
    assert one == v.verify(t, "/p?q=1", BODY, now=T0)
    assert many == [one] * 3


def test_replay_guard_takes_the_verifiers_window():
    """Finding: with max_age=3600 and ReplayGuard(), one request was accepted at t+1 s, t+301 s
    and t+1800 s. A guard built from the verifier refuses the second and third use."""
    v = sigma_auth.Verifier(max_age=3600)
    guard = sigma_auth.ReplayGuard(v)
    assert guard.max_age == dt.timedelta(hours=1)
    t = token(scheme="bsm")
    v.verify(t, "/p?q=1", BODY, now=T0 + 1000, replay_guard=guard)
    for later in (301_000, 1_800_000):
        with pytest.raises(sigma_auth.Replayed):
            v.verify(t, "/p?q=1", BODY, now=T0 + later, replay_guard=guard)
    # check() on a Verified from the same verifier, with a fresh token.
    t2 = token(scheme="bsm", path="/other")
    guard.check(v.verify(t2, "/other", BODY, now=T0 + 5000), now=T0 + 5000)
    with pytest.raises(sigma_auth.Replayed):
        guard.check(v.verify(t2, "/other", BODY, now=T0 + 1_800_000), now=T0 + 1_800_000)


def test_a_guard_with_a_shorter_window_refuses_instead_of_forgetting():
    """The old forms cannot disagree silently any more: ReplayGuard() is the guard of the default
    Verifier() (300 s) and refuses a token accepted with a longer max_age."""
    t = token(scheme="bsm")
    old = sigma_auth.ReplayGuard()
    assert old.max_age == dt.timedelta(minutes=5)
    verified = sigma_auth.verify_token(t, "/p?q=1", BODY, now=T0 + 1000, max_age=3600)
    with pytest.raises(sigma_auth.InputError) as e:
        old.check(verified, now=T0 + 1000)
    assert e.value.code == "invalid_input"
    with pytest.raises(sigma_auth.InputError):
        sigma_auth.Verifier(max_age=3600).verify(t, "/p?q=1", BODY, now=T0 + 1000, replay_guard=old)
    # A longer guard window than the verifier's is safe and accepted.
    wide = sigma_auth.ReplayGuard(sigma_auth.Verifier(max_age=7200))
    wide.check(sigma_auth.verify_token(t, "/p?q=1", BODY, now=T0), now=T0)


def test_replay_guard_max_age_keyword_is_deprecated():
    with pytest.warns(DeprecationWarning):
        g = sigma_auth.ReplayGuard(max_age=600)
    assert g.max_age == dt.timedelta(minutes=10)
    with pytest.raises(sigma_auth.InputError):
        sigma_auth.ReplayGuard(sigma_auth.Verifier(), max_age=600)
