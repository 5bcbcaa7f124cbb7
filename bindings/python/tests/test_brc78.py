"""BRC-78 encrypted messages and SymmetricKey.

Expected values: the vectors of tests/vectors/auth-crypto.json (made by @bsv/sdk 2.1.0, the
TypeScript reference), and the PyPI bsv-sdk (pinned) as a second, independent implementation in
both directions on random inputs. Its ``EncryptedMessage`` uses the TypeScript wire format
(checked here first on all seven TypeScript vectors), unlike its ``SignedMessage``.
"""

import random
import threading

import pytest
from bsv.encrypted_message import EncryptedMessage as BsvEncryptedMessage
from bsv.keys import PrivateKey as BsvPrivateKey

import sigma_auth

N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
ROUNDS = 60

# Our expected code per negative case, derived by hand from spec/auth-crypto.md 5.1/5.3 and
# section 7 (version, length >= 150, sender key, recipient before any cryptography, AES-GCM).
EXPECTED = {
    "valid (base for the cases below)": None,
    "wrong recipient key (carol)": "wrong_recipient",
    "version changed": "version_mismatch",
    "sender pubkey replaced by carol": "decryption_failed",
    "key ID bit flipped": "decryption_failed",
    "IV bit flipped": "decryption_failed",
    "ciphertext bit flipped": "decryption_failed",
    "tag bit flipped": "decryption_failed",
    "truncated by one byte": "decryption_failed",
    "payload shorter than IV+tag (47 bytes after header)": "invalid_length",
    "header only": "invalid_length",
    "empty": "version_mismatch",
}


@pytest.fixture
def rng(request):
    return random.Random(f"sigma-auth python brc78 {request.node.name}")


def test_brc78_vectors(vectors):
    cases = vectors["brc78_encrypted_message"]["vectors"]
    assert len(cases) == 7
    for v in cases:
        sender = sigma_auth.PrivateKey.from_hex(v["sender_priv"])
        recipient = sigma_auth.PrivateKey.from_hex(v["recipient_priv"])
        recipient_pub = sigma_auth.PublicKey.from_hex(v["recipient_pub"])
        msg = bytes.fromhex(v["message_hex"])
        key_id, iv = bytes.fromhex(v["key_id_hex"]), bytes.fromhex(v["iv"])
        data = bytes.fromhex(v["encrypted_hex"])
        if not msg:
            # the TypeScript SDK cannot open an empty message, so we refuse to make one...
            assert v["sdk_decrypt"]["error"] == "Cipher text must not be empty"
            with pytest.raises(sigma_auth.InputError) as e:
                sigma_auth.brc78_encrypt(msg, sender, recipient_pub, key_id=key_id, iv=iv)
            assert e.value.code == "invalid_input"
            # ...but open the one it makes (standard GCM; spec section 7)
            assert sigma_auth.brc78_decrypt(data, recipient) == (b"", sender.public_key)
            continue
        sealed = sigma_auth.brc78_encrypt(msg, sender, recipient_pub, key_id=key_id, iv=iv)
        assert sealed.hex() == v["encrypted_hex"], v["description"]
        plain, who = sigma_auth.brc78_decrypt(bytearray(data), recipient)
        assert plain.hex() == v["sdk_decrypt"]["result"], v["description"]
        assert isinstance(who, sigma_auth.PublicKey)
        assert who.to_hex() == v["layout"]["sender_pub"]
        if "message_utf8" in v:
            assert sigma_auth.brc78_encrypt(v["message_utf8"], sender, recipient_pub, key_id=key_id, iv=iv) == data


def test_brc78_negative_cases(vectors):
    cases = vectors["brc78_encrypted_message"]["edge_and_negative"]
    assert sorted(c["description"] for c in cases) == sorted(EXPECTED)
    for c in cases:
        want = EXPECTED[c["description"]]
        key = sigma_auth.PrivateKey.from_hex(c["recipient_priv"])
        data = bytes.fromhex(c["encrypted_hex"])
        if want is None:
            assert sigma_auth.brc78_decrypt(data, key)[0].hex() == c["sdk_decrypt"]["result"]
            continue
        assert "error" in c["sdk_decrypt"], c["description"]
        with pytest.raises(sigma_auth.InputError) as e:
            sigma_auth.brc78_decrypt(data, key)
        assert e.value.code == want, c["description"]


def test_brc78_arguments():
    a = sigma_auth.PrivateKey.generate()
    b = a.public_key
    with pytest.raises(sigma_auth.InputError) as e:
        sigma_auth.brc78_encrypt(b"m", a, b, key_id=bytes(32))
    assert e.value.code == "invalid_input"
    for kw in ({"key_id": bytes(31), "iv": bytes(32)}, {"key_id": bytes(32), "iv": bytes(33)}):
        with pytest.raises(sigma_auth.InputError) as e:
            sigma_auth.brc78_encrypt(b"m", a, b, **kw)
        assert e.value.code == "invalid_length"
    with pytest.raises(sigma_auth.InputError) as e:
        sigma_auth.brc78_encrypt(b"", a, b)
    assert e.value.code == "invalid_input"
    with pytest.raises(TypeError):
        sigma_auth.brc78_encrypt(b"m", a, "02" * 33)
    with pytest.raises(TypeError):
        sigma_auth.brc78_encrypt(42, a, b)
    with pytest.raises(TypeError):
        sigma_auth.brc78_decrypt("42421033", a)
    one, two = sigma_auth.brc78_encrypt("m", a, b), sigma_auth.brc78_encrypt("m", a, b, key_id=None, iv=None)
    assert one != two and len(one) == 151
    assert sigma_auth.brc78_decrypt(one, a) == (b"m", b)
    assert issubclass(sigma_auth.InputError, ValueError)


