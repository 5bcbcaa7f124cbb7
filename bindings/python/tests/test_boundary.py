"""The boundary: one list of codes (native CODES = the .pyi ReasonCode Literal), every conversion
failure an AuthError with a code, and no error message that repeats a secret given in the wrong
place (issue 11, finding 3)."""

import ast
import asyncio
import inspect
from pathlib import Path

import pytest

import sigma_auth

ALICE_WIF = "L4JwZ3sYcpB1NC9hJ7nSbD8WPyBHNqi43biKVxMuwFUDTHvjrDQH"
BOB_WIF = "KxFC1jmwwCoACiCAWZ3eXa96mBM6tb3TYzGmf6YwgdGWZgawvrtJ"  # the secret that must not leak
T0 = 1_736_942_400_000
LONE_SURROGATE = "/p\udc80"


def _stub_literal(name):
    tree = ast.parse((Path(sigma_auth.__file__).parent / "_sigma_auth.pyi").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets[0].id == name:
            sub = node.value
            assert isinstance(sub, ast.Subscript) and sub.value.id == "Literal"
            return tuple(ast.literal_eval(e) for e in sub.slice.elts)
    raise AssertionError(f"{name} not in the stubs")


def test_native_codes_equal_the_stub_literal():
    """A code added to the core's list alone fails here until the .pyi follows."""
    codes = sigma_auth.CODES
    assert isinstance(codes, tuple) and len(set(codes)) == len(codes)
    assert codes == _stub_literal("ReasonCode")
    # Every token reason is one of them, and has its own exception class.
    assert set(sigma_auth.REASON_CODES) <= set(codes)
    assert set(sigma_auth.AUTH_ERRORS) == set(sigma_auth.REASON_CODES)


# --- text that is not valid Unicode --------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: sigma_auth.verify_token(LONE_SURROGATE, "/p", now=T0),
        lambda: sigma_auth.verify_token("a|bsm|c|d|e", LONE_SURROGATE, now=T0),
        lambda: sigma_auth.verify_token("a|bsm|c|d|e", "/p", LONE_SURROGATE, now=T0),
        lambda: sigma_auth.verify_token("a|bsm|c|d|e", "/p", body_encoding=LONE_SURROGATE, now=T0),
        lambda: sigma_auth.verify_token("a|bsm|c|d|e", "/p", now=LONE_SURROGATE),
        lambda: sigma_auth.Verifier().verify(LONE_SURROGATE, "/p", now=T0),
        lambda: sigma_auth.parse_token(LONE_SURROGATE),
        lambda: sigma_auth.create_token(ALICE_WIF, LONE_SURROGATE),
        lambda: sigma_auth.create_token(LONE_SURROGATE, "/p"),
        lambda: sigma_auth.create_token(ALICE_WIF, "/p", scheme=LONE_SURROGATE),
        lambda: sigma_auth.PrivateKey.from_wif(LONE_SURROGATE),
        lambda: sigma_auth.bsm_sign(LONE_SURROGATE, sigma_auth.PrivateKey.from_wif(ALICE_WIF)),
        lambda: sigma_auth.KeyDeriver(sigma_auth.PrivateKey.from_wif(ALICE_WIF)).derive_public_key(
            (2, "hello world"), "1", LONE_SURROGATE),
    ],
)
def test_lone_surrogate_is_an_auth_error_with_code_invalid_input(call):
    """Finding: a lone surrogate raised UnicodeEncodeError, which a server catching AuthError
    answers with a 500."""
    with pytest.raises(sigma_auth.AuthError) as e:
        call()
    assert not isinstance(e.value, UnicodeError)
    assert e.value.code == "invalid_input"
    assert "\udc80" not in str(e.value)


def test_lone_surrogate_in_a_batch_is_a_pre_failed_item():
    tok = sigma_auth.create_token(ALICE_WIF, "/p", "b", timestamp=T0)
    items = [(tok, "/p", "b"), (tok, LONE_SURROGATE), (LONE_SURROGATE, "/p"), (tok, "/p", "b\udc80"),
             (tok, "/p", "b", "utf8\udc80"), (tok, "/p", "b")]
    got = sigma_auth.Verifier().verify_many(items, now=T0)
    assert isinstance(got[0], sigma_auth.Verified) and got[5] == got[0]
    for g in got[1:5]:
        assert type(g) is sigma_auth.InputError and g.code == "invalid_input"


