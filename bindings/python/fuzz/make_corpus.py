"""Writes the seed corpus bindings/python/fuzz/corpus/<sha1> for fuzz_sigma_auth.py: one or two
programs per operation, with valid material (tokens, envelopes, keys) and with lone surrogates,
NULs, invalid bytes and wrong types. Deterministic and idempotent (files named by SHA-1).
Usage: python make_corpus.py       (stdlib only; the layout is the one Input reads)"""

import hashlib
from pathlib import Path

OUT = Path(__file__).parent / "corpus"
N_TEXTS, N_BLOBS = 12, 7  # len(TEXTS), len(TOKENS) + len(BLOBS) in fuzz_sigma_auth.py
BSM_TOKEN, BRC77_TOKEN, BSM_SIG, WIF, PUBHEX, ISO, UTF8, HEX, B64, SELF, ANYONE, NAME = range(12)
TOK0, TOK1, ENV_ANYONE, ENV_BOB, BRC78_BOB, AES_BOX, PUB_SEC1 = range(7)


def sel_for(index, n):
    return next(s for s in range(0xC0, 0x100) if s % n == index)


def T(i, edit=0, at=0, value=0):
    """Material text number i (edit 1: set character at*len/256 to chr(value); 2: cut there)."""
    return bytes([sel_for(i, N_TEXTS), edit, at, value])


def F(data, mode=0):
    """Fresh text: mode 0 UTF-8 (bad bytes become lone surrogates), 1 Latin-1, 2 CESU-8."""
    data = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return bytes([mode, len(data)]) + data  # sel % 3 == mode, sel < 0xC0: fresh


def B(i, edit=0, at=0, value=0):
    return bytes([sel_for(i, N_BLOBS), edit, at, value])


def FB(data):
    return bytes([0, len(data)]) + data


def body_text(t):
    return b"\x02" + t


def body_bytes(b):
    return b"\x01" + b


NOW_T0 = b"\x00\x80"  # instant: T0
DEFAULT_WINDOW = b"\x00\x00"  # seconds: 300, 300

seeds = [b"", b"\x00", bytes(range(40))]
# 0 verify_token: valid, each scheme; then NUL and surrogate variants and changed bytes.
for tok in (T(BSM_TOKEN), T(BRC77_TOKEN)):
    seeds.append(b"\x00" + tok + F("/api/a?x=1") + body_text(F('{"a":1}')) + b"\x00\x00" + NOW_T0
                 + DEFAULT_WINDOW + b"\x00")
seeds.append(b"\x00" + T(BRC77_TOKEN) + F("/api/a?x=1\x00/../admin") + body_text(F('{"a":1}')) + b"\x00\x00"
             + NOW_T0 + DEFAULT_WINDOW + b"\x00")
seeds.append(b"\x00" + T(BRC77_TOKEN, 1, 100, 0) + F("/api/a?x=1") + body_text(F('{"a":1}'))
             + b"\x01" + F("utf8\x00whatever") + b"\x00" + NOW_T0 + DEFAULT_WINDOW + b"\x01")
seeds.append(b"\x00" + T(BSM_TOKEN, 1, 30, 0xFF) + F(b"/p\xed\xa0\x80", 2) + body_text(F(b"\xff\xfe"))
             + b"\x01" + F(b"hex\x80") + b"\x00" + b"\x02" + F("2025-01-15T12:00:00Z") + b"\x01\x05\x02\x03\x01")
seeds.append(b"\x00" + T(BRC77_TOKEN) + F("/api/a?x=1") + body_bytes(FB(b'{"a":1}')) + b"\x00\xf3"
             + b"\x01" + bytes(9) + b"\x03" + b"\xff" * 9 + b"\x03" + b"\x00" * 8 + b"\x80" + b"\x00")
seeds.append(b"\x00" + T(BSM_TOKEN, 2, 128) + F("") + b"\x00" + b"\x00\x00" + b"\x03" + b"\x01\x00\x02\x00\x01")
# 1 Verifier: verify twice with a guard (Replayed), verify_many with good and bad items.
seeds.append(b"\x01" + DEFAULT_WINDOW + b"\x00" + T(BRC77_TOKEN) + b"\x00\x00" + b"\x01\x01"
             + body_text(F('{"a":1}')) + NOW_T0 + body_text(F('{"a":1}')) + NOW_T0
             + T(BSM_TOKEN) + F("/api/a?x=1") + T(BRC77_TOKEN) + F("/api/a?x=1") + body_text(F('{"a":1}'))
             + T(BRC77_TOKEN, 1, 20, 0xFF) + F("/p") + b"\x00" + T(HEX) + NOW_T0)
seeds.append(b"\x01" + b"\x01\x00" + b"\x02\x00" + b"\x01" + F(b"a|bsm|c|d|\xff") + b"\xf5" + b"\x00" + b"\x00\x00"
             + b"\x00" + b"\x03" + F("") + F("\udc80") + F(b"\x00") + F("x") + b"\x03" + F("|||||") + F("/")
             + b"\x00" + T(UTF8, 2, 100) + b"\x02" + F("not a time"))
# 2 parse_token
seeds.append(b"\x02" + T(BRC77_TOKEN) + b"\x00")
seeds.append(b"\x02" + F("a|bsm|\udc80|d|e") + b"\x00" + b"\x02" + F("a|b|c|d|e|f") + b"\x00"
             + b"\x02" + F("x") + b"\xf7" + b"\x02" + F(b"a|brc77|\xc3|d|e", 1) + b"\x00")