def test_symmetric_key_vectors(vectors):
    sym = vectors["symmetric_key"]
    for v in sym["encrypt_vectors"]:
        k = sigma_auth.SymmetricKey(bytes.fromhex(v["key"]))
        out = k.encrypt(bytes.fromhex(v["plaintext_hex"]), iv=bytes.fromhex(v["iv"]))
        assert out.hex() == v["output_hex"], v["description"]
        assert k.decrypt(bytes.fromhex(v["output_hex"])).hex() == v["plaintext_hex"]
        bad = bytearray.fromhex(v["output_hex"])
        bad[-1] ^= 1
        with pytest.raises(sigma_auth.InputError) as e:
            k.decrypt(bad)
        assert e.value.code == "decryption_failed"
        with pytest.raises(sigma_auth.InputError) as e:
            k.decrypt(bytes.fromhex(v["output_hex"])[:47])
        assert e.value.code == "invalid_length"
    lz = sym["leading_zero_key"]
    for key in (lz["key_32"], lz["key_31"]):
        k = sigma_auth.SymmetricKey(bytes.fromhex(key))
        assert k.encrypt(lz["plaintext_utf8"], iv=bytes.fromhex(lz["iv"])).hex() == lz["output_hex"]
    for bad_key in (b"", bytes(33)):
        with pytest.raises(sigma_auth.InputError) as e:
            sigma_auth.SymmetricKey(bad_key)
        assert e.value.code == "invalid_length"
    k = sigma_auth.SymmetricKey(bytes.fromhex(sym["encrypt_vectors"][0]["key"]))
    assert sym["encrypt_vectors"][0]["key"] not in repr(k)
    r1, r2 = k.encrypt(b"x"), k.encrypt(b"x")
    assert r1 != r2 and k.decrypt(r1) == k.decrypt(r2) == b"x"
    with pytest.raises(sigma_auth.InputError):
        k.encrypt(b"x", iv=bytes(12))


def test_bsv_sdk_encrypted_message_is_wire_compatible(vectors):
    """Before using it as an oracle: the PyPI EncryptedMessage opens every TypeScript vector."""
    for v in vectors["brc78_encrypted_message"]["vectors"]:
        recipient = BsvPrivateKey(bytes.fromhex(v["recipient_priv"]))
        assert BsvEncryptedMessage.decrypt(bytes.fromhex(v["encrypted_hex"]), recipient).hex() == v["message_hex"]


def test_oracle_bsv_sdk_brc78_both_directions(rng):
    for i in range(ROUNDS):
        s_secret = rng.randrange(1, N).to_bytes(32, "big")
        r_secret = s_secret if i % 10 == 0 else rng.randrange(1, N).to_bytes(32, "big")
        ours_s, ours_r = sigma_auth.PrivateKey.from_bytes(s_secret), sigma_auth.PrivateKey.from_bytes(r_secret)
        theirs_s, theirs_r = BsvPrivateKey(s_secret), BsvPrivateKey(r_secret)
        msg = bytes(rng.getrandbits(8) for _ in range(rng.choice([1, 15, 16, 17, 100, rng.randrange(1, 2000)])))
        # theirs -> ours
        plain, who = sigma_auth.brc78_decrypt(BsvEncryptedMessage.encrypt(msg, theirs_s, theirs_r.public_key()), ours_r)
        assert plain == msg and who == ours_s.public_key
        # ours -> theirs, random and explicit key ID / IV
        mine = sigma_auth.brc78_encrypt(msg, ours_s, ours_r.public_key)
        assert BsvEncryptedMessage.decrypt(mine, theirs_r) == msg
        fixed = sigma_auth.brc78_encrypt(msg, ours_s, ours_r.public_key, key_id=rng.randbytes(32), iv=rng.randbytes(32))
        assert BsvEncryptedMessage.decrypt(fixed, theirs_r) == msg
        # the same tamper is refused by both
        bad = bytearray(mine)
        bad[rng.randrange(70, len(bad))] ^= 1 << rng.randrange(8)
        with pytest.raises(ValueError):
            BsvEncryptedMessage.decrypt(bytes(bad), theirs_r)
        with pytest.raises(sigma_auth.InputError) as e:
            sigma_auth.brc78_decrypt(bad, ours_r)
        assert e.value.code == "decryption_failed"
        if s_secret != r_secret:
            with pytest.raises(ValueError):
                BsvEncryptedMessage.decrypt(mine, theirs_s)
            with pytest.raises(sigma_auth.InputError) as e:
                sigma_auth.brc78_decrypt(mine, ours_s)
            assert e.value.code == "wrong_recipient"


def test_oracle_aes_gcm_both_directions(rng):
    # bsv-sdk's EncryptedMessage.aes_gcm_* is AES-256-GCM with a 32-byte IV, IV || C || T.
    for _ in range(ROUNDS):
        key = rng.randbytes(32)
        msg = rng.randbytes(rng.randrange(0, 500))
        ours = sigma_auth.SymmetricKey(key)
        assert ours.decrypt(BsvEncryptedMessage.aes_gcm_encrypt(key, msg)) == msg
        assert BsvEncryptedMessage.aes_gcm_decrypt(key, ours.encrypt(msg)) == msg


def test_brc78_threads_release_the_gil():
    """Many threads at once give the right answers (the curve work runs with the GIL released)."""
    a, b = sigma_auth.PrivateKey.generate(), sigma_auth.PrivateKey.generate()
    errors = []

    def work(n):
        try:
            for i in range(20):
                msg = f"{n}-{i}".encode()
                assert sigma_auth.brc78_decrypt(sigma_auth.brc78_encrypt(msg, a, b.public_key), b) == (msg, a.public_key)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