def test_codes_fall_into_their_classes():
    """Token reasons have their own class; input codes are InputError; internal_error is
    InternalError (checked through the codes each raises)."""
    assert set(sigma_auth.CODES) >= {"internal_error", "invalid_input", "missing_token"}
    assert sigma_auth.AUTH_ERRORS["missing_token"] is sigma_auth.MissingToken
    with pytest.raises(sigma_auth.InputError) as e:
        sigma_auth.PrivateKey.from_wif("not a wif")
    assert e.value.code in sigma_auth.CODES


# --- no secret in any message ---------------------------------------------------------------------


def _surface():
    """Every public callable with arguments that work, by name. A new function or method must be
    added here (test_surface_is_complete), so the secret test below reaches it."""
    key = sigma_auth.PrivateKey.from_wif(ALICE_WIF)
    pub = key.public_key
    tok = sigma_auth.create_token(key, "/p", "b", timestamp=T0)
    verifier = sigma_auth.Verifier()
    guard = sigma_auth.ReplayGuard(verifier)
    verified = verifier.verify(tok, "/p", "b", now=T0)
    deriver = sigma_auth.KeyDeriver(key)
    sym = sigma_auth.SymmetricKey(b"k" * 32)
    env = sigma_auth.brc77_sign("m", key)
    sealed = sigma_auth.brc78_encrypt("m", key, pub)
    sig = sigma_auth.bsm_sign("m", key)
    bie1 = sigma_auth.ecies_encrypt("m", pub, sender=key)
    friend_ct = sigma_auth.friend_encrypt("m", key, "friend")
    proto = (2, "hello world")
    aip = sigma_auth.aip_sign([b"d"], key)
    txid = "ab" * 32
    unsigned = b"\x00\x6a\x01d"
    sigma_script = sigma_auth.sigma_sign(unsigned, key, txid, 1)
    S = sigma_auth
    att_hash = sigma_auth.bap_attestation_hash("name", "x", "n", "id")
    att = sigma_auth.bap_sign_attestation(key, att_hash)
    return {
        "bap_id_from_address": (S.bap_id_from_address, dict(address=key.address())),
        "bap_id_from_public_key": (S.bap_id_from_public_key, dict(public_key=pub)),
        "bap_attestation_hash": (S.bap_attestation_hash, dict(attribute="name", value="x",
                                                              nonce="n", identity_key="id")),
        "bap_identity": (S.bap_identity, dict(key=key, id_seed="s", rotations=1)),
        "bap_sign_attestation": (S.bap_sign_attestation, dict(private_key=key, hash=att_hash,
                                                              sequence=1, data=b"d")),
        "bap_check_attestation": (S.bap_check_attestation, dict(pushes=att, attribute="name",
                                                                value="x", nonce="n",
                                                                identity_key="id")),
        "create_token": (S.create_token, dict(wif=key, path="/p", body="b", body_encoding="utf8",
                                              scheme="bsm", timestamp=T0)),
        "parse_token": (S.parse_token, dict(token=tok)),
        "verify_token": (S.verify_token, dict(token=tok, path="/p", body="b", body_encoding="utf8",
                                              now=T0, max_age=300, max_skew=300, compat=False)),
        "verify_many": (S.verify_many, dict(items=[(tok, "/p", "b")], body_encoding="utf8", now=T0,
                                            max_age=300, max_skew=300, compat=False)),
        "bsm_sign": (S.bsm_sign, dict(message="m", private_key=key)),
        "bsm_verify": (S.bsm_verify, dict(message="m", signature=sig, public_key=pub, compat=False)),
        "bsm_recover": (S.bsm_recover, dict(message="m", signature=sig, compat=False)),
        "brc77_sign": (S.brc77_sign, dict(message="m", signer=key, verifier=None, key_id=b"i" * 32)),
        "brc77_verify": (S.brc77_verify, dict(message="m", signature=env, recipient=None, compat=False)),
        "brc78_encrypt": (S.brc78_encrypt, dict(message="m", sender=key, recipient=pub,
                                                key_id=b"i" * 32, iv=b"v" * 32)),
        "brc78_decrypt": (S.brc78_decrypt, dict(data=sealed, recipient=key)),
        "ecies_encrypt": (S.ecies_encrypt, dict(message="m", recipient=pub, sender=key, no_key=False)),
        "ecies_decrypt": (S.ecies_decrypt, dict(data=bie1, recipient=key, sender=pub, no_key=False)),
        "friend_public_key": (S.friend_public_key, dict(key=key, friend_bap_id="friend", mode="bap-member")),
        "friend_encrypt": (S.friend_encrypt, dict(message="m", key=key, friend_bap_id="friend", to=None,
                                                  mode="bap-member")),
        "friend_decrypt": (S.friend_decrypt, dict(data=friend_ct, key=key, friend_bap_id="friend",
                                                  sender=None, mode="bap-member")),
        "aip_sign": (S.aip_sign, dict(pushes=[b"d"], private_key=key, with_pipe=False)),
        "aip_verify": (S.aip_verify, dict(pushes=aip)),
        "sigma_sign": (S.sigma_sign, dict(script=unsigned, private_key=key, input_txid=txid,
                                          input_vout=1, algorithm="bsm", vin=0)),
        "sigma_verify": (S.sigma_verify, dict(script=sigma_script, input_txid=txid, input_vout=1,
                                              instance=0)),
        "derive_child_private_key": (S.derive_child_private_key,
                                     dict(private_key=key, counterparty=pub, invoice_number="2-x-1")),
        "derive_child_public_key": (S.derive_child_public_key,
                                    dict(private_key=key, counterparty=pub, invoice_number="2-x-1")),
        "PrivateKey.from_wif": (S.PrivateKey.from_wif, dict(wif=ALICE_WIF)),
        "PrivateKey.from_hex": (S.PrivateKey.from_hex, dict(hex=key.to_hex())),
        "PrivateKey.from_bytes": (S.PrivateKey.from_bytes, dict(data=key.to_bytes())),
        "PrivateKey.generate": (S.PrivateKey.generate, dict()),
        "PrivateKey.to_wif": (key.to_wif, dict(testnet=False)),
        "PrivateKey.to_hex": (key.to_hex, dict()),
        "PrivateKey.to_bytes": (key.to_bytes, dict()),
        "PrivateKey.address": (key.address, dict(testnet=False)),
        "PrivateKey.derive_child": (key.derive_child, dict(counterparty=pub, invoice_number="2-x-1")),
        "PublicKey.from_hex": (S.PublicKey.from_hex, dict(hex=pub.to_hex(), compat=False)),
        "PublicKey.from_bytes": (S.PublicKey.from_bytes, dict(data=pub.to_bytes(), compat=False)),
        "PublicKey.to_hex": (pub.to_hex, dict()),
        "PublicKey.to_bytes": (pub.to_bytes, dict(compressed=True)),
        "PublicKey.address": (pub.address, dict(testnet=False, compressed=True)),
        "PublicKey.derive_child": (pub.derive_child, dict(private_key=key, invoice_number="2-x-1")),
        "KeyDeriver": (S.KeyDeriver, dict(root=key)),
        "KeyDeriver.invoice_number": (S.KeyDeriver.invoice_number, dict(protocol=proto, key_id="1")),
        "KeyDeriver.derive_private_key": (deriver.derive_private_key,
                                          dict(protocol=proto, key_id="1", counterparty="self")),
        "KeyDeriver.derive_public_key": (deriver.derive_public_key,
                                         dict(protocol=proto, key_id="1", counterparty="anyone",
                                              for_self=False)),
        "KeyDeriver.derive_symmetric_key": (deriver.derive_symmetric_key,
                                            dict(protocol=proto, key_id="1", counterparty=pub)),
        "KeyDeriver.reveal_specific_secret": (deriver.reveal_specific_secret,
                                              dict(protocol=proto, key_id="1", counterparty=pub)),
        "SymmetricKey": (S.SymmetricKey, dict(key=b"k" * 32)),
        "SymmetricKey.encrypt": (sym.encrypt, dict(plaintext="m", iv=b"v" * 32)),
        "SymmetricKey.decrypt": (sym.decrypt, dict(sealed=sym.encrypt("m"))),
        "Verifier": (S.Verifier, dict(max_age=300, max_skew=300, compat=False)),
        "Verifier.verify": (verifier.verify, dict(token=tok, path="/p", body="b", body_encoding="utf8",
                                                  now=T0, replay_guard=None)),
        "Verifier.verify_many": (verifier.verify_many, dict(items=[(tok, "/p", "b")],
                                                            body_encoding="utf8", now=T0)),
        "Verifier.verify_async": (verifier.verify_async, dict(token=tok, path="/p", body="b",
                                                              body_encoding="utf8", now=T0,
                                                              replay_guard=None)),
        "Verifier.verify_many_async": (verifier.verify_many_async,
                                       dict(items=[(tok, "/p", "b")], body_encoding="utf8", now=T0)),
        "ReplayGuard": (S.ReplayGuard, dict(verifier=verifier)),
        "ReplayGuard.check": (guard.check, dict(verified=verified, now=T0)),
    }


