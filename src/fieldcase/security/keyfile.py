"""The key file: the data key (DEK) wrapped by the user's passphrase, plus an optional escrow slot.

Format (version 1) — one UTF-8 JSON object, base64 (standard, padded) for bytes::

    {
      "magic": "fieldcase-keyfile",
      "format_version": 1,
      "header": {
        "db_uuid": "…", "device_id": "…", "user_id": "…",
        "kdf": {"alg": "argon2id", "version": 19, "memory_kib": 262144, "iterations": 3, "lanes": 4},
        "salt": "<b64, 16 bytes>",
        "created_at": "2025-01-31T12:00:00Z"
      },
      "slots": {
        "passphrase": {"aead": "AES-256-GCM", "nonce": "<b64 12>", "check": "<b64 16>", "wrapped": "<b64 48>"},
        "escrow": {"hpke": "X25519-HKDF-SHA256-AES-256-GCM", "key_id": "<hex>", "sealed": "<b64>"}
      }
    }

- KEK = Argon2id(NFC(passphrase) as UTF-8, salt, memory_kib, iterations, lanes), 32 bytes.
- ``wrapped`` = AES-256-GCM(KEK, nonce, DEK, AAD = canonical header). The canonical header is
  rebuilt from the parsed values (magic, format_version and every header field, sorted keys,
  compact separators, ASCII), so changing whitespace or key order is harmless but changing any
  value — db uuid, device, user, KDF parameters, salt, creation time — makes the unwrap fail.
- ``check`` = HMAC-SHA256(KEK, "fieldcase/passphrase-check")[:16] tells a wrong passphrase apart
  from an edited header (the GCM tag alone fails for both). It gives an attacker nothing the GCM
  tag does not: both need the full Argon2id per guess. An edit to the salt or KDF parameters
  changes the KEK and therefore looks like a wrong passphrase (unless the parameters fall below
  the floor, which is refused as damage before any KDF runs); either way nothing unwraps.
- ``sealed`` = HPKE base mode (RFC 9180; X25519, HKDF-SHA256, AES-256-GCM) to the agency's escrow
  public key, plaintext = DEK, info = the canonical *identity* header (magic, version, db uuid,
  device, user, creation time — not the salt or KDF, so a passphrase change keeps the slot valid).
  ``key_id`` = first 16 hex digits of SHA-256(escrow public key), so IT can tell which key to use.
- KDF parameters below `KdfParams.floor()` (RFC 9106's second recommendation) or absurdly above
  any sane policy are refused as damage (a downgrade or a memory bomb), before the KDF runs.
- The file is written atomically (temp file, fsync, rename, fsync directory) and never overwritten
  by `create_key_file`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from fieldcase.security import _atomic
from fieldcase.security.errors import (
    EscrowError,
    KeyFileDamaged,
    KeyFileExists,
    KeyFileMissing,
    WrongPassphrase,
)
from fieldcase.security.keys import KEY_BYTES, DataKey
from fieldcase.security.policy import check_passphrase

MAGIC = "fieldcase-keyfile"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 64 * 1024
SALT_BYTES = 16
NONCE_BYTES = 12
CHECK_BYTES = 16
_ID_MAX = 200
_HPKE_NAME = "X25519-HKDF-SHA256-AES-256-GCM"
_HPKE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
# Above these a key file is not a stronger policy but an attempt to exhaust the laptop's memory.
_CEILING = (4 * 1024 * 1024, 64, 64)


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int
    iterations: int
    lanes: int

    @classmethod
    def default(cls) -> KdfParams:
        """256 MiB, t=3, p=4: about 0.6–0.8 s on a 2-vCPU machine (security.md)."""
        return cls(memory_kib=256 * 1024, iterations=3, lanes=4)

    @classmethod
    def floor(cls) -> KdfParams:
        """RFC 9106 §4, second recommended option: 64 MiB, t=3, p=4. Nothing weaker is accepted."""
        return cls(memory_kib=64 * 1024, iterations=3, lanes=4)

    def is_weaker_than(self, other: KdfParams) -> bool:
        return self.memory_kib < other.memory_kib or self.iterations < other.iterations

    def at_least(self, other: KdfParams) -> KdfParams:
        """The component-wise stronger of the two (lanes follow `other`)."""
        return KdfParams(
            max(self.memory_kib, other.memory_kib),
            max(self.iterations, other.iterations),
            other.lanes,
        )

    def _acceptable(self) -> bool:
        floor = KdfParams.floor()
        return (
            floor.memory_kib <= self.memory_kib <= _CEILING[0]
            and floor.iterations <= self.iterations <= _CEILING[1]
            and 1 <= self.lanes <= _CEILING[2]
            and self.memory_kib >= 8 * self.lanes  # Argon2's own minimum
        )


@dataclass(frozen=True)
class KeyFileHeader:
    format_version: int
    db_uuid: str
    device_id: str
    user_id: str
    kdf: KdfParams
    salt: bytes
    created_at: str


# --- encoding -------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: Any, *, length: int | None = None) -> bytes:
    if not isinstance(value, str):
        raise KeyFileDamaged()
    try:
        raw = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise KeyFileDamaged() from None
    if length is not None and len(raw) != length:
        raise KeyFileDamaged()
    return raw


def _header_dict(header: KeyFileHeader) -> dict[str, Any]:
    return {
        "db_uuid": header.db_uuid,
        "device_id": header.device_id,
        "user_id": header.user_id,
        "kdf": {
            "alg": "argon2id",
            "version": 19,
            "memory_kib": header.kdf.memory_kib,
            "iterations": header.kdf.iterations,
            "lanes": header.kdf.lanes,
        },
        "salt": _b64(header.salt),
        "created_at": header.created_at,
    }


def _canonical(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def header_aad(header: KeyFileHeader) -> bytes:
    """The canonical header bytes: the passphrase slot's associated data."""
    return _canonical(
        {"magic": MAGIC, "format_version": header.format_version, "header": _header_dict(header)}
    )


