"""ECIES-Electrum and friend encryption: tests/vectors/identity.json friend_encryption (made by
@bsv/sdk 2.1.0 and bsv-bap 0.1.24), the error codes, and a round trip through the real
@bsv/sdk ECIES and bsv-bap MemberID (tests/interop/friend_oracle.mjs) on random inputs."""

import json
import random
import shutil
import subprocess

import pytest

import sigma_auth
from conftest import ROOT

FE = json.loads((ROOT / "tests" / "vectors" / "identity.json").read_text(encoding="utf-8"))["friend_encryption"]
K2 = "02" * 32
K3 = "00" * 31 + "03"


def code(fn):
    try:
        fn()
    except sigma_auth.InputError as e:
        return e.code
    return "ok"


def test_ecies_vectors_and_codes():
    k2, k3 = sigma_auth.PrivateKey.from_hex(K2), sigma_auth.PrivateKey.from_hex(K3)
    cases = {c["name"]: c for c in FE["ecies_decrypt_cases"]}
    assert len(cases) == 7
    valid = bytes.fromhex(cases["valid"]["ciphertext_hex"])
    no_key = bytes.fromhex(cases["no_key_variant_with_sender_pub"]["ciphertext_hex"])
    assert sigma_auth.ecies_encrypt("abc", k2.public_key, sender=k3) == valid
    assert sigma_auth.ecies_encrypt(b"abc", k2.public_key, sender=k3, no_key=True) == no_key
    assert sigma_auth.ecies_decrypt(valid, k2) == b"abc"
    assert sigma_auth.ecies_decrypt(valid, k2, sender=k3.public_key) == b"abc"
    assert sigma_auth.ecies_decrypt(no_key, k2, sender=k3.public_key, no_key=True) == b"abc"
    assert sigma_auth.ecies_decrypt(bytes.fromhex(cases["empty_plaintext_roundtrip"]["ciphertext_hex"]), k2) == b""
    for name in ("tampered_ciphertext", "tampered_hmac"):
        assert code(lambda: sigma_auth.ecies_decrypt(bytes.fromhex(cases[name]["ciphertext_hex"]), k2)) == "decryption_failed"
    assert code(lambda: sigma_auth.ecies_decrypt(bytes.fromhex(cases["bad_magic"]["ciphertext_hex"]), k2)) == "version_mismatch"
    assert code(lambda: sigma_auth.ecies_decrypt(no_key, k2)) == "decryption_failed"
    assert code(lambda: sigma_auth.ecies_decrypt(no_key, k2, no_key=True)) == "invalid_input"
    assert code(lambda: sigma_auth.ecies_decrypt(valid, k2, sender=k2.public_key)) == "decryption_failed"
    assert code(lambda: sigma_auth.ecies_decrypt(valid[:60], k2)) == "invalid_length"
    for i in range(len(valid)):
        t = bytearray(valid)
        t[i] ^= 1
        want = "version_mismatch" if i < 4 else "decryption_failed"
        assert code(lambda: sigma_auth.ecies_decrypt(bytes(t), k2)) == want, i
    fresh = sigma_auth.ecies_encrypt(b"abc", k2.public_key)
    assert fresh != valid and sigma_auth.ecies_decrypt(fresh, k2) == b"abc"


