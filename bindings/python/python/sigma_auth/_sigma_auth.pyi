# Hand-kept stubs of the native module sigma_auth._sigma_auth (bindings/python/src/*.rs).
# Checked against the built module by `python -m mypy.stubtest sigma_auth._sigma_auth`
# (scripts/test.d/60-python.sh) and by tests/test_api.py (names, signatures, reason codes).
from collections.abc import Awaitable
from datetime import datetime, timedelta
from typing import Any, Final, Iterable, Literal, Optional, Sequence, Tuple, Union, final

__all__ = [
    "AUTH_ERRORS",
    "AuthError",
    "BadBody",
    "BadPubkey",
    "BadSignatureEncoding",
    "BadTimestamp",
    "CODES",
    "Expired",
    "InputError",
    "InternalError",
    "InvalidSignature",
    "KeyDeriver",
    "MalformedToken",
    "MissingToken",
    "NotYetValid",
    "ParsedToken",
    "PathMismatch",
    "PrivateKey",
    "PublicKey",
    "REASON_CODES",
    "RecipientRequired",
    "ReplayGuard",
    "ReplayStoreFull",
    "ReplayStoreUnavailable",
    "Replayed",
    "SignerMismatch",
    "SymmetricKey",
    "UnsupportedBodyEncoding",
    "UnsupportedScheme",
    "Verified",
    "Verifier",
    "bap_attestation_hash",
    "bap_check_attestation",
    "bap_id_from_address",
    "bap_id_from_public_key",
    "bap_identity",
    "bap_sign_attestation",
    "aip_sign",
    "aip_verify",
    "brc77_sign",
    "brc77_verify",
    "brc78_decrypt",
    "brc78_encrypt",
    "bsm_recover",
    "bsm_sign",
    "bsm_verify",
    "create_token",
    "derive_child_private_key",
    "derive_child_public_key",
    "ecies_decrypt",
    "ecies_encrypt",
    "friend_decrypt",
    "friend_encrypt",
    "friend_public_key",
    "parse_token",
    "sigma_sign",
    "sigma_verify",
    "verify_many",
    "verify_token",
]

ReasonCode = Literal[
    "malformed_token",
    "unsupported_scheme",
    "bad_pubkey",
    "bad_signature_encoding",
    "signer_mismatch",
    "path_mismatch",
    "expired",
    "not_yet_valid",
    "bad_timestamp",
    "invalid_signature",
    "replayed",
    "bad_body",
    "unsupported_body_encoding",
    "recipient_required",
    "missing_token",
    "replay_store_full",
    "replay_store_unavailable",
    "invalid_hex",
    "invalid_base64",
    "invalid_length",
    "invalid_private_key",
    "invalid_public_key",
    "invalid_wif",
    "invalid_signature_encoding",
    "signature_mismatch",
    "invalid_timestamp",
    "invalid_protocol",
    "derivation_failed",
    "version_mismatch",
    "wrong_recipient",
    "invalid_input",
    "randomness_unavailable",
    "decryption_failed",
    "null_parameter",
    "buffer_too_small",
    "internal_error",
    "malformed_script",
    "aip_missing",
    "aip_layout",
    "aip_unsupported_algorithm",
    "aip_bad_signature_encoding",
    "aip_invalid_signature",
    "sigma_missing",
    "sigma_layout",
    "sigma_unsupported_algorithm",
    "sigma_bad_signature_encoding",
    "sigma_signer_mismatch",
    "sigma_invalid_signature",
    "bap_layout",
    "bap_unsupported_type",
    "bap_bad_hash",
    "bap_bad_sequence",
    "bap_data_mismatch",
    "bap_hash_mismatch",
    "bap_signer_not_current",
    "bap_lookup_failed",
    "invalid_address",
    "invalid_xprv",
    "invalid_derivation_path",
    "unauthorized",
    "forbidden_host",
    "forbidden_origin",
    "forbidden_scope",
    "wallet_locked",
    "body_too_large",
    "bad_request",
    "wallet_bad_passphrase",
    "wallet_corrupt",
    "wallet_newer_version",
    "unknown_endpoint",
    "wallet_save_failed",
]
"""Every code of the project (``CODES``), in the core's order; tests/test_api.py compares them."""

Body = Union[str, bytes, bytearray, None]
"""A request body: ``str`` is decoded with ``body_encoding``; bytes are hashed as they are."""

