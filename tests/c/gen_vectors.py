#!/usr/bin/env python3
"""Turns tests/vectors/auth-crypto.json (made by the reference packages) into a C header of
vectors for tests/c/test_ffi.c. Run at build time by scripts/test.d/40-c-ffi.sh:

    python3 tests/c/gen_vectors.py tests/vectors/auth-crypto.json target/c-ffi/vectors.h

Expected values are the reference outputs in the JSON. For the 92 token verification cases
the JSON holds the reference verdict (true / false / threw); EXPECTED_STRICT below is our
expected reason code under the strict policy, derived by hand from spec/auth-crypto.md
section 7 and the verification order (parse, pubkey, timestamp, path, window, body,
signature), never from running this library. The C test also checks the invariant "what the
reference refuses, we refuse" under both policies.
"""
import json
import sys
from datetime import datetime, timezone

# description -> expected strict code ("ok" = valid). None = not expressible through the C
# API (the reference's "now" is not a date there).
EXPECTED_STRICT = {
    "bsm: valid": "ok",
    "bsm: tampered path in target": "path_mismatch",
    "bsm: tampered path in token and target (signature unchanged)": "invalid_signature",
    "bsm: tampered body": "invalid_signature",
    "bsm: body omitted in target": "invalid_signature",
    "bsm: tampered timestamp in token (+1 ms)": "invalid_signature",
    'bsm: equivalent timestamp spelling in token ("Z" without millis)': "bad_timestamp",
    "bsm: no-body token, target body empty string": "ok",
    "bsm: no-body token, target has a body": "invalid_signature",
    "bsm: valid token verified with bodyEncoding hex (body is not hex)": "bad_body",
    "bsm: scheme field upper-case": "unsupported_scheme",
    "brc77: valid": "ok",
    "brc77: tampered path in target": "path_mismatch",
    "brc77: tampered path in token and target (signature unchanged)": "invalid_signature",
    "brc77: tampered body": "invalid_signature",
    "brc77: body omitted in target": "invalid_signature",
    "brc77: tampered timestamp in token (+1 ms)": "invalid_signature",
    'brc77: equivalent timestamp spelling in token ("Z" without millis)': "bad_timestamp",
    "brc77: no-body token, target body empty string": "ok",
    "brc77: no-body token, target has a body": "invalid_signature",
    "brc77: valid token verified with bodyEncoding hex (body is not hex)": "bad_body",
    "brc77: scheme field upper-case": "unsupported_scheme",
    "bsm token relabelled brc77": "bad_signature_encoding",
    "brc77 token relabelled bsm": "bad_signature_encoding",
    "bsm: pubkey field is bob (signature by alice)": "invalid_signature",
    "bsm: pubkey field uncompressed 04 form of alice": "bad_pubkey",
    "bsm: pubkey field hybrid 06/07 form of alice": "bad_pubkey",
    "bsm: pubkey field hybrid with wrong parity prefix": "bad_pubkey",
    "bsm: pubkey field upper-case hex": "bad_pubkey",
    "bsm: pubkey field odd-length hex (leading 0 dropped)": "bad_pubkey",
    "bsm: pubkey field not hex": "bad_pubkey",
    "bsm: pubkey field empty": "bad_pubkey",
    "bsm: pubkey field off-curve uncompressed": "bad_pubkey",
    "bsm: pubkey field with trailing space": "bad_pubkey",
    "bsm: signature header byte +1": "invalid_signature",
    "bsm: signature header byte 27 (uncompressed flag)": "bad_signature_encoding",
    "bsm: signature header byte 35": "bad_signature_encoding",
    "bsm: high-S signature (header unchanged)": "bad_signature_encoding",
    "bsm: signature byte flipped in r": "invalid_signature",
    "bsm: signature 64 bytes": "bad_signature_encoding",
    "bsm: signature base64 without padding": "bad_signature_encoding",
    "bsm: signature base64url alphabet": "bad_signature_encoding",
    "bsm: signature is a BRC-77 envelope": "bad_signature_encoding",
    "brc77: DER truncated by one byte": "bad_signature_encoding",
    "brc77: trailing byte after DER": "bad_signature_encoding",
    "brc77: high-S DER": "bad_signature_encoding",
    "brc77: version bytes changed": "bad_signature_encoding",
    "brc77: key ID bit flipped": "invalid_signature",
    "brc77: signature is a BSM compact signature": "bad_signature_encoding",
    'brc77: signature field not base64 (contains "!")': "bad_signature_encoding",
    "brc77: envelope addressed to a specific verifier (bob)": "recipient_required",
    "brc77: pubkey field is bob, envelope signed by alice": "signer_mismatch",
    "brc77: pubkey field is the generator G (private key 1)": "signer_mismatch",
    "empty token": "malformed_token",
    "4 fields": "malformed_token",
    "6 fields (extra trailing field)": "malformed_token",
    "scheme empty": "unsupported_scheme",
    'scheme "brc-77"': "unsupported_scheme",
    "scheme with surrounding space": "unsupported_scheme",
    'request path containing "|" (token produced by getAuthToken itself)': "malformed_token",
    'brc77 request path containing "|"': "malformed_token",
    "query string order differs from token (exact string compare)": "path_mismatch",
    'hex body of odd length "abc" (hashed as bytes 0a bc)': "bad_body",
    'same token verified with body "0abc"': "ok",
    'same token verified with upper-case body "ABC"': "bad_body",
    "hex bodyEncoding with a non-hex body": "bad_body",
    "base64 body verified with base64url / unpadded variant of the same bytes": "ok",
    "base64 body verified with invalid base64": "bad_body",
    "base64 body verified as utf8 (wrong encoding)": "invalid_signature",
    "utf8 body with non-ASCII characters": "ok",
    "unknown bodyEncoding string behaves as utf8": "unsupported_body_encoding",
    "time: token 2025-01-15T12:00:00.000Z, now 2025-01-15T11:55:00.000Z, timePad 5": "ok",
    "time: token 2025-01-15T12:00:00.000Z, now 2025-01-15T11:54:59.999Z, timePad 5": "not_yet_valid",
    "time: token 2025-01-15T12:00:00.000Z, now 2025-01-15T12:00:00.000Z, timePad 5": "ok",
    "time: token 2025-01-15T12:00:00.000Z, now 2025-01-15T12:06:00.000Z, timePad 5": "expired",
    "time: token 2025-01-15T12:00:00.000Z, now 2026-01-15T12:00:00.000Z, timePad 5": "expired",
    "time: token 2025-01-15T12:00:00.000Z, now 2125-01-15T12:00:00.000Z, timePad 5": "expired",
    "time: token 2025-01-15T12:00:00.000Z, now 2025-01-15T11:59:59.999Z, timePad 0": "not_yet_valid",
    "time: token 2025-01-15T12:00:00.000Z, now 2025-01-15T12:00:00.000Z, timePad 0": "ok",
    "time: token 2025-01-15T12:00:00.000Z, now 2025-01-15T11:59:30.000Z, timePad 0.9": "not_yet_valid",
    # timePad -1 has no two-sided equivalent; with a window of 0 the 30 s old token is expired.
    "time: token 2025-01-15T12:00:00.000Z, now 2025-01-15T12:00:30.000Z, timePad -1": "expired",
    "time: token 2025-01-15T12:00:00.000Z, now not a date, timePad 5": None,
    "time: token 2025-01-15T12:00:00.000Z, now , timePad 5": None,
    "time: token 2025-01-15T12:00:00.000Z, now 2025-01-15, timePad 5": "not_yet_valid",
    'time: token dated 2099 verified with its own timestamp as "now"': "ok",
    "time: token dated 2099 verified with a real now": "not_yet_valid",
    'time: token dated 2000 verified with its own timestamp as "now"': "ok",
    "time: token dated 2000 verified with a real now": "expired",
    'time: signed token timestamp "never"': "bad_timestamp",
    'time: brc77 token timestamp "forever"': "bad_timestamp",
    "time: token timestamp with +02:00 offset (12:04Z), now 12:00Z": "bad_timestamp",
    "time: token timestamp with +02:00 offset (12:04Z), now 11:58Z": "bad_timestamp",
}