def _public_callables():
    names = set()
    for name in dir(sigma_auth._sigma_auth):
        obj = getattr(sigma_auth._sigma_auth, name)
        if name.startswith("_") or (inspect.isclass(obj) and issubclass(obj, BaseException)):
            continue
        if inspect.isclass(obj):
            try:
                inspect.signature(obj)
                names.add(name)  # it has a constructor
            except ValueError:
                pass
            for attr, member in vars(obj).items():
                if not attr.startswith("_") and callable(member) and not isinstance(member, property):
                    names.add(f"{name}.{attr}")
        elif callable(obj):
            names.add(name)
    return names


def test_surface_is_complete():
    assert set(_surface()) == _public_callables()


def _messages(exc):
    """Every text an exception shows: str, repr, args, and the chain."""
    seen, out = set(), []
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        out += [str(exc), repr(exc)] + [str(a) for a in exc.args]
        out += [str(getattr(exc, "detail", ""))]
        exc = exc.__cause__ or exc.__context__
    return out


def _call(fn, kwargs):
    """Runs fn; returns the exception it raised or the error objects it returned, if any."""
    try:
        result = fn(**kwargs)
        if inspect.isawaitable(result):
            result = asyncio.run(result)
    except Exception as e:  # every kind: the message is what is checked
        return [e]
    if isinstance(result, list):
        return [r for r in result if isinstance(r, BaseException)]
    return []


@pytest.mark.parametrize("secret", [BOB_WIF, BOB_WIF + "\udc80"], ids=["wif", "wif+surrogate"])
def test_no_message_repeats_a_secret_given_in_any_argument(secret):
    """Finding: a bad counterparty string was echoed, so a WIF given there was printed in full.
    Here the WIF goes into every argument of every function, one at a time."""
    checked = 0
    for name, (fn, good) in _surface().items():
        for param in good:
            errors = _call(fn, {**good, param: secret})
            for e in errors:
                assert not isinstance(e, UnicodeError), (name, param, type(e))
                assert isinstance(e, (sigma_auth.AuthError, TypeError)), (name, param, type(e))
                for text in _messages(e):
                    assert BOB_WIF not in text, (name, param, text)
            checked += 1
    # And inside the items of a batch.
    tok = sigma_auth.create_token(ALICE_WIF, "/p", "b", timestamp=T0)
    for item in [(secret, "/p"), (tok, secret), (tok, "/p", secret), (tok, "/p", "b", secret)]:
        for e in _call(sigma_auth.verify_many, dict(items=[item], now=T0)):
            for text in _messages(e):
                assert BOB_WIF not in text, (item, text)
    assert checked >= 100