Instant = Union[datetime, int, str, None]
"""An aware ``datetime``, an ``int`` of Unix milliseconds, an ISO-8601 ``str``, or ``None`` for
the system clock. Naive datetimes are refused (``InputError``, code ``invalid_timestamp``)."""

Seconds = Union[int, float, timedelta]
"""A non-negative window length in seconds, or a ``timedelta``."""

Message = Union[str, bytes, bytearray]
"""A message to sign: ``str`` is taken as UTF-8."""

Protocol = Tuple[int, str]
"""A BRC-43 protocol: ``(security_level, name)``."""

Counterparty = Union[Literal["self", "anyone"], "PublicKey"]

Scheme = Literal["bsm", "brc77"]
BodyEncodingName = Literal["utf8", "hex", "base64"]

# --- errors -----------------------------------------------------------------------------------

class AuthError(Exception):
    """Base of every sigma_auth error; one subclass per token-verification reason."""

    code: str
    """The stable code, e.g. ``"signer_mismatch"`` (same in Rust, C, Node, Python)."""
    detail: str
    """What exactly failed, in words (not stable; set on token-verification failures)."""

class MalformedToken(AuthError): ...
class UnsupportedScheme(AuthError): ...
class BadPubkey(AuthError): ...
class BadSignatureEncoding(AuthError): ...
class SignerMismatch(AuthError): ...
class PathMismatch(AuthError): ...
class Expired(AuthError): ...
class NotYetValid(AuthError): ...
class BadTimestamp(AuthError): ...
class InvalidSignature(AuthError): ...
class Replayed(AuthError): ...
class BadBody(AuthError): ...
class UnsupportedBodyEncoding(AuthError): ...
class RecipientRequired(AuthError): ...
class MissingToken(AuthError): ...
class ReplayStoreFull(AuthError): ...
class ReplayStoreUnavailable(AuthError): ...

class InputError(AuthError, ValueError):
    """A malformed argument (bad WIF, hex, key, signature encoding, timestamp, text with a lone
    surrogate ...). ``.code`` is the core's code, e.g. ``"invalid_wif"``, ``"invalid_input"``."""

class InternalError(AuthError):
    """A fault inside sigma_auth (code ``internal_error``), never the caller's."""

AUTH_ERRORS: Final[dict[str, type[AuthError]]]
"""Token-verification reason code -> exception class."""
REASON_CODES: Final[list[str]]
"""The token-verification reason codes (the keys of ``AUTH_ERRORS``), in the core's order."""
CODES: Final[tuple[ReasonCode, ...]]
"""Every code of the project, from the core's one list (``Reason::ALL``)."""

# --- keys -------------------------------------------------------------------------------------

@final
class PublicKey:
    """A secp256k1 public key."""

    @staticmethod
    def from_hex(hex: str, *, compat: bool = False) -> PublicKey: ...
    @staticmethod
    def from_bytes(data: Union[bytes, bytearray], *, compat: bool = False) -> PublicKey: ...
    def to_hex(self) -> str:
        """Compressed SEC1, 66 lower-case hex digits."""
    def to_bytes(self, *, compressed: bool = True) -> bytes: ...
    def address(self, *, testnet: bool = False, compressed: bool = True) -> str:
        """P2PKH address."""
    def derive_child(self, private_key: PrivateKey, invoice_number: str) -> PublicKey:
        """BRC-42: this counterparty's child public key, computed with our private key."""
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class PrivateKey:
    """A secp256k1 private key (zeroized on free, never shown by repr)."""

    @staticmethod
    def from_wif(wif: str) -> PrivateKey: ...
    @staticmethod
    def from_hex(hex: str) -> PrivateKey: ...
    @staticmethod
    def from_bytes(data: Union[bytes, bytearray]) -> PrivateKey: ...
    @staticmethod
    def generate() -> PrivateKey: ...
    @property
    def public_key(self) -> PublicKey: ...
    def to_wif(self, *, testnet: bool = False) -> str:
        """Compressed WIF."""
    def to_hex(self) -> str: ...
    def to_bytes(self) -> bytes: ...
    def address(self, *, testnet: bool = False) -> str: ...
    def derive_child(self, counterparty: PublicKey, invoice_number: str) -> PrivateKey:
        """BRC-42: our child private key for this counterparty and invoice number."""
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

