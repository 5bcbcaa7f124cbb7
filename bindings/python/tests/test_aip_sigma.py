"""AIP and Sigma through the Python API, against tests/vectors/identity.json (bsv-bap 0.1.24,
sigma-protocol 0.1.9, go-aip's form): byte-exact signing, the references' honest verdicts, and
the stricter refusals with their codes (spec/identity.md section 5)."""

import json

import pytest

import sigma_auth
from conftest import ROOT

V = json.loads((ROOT / "tests" / "vectors" / "identity.json").read_text(encoding="utf-8"))


def _h(items):
    return [bytes.fromhex(x) for x in items]


def _after_op_return(items):
    return items[1:] if items and items[0] == "6a" else items


def _case(name):
    return next(c for c in V["sigma"]["cases"] if c["name"] == name)


def _refused(code, fn, *args, **kwargs):
    with pytest.raises(sigma_auth.AuthError) as e:
        fn(*args, **kwargs)
    assert e.value.code == code, e.value.code


def test_aip_sign_and_verify_match_bsv_bap():
    key = sigma_auth.PrivateKey.from_hex(V["aip"]["signer"]["signing_key"]["priv_hex"])
    case = V["aip"]["bsv_bap_member_sign"][0]
    signed = sigma_auth.aip_sign(_h(_after_op_return(case["input_pushes"])), key)
    assert [p.hex() for p in signed] == _after_op_return(case["output_pushes"])
    assert sigma_auth.aip_verify(signed) == (case["address"], "without_pipe")
    assert sigma_auth.aip_verify(sigma_auth.aip_sign([b"a"], key, with_pipe=True))[1] == "with_pipe"
    go = V["aip"]["manual_conventions"][0]
    assert sigma_auth.aip_verify(_h(go["go_output_pushes"])) == (go["address"], "with_pipe")


def test_aip_refusals_carry_their_codes():
    tx = _h(V["aip"]["bsv_bap_repo_id_vectors_recheck"][0]["tx"])
    flipped = list(tx)
    flipped[8] = bytes([tx[8][0] ^ 1]) + tx[8][1:]
    _refused("aip_invalid_signature", sigma_auth.aip_verify, flipped)
    _refused("aip_layout", sigma_auth.aip_verify, tx + [b"0"])
    _refused("aip_missing", sigma_auth.aip_verify, tx[:5])
    with pytest.raises(TypeError):
        sigma_auth.aip_verify(b"not a list")


def test_sigma_sign_and_verify_follow_the_vectors():
    c = _case("bsm_single_instance")
    txid, vout = c["input"]["sourceTXID"], c["input"]["sourceOutputIndex"]
    key = sigma_auth.PrivateKey.from_hex(c["signer"]["priv_hex"])
    signed = sigma_auth.sigma_sign(bytes.fromhex(c["unsigned_locking_script_hex"]), key, txid, vout)
    assert signed.hex() == c["signed_locking_script_hex"]
    assert sigma_auth.sigma_verify(signed, txid, vout) == ("BSM", c["address"], 0)
    second = _case("bsm_second_instance")
    got = sigma_auth.sigma_verify(bytes.fromhex(second["signed_locking_script_hex"]), txid, vout, instance=1)
    assert got[1] == second["signer"]["address"]
    brc77 = sigma_auth.sigma_sign(bytes.fromhex(c["unsigned_locking_script_hex"]), key, txid, vout, algorithm="brc77")
    assert sigma_auth.sigma_verify(brc77, txid, vout)[0] == "BRC77"
    for name in ("tampered_data_must_fail", "header_byte_malleated"):
        _refused("sigma_invalid_signature", sigma_auth.sigma_verify, bytes.fromhex(_case(name)["signed_locking_script_hex"]), txid, vout)
    _refused("sigma_missing", sigma_auth.sigma_verify, signed, txid, vout, instance=1)
    with pytest.raises(sigma_auth.InputError):
        sigma_auth.sigma_verify(signed, "abcd", vout)
    with pytest.raises(sigma_auth.InputError):
        sigma_auth.sigma_sign(signed, key, txid, vout, algorithm="rsa")
