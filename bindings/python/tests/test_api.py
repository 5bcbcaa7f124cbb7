"""The Python surface: argument types, error classes and codes, instants, keys, BRC-42/43/77 through
the binding (expected values from the reference vectors), threads, and the stubs."""

import ast
import datetime as dt
import threading
from pathlib import Path

import pytest

import sigma_auth

ALICE_WIF = "L4JwZ3sYcpB1NC9hJ7nSbD8WPyBHNqi43biKVxMuwFUDTHvjrDQH"
ALICE_PUB = "026f3a9f4f4fe5997d3bb3aac166d3552656f7890313274638fb0762aa8eeb2348"
T0 = 1_736_942_400_000  # 2025-01-15T12:00:00.000Z
T0_ISO = "2025-01-15T12:00:00.000Z"


def token(**kw):
    kw.setdefault("timestamp", T0)
    return sigma_auth.create_token(ALICE_WIF, "/p?q=1", '{"a":1}', **kw)


# --- errors -----------------------------------------------------------------------------------


def test_one_exception_class_per_reason_code():
    assert len(sigma_auth.REASON_CODES) == 17  # the token reasons, numbers 1 to 17
    assert sorted(sigma_auth.AUTH_ERRORS) == sorted(sigma_auth.REASON_CODES)
    for code, cls in sigma_auth.AUTH_ERRORS.items():
        assert issubclass(cls, sigma_auth.AuthError)
        assert not issubclass(cls, ValueError)
        assert cls.code == code
        assert cls.__module__ == "sigma_auth"
        assert getattr(sigma_auth, cls.__name__) is cls
    # Every error is an AuthError with a code; a malformed argument is also a ValueError.
    assert issubclass(sigma_auth.InputError, sigma_auth.AuthError)
    assert issubclass(sigma_auth.InputError, ValueError)
    assert sigma_auth.InputError.__module__ == "sigma_auth"
    assert issubclass(sigma_auth.InternalError, sigma_auth.AuthError)
    assert sigma_auth.InternalError.code == "internal_error"
    names = {c.__name__ for c in sigma_auth.AUTH_ERRORS.values()}
    assert {"SignerMismatch", "Expired", "NotYetValid", "InvalidSignature", "Replayed",
            "MissingToken", "ReplayStoreFull", "ReplayStoreUnavailable"} <= names


@pytest.mark.parametrize(
    "mutate, cls",
    [
        (lambda t: t, sigma_auth.PathMismatch),  # the request comes for another path
        (lambda t: t.replace("|", ";"), sigma_auth.MalformedToken),
        (lambda t: t.replace("|brc77|", "|BRC77|"), sigma_auth.UnsupportedScheme),
        (lambda t: "02" + t[2:].replace(ALICE_PUB[2:], "zz" * 32, 1), sigma_auth.BadPubkey),
        (lambda t: t[:-4] + "!!!!", sigma_auth.BadSignatureEncoding),
        (lambda t: t.replace(ALICE_PUB, "03da9b70e07e72f1197faa886fcabbc4aea7043c2fd10894ce31cda30565efd678"),
         sigma_auth.SignerMismatch),
        (lambda t: t.replace(T0_ISO, "2025-01-15T12:00:00Z"), sigma_auth.BadTimestamp),
        (lambda t: t.replace(T0_ISO, "2025-01-15T12:00:00.001Z"), sigma_auth.InvalidSignature),
    ],
)
def test_failures_raise_their_class_with_code(mutate, cls):
    bad = mutate(token())
    with pytest.raises(cls) as e:
        sigma_auth.verify_token(bad, "/p?q=2" if cls is sigma_auth.PathMismatch else "/p?q=1", '{"a":1}', now=T0)
    assert e.value.code == cls.code
    assert isinstance(e.value, sigma_auth.AuthError)
    assert str(e.value).startswith(cls.code)