def identity_aad(header: KeyFileHeader) -> bytes:
    """The canonical identity (no salt, no KDF): the escrow slot's HPKE info."""
    return _canonical(
        {
            "magic": MAGIC,
            "format_version": header.format_version,
            "identity": {
                "db_uuid": header.db_uuid,
                "device_id": header.device_id,
                "user_id": header.user_id,
                "created_at": header.created_at,
            },
        }
    )


def _id_field(value: Any) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= _ID_MAX:
        raise KeyFileDamaged()
    return value


def _int_field(value: Any) -> int:
    if type(value) is not int:  # bool is an int; a bool here is damage
        raise KeyFileDamaged()
    return value


def _parse(data: bytes) -> tuple[KeyFileHeader, dict[str, Any]]:
    """The header and the slots of a key file's bytes; KeyFileDamaged for anything unexpected."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        doc = None  # raised below, outside the handler: the decode error holds the file's text
    if not isinstance(doc, dict) or doc.get("magic") != MAGIC:
        raise KeyFileDamaged()
    if _int_field(doc.get("format_version")) != FORMAT_VERSION:
        raise KeyFileDamaged()
    head, slots = doc.get("header"), doc.get("slots")
    if not isinstance(head, dict) or not isinstance(slots, dict):
        raise KeyFileDamaged()
    kdf = head.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("alg") != "argon2id" or kdf.get("version") != 19:
        raise KeyFileDamaged()
    params = KdfParams(
        _int_field(kdf.get("memory_kib")),
        _int_field(kdf.get("iterations")),
        _int_field(kdf.get("lanes")),
    )
    if not params._acceptable():
        raise KeyFileDamaged()  # a KDF downgrade (or a memory bomb) is damage, not a policy choice
    header = KeyFileHeader(
        format_version=FORMAT_VERSION,
        db_uuid=_id_field(head.get("db_uuid")),
        device_id=_id_field(head.get("device_id")),
        user_id=_id_field(head.get("user_id")),
        kdf=params,
        salt=_unb64(head.get("salt"), length=SALT_BYTES),
        created_at=_id_field(head.get("created_at")),
    )
    if not isinstance(slots.get("passphrase"), dict):
        raise KeyFileDamaged()
    if "escrow" in slots and not isinstance(slots["escrow"], dict):
        raise KeyFileDamaged()
    return header, slots


def _serialize(header: KeyFileHeader, slots: dict[str, Any]) -> bytes:
    doc = {
        "magic": MAGIC,
        "format_version": header.format_version,
        "header": _header_dict(header),
        "slots": slots,
    }
    return (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _read(path: Path) -> tuple[KeyFileHeader, dict[str, Any]]:
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise KeyFileMissing() from None
    except OSError:
        raise KeyFileDamaged() from None
    if len(data) > MAX_FILE_BYTES:
        raise KeyFileDamaged()
    return _parse(data)


# --- the passphrase slot ----------------------------------------------------------------------


def _kek(passphrase: str, header: KeyFileHeader) -> bytearray:
    kdf = Argon2id(
        salt=header.salt,
        length=32,
        iterations=header.kdf.iterations,
        lanes=header.kdf.lanes,
        memory_cost=header.kdf.memory_kib,
    )
    out = bytearray(32)
    kdf.derive_into(unicodedata.normalize("NFC", passphrase).encode("utf-8"), out)
    return out


def _check_value(kek: bytearray) -> bytes:
    return hmac.new(bytes(kek), b"fieldcase/passphrase-check", hashlib.sha256).digest()[
        :CHECK_BYTES
    ]


def _zero(buf: bytearray) -> None:
    for i in range(len(buf)):
        buf[i] = 0


def _wrap(passphrase: str, header: KeyFileHeader, dek: DataKey) -> dict[str, Any]:
    kek = _kek(passphrase, header)
    try:
        nonce = secrets.token_bytes(NONCE_BYTES)
        wrapped = AESGCM(bytes(kek)).encrypt(nonce, dek.raw_bytes(), header_aad(header))
        check = _check_value(kek)
    finally:
        _zero(kek)
    return {
        "aead": "AES-256-GCM",
        "nonce": _b64(nonce),
        "check": _b64(check),
        "wrapped": _b64(wrapped),
    }


def _unwrap(passphrase: str, header: KeyFileHeader, slot: dict[str, Any]) -> DataKey:
    if slot.get("aead") != "AES-256-GCM":
        raise KeyFileDamaged()
    nonce = _unb64(slot.get("nonce"), length=NONCE_BYTES)
    check = _unb64(slot.get("check"), length=CHECK_BYTES)
    wrapped = _unb64(slot.get("wrapped"), length=KEY_BYTES + 16)
    kek = _kek(passphrase, header)
    try:
        if not hmac.compare_digest(_check_value(kek), check):
            raise WrongPassphrase()
        try:
            raw = AESGCM(bytes(kek)).decrypt(nonce, wrapped, header_aad(header))
        except InvalidTag:
            # the passphrase is right, so the header (or the slot) was edited
            raise KeyFileDamaged() from None
    finally:
        _zero(kek)
    return DataKey(raw)


# --- the escrow slot --------------------------------------------------------------------------


def escrow_key_id(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:16]


def _seal_escrow(public_raw: bytes, header: KeyFileHeader, dek: DataKey) -> dict[str, Any]:
    try:
        public = X25519PublicKey.from_public_bytes(bytes(public_raw))
    except (ValueError, TypeError):
        raise EscrowError("The agency recovery key is not valid. Contact IT.") from None
    sealed = _HPKE.encrypt(dek.raw_bytes(), public, info=identity_aad(header))
    return {"hpke": _HPKE_NAME, "key_id": escrow_key_id(bytes(public_raw)), "sealed": _b64(sealed)}


def _open_escrow(private_raw: bytes, header: KeyFileHeader, slot: dict[str, Any]) -> DataKey:
    if slot.get("hpke") != _HPKE_NAME:
        raise KeyFileDamaged()
    sealed = _unb64(slot.get("sealed"))
    try:
        private = X25519PrivateKey.from_private_bytes(bytes(private_raw))
    except (ValueError, TypeError):
        raise EscrowError("The agency recovery key is not valid. Contact IT.") from None
    try:
        raw = _HPKE.decrypt(sealed, private, info=identity_aad(header))
    except (InvalidTag, ValueError):
        raise EscrowError(
            "The agency recovery key does not open this key file: it is the wrong key, "
            "or the key file was changed. Contact IT."
        ) from None
    if len(raw) != KEY_BYTES:
        raise KeyFileDamaged()
    return DataKey(raw)


# --- public operations ------------------------------------------------------------------------


def create_key_file(
    path: Path,
    passphrase: str,
    *,
    db_uuid: str,
    device_id: str,
    user_id: str,
    kdf: KdfParams | None = None,
    escrow_public_key: bytes | None = None,
    user_words: tuple[str, ...] = (),
) -> DataKey:
    """Create the key file for a new store and return its fresh data key.

    Checks the passphrase policy (the user id counts as a user word); refuses to overwrite.
    """
    path = Path(path)
    kdf = kdf or KdfParams.default()
    if not kdf._acceptable():
        raise ValueError("KDF parameters below the floor (or above the ceiling)")
    for value in (db_uuid, device_id, user_id):
        if not isinstance(value, str) or not 0 < len(value) <= _ID_MAX:
            raise ValueError(
                "db_uuid, device_id and user_id must be non-empty strings of at most 200 characters"
            )
    check_passphrase(passphrase, user_words=(user_id, *user_words))
    if path.exists():
        raise KeyFileExists()
    header = KeyFileHeader(
        format_version=FORMAT_VERSION,
        db_uuid=db_uuid,
        device_id=device_id,
        user_id=user_id,
        kdf=kdf,
        salt=secrets.token_bytes(SALT_BYTES),
        created_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    dek = DataKey.generate()
    slots: dict[str, Any] = {"passphrase": _wrap(passphrase, header, dek)}
    if escrow_public_key is not None:
        slots["escrow"] = _seal_escrow(escrow_public_key, header, dek)
    try:
        _atomic.create_atomic(path, _serialize(header, slots))
    except FileExistsError:
        dek.wipe()
        raise KeyFileExists() from None
    return dek


def read_header(path: Path) -> KeyFileHeader:
    """The key file's header, without the passphrase (to show which store/user it belongs to)."""
    header, _ = _read(path)
    return header