def derive_child_private_key(
    private_key: PrivateKey, counterparty: PublicKey, invoice_number: str
) -> PrivateKey: ...
def derive_child_public_key(
    private_key: PrivateKey, counterparty: PublicKey, invoice_number: str
) -> PublicKey: ...

@final
class KeyDeriver:
    """BRC-42/43 derivation from a root key, like ``KeyDeriver`` of ``@bsv/sdk``."""

    def __new__(cls, root: PrivateKey) -> KeyDeriver: ...
    @property
    def identity_key(self) -> PublicKey: ...
    @staticmethod
    def invoice_number(protocol: Protocol, key_id: str) -> str: ...
    def derive_private_key(
        self, protocol: Protocol, key_id: str, counterparty: Counterparty
    ) -> PrivateKey: ...
    def derive_public_key(
        self,
        protocol: Protocol,
        key_id: str,
        counterparty: Counterparty,
        *,
        for_self: bool = False,
    ) -> PublicKey: ...
    def derive_symmetric_key(
        self, protocol: Protocol, key_id: str, counterparty: Counterparty
    ) -> bytes: ...
    def reveal_specific_secret(
        self, protocol: Protocol, key_id: str, counterparty: Counterparty
    ) -> bytes: ...

# --- BSM and BRC-77 ---------------------------------------------------------------------------

def bsm_sign(message: Message, private_key: PrivateKey) -> str:
    """Base64 of the 65-byte compact signature."""

def bsm_verify(
    message: Message,
    signature: Union[str, bytes, bytearray],
    public_key: PublicKey,
    *,
    compat: bool = False,
) -> bool:
    """False when it does not verify; InputError when the signature is not a valid encoding."""

def bsm_recover(
    message: Message, signature: Union[str, bytes, bytearray], *, compat: bool = False
) -> PublicKey: ...
def brc77_sign(
    message: Message,
    signer: PrivateKey,
    verifier: Optional[PublicKey] = None,
    *,
    key_id: Optional[Union[bytes, bytearray]] = None,
) -> bytes:
    """BRC-77 envelope; random 32-byte key ID unless given; anyone-verifiable without verifier."""

def brc77_verify(
    message: Message,
    signature: Union[bytes, bytearray],
    recipient: Optional[PrivateKey] = None,
    *,
    compat: bool = False,
) -> PublicKey:
    """Returns the signer; InputError (code signature_mismatch, recipient_required, ...) otherwise."""

# --- BRC-78 encrypted messages and AES-GCM ------------------------------------------------------

def brc78_encrypt(
    message: Message,
    sender: PrivateKey,
    recipient: PublicKey,
    *,
    key_id: Optional[Union[bytes, bytearray]] = None,
    iv: Optional[Union[bytes, bytearray]] = None,
) -> bytes:
    """BRC-78 message (as ``EncryptedMessage.encrypt`` of @bsv/sdk); key ID and IV random unless both given."""

def brc78_decrypt(data: Union[bytes, bytearray], recipient: PrivateKey) -> Tuple[bytes, PublicKey]:
    """(plaintext, sender); InputError (code wrong_recipient, decryption_failed, ...) otherwise."""

# --- ECIES-Electrum (BIE1) and friend encryption -----------------------------------------------

FriendMode = Literal["bap-member", "bap-master", "tokenpass-self", "tokenpass-peer"]

def ecies_encrypt(
    message: Message,
    recipient: PublicKey,
    *,
    sender: Optional[PrivateKey] = None,
    no_key: bool = False,
) -> bytes:
    """ECIES-Electrum (``ECIES.electrumEncrypt`` of @bsv/sdk); deterministic with ``sender``, random without."""

def ecies_decrypt(
    data: Union[bytes, bytearray],
    recipient: PrivateKey,
    *,
    sender: Optional[PublicKey] = None,
    no_key: bool = False,
) -> bytes:
    """Plaintext; InputError (code decryption_failed, version_mismatch, invalid_length) otherwise."""

def friend_public_key(key: PrivateKey, friend_bap_id: str, *, mode: Optional[FriendMode] = None) -> PublicKey:
    """The friend public key published to ``friend_bap_id``."""

def friend_encrypt(
    message: Message,
    key: PrivateKey,
    friend_bap_id: str,
    *,
    to: Optional[PublicKey] = None,
    mode: Optional[FriendMode] = None,
) -> bytes:
    """Friend encryption; the bsv-bap modes are deterministic (byte-identical to bsv-bap)."""