def test_path_mismatch_against_request():
    with pytest.raises(sigma_auth.PathMismatch):
        sigma_auth.verify_token(token(), "/other", '{"a":1}', now=T0)


def test_window_is_two_sided_and_configurable():
    t = token()
    sigma_auth.verify_token(t, "/p?q=1", '{"a":1}', now=T0 + 300_000)
    sigma_auth.verify_token(t, "/p?q=1", '{"a":1}', now=T0 - 300_000)
    with pytest.raises(sigma_auth.Expired):
        sigma_auth.verify_token(t, "/p?q=1", '{"a":1}', now=T0 + 300_001)
    with pytest.raises(sigma_auth.NotYetValid):
        sigma_auth.verify_token(t, "/p?q=1", '{"a":1}', now=T0 - 300_001)
    sigma_auth.verify_token(t, "/p?q=1", '{"a":1}', now=T0 + 3_600_000, max_age=3600)
    sigma_auth.verify_token(t, "/p?q=1", '{"a":1}', now=T0 + 3_600_000, max_age=dt.timedelta(hours=1))
    sigma_auth.verify_token(t, "/p?q=1", '{"a":1}', now=T0 - 1500, max_skew=1.5)
    with pytest.raises(sigma_auth.NotYetValid):
        sigma_auth.verify_token(t, "/p?q=1", '{"a":1}', now=T0 - 1501, max_skew=1.5)
    with pytest.raises(sigma_auth.InputError) as e:
        sigma_auth.verify_token(t, "/p?q=1", now=T0, max_age=-1)
    assert e.value.code == "invalid_input"
    with pytest.raises(sigma_auth.InputError):
        sigma_auth.verify_token(t, "/p?q=1", now=T0, max_skew=float("nan"))
    with pytest.raises(sigma_auth.InputError):
        sigma_auth.verify_token(t, "/p?q=1", now=T0, max_age=10**30)
    with pytest.raises(sigma_auth.InputError):
        sigma_auth.verify_token(t, "/p?q=1", now=T0, max_age=dt.timedelta(seconds=-1))


def test_body_kinds_and_encodings():
    raw = bytes(range(256))
    for body, enc in [(raw.hex(), "hex"), (__import__("base64").b64encode(raw).decode(), "base64")]:
        t = sigma_auth.create_token(ALICE_WIF, "/b", body, body_encoding=enc, scheme="bsm", timestamp=T0)
        # The same bytes given as bytes or bytearray, or as text in the encoding, all verify.
        for given, genc in [(raw, "utf8"), (bytearray(raw), "utf8"), (body, enc)]:
            v = sigma_auth.verify_token(t, "/b", given, body_encoding=genc, now=T0)
            assert v.scheme == "bsm"
        with pytest.raises(sigma_auth.InvalidSignature):
            sigma_auth.verify_token(t, "/b", body, now=T0)  # read as utf8 text
    # Empty body == no body, in every type.
    t = sigma_auth.create_token(ALICE_WIF, "/e", timestamp=T0)
    for empty in (None, "", b"", bytearray()):
        sigma_auth.verify_token(t, "/e", empty, now=T0)
    with pytest.raises(sigma_auth.UnsupportedBodyEncoding):
        sigma_auth.verify_token(t, "/e", "x", body_encoding="latin1", now=T0)
    with pytest.raises(sigma_auth.InvalidSignature):
        sigma_auth.verify_token(t, "/e", "x", body_encoding="latin1", now=T0, compat=True)
    with pytest.raises(sigma_auth.InputError) as e:
        sigma_auth.create_token(ALICE_WIF, "/e", "x", body_encoding="latin1")
    assert e.value.code == "invalid_input"
    with pytest.raises(sigma_auth.InputError) as e:
        sigma_auth.create_token(ALICE_WIF, "/a|b")
    assert e.value.code == "invalid_input"


