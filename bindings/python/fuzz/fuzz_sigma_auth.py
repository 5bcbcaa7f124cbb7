"""Fuzz harness for the Python entry points of sigma_auth (issue 11, item 7).

``test_one_input(data)`` turns the bytes into a few calls of the public API (verify_token,
Verifier.verify / verify_many, parse_token, create_token, PrivateKey.from_wif / from_hex /
from_bytes, PublicKey.from_hex / from_bytes, bsm_verify / bsm_recover, brc77_verify,
brc78_decrypt, SymmetricKey.decrypt, BRC-42 derivation, KeyDeriver) with fuzzed ``str`` (lone
surrogates, NULs, any code point) and ``bytes``, some built from a valid token or message with
one byte changed. It asserts that every exception is a ``sigma_auth.AuthError`` subclass with a
known ``.code`` that is not ``internal_error`` (or ``TypeError``, documented for wrong argument
types, only where a value of a wrong type was passed on purpose), and that no error message
repeats a secret-shaped argument (a WIF or hex key given anywhere). A crash of the interpreter
fails the run by itself.

Run it:
  python fuzz_sigma_auth.py corpus/           replay the committed corpus (plain Python)
  python fuzz_sigma_auth.py --atheris [libFuzzer flags] DIR...   coverage-guided with atheris
                                               (e.g. -max_total_time=60 work/ corpus/)
The harness reads its own bytes (no atheris FuzzedDataProvider), so the replay needs only
sigma_auth.
"""

import sys
from pathlib import Path

import sigma_auth

T0 = 1_736_942_400_000
ALICE_WIF = "L4JwZ3sYcpB1NC9hJ7nSbD8WPyBHNqi43biKVxMuwFUDTHvjrDQH"
ALICE = sigma_auth.PrivateKey.from_wif(ALICE_WIF)
BOB = sigma_auth.PrivateKey.from_hex("45d3dda4ea6b32f4497f01ddb885049d57a386a569d6dfcc0c0718bf5dd38c7e")
PATH = "/api/a?x=1"
BODY = '{"a":1}'
# Valid material to change a byte of: tokens of both schemes, a BSM signature, BRC-77 envelopes
# (to anyone and to bob), a BRC-78 message to bob, an AES-GCM box, keys in text.
TOKENS = [sigma_auth.create_token(ALICE, PATH, BODY, scheme=s, timestamp=T0) for s in ("bsm", "brc77")]
BLOBS = [
    sigma_auth.brc77_sign(b"message", ALICE, key_id=bytes(32)),
    sigma_auth.brc77_sign(b"message", ALICE, BOB.public_key, key_id=bytes(32)),
    sigma_auth.brc78_encrypt(b"secret", ALICE, BOB.public_key, key_id=bytes(32), iv=bytes(32)),
    sigma_auth.SymmetricKey(bytes(range(32))).encrypt(b"plaintext", iv=bytes(32)),
    ALICE.public_key.to_bytes(),
]
TEXTS = TOKENS + [
    sigma_auth.bsm_sign(b"message", ALICE),
    ALICE_WIF,
    ALICE.public_key.to_hex(),
    "2025-01-15T12:00:00.000Z",
    "utf8",
    "hex",
    "base64",
    "self",
    "anyone",
    "hello world",
]
KNOWN_CODES = set(sigma_auth.CODES) - {"internal_error"}
WRONG_TYPES = [None, 0, -1, 1.5, True, b"x", "x", [], {}, object()]