def has_escrow_slot(path: Path) -> bool:
    _, slots = _read(path)
    return "escrow" in slots


def unlock_key_file(path: Path, passphrase: str) -> tuple[KeyFileHeader, DataKey]:
    """Unwrap the data key. WrongPassphrase, KeyFileMissing or KeyFileDamaged otherwise."""
    header, slots = _read(path)
    if not passphrase:
        raise WrongPassphrase()  # no point spending a second of KDF on an empty field
    return header, _unwrap(passphrase, header, slots["passphrase"])


def _rewrap(
    path: Path,
    header: KeyFileHeader,
    slots: dict[str, Any],
    dek: DataKey,
    passphrase: str,
    kdf: KdfParams,
) -> None:
    """Write the same identity and escrow slot with a new salt, KDF and passphrase slot."""
    if not kdf._acceptable():
        raise ValueError("KDF parameters below the floor (or above the ceiling)")
    new_header = replace(header, kdf=kdf, salt=secrets.token_bytes(SALT_BYTES))
    new_slots = dict(slots)
    new_slots["passphrase"] = _wrap(passphrase, new_header, dek)
    _atomic.write_atomic(Path(path), _serialize(new_header, new_slots))


def change_passphrase(
    path: Path,
    old: str,
    new: str,
    *,
    kdf: KdfParams | None = None,
    user_words: tuple[str, ...] = (),
) -> None:
    """Rewrap the data key under a new passphrase; the database and escrow slot are unchanged.

    The KDF parameters stay as they are unless `kdf` is given (they never go down: the stronger of
    the two, component-wise, is used).
    """
    header, slots = _read(path)
    if not old:
        raise WrongPassphrase()
    check_passphrase(new, user_words=(header.user_id, *user_words))
    dek = _unwrap(old, header, slots["passphrase"])
    try:
        _rewrap(path, header, slots, dek, new, header.kdf.at_least(kdf) if kdf else header.kdf)
    finally:
        dek.wipe()


def upgrade_kdf_if_weaker(path: Path, passphrase: str, policy: KdfParams) -> bool:
    """Rewrap with stronger KDF parameters if the file's are weaker than `policy`; True if it did.

    Call right after a successful unlock (it runs the KDF again: once to verify, once to rewrap).
    The passphrase policy is not re-checked: an old passphrase must not block a stronger KDF.
    """
    header, slots = _read(path)
    if not header.kdf.is_weaker_than(policy):
        return False
    if not passphrase:
        raise WrongPassphrase()
    dek = _unwrap(passphrase, header, slots["passphrase"])
    try:
        _rewrap(path, header, slots, dek, passphrase, header.kdf.at_least(policy))
    finally:
        dek.wipe()
    return True


def _escrow_slot(path: Path) -> tuple[KeyFileHeader, dict[str, Any], dict[str, Any]]:
    header, slots = _read(path)
    slot = slots.get("escrow")
    if slot is None:
        raise EscrowError(
            "This key file has no agency recovery slot, so it cannot be recovered this way."
        )
    return header, slots, slot