def test_wrong_types_raise_type_error():
    t = token()
    bad_calls = [
        lambda: sigma_auth.verify_token(t.encode(), "/p?q=1"),
        lambda: sigma_auth.verify_token(t, b"/p?q=1"),
        lambda: sigma_auth.verify_token(t, "/p?q=1", 123),
        lambda: sigma_auth.verify_token(t, "/p?q=1", now=1.5),
        lambda: sigma_auth.verify_token(t, "/p?q=1", now=True),
        lambda: sigma_auth.verify_token(t, "/p?q=1", now=[]),
        lambda: sigma_auth.verify_token(t, "/p?q=1", max_age="300"),
        lambda: sigma_auth.verify_token(t, "/p?q=1", max_age=True),
        lambda: sigma_auth.verify_token(None, "/p?q=1"),
        lambda: sigma_auth.parse_token(b"x"),
        lambda: sigma_auth.create_token(123, "/x"),
        lambda: sigma_auth.create_token(ALICE_WIF, "/x", object()),
        lambda: sigma_auth.create_token(ALICE_WIF, "/x", timestamp=2.0),
        lambda: sigma_auth.verify_many([t]),
        lambda: sigma_auth.verify_many([(t,)]),
        lambda: sigma_auth.verify_many(5),
        lambda: sigma_auth.PrivateKey.from_wif(b"x"),
        lambda: sigma_auth.PrivateKey.from_bytes("00" * 32),
        lambda: sigma_auth.PublicKey.from_hex(b"02"),
        lambda: sigma_auth.bsm_sign(1, sigma_auth.PrivateKey.from_wif(ALICE_WIF)),
        lambda: sigma_auth.bsm_sign("m", ALICE_WIF),
        lambda: sigma_auth.brc77_verify("m", "not bytes"),
        lambda: sigma_auth.KeyDeriver(ALICE_WIF),
        lambda: sigma_auth.KeyDeriver.invoice_number([2, "hello world"], "1"),
        lambda: sigma_auth.KeyDeriver.invoice_number((True, "hello world"), "1"),
    ]
    for i, call in enumerate(bad_calls):
        with pytest.raises(TypeError):
            call()
            pytest.fail(f"call {i} did not raise")


@pytest.mark.parametrize(
    "fn, code",
    [
        (lambda: sigma_auth.PrivateKey.from_wif("L4JwZ3sYcpB1NC9hJ7nSbD8WPyBHNqi43biKVxMuwFUDTHvjrDQh"), "invalid_wif"),
        (lambda: sigma_auth.PrivateKey.from_hex("zz"), "invalid_hex"),
        (lambda: sigma_auth.PrivateKey.from_bytes(b"\0" * 32), "invalid_private_key"),
        (lambda: sigma_auth.PrivateKey.from_bytes(b"\1" * 31), "invalid_length"),
        (lambda: sigma_auth.PublicKey.from_hex("04" + "00" * 64), "invalid_public_key"),
        (lambda: sigma_auth.create_token("not a wif", "/"), "invalid_wif"),
        (lambda: sigma_auth.create_token(ALICE_WIF, "/", timestamp="whenever"), "invalid_timestamp"),
        (lambda: sigma_auth.create_token(ALICE_WIF, "/", scheme="BSM"), "invalid_input"),
        (lambda: sigma_auth.verify_token("a|bsm|c|d|e", "/", now="yesterday"), "invalid_timestamp"),
        (lambda: sigma_auth.verify_token("a|bsm|c|d|e", "/", now=10**20), "invalid_timestamp"),
        (lambda: sigma_auth.verify_token("a|bsm|c|d|e", "/", now=dt.datetime(2025, 1, 1)), "invalid_timestamp"),
        (lambda: sigma_auth.bsm_verify("m", "AAAA", sigma_auth.PublicKey.from_hex(ALICE_PUB)), "invalid_length"),
        (lambda: sigma_auth.brc77_sign("m", sigma_auth.PrivateKey.from_wif(ALICE_WIF), key_id=b"short"), "invalid_length"),
        (lambda: sigma_auth.KeyDeriver.invoice_number((3, "hello world"), "1"), "invalid_protocol"),
    ],
)
def test_input_errors_are_value_errors_with_core_codes(fn, code):
    with pytest.raises(sigma_auth.InputError) as e:
        fn()
    assert isinstance(e.value, ValueError)
    assert e.value.code == code