def friend_decrypt(
    data: Union[bytes, bytearray],
    key: PrivateKey,
    friend_bap_id: str,
    *,
    sender: Optional[PublicKey] = None,
    mode: Optional[FriendMode] = None,
) -> bytes:
    """Plaintext; InputError (code decryption_failed, ...) otherwise."""

@final
class SymmetricKey:
    """AES-256-GCM with a 32-byte IV (``SymmetricKey`` of @bsv/sdk): ``IV || ciphertext || tag``."""

    def __new__(cls, key: Union[bytes, bytearray]) -> SymmetricKey:
        """From 1 to 32 big-endian bytes, left-padded with zeros to 32."""
    def encrypt(self, plaintext: Message, *, iv: Optional[Union[bytes, bytearray]] = None) -> bytes: ...
    def decrypt(self, sealed: Union[bytes, bytearray]) -> bytes:
        """InputError (code decryption_failed or invalid_length) if it does not open."""

# --- tokens -----------------------------------------------------------------------------------

@final
class Verified:
    """A token that passed verification."""

    @property
    def pubkey(self) -> str:
        """Signer's compressed public key, hex."""
    @property
    def public_key(self) -> PublicKey: ...
    @property
    def scheme(self) -> Scheme: ...
    @property
    def timestamp(self) -> str:
        """The signed timestamp, ``YYYY-MM-DDTHH:mm:ss.sssZ``."""
    @property
    def timestamp_millis(self) -> int: ...
    @property
    def replay_id(self) -> bytes:
        """32 bytes, the same for every spelling of one signed request."""

@final
class ParsedToken:
    @property
    def pubkey(self) -> str: ...
    @property
    def scheme(self) -> Scheme: ...
    @property
    def timestamp(self) -> str: ...
    @property
    def request_path(self) -> str: ...
    @property
    def signature(self) -> str: ...

def parse_token(token: str) -> ParsedToken:
    """Raises MalformedToken or UnsupportedScheme."""

def create_token(
    wif: Union[str, PrivateKey],
    path: str,
    body: Body = None,
    *,
    body_encoding: Optional[BodyEncodingName] = "utf8",
    scheme: Optional[Scheme] = "brc77",
    timestamp: Instant = None,
) -> str: ...
def verify_token(
    token: str,
    path: str,
    body: Body = None,
    *,
    body_encoding: Optional[str] = "utf8",
    now: Instant = None,
    max_age: Optional[Seconds] = 300,
    max_skew: Optional[Seconds] = 300,
    compat: bool = False,
) -> Verified:
    """Raises an AuthError subclass on failure, InputError for a bad ``now``/window, TypeError
    for wrong argument types."""

VerifyItem = Union[
    Tuple[str, str],
    Tuple[str, str, Body],
    Tuple[str, str, Body, str],
]

def verify_many(
    items: Iterable[VerifyItem],
    *,
    body_encoding: Optional[str] = "utf8",
    now: Instant = None,
    max_age: Optional[Seconds] = 300,
    max_skew: Optional[Seconds] = 300,
    compat: bool = False,
) -> list[Union[Verified, AuthError]]:
    """All cores, GIL released; errors are returned, not raised."""

@final
class Verifier:
    """The window and policy, configured once; safe to share between threads."""

    def __new__(
        cls,
        *,
        max_age: Optional[Seconds] = 300,
        max_skew: Optional[Seconds] = 300,
        compat: bool = False,
    ) -> Verifier: ...
    @property
    def max_age(self) -> timedelta: ...
    @property
    def max_skew(self) -> timedelta: ...
    @property
    def compat(self) -> bool: ...
    def verify(
        self,
        token: str,
        path: str,
        body: Body = None,
        *,
        body_encoding: Optional[str] = "utf8",
        now: Instant = None,
        replay_guard: Optional[ReplayGuard] = None,
    ) -> Verified:
        """Raises an AuthError subclass on failure (Replayed on a second use with a guard)."""
    def verify_many(
        self,
        items: Iterable[VerifyItem],
        *,
        body_encoding: Optional[str] = "utf8",
        now: Instant = None,
    ) -> list[Union[Verified, AuthError]]:
        """All cores, GIL released; errors are returned, not raised."""
    def verify_async(
        self,
        token: str,
        path: str,
        body: Body = None,
        *,
        body_encoding: Optional[str] = "utf8",
        now: Instant = None,
        replay_guard: Optional[ReplayGuard] = None,
    ) -> Awaitable[Verified]:
        """``verify`` in a worker thread (``asyncio.to_thread``)."""
    def verify_many_async(
        self,
        items: Iterable[VerifyItem],
        *,
        body_encoding: Optional[str] = "utf8",
        now: Instant = None,
    ) -> Awaitable[list[Union[Verified, AuthError]]]:
        """``verify_many`` in a worker thread (``asyncio.to_thread``)."""

