"""BAP through the Python binding: the identity vectors of bsv-bap 0.1.24
(tests/vectors/identity.json)."""

import json
from pathlib import Path

import pytest

import sigma_auth

V = json.loads((Path(__file__).parents[3] / "tests/vectors/identity.json").read_text())
BAP = V["bap"]
ATT = BAP["attestation"]
SUBJECT = dict(
    attribute=ATT["attribute"],
    value=ATT["value"],
    nonce=ATT["nonce"],
    identity_key=ATT["subject_identityKey"],
)


def after_op_return(tx):
    assert tx[0] == "6a"
    return [bytes.fromhex(p) for p in tx[1:]]


def test_bap_ids():
    for case in BAP["bap_id_from_address"]:
        assert sigma_auth.bap_id_from_address(case["address"]) == case["bap_id"]
    k1 = sigma_auth.PublicKey.from_hex(V["meta"]["keys"]["K1"]["pub"])
    assert sigma_auth.bap_id_from_public_key(k1) == BAP["bap_id_from_address"][0]["bap_id_from_pubkey"]
    with pytest.raises(sigma_auth.InputError) as e:
        sigma_auth.bap_id_from_address("1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaE")
    assert e.value.code == "invalid_address"


def test_attestation_hash_check_and_sign():
    assert sigma_auth.bap_attestation_hash(**SUBJECT) == ATT["attestation_hash_hex"]
    checked = sigma_auth.bap_check_attestation(after_op_return(ATT["counter0"]["tx_pushes"]), **SUBJECT)
    assert checked == {
        "type": "ATTEST",
        "hash": ATT["attestation_hash_hex"],
        "sequence": 0,
        "address": ATT["attestor"]["signing_address"],
        "data": None,
    }
    with_data = sigma_auth.bap_check_attestation(after_op_return(ATT["counter1_with_data"]["tx_pushes"]))
    assert with_data["data"] == ATT["counter1_with_data"]["data"].encode()
    key = sigma_auth.PrivateKey.from_wif(V["meta"]["keys"]["K2"]["wif"])
    pushes = sigma_auth.bap_sign_attestation(key, ATT["attestation_hash_hex"], sequence=7, data=b"x")
    assert len(pushes) == 14
    again = sigma_auth.bap_check_attestation(pushes, **SUBJECT)
    assert (again["address"], again["sequence"]) == (V["meta"]["keys"]["K2"]["address"], 7)


CODES = {
    "tampered_sequence": "aip_invalid_signature",
    "signing_protocol_replaced": "aip_unsupported_algorithm",
    "aip_prefix_replaced": "aip_missing",
    "trailing_push": "bap_layout",
    "high_s_signature": "aip_bad_signature_encoding",
}


@pytest.mark.parametrize("case", [c for c in BAP["verify_attestation"] if c["name"] != "no_op_return"], ids=lambda c: c["name"])
def test_verify_attestation_vectors(case):
    """The reference's verdict (valid_counter0, tampered_sequence) or our stricter code."""
    pushes = after_op_return(case["tx_pushes"])
    if case["name"] == "valid_counter0":
        assert sigma_auth.bap_check_attestation(pushes)["address"] == ATT["attestor"]["signing_address"]
    else:
        with pytest.raises(sigma_auth.InputError) as e:
            sigma_auth.bap_check_attestation(pushes)
        assert e.value.code == CODES[case["name"]]


def test_refusals_and_types():
    pushes = after_op_return(ATT["counter0"]["tx_pushes"])
    with pytest.raises(sigma_auth.InputError) as e:
        sigma_auth.bap_check_attestation(pushes, **{**SUBJECT, "value": "Jane"})
    assert e.value.code == "bap_hash_mismatch"
    with pytest.raises(sigma_auth.InputError) as e:
        sigma_auth.bap_check_attestation(pushes, attribute="name")
    assert e.value.code == "invalid_input"
    with pytest.raises(TypeError):
        sigma_auth.bap_check_attestation(["not bytes"])


def test_bap_identity_matches_bsv_bap():
    t = BAP["type42"]
    key = sigma_auth.PrivateKey.from_wif(t["master"]["wif"])
    assert sigma_auth.bap_identity(key=key) == {
        "root_address": t["rootAddress"],
        "identity_key": t["identityKey"],
        "member_public_key": t["memberKey"],
        "signing_address": t["currentAddress"],
    }
    rotated = sigma_auth.bap_identity(key=key, rotations=1)
    assert rotated["signing_address"] == t["rotation"]["currentAddress"]
    assert rotated["identity_key"] == t["identityKey"]
    b = BAP["bip32"]
    assert sigma_auth.bap_identity(xprv=b["xprv"]) == {
        "root_address": b["rootAddress"],
        "identity_key": b["identityKey"],
        "member_public_key": b["memberKey"],
        "signing_address": b["currentAddress"],
    }
    with pytest.raises(sigma_auth.InputError) as e:
        sigma_auth.bap_identity(xprv=b["xprv"][:-1] + "j")
    assert e.value.code == "invalid_xprv"
    with pytest.raises(sigma_auth.InputError) as e:
        sigma_auth.bap_identity(key=key, rotations=10001)
    assert e.value.code == "invalid_input"
    with pytest.raises(sigma_auth.InputError):
        sigma_auth.bap_identity(key=key, xprv=b["xprv"])
    with pytest.raises(sigma_auth.InputError):
        sigma_auth.bap_identity()