# --- instants ---------------------------------------------------------------------------------


def test_now_and_timestamp_accept_datetime_millis_and_iso():
    utc = dt.timezone.utc
    forms = [
        T0,
        T0_ISO,
        "2025-01-15T14:00:00.000+02:00",
        dt.datetime(2025, 1, 15, 12, 0, tzinfo=utc),
        dt.datetime(2025, 1, 15, 7, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
    ]
    for form in forms:
        tok = sigma_auth.create_token(ALICE_WIF, "/t", timestamp=form, scheme="bsm")
        assert sigma_auth.parse_token(tok).timestamp == T0_ISO
        v = sigma_auth.verify_token(tok, "/t", now=form, max_age=0, max_skew=0)
        assert v.timestamp == T0_ISO and v.timestamp_millis == T0
    # Sub-millisecond datetimes round down to the millisecond, like Date.
    tok = sigma_auth.create_token(
        ALICE_WIF, "/t", scheme="bsm", timestamp=dt.datetime(2025, 1, 15, 12, 0, 0, 999, tzinfo=utc)
    )
    assert sigma_auth.parse_token(tok).timestamp == T0_ISO
    # None is the system clock.
    v = sigma_auth.verify_token(sigma_auth.create_token(ALICE_WIF, "/t"), "/t")
    now = dt.datetime.now(utc).timestamp() * 1000
    assert abs(v.timestamp_millis - now) < 60_000


# --- keys, BSM, BRC-42/43, BRC-77 (expected values from the reference vectors) -------------------


def test_keys_match_vectors(vectors):
    for name, k in vectors["keys"].items():
        if "wif_compressed_mainnet" not in k:
            continue
        priv = sigma_auth.PrivateKey.from_hex(k["priv_hex"])
        assert sigma_auth.PrivateKey.from_wif(k["wif_compressed_mainnet"]) == priv, name
        assert priv.to_wif() == k["wif_compressed_mainnet"]
        assert priv.to_bytes().hex() == k["priv_hex"]
        assert priv.public_key.to_hex() == k["pub_compressed"]
        assert priv.public_key.to_bytes(compressed=False).hex() == k["pub_uncompressed"]
        assert priv.address() == k["p2pkh_address_mainnet"]
        pub = sigma_auth.PublicKey.from_hex(k["pub_uncompressed"])
        assert pub == priv.public_key and hash(pub) == hash(priv.public_key)
        assert sigma_auth.PublicKey.from_bytes(bytes.fromhex(k["pub_compressed"])) == pub
        assert k["priv_hex"] not in repr(priv) and k["wif_compressed_mainnet"] not in repr(priv)


def test_bsm_sign_vectors(vectors):
    for v in vectors["bsm"]["sign_vectors"]:
        key = sigma_auth.PrivateKey.from_hex(v["priv"])
        msg = bytes.fromhex(v["message_hex"]) if "message_hex" in v else None
        if msg is None:
            continue
        assert sigma_auth.bsm_sign(msg, key) == v["signature_base64"], v["description"]
        assert sigma_auth.bsm_verify(msg, v["signature_base64"], key.public_key)
        assert sigma_auth.bsm_verify(msg, __import__("base64").b64decode(v["signature_base64"]), key.public_key)
        assert sigma_auth.bsm_recover(msg, v["signature_base64"]) == key.public_key


def test_brc42_official_vectors(vectors):
    for v in vectors["brc42"]["official_private_vectors"]:
        me = sigma_auth.PrivateKey.from_hex(v["recipient_priv"])
        other = sigma_auth.PublicKey.from_hex(v["sender_pub"])
        assert me.derive_child(other, v["invoice_number"]).to_hex() == v["expected_child_priv"]
    for v in vectors["brc42"]["official_public_vectors"]:
        me = sigma_auth.PrivateKey.from_hex(v["sender_priv"])
        other = sigma_auth.PublicKey.from_hex(v["recipient_pub"])
        assert other.derive_child(me, v["invoice_number"]).to_hex() == v["expected_child_pub"]


def test_key_deriver_vectors(vectors):
    keys = vectors["keys"]
    for v in vectors["key_deriver"]:
        d = sigma_auth.KeyDeriver(sigma_auth.PrivateKey.from_hex(v["root_priv"]))
        cp = {"bob (hex)": sigma_auth.PublicKey.from_hex(keys["bob"]["pub_compressed"]),
              "self": "self", "anyone": "anyone"}[v["counterparty"]]
        proto = tuple(v["protocol_id"])
        assert sigma_auth.KeyDeriver.invoice_number(proto, v["key_id"]) == v["invoice_number"]
        assert d.derive_private_key(proto, v["key_id"], cp).to_hex() == v["derive_private_key"]
        assert d.derive_public_key(proto, v["key_id"], cp).to_hex() == v["derive_public_key_for_counterparty"]
        assert d.derive_public_key(proto, v["key_id"], cp, for_self=True).to_hex() == v["derive_public_key_for_self"]
        assert d.derive_symmetric_key(proto, v["key_id"], cp).hex() == v["derive_symmetric_key_32"]
        assert d.reveal_specific_secret(proto, v["key_id"], cp).hex() == v["reveal_specific_secret"]


def test_brc43_invoice_numbers(vectors):
    checked = 0
    for v in vectors["brc43_invoice_numbers"]:
        if "protocol_name" not in v or "key_id" not in v:
            continue  # length-rule cases without a literal name: covered by the core's tests
        args = ((v["security_level"], v["protocol_name"]), v["key_id"])
        if "result" in v:
            assert sigma_auth.KeyDeriver.invoice_number(*args) == v["result"], v["description"]
        elif isinstance(v["security_level"], int):
            with pytest.raises(sigma_auth.InputError) as e:
                sigma_auth.KeyDeriver.invoice_number(*args)
            assert e.value.code == "invalid_protocol"
            assert v["error"] in str(e.value), v["description"]
        else:
            # 1.5 or "1": the reference throws; here the level must be an int at all.
            with pytest.raises(TypeError):
                sigma_auth.KeyDeriver.invoice_number(*args)
        checked += 1
    assert checked >= 20


def test_brc77_vectors(vectors):
    for v in vectors["brc77_signed_message"]["vectors"]:
        signer = sigma_auth.PrivateKey.from_hex(v["signer_priv"])
        msg = bytes.fromhex(v["message_hex"])
        sig = bytes.fromhex(v["signature_hex"])
        if v["verifier"] == "anyone":
            env = sigma_auth.brc77_sign(msg, signer, key_id=bytes.fromhex(v["key_id_hex"]))
            assert env == sig, v["description"]
            assert sigma_auth.brc77_verify(msg, sig) == signer.public_key
        else:
            recipient = sigma_auth.PrivateKey.from_hex(v["verifier"]["priv"])
            env = sigma_auth.brc77_sign(msg, signer, recipient.public_key, key_id=bytes.fromhex(v["key_id_hex"]))
            assert env == sig, v["description"]
            assert sigma_auth.brc77_verify(msg, sig, recipient) == signer.public_key
            with pytest.raises(sigma_auth.InputError) as e:
                sigma_auth.brc77_verify(msg, sig)
            assert e.value.code == "recipient_required"
            with pytest.raises(sigma_auth.InputError) as e:
                sigma_auth.brc77_verify(msg, sig, signer)
            assert e.value.code == "wrong_recipient"
        with pytest.raises(sigma_auth.InputError) as e:
            sigma_auth.brc77_verify(msg + b"x", sig, recipient if v["verifier"] != "anyone" else None)
        assert e.value.code == "signature_mismatch"
    # Random key IDs: two envelopes of one message differ and both verify.
    k = sigma_auth.PrivateKey.generate()
    a, b = sigma_auth.brc77_sign("m", k), sigma_auth.brc77_sign("m", k)
    assert a != b and sigma_auth.brc77_verify("m", a) == sigma_auth.brc77_verify("m", b) == k.public_key


# --- verify_many, replay guard, threads ---------------------------------------------------------


def test_verify_many_matches_verify_token():
    good = [sigma_auth.create_token(sigma_auth.PrivateKey.generate(), f"/m/{i}", str(i), timestamp=T0,
                                    scheme="bsm" if i % 2 else "brc77") for i in range(40)]
    items = []
    for i, t in enumerate(good):
        if i % 5 == 0:
            items.append((t, f"/m/{i}", "tampered"))
        elif i % 7 == 0:
            items.append((t, "/wrong", str(i)))
        elif i % 11 == 0:
            items.append((t, f"/m/{i}", str(i), "latin1"))
        else:
            items.append((t, f"/m/{i}", str(i)))
    items.append(("garbage", "/"))
    got = sigma_auth.verify_many(items, now=T0)
    assert len(got) == len(items)
    for item, g in zip(items, got):
        enc = item[3] if len(item) == 4 else "utf8"
        try:
            want = sigma_auth.verify_token(item[0], item[1], item[2] if len(item) > 2 else None,
                                           body_encoding=enc, now=T0)
        except sigma_auth.AuthError as e:
            assert type(g) is type(e) and g.code == e.code
        else:
            assert isinstance(g, sigma_auth.Verified) and g == want
    # Refused: i % 5 == 0 (8), else i % 7 == 0 (4), else i % 11 == 0 (3); and "garbage".
    assert sum(isinstance(g, sigma_auth.Verified) for g in got) == 40 - 8 - 4 - 3
    assert sigma_auth.verify_many([], now=T0) == []


def test_replay_guard():
    guard = sigma_auth.ReplayGuard()
    t = token(scheme="bsm")
    v = sigma_auth.verify_token(t, "/p?q=1", '{"a":1}', now=T0)
    guard.check(v, now=T0)
    with pytest.raises(sigma_auth.Replayed) as e:
        guard.check(v, now=T0 + 1000)
    assert e.value.code == "replayed"
    # A re-spelled token (Compat reads unpadded base64) has the same replay id.
    respelled = t.rstrip("=")
    assert respelled != t
    v2 = sigma_auth.verify_token(respelled, "/p?q=1", '{"a":1}', now=T0, compat=True)
    assert v2.replay_id == v.replay_id and len(v.replay_id) == 32
    with pytest.raises(sigma_auth.Replayed):
        guard.check(v2, now=T0 + 2000)


def test_four_threads_verify_correctly():
    keys = [sigma_auth.PrivateKey.generate() for _ in range(4)]
    jobs = []
    for n, k in enumerate(keys):
        batch = []
        for i in range(60):
            scheme = "bsm" if (i + n) % 2 else "brc77"
            t = sigma_auth.create_token(k, f"/t/{n}/{i}", f"body {i}", timestamp=T0, scheme=scheme)
            valid = i % 3 != 0
            batch.append((t, f"/t/{n}/{i}", f"body {i}" if valid else "wrong", valid, k.public_key.to_hex()))
        jobs.append(batch)
    errors = []
    barrier = threading.Barrier(4)

    def work(batch):
        try:
            barrier.wait()
            for _ in range(5):
                for t, path, body, valid, pub in batch:
                    try:
                        v = sigma_auth.verify_token(t, path, body, now=T0)
                        ok = valid and v.pubkey == pub
                    except sigma_auth.InvalidSignature:
                        ok = not valid
                    if not ok:
                        errors.append((path, valid))
                got = sigma_auth.verify_many([(t, p, b) for t, p, b, _, _ in batch], now=T0)
                for (_, path, _, valid, pub), g in zip(batch, got):
                    if valid != (isinstance(g, sigma_auth.Verified) and g.pubkey == pub):
                        errors.append(("many", path, valid))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(repr(e))

    threads = [threading.Thread(target=work, args=(b,)) for b in jobs]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []


# --- stubs --------------------------------------------------------------------------------------


def test_stubs_match_module():
    pkg = Path(sigma_auth.__file__).parent
    assert (pkg / "py.typed").exists()
    tree = ast.parse((pkg / "_sigma_auth.pyi").read_text())
    stubbed = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            stubbed.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            stubbed.add(node.target.id)
    aliases = {"ReasonCode", "Body", "Instant", "Seconds", "Message", "Protocol", "Counterparty", "Scheme",
               "BodyEncodingName", "VerifyItem"}
    native = {n for n in dir(sigma_auth._sigma_auth) if not n.startswith("_")}
    assert stubbed == native, (stubbed ^ native)
    assert set(sigma_auth.__all__) == native
    for name in aliases:
        assert any(isinstance(n, ast.Assign) and n.targets[0].id == name for n in tree.body), name


def _stub_params(fn: ast.FunctionDef, method: bool):
    a = fn.args
    params = [(p.arg, "pos") for p in a.posonlyargs + a.args]
    if method and params and params[0][0] in ("self", "cls"):
        params = params[1:]
    params += [(p.arg, "kw") for p in a.kwonlyargs]
    n_pos_defaults = len(a.defaults)
    pos = a.posonlyargs + a.args
    defaults = {}
    for p, d in zip(pos[len(pos) - n_pos_defaults:], a.defaults):
        defaults[p.arg] = ast.literal_eval(d)
    for p, d in zip(a.kwonlyargs, a.kw_defaults):
        if d is not None:
            defaults[p.arg] = ast.literal_eval(d)
    return params, defaults


def _runtime_params(obj):
    import inspect

    sig = inspect.signature(obj)
    params, defaults = [], {}
    for p in sig.parameters.values():
        if p.name == "self":
            continue
        params.append((p.name, "kw" if p.kind is p.KEYWORD_ONLY else "pos"))
        if p.default is not p.empty:
            defaults[p.name] = p.default
    return params, defaults


def test_stub_signatures_match_runtime():
    """Parameter names, kinds and defaults in the stubs equal the native text signatures."""
    pkg = Path(sigma_auth.__file__).parent
    tree = ast.parse((pkg / "_sigma_auth.pyi").read_text())
    checked = 0
    for node in tree.body:
        targets = []
        if isinstance(node, ast.FunctionDef):
            targets.append((node, getattr(sigma_auth, node.name), False))
        elif isinstance(node, ast.ClassDef) and not issubclass(getattr(sigma_auth, node.name), BaseException):
            cls = getattr(sigma_auth, node.name)
            for item in node.body:
                if not isinstance(item, ast.FunctionDef) or item.name.startswith("__") and item.name != "__new__":
                    continue
                if any(isinstance(d, ast.Name) and d.id == "property" for d in item.decorator_list):
                    assert isinstance(cls.__dict__[item.name], property) or hasattr(cls, item.name), item.name
                    continue
                target = cls if item.name == "__new__" else getattr(cls, item.name)
                targets.append((item, target, True))
        for fn, obj, method in targets:
            assert _stub_params(fn, method) == _runtime_params(obj), f"{node.name}.{fn.name}"
            checked += 1
    assert checked >= 30