def test_friend_vectors():
    m = FE["bsv_bap_member"]
    a = sigma_auth.PrivateKey.from_hex(m["A"]["member_key"]["priv_hex"])
    b = sigma_auth.PrivateKey.from_hex(m["B"]["member_key"]["priv_hex"])
    a_id, b_id = m["A"]["bap_id"], m["B"]["bap_id"]
    assert sigma_auth.friend_public_key(a, b_id).to_hex() == m["A"]["friend_pubkey"]
    b_pub = sigma_auth.friend_public_key(b, a_id)
    assert b_pub.to_hex() == m["B"]["friend_pubkey"]
    ct = sigma_auth.friend_encrypt(m["plaintext_utf8"], a, b_id, to=b_pub)
    assert ct.hex() == m["ciphertext_hex"]
    a_pub = sigma_auth.PublicKey.from_hex(m["A"]["friend_pubkey"])
    assert sigma_auth.friend_decrypt(ct, b, a_id, sender=a_pub).decode() == m["decrypted_by_B"]
    assert code(lambda: sigma_auth.friend_decrypt(ct, b, b_id)) == "decryption_failed"
    assert code(lambda: sigma_auth.friend_encrypt("x", a, "", to=b_pub)) == "invalid_input"
    assert code(lambda: sigma_auth.friend_encrypt("x", a, b_id, mode="nope")) == "invalid_input"

    tp = FE["tokenpass_server"]
    master = sigma_auth.PrivateKey.from_hex(tp["master_priv_hex"])
    fpk = sigma_auth.friend_public_key(master, tp["friendBapId"], mode="tokenpass-peer")
    assert fpk.to_hex() == tp["friend_pubkey"]
    sm = tp["self_mode"]
    opened = sigma_auth.friend_decrypt(bytes.fromhex(sm["ciphertext_hex"]), master, tp["friendBapId"], mode="tokenpass-self")
    assert opened.decode() == sm["decrypted"]
    k2 = sigma_auth.PrivateKey.from_hex(K2)  # its BAP ID is tp["friendBapId"]
    sealed = sigma_auth.friend_encrypt(b"hey", k2, "unused", to=fpk, mode="tokenpass-peer")
    assert sigma_auth.friend_decrypt(sealed, master, tp["friendBapId"], mode="tokenpass-peer") == b"hey"
    mt = FE["bsv_bap_masterid_type42"]
    assert sigma_auth.friend_public_key(a, mt["seed"], mode="bap-master").to_hex() != m["A"]["friend_pubkey"]


def test_round_trips_with_the_references():
    node = shutil.which("node")
    assert node, "node is not on PATH (needed for the JavaScript reference oracle)"
    assert (ROOT / "tests" / "interop" / "node_modules" / "bsv-bap").is_dir(), "run ./scripts/install-interop first"
    rnd = random.Random(0xEC1E5)
    cases, requests = [], []
    for i in range(40):
        r, s = sigma_auth.PrivateKey.generate(), sigma_auth.PrivateKey.generate()
        msg = rnd.randbytes(0 if i == 0 else rnd.randrange(200))
        text = "".join(rnd.choice("aZ é€😀") for _ in range(rnd.randrange(40)))
        seed_a, seed_b = f"idA{i}", f"idB{i}"
        ours = sigma_auth.ecies_encrypt(msg, r.public_key, sender=s)
        friend_ct = sigma_auth.friend_encrypt(text, s, seed_b, to=sigma_auth.friend_public_key(r, seed_a))
        requests += [
            {"op": "ecies_decrypt", "ct": ours.hex(), "priv": r.to_hex()},
            {"op": "ecies_encrypt", "msg": msg.hex(), "to": r.public_key.to_hex(), "from": s.to_hex()},
            {"op": "bap_decrypt", "priv": r.to_hex(), "seed": seed_a, "ct": __import__("base64").b64encode(friend_ct).decode()},
        ]
        cases.append((r, s, msg, text, seed_a, ours))
    out = subprocess.run([node, str(ROOT / "tests" / "interop" / "friend_oracle.mjs")], input=json.dumps(requests).encode(),
                         capture_output=True, check=True)
    answers = json.loads(out.stdout)
    for (r, s, msg, text, seed_a, ours), (dec, enc, bap) in zip(cases, zip(*[iter(answers)] * 3)):
        assert bytes.fromhex(dec["result"]) == msg
        assert bytes.fromhex(enc["result"]) == ours
        assert sigma_auth.ecies_decrypt(bytes.fromhex(enc["result"]), r, sender=s.public_key) == msg
        assert bap["result"] == text