@final
class ReplayGuard:
    """In-process replay cache keyed by ``Verified.replay_id``, with its verifier's window.
    ``ReplayGuard()`` guards the default ``Verifier()``; ``max_age=`` is deprecated."""

    def __new__(
        cls, verifier: Optional[Verifier] = None, *, max_age: Optional[Seconds] = None
    ) -> ReplayGuard: ...
    @property
    def max_age(self) -> timedelta: ...
    def check(self, verified: Verified, *, now: Instant = None) -> None:
        """Raises Replayed on a second use inside the window; InputError (invalid_input) for a
        token accepted with a longer max_age than the guard's."""

# --- BAP ----------------------------------------------------------------------------------------

def bap_id_from_address(address: str) -> str:
    """The BAP ID of a mainnet P2PKH address; InputError (code invalid_address) otherwise."""

def bap_id_from_public_key(public_key: PublicKey) -> str:
    """The BAP ID of a public key (of its compressed address)."""

def bap_identity(
    *,
    key: Optional[PrivateKey] = None,
    xprv: Optional[str] = None,
    id_seed: Optional[str] = None,
    rotations: int = 0,
) -> dict[str, str]:
    """The keys of the first identity of a BAP master key, as bsv-bap derives them: ``key``
    (Type42) or ``xprv`` (BIP32), exactly one; ``rotations`` incrementPath calls (0..10000).
    Returns ``{"root_address", "identity_key", "member_public_key", "signing_address"}``;
    raises ``InputError`` (``invalid_xprv``, ``invalid_input``, ...)."""

def bap_attestation_hash(attribute: str, value: str, nonce: str, identity_key: str) -> str:
    """The attestation hash (bsv-bap form, 64 lower-case hex digits)."""

def bap_sign_attestation(
    private_key: PrivateKey, hash: str, *, sequence: int = 0, data: Optional[Message] = None
) -> list[bytes]:
    """An ATTEST output signed with AIP (pipe included): the pushes after OP_RETURN."""

def bap_check_attestation(
    pushes: Sequence[Union[bytes, bytearray]],
    *,
    attribute: Optional[str] = None,
    value: Optional[str] = None,
    nonce: Optional[str] = None,
    identity_key: Optional[str] = None,
) -> dict[str, Any]:
    """{"type", "hash", "sequence", "address", "data"} of a valid ATTEST or REVOKE output;
    InputError with the refusal's code (bap_layout, aip_invalid_signature, ...) otherwise."""

# --- AIP and Sigma ----------------------------------------------------------------------------

def aip_sign(
    pushes: Iterable[Union[bytes, bytearray]], private_key: PrivateKey, *, with_pipe: bool = False
) -> list[bytes]:
    """Signs the pushes after OP_RETURN; returns them, ``|`` and the AIP pushes (prefix,
    ``BITCOIN_ECDSA``, address, 65-byte signature). ``with_pipe`` signs the pushes and ``|``."""

def aip_verify(
    pushes: Iterable[Union[bytes, bytearray]],
) -> Tuple[str, Literal["with_pipe", "without_pipe"]]:
    """``(address, convention)``; ``AuthError`` with an ``aip_*`` code if it does not verify."""

def sigma_sign(
    script: Union[bytes, bytearray],
    private_key: PrivateKey,
    input_txid: str,
    input_vout: int,
    *,
    algorithm: Optional[Literal["bsm", "brc77"]] = None,
    vin: int = 0,
) -> bytes:
    """The signed output script (``algorithm`` None means ``"bsm"``); the input txid is hex in
    display order."""

def sigma_verify(
    script: Union[bytes, bytearray], input_txid: str, input_vout: int, *, instance: int = 0
) -> Tuple[Literal["BSM", "BRC77"], str, int]:
    """``(algorithm, address, vin)``; ``AuthError`` with a ``sigma_*`` code if it does not verify."""