class Input:
    """The fuzzer's bytes read front to back; a missing byte reads as 0."""

    def __init__(self, data: bytes):
        self.data = data
        self.at = 0

    def byte(self) -> int:
        if self.at >= len(self.data):
            return 0
        self.at += 1
        return self.data[self.at - 1]

    def chunk(self) -> bytes:
        n = self.byte()
        out = self.data[self.at:self.at + n]
        self.at += len(out)
        return out

    def bytes_(self) -> bytes:
        """Fresh bytes, or valid material with one byte changed or cut short."""
        sel = self.byte()
        if sel < 0xC0:
            return self.chunk()
        pool = [t.encode() for t in TOKENS] + BLOBS
        b = bytearray(pool[sel % len(pool)])
        edit, at, value = self.byte(), self.byte(), self.byte()
        if b and edit % 3 == 1:
            b[at * len(b) // 256] = value
        elif edit % 3 == 2:
            del b[at * len(b) // 256:]
        return bytes(b)

    def text(self) -> str:
        """Fresh text (UTF-8 with invalid bytes as lone surrogates, Latin-1, or surrogates
        spelt in UTF-8), or valid material with one character changed or cut short."""
        sel = self.byte()
        if sel >= 0xC0:
            t = TEXTS[sel % len(TEXTS)]
            edit, at, value = self.byte(), self.byte(), self.byte()
            if t and edit % 3 == 1:
                i = at * len(t) // 256
                t = t[:i] + chr(value if value != 0xFF else 0xD800) + t[i + 1:]
            elif edit % 3 == 2:
                t = t[:at * len(t) // 256]
            return t
        raw = self.chunk()
        if sel % 3 == 0:
            return raw.decode("utf-8", "surrogateescape")
        if sel % 3 == 1:
            return raw.decode("latin-1")
        return raw.decode("utf-8", "surrogatepass") if _valid_cesu(raw) else raw.decode("utf-8", "replace")

    def maybe_wrong(self, value):
        """The value, or (rarely) one of a wrong type; returns (value, wrong)."""
        sel = self.byte()
        if sel >= 0xF0:
            return WRONG_TYPES[sel % len(WRONG_TYPES)], True
        return value, False

    def body(self):
        sel = self.byte() % 4
        if sel == 0:
            return None
        if sel == 1:
            return self.bytes_()
        return self.text()

    def instant(self):
        sel = self.byte() % 4
        if sel == 0:
            return T0 + (self.byte() - 128) * 10_000
        if sel == 1:
            return int.from_bytes(self.data[self.at:self.at + 9], "little", signed=True) if self._skip(9) else 0
        if sel == 2:
            return self.text()
        return None

    def seconds(self):
        sel = self.byte() % 4
        if sel == 0:
            return 300
        if sel == 1:
            return self.byte() - 16
        if sel == 2:
            return (self.byte() - 16) / 7
        return int.from_bytes(self.data[self.at:self.at + 9], "little", signed=True) if self._skip(9) else 0

    def _skip(self, n: int) -> bool:
        ok = self.at + n <= len(self.data)
        self.at = min(self.at + n, len(self.data))
        return ok


def _valid_cesu(raw: bytes) -> bool:
    try:
        raw.decode("utf-8", "surrogatepass")
        return True
    except UnicodeDecodeError:
        return False


def _secret_shaped(s) -> bool:
    return isinstance(s, str) and len(s) >= 8


def call(fn, *args, wrong=False, secrets=(), **kwargs):
    """Runs one call and checks what it raises."""
    try:
        return fn(*args, **kwargs)
    except sigma_auth.AuthError as e:
        assert isinstance(e.code, str) and e.code in KNOWN_CODES, (fn, e.code, e)
        message = str(e)
        for s in secrets:
            if _secret_shaped(s):
                assert s not in message, (fn, "an error message repeats an argument")
        return None
    except TypeError:
        if not wrong:
            raise
        return None


def test_one_input(data: bytes) -> None:
    inp = Input(data)
    for _ in range(8):
        if inp.at >= len(inp.data):
            break
        op = inp.byte() % 14
        if op == 0:
            token, path, body = inp.text(), inp.text(), inp.body()
            enc, wrong = inp.maybe_wrong(inp.text() if inp.byte() & 1 else "utf8")
            got = call(sigma_auth.verify_token, token, path, body, body_encoding=enc, now=inp.instant(),
                       max_age=inp.seconds(), max_skew=inp.seconds(), compat=bool(inp.byte() & 1),
                       wrong=wrong, secrets=(token, path))
            if got is not None:
                assert isinstance(got, sigma_auth.Verified)
        elif op == 1:
            v = call(sigma_auth.Verifier, max_age=inp.seconds(), max_skew=inp.seconds(),
                     compat=bool(inp.byte() & 1))
            if v is not None:
                token, wrong = inp.maybe_wrong(inp.text())
                path = inp.text() if inp.byte() & 1 else PATH
                guard = sigma_auth.ReplayGuard(v) if inp.byte() & 1 else None
                for _ in range(1 + (inp.byte() & 1)):
                    call(v.verify, token, path, inp.body(), now=inp.instant(), replay_guard=guard, wrong=wrong)
                items = [(inp.text(), inp.text()), (inp.text(), inp.text(), inp.body()),
                         (inp.text(), inp.text(), inp.body(), inp.text())]
                got = call(v.verify_many, items, now=inp.instant())
                if got is not None:
                    assert len(got) == 3
                    for g in got:
                        assert isinstance(g, sigma_auth.Verified) or (
                            isinstance(g, sigma_auth.AuthError) and g.code in KNOWN_CODES), g
        elif op == 2:
            token, wrong = inp.maybe_wrong(inp.text())
            p = call(sigma_auth.parse_token, token, wrong=wrong)
            if p is not None:
                fields = [p.pubkey, p.scheme, p.timestamp, p.request_path, p.signature]
                assert "|".join(fields) == token
        elif op == 3:
            s, wrong = inp.maybe_wrong(inp.text())
            call(sigma_auth.PrivateKey.from_wif, s, wrong=wrong, secrets=(s,))
            call(sigma_auth.PrivateKey.from_hex, s, wrong=wrong, secrets=(s,))
            call(sigma_auth.PublicKey.from_hex, s, compat=bool(inp.byte() & 1), wrong=wrong, secrets=(s,))
        elif op == 4:
            b = inp.bytes_()
            call(sigma_auth.PrivateKey.from_bytes, b)
            k = call(sigma_auth.PublicKey.from_bytes, b, compat=bool(inp.byte() & 1))
            if k is not None:
                assert sigma_auth.PublicKey.from_hex(k.to_hex()) == k
        elif op == 5:
            data_, key = inp.bytes_(), BOB if inp.byte() & 1 else ALICE
            got = call(sigma_auth.brc78_decrypt, data_, key)
            if got is not None:
                plain, sender = got
                assert isinstance(plain, bytes) and isinstance(sender, sigma_auth.PublicKey)
                assert len(plain) + 150 == len(data_)
        elif op == 6:
            message, sig = inp.bytes_(), inp.bytes_()
            recipient = [None, ALICE, BOB][inp.byte() % 3]
            got = call(sigma_auth.brc77_verify, message, sig, recipient, compat=bool(inp.byte() & 1))
            assert got is None or isinstance(got, sigma_auth.PublicKey)
        elif op == 7:
            message = inp.text() if inp.byte() & 1 else inp.bytes_()
            sig = inp.text() if inp.byte() & 1 else inp.bytes_()
            compat = bool(inp.byte() & 1)
            got = call(sigma_auth.bsm_verify, message, sig, ALICE.public_key, compat=compat)
            assert got in (None, True, False)
            call(sigma_auth.bsm_recover, message, sig, compat=compat)
        elif op == 8:
            key, box = inp.bytes_(), inp.bytes_()
            k = call(sigma_auth.SymmetricKey, key)
            if k is not None:
                call(k.decrypt, box)
                sealed = call(k.encrypt, box)
                assert sealed is None or k.decrypt(sealed) == box
        elif op == 9:
            invoice, wrong = inp.maybe_wrong(inp.text())
            call(sigma_auth.derive_child_private_key, ALICE, BOB.public_key, invoice, wrong=wrong)
            call(sigma_auth.derive_child_public_key, ALICE, BOB.public_key, invoice, wrong=wrong)
        elif op == 10:
            level = inp.byte() - 128
            name, key_id = inp.text(), inp.text()
            counterparty = [ALICE_WIF, "self", "anyone", BOB.public_key, None][inp.byte() % 5]
            if counterparty is None:
                counterparty = inp.text()
            deriver = sigma_auth.KeyDeriver(ALICE)
            call(sigma_auth.KeyDeriver.invoice_number, (level, name), key_id)
            wrong = not isinstance(counterparty, (str, sigma_auth.PublicKey))
            for fn in (deriver.derive_private_key, deriver.derive_public_key, deriver.derive_symmetric_key):
                call(fn, (level, name), key_id, counterparty, wrong=wrong, secrets=(counterparty,))
        elif op == 11:
            wif = inp.text() if inp.byte() & 1 else ALICE
            path, body = inp.text(), inp.body()
            enc = ["utf8", "hex", "base64", None][inp.byte() % 4]
            scheme = [inp.text(), "bsm", "brc77", None][inp.byte() % 4]
            ts = inp.instant()
            tok = call(sigma_auth.create_token, wif, path, body, body_encoding=enc, scheme=scheme,
                       timestamp=ts, secrets=(wif,))
            if tok is not None and ts is not None:
                got = call(sigma_auth.verify_token, tok, path, body, body_encoding=enc, now=ts)
                assert isinstance(got, sigma_auth.Verified), "a created token does not verify"
        elif op == 12:
            # Values of the wrong type for a text argument: TypeError or AuthError, nothing else.
            bad = WRONG_TYPES[inp.byte() % len(WRONG_TYPES)]
            for fn, args in ((sigma_auth.verify_token, (bad, PATH)), (sigma_auth.verify_token, (TOKENS[0], bad)),
                             (sigma_auth.parse_token, (bad,)), (sigma_auth.PrivateKey.from_wif, (bad,)),
                             (sigma_auth.PublicKey.from_hex, (bad,)), (sigma_auth.brc78_decrypt, (bad, BOB)),
                             (sigma_auth.create_token, (ALICE, bad))):
                call(fn, *args, wrong=True)
        else:
            msg = inp.bytes_()
            env = call(sigma_auth.brc77_sign, msg, ALICE, BOB.public_key if inp.byte() & 1 else None)
            if env is not None:
                recipient = BOB if inp.byte() & 1 else None
                call(sigma_auth.brc77_verify, msg, env, recipient)


def replay(paths) -> int:
    """Runs every file under the given files or directories; returns how many."""
    files = []
    for p in map(Path, paths):
        files.extend(sorted(f for f in p.iterdir() if f.is_file()) if p.is_dir() else [p])
    for f in files:
        try:
            test_one_input(f.read_bytes())
        except BaseException:
            print(f"failing input: {f}", file=sys.stderr)
            raise
    return len(files)


def main(argv) -> None:
    if argv[1:2] == ["--atheris"]:
        import atheris

        atheris.instrument_all()
        atheris.Setup([argv[0]] + argv[2:], test_one_input)
        atheris.Fuzz()
    else:
        n = replay(argv[1:] or [Path(__file__).parent / "corpus"])
        print(f"replayed {n} inputs")


if __name__ == "__main__":
    main(sys.argv)
