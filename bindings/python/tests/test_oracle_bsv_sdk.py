"""Oracle tests against the PyPI package bsv-sdk (pinned in requirements-test.txt), random inputs,
both directions: what we make, it accepts; what it makes, we accept.

BSM and BRC-42 only: bsv-sdk's SignedMessage is not wire-compatible with the TypeScript BRC-77
(fixed all-zero key ID, double SHA-256), which the last test demonstrates.
"""

import contextlib
import hashlib
import io
import random

from bsv.compat import bsm as bsv_bsm
from bsv.keys import PrivateKey as BsvPrivateKey
from bsv.keys import PublicKey as BsvPublicKey
from bsv.signed_message import SignedMessage as BsvSignedMessage

import pytest

import sigma_auth

N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
ROUNDS = 40


@pytest.fixture
def rng(request):
    # A fixed seed per test keeps failures reproducible; the inputs are still arbitrary.
    return random.Random(f"sigma-auth python oracle {request.node.name}")


def random_secret(rng):
    return rng.randrange(1, N).to_bytes(32, "big")


def random_message(rng):
    length = rng.choice([0, 1, 31, 32, 100, 252, 253, 300, rng.randrange(0, 1000)])
    return bytes(rng.getrandbits(8) for _ in range(length))


def random_invoice(rng):
    alphabet = "abcXYZ 019-_|é€🙂"
    return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))


def keys(rng):
    secret = random_secret(rng)
    return sigma_auth.PrivateKey.from_bytes(secret), BsvPrivateKey(secret)


def test_keys_agree(rng):
    for _ in range(ROUNDS):
        ours, theirs = keys(rng)
        assert ours.public_key.to_hex() == theirs.public_key().hex()
        assert ours.to_wif() == theirs.wif()
        assert ours.address() == theirs.address()
        assert sigma_auth.PrivateKey.from_wif(theirs.wif()) == ours
        assert ours.public_key.to_bytes(compressed=False) == theirs.public_key().serialize(compressed=False)


def test_bsm_ours_verified_by_bsv_sdk(rng):
    for _ in range(ROUNDS):
        ours, theirs = keys(rng)
        msg = random_message(rng)
        sig = sigma_auth.bsm_sign(msg, ours)
        assert bsv_bsm.verify(msg, sig, theirs.public_key()) is True
        assert bsv_bsm.verify(msg + b"x", sig, theirs.public_key()) is False
        # Both sides use RFC 6979 and low S, so the signatures are byte-identical.
        assert sig == bsv_bsm.sign(msg, theirs)


def test_bsm_bsv_sdk_verified_by_us(rng):
    for _ in range(ROUNDS):
        ours, theirs = keys(rng)
        msg = random_message(rng)
        sig = bsv_bsm.sign(msg, theirs)
        assert sigma_auth.bsm_verify(msg, sig, ours.public_key) is True
        assert sigma_auth.bsm_recover(msg, sig) == ours.public_key
        other = sigma_auth.PrivateKey.from_bytes(random_secret(rng)).public_key
        assert sigma_auth.bsm_verify(msg, sig, other) is False
        assert sigma_auth.bsm_verify(msg + b"x", sig, ours.public_key) is False


def test_bsm_text_messages(rng):
    for text in ["", "hello", "ünïcödé ✓", "x" * 300]:
        ours, theirs = keys(rng)
        sig = sigma_auth.bsm_sign(text, ours)
        assert bsv_bsm.verify(text.encode(), sig, theirs.public_key())
        assert sigma_auth.bsm_verify(text, bsv_bsm.sign(text.encode(), theirs), ours.public_key)


def test_brc42_private_child_both_ways(rng):
    for _ in range(ROUNDS):
        alice, alice_bsv = keys(rng)
        bob, bob_bsv = keys(rng)
        invoice = random_invoice(rng)
        ours = alice.derive_child(bob.public_key, invoice)
        theirs = alice_bsv.derive_child(bob_bsv.public_key(), invoice)
        assert ours.to_hex() == theirs.hex()
        assert sigma_auth.derive_child_private_key(alice, bob.public_key, invoice) == ours


def test_brc42_public_child_both_ways(rng):
    for _ in range(ROUNDS):
        alice, alice_bsv = keys(rng)
        bob, bob_bsv = keys(rng)
        invoice = random_invoice(rng)
        # Alice computes Bob's child public key; Bob computes his child private key.
        ours = bob.public_key.derive_child(alice, invoice)
        theirs = bob_bsv.public_key().derive_child(alice_bsv, invoice)
        assert ours.to_hex() == theirs.hex()
        assert sigma_auth.derive_child_public_key(alice, bob.public_key, invoice) == ours
        # The counterpart's view, across implementations: bsv-sdk's child private key of Bob
        # matches our child public key, and ours matches theirs.
        assert bob_bsv.derive_child(alice_bsv.public_key(), invoice).public_key().hex() == ours.to_hex()
        assert bob.derive_child(alice.public_key, invoice).public_key.to_hex() == theirs.hex()


def test_bsv_sdk_signed_message_is_not_brc77_wire_compatible(rng):
    """bsv-sdk 2.4.0 SignedMessage: all-zero key ID and double SHA-256, unlike @bsv/sdk (TS)."""
    zero_id = bytes(32)
    for _ in range(8):
        ours, theirs = keys(rng)
        msg = random_message(rng)
        env = BsvSignedMessage.sign(msg, theirs)
        assert env[38:70] == zero_id  # the key ID field of an anyone-envelope
        # Not a BRC-77 signature of msg (the TypeScript SDK and we hash once) ...
        with pytest.raises(sigma_auth.InputError) as e:
            sigma_auth.brc77_verify(msg, env)
        assert e.value.code == "signature_mismatch"
        # ... but exactly our BRC-77 envelope of SHA-256(msg) with a zero key ID.
        inner = hashlib.sha256(msg).digest()
        assert sigma_auth.brc77_sign(inner, ours, key_id=zero_id) == env
        assert sigma_auth.brc77_verify(inner, env) == ours.public_key
        # And bsv-sdk does not accept a real BRC-77 envelope of msg (it prints a debug line).
        with contextlib.redirect_stdout(io.StringIO()):
            assert BsvSignedMessage.verify(msg, sigma_auth.brc77_sign(msg, ours)) is False