# 3 keys from text; 4 keys from bytes
seeds.append(b"\x03" + T(WIF) + b"\x00\x00" + b"\x03" + T(PUBHEX) + b"\x00\x01"
             + b"\x03" + T(WIF, 1, 200, 0) + b"\x00\x00" + b"\x03" + T(WIF, 1, 10, 0xFF) + b"\x00\x00")
seeds.append(b"\x03" + F("45d3dda4ea6b32f4497f01ddb885049d57a386a569d6dfcc0c0718bf5dd38c7e") + b"\x00\x00"
             + b"\x03" + F("L4JwZ3sYcpB1NC9hJ7nSbD8WPyBHNqi43biKVxMuwFUDTHvjrDQ\udc80") + b"\x00\x00"
             + b"\x03" + F("1" * 200) + b"\xf2\x00")
seeds.append(b"\x04" + B(PUB_SEC1) + b"\x00" + b"\x04" + FB(bytes(32)) + b"\x01"
             + b"\x04" + FB(b"\x04" + bytes(64)) + b"\x01" + b"\x04" + B(PUB_SEC1, 1, 0, 0x06) + b"\x01")
# 5 brc78_decrypt: to bob (opens), to alice (wrong recipient), tampered, cut, junk.
seeds.append(b"\x05" + B(BRC78_BOB) + b"\x01" + b"\x05" + B(BRC78_BOB) + b"\x00"
             + b"\x05" + B(BRC78_BOB, 1, 250, 0) + b"\x01" + b"\x05" + B(BRC78_BOB, 2, 100) + b"\x01"
             + b"\x05" + FB(bytes(160)) + b"\x01")
# 6 brc77_verify: anyone, to bob with and without the recipient, tampered.
seeds.append(b"\x06" + FB(b"message") + B(ENV_ANYONE) + b"\x00\x00"
             + b"\x06" + FB(b"message") + B(ENV_BOB) + b"\x02\x00"
             + b"\x06" + FB(b"message") + B(ENV_BOB) + b"\x00\x00"
             + b"\x06" + FB(b"message") + B(ENV_BOB) + b"\x01\x01"
             + b"\x06" + FB(b"messagf") + B(ENV_ANYONE, 1, 200, 1) + b"\x00\x01")
# 7 bsm_verify / bsm_recover
seeds.append(b"\x07" + b"\x00" + FB(b"message") + b"\x01" + T(BSM_SIG) + b"\x00"
             + b"\x07" + b"\x01" + F("message") + b"\x01" + T(BSM_SIG, 1, 40, 0x2F) + b"\x01"
             + b"\x07" + b"\x01" + F("\udc80") + b"\x00" + FB(bytes(65)) + b"\x00")
# 8 SymmetricKey
seeds.append(b"\x08" + FB(bytes(range(32))) + B(AES_BOX) + b"\x08" + FB(b"") + FB(b"x")
             + b"\x08" + FB(bytes(33)) + FB(b"") + b"\x08" + FB(b"\x01") + B(AES_BOX, 2, 30))
# 9 BRC-42 invoice numbers; 10 KeyDeriver with every counterparty form (a WIF among them)
seeds.append(b"\x09" + F("2-3241645161d8-1") + b"\x00" + b"\x09" + F("\udc80") + b"\x00"
             + b"\x09" + F("") + b"\xf0")
for cp in range(5):
    seeds.append(b"\x0a" + bytes([130]) + T(NAME) + F("1") + bytes([cp]) + (T(WIF) if cp == 4 else b""))
seeds.append(b"\x0a" + bytes([128 + 3]) + F("x") + F("\x00") + b"\x04" + F("L4JwZ3sYcpB1NC9hJ7nSbD8WPyBHNqi43biKVxMuwFUDTHvjrDQH"))
# 11 create_token (then verify it): key object, WIF text, bad WIF, each scheme and encoding.
seeds.append(b"\x0b" + b"\x00" + F("/api/a") + body_text(F("7b7d")) + b"\x01" + b"\x01" + NOW_T0)
seeds.append(b"\x0b" + b"\x01" + T(WIF) + F("/x") + b"\x00" + b"\x00" + b"\x02" + b"\x02" + F("2025-01-15T12:00:00.000Z"))
seeds.append(b"\x0b" + b"\x01" + T(WIF, 1, 100, 0x30) + F("/x\x00y") + body_bytes(FB(b"\x00\xff")) + b"\x02"
             + b"\x00" + F("md5") + b"\x03")
seeds.append(b"\x0b" + b"\x00" + F("/a|b") + b"\x00\x03\x01" + b"\x01" + b"\x7f" * 9)
# 12 wrong types; 13 brc77_sign then verify
for i in range(10):
    seeds.append(b"\x0c" + bytes([i]))
seeds.append(b"\x0d" + FB(b"msg") + b"\x01\x01" + b"\x0d" + FB(b"") + b"\x00\x00" + b"\x0d" + FB(b"m") + b"\x01\x00")

OUT.mkdir(exist_ok=True)
for s in seeds:
    (OUT / hashlib.sha1(s).hexdigest()).write_bytes(s)
print(f"{len(set(seeds))} seeds in {OUT}")