# BRC-78 negative cases: description -> our expected code, derived by hand from the decrypt
# order in spec/auth-crypto.md 5.1/5.3 and section 7 (version bytes, then at least 150 bytes,
# then the sender key, then the recipient compared before any cryptography, then AES-GCM),
# never from running this library. "ok" = opens to the reference's plaintext.
EXPECTED_BRC78 = {
    "valid (base for the cases below)": "ok",
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


def c_str(value):
    """A C string literal for `value` (str or None), every unusual byte as a 3-digit octal escape."""
    if value is None:
        return "NULL"
    out = []
    for b in value.encode("utf-8"):
        ch = chr(b)
        if 0x20 <= b < 0x7F and ch not in '"\\?':
            out.append(ch)
        else:
            out.append("\\%03o" % b)
    return '"' + "".join(out) + '"'


def unix_millis(text):
    """Milliseconds since the epoch of an ISO date (date-only means midnight UTC, as in JS)."""
    if len(text) == 10:
        text += "T00:00:00.000Z"
    dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return int(round(dt.timestamp() * 1000))


def main(src, dst):
    with open(src, "rb") as f:
        data = json.load(f)
    lines = [
        "/* Generated by tests/c/gen_vectors.py from tests/vectors/auth-crypto.json. Do not edit. */",
        "#include <stdint.h>",
        "#include <stddef.h>",
        "",
    ]
    emit = lines.append

    keys = data["keys"]
    emit("typedef struct { const char *name, *priv_hex, *wif, *pub_hex, *pub_uncompressed_hex, *address; } key_vector;")
    emit("static const key_vector KEYS[] = {")
    for name, k in keys.items():
        emit("  {%s, %s, %s, %s, %s, %s}," % tuple(c_str(x) for x in (
            name, k["priv_hex"], k["wif_compressed_mainnet"], k["pub_compressed"],
            k["pub_uncompressed"], k["p2pkh_address_mainnet"])))
    emit("};")

    emit("/* message_hex NULL: the message is rule_length bytes i mod 256 (the JSON's message_rule). */")
    emit("typedef struct { const char *desc, *priv_hex, *pub_hex, *message_hex; long rule_length; const char *signature_base64; } bsm_vector;")
    emit("static const bsm_vector BSM_VECTORS[] = {")
    for v in data["bsm"]["sign_vectors"]:
        rule = -1 if "message_hex" in v else int(v["message_length"])
        emit("  {%s, %s, %s, %s, %dL, %s}," % (c_str(v["description"]), c_str(v["priv"]), c_str(v["pub"]),
            c_str(v.get("message_hex")), rule, c_str(v["signature_base64"])))
    emit("};")

    emit("typedef struct { const char *own_priv_hex, *other_pub_hex, *invoice, *expected_hex; int is_private; } brc42_vector;")
    emit("static const brc42_vector BRC42_VECTORS[] = {")
    for v in data["brc42"]["official_private_vectors"]:
        emit("  {%s, %s, %s, %s, 1}," % tuple(c_str(x) for x in (
            v["recipient_priv"], v["sender_pub"], v["invoice_number"], v["expected_child_priv"])))
    for v in data["brc42"]["official_public_vectors"]:
        emit("  {%s, %s, %s, %s, 0}," % tuple(c_str(x) for x in (
            v["sender_priv"], v["recipient_pub"], v["invoice_number"], v["expected_child_pub"])))
    emit("};")

    emit("typedef struct { const char *desc, *signer_priv_hex, *verifier_priv_hex, *verifier_pub_hex, *key_id_hex, *message_hex, *signature_hex; } brc77_vector;")
    emit("static const brc77_vector BRC77_VECTORS[] = {")
    for v in data["brc77_signed_message"]["vectors"]:
        ver = v["verifier"]
        vp, vpub = (None, None) if ver == "anyone" else (ver["priv"], ver["pub"])
        emit("  {%s, %s, %s, %s, %s, %s, %s}," % tuple(c_str(x) for x in (
            v["description"], v["signer_priv"], vp, vpub, v["key_id_hex"], v["message_hex"], v["signature_hex"])))
    emit("};")

    emit("/* expected_plain_hex: the reference SDK's decryption, or (empty message, which the SDK cannot")
    emit("   open) the message itself: section 7 opens empty ciphertexts; encrypting one is refused. */")
    emit("typedef struct { const char *desc, *sender_priv_hex, *recipient_priv_hex, *recipient_pub_hex, *key_id_hex, *iv_hex, *message_hex, *encrypted_hex, *expected_plain_hex; } brc78_vector;")
    emit("static const brc78_vector BRC78_VECTORS[] = {")
    b78 = data["brc78_encrypted_message"]
    for v in b78["vectors"]:
        sdk = v["sdk_decrypt"]
        plain = sdk["result"] if "result" in sdk else v["message_hex"]
        emit("  {%s, %s, %s, %s, %s, %s, %s, %s, %s}," % tuple(c_str(x) for x in (
            v["description"], v["sender_priv"], v["recipient_priv"], v["recipient_pub"], v["key_id_hex"],
            v["iv"], v["message_hex"], v["encrypted_hex"], plain)))
    emit("};")
    emit("typedef struct { const char *desc, *encrypted_hex, *recipient_priv_hex, *expected_code, *expected_plain_hex; } brc78_case;")
    emit("static const brc78_case BRC78_CASES[] = {")
    seen78 = set()
    for v in b78["edge_and_negative"]:
        desc = v["description"]
        if desc not in EXPECTED_BRC78:
            sys.exit("gen_vectors.py: no expected code for BRC-78 case %r" % desc)
        seen78.add(desc)
        code = EXPECTED_BRC78[desc]
        if (code == "ok") != ("result" in v["sdk_decrypt"]):
            sys.exit("gen_vectors.py: BRC-78 case %r: reference and table disagree on success" % desc)
        emit("  {%s, %s, %s, %s, %s}," % tuple(c_str(x) for x in (
            desc, v["encrypted_hex"], v["recipient_priv"], code, v["sdk_decrypt"].get("result"))))
    emit("};")
    if set(EXPECTED_BRC78) - seen78:
        sys.exit("gen_vectors.py: BRC-78 table names cases the JSON does not have: %r" % sorted(set(EXPECTED_BRC78) - seen78))

    sym = data["symmetric_key"]
    emit("typedef struct { const char *desc, *key_hex, *iv_hex, *plaintext_hex, *output_hex; } symmetric_vector;")
    emit("static const symmetric_vector SYMMETRIC_VECTORS[] = {")
    for v in sym["encrypt_vectors"]:
        emit("  {%s, %s, %s, %s, %s}," % tuple(c_str(x) for x in (
            v["description"], v["key"], v["iv"], v["plaintext_hex"], v["output_hex"])))
    lz = sym["leading_zero_key"]
    for name in ("key_32", "key_31"):
        emit("  {%s, %s, %s, %s, %s}," % tuple(c_str(x) for x in (
            "leading zero key, " + name, lz[name], lz["iv"], lz["plaintext_utf8"].encode().hex(), lz["output_hex"])))
    emit("};")

    emit("typedef struct { const char *desc, *wif, *path; int scheme_brc77; int64_t timestamp_ms; const char *body, *body_encoding, *key_id_hex, *token, *verify_path; int64_t verify_now_ms; const char *verify_body, *verify_body_encoding; int reference_valid; } creation_vector;")
    emit("static const creation_vector CREATION_VECTORS[] = {")
    for v in data["bitcoin_auth"]["creation_vectors"]:
        cfg, ver = v["config"], v["verify"]
        scheme = cfg.get("scheme", "brc77")
        emit("  {%s, %s, %s, %d, %dLL, %s, %s, %s, %s, %s, %dLL, %s, %s, %d}," % (
            c_str(v["description"]), c_str(v["signer_wif"]), c_str(cfg["requestPath"]),
            1 if scheme == "brc77" else 0, unix_millis(cfg["timestamp"]),
            c_str(cfg.get("body")), c_str(cfg.get("bodyEncoding", "utf8")),
            c_str(v.get("brc77_key_id_hex")), c_str(v["token"]),
            c_str(ver["target"]["requestPath"]), unix_millis(ver["target"]["timestamp"]),
            c_str(ver["target"].get("body")), c_str(ver.get("bodyEncoding", "utf8")),
            1 if ver.get("result") is True else 0))
    emit("};")

    emit("/* expected_code NULL: not replayable through the C API (skipped, counted). */")
    emit("typedef struct { const char *desc, *token, *path, *body, *body_encoding; int64_t now_ms, window_secs; int reference_refuses; const char *expected_code; } verification_case;")
    emit("static const verification_case VERIFICATION_CASES[] = {")
    seen = set()
    for v in data["bitcoin_auth"]["verification_cases"]:
        desc = v["description"]
        if desc not in EXPECTED_STRICT:
            sys.exit("gen_vectors.py: no expected code for verification case %r" % desc)
        seen.add(desc)
        expected = EXPECTED_STRICT[desc]
        target = v["target"]
        try:
            now = unix_millis(target["timestamp"])
        except ValueError:
            now = 0
            assert expected is None, desc
        window = max(0, int(v["timePad"])) * 60
        refuses = 0 if v.get("result") is True else 1
        emit("  {%s, %s, %s, %s, %s, %dLL, %dLL, %d, %s}," % (
            c_str(desc), c_str(v["token"]), c_str(target["requestPath"]), c_str(target.get("body")),
            c_str(v["bodyEncoding"]), now, window, refuses, c_str(expected)))
    emit("};")
    missing = set(EXPECTED_STRICT) - seen
    if missing:
        sys.exit("gen_vectors.py: table names cases the JSON does not have: %r" % sorted(missing))

    emit("#define COUNT(a) (sizeof(a) / sizeof((a)[0]))")
    with open(dst, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: gen_vectors.py auth-crypto.json vectors.h")
    main(sys.argv[1], sys.argv[2])
