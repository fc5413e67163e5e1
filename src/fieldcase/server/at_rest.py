"""Encrypted columns: what a child's story is made of never reaches the database file in plaintext
(issue 16, item 10; docs/server.md "Data at rest").

The columns holding narratives, addresses, names of people in the cases, reasons, comments, proposed
edits, conflict values and attachment bytes use the types below. They encrypt on the way in and
decrypt on the way out, for the ORM and for Core statements alike (pushes.py writes with Core), so no
read or write point can forget it. The column keeps its database type (JSON, text, bytes): no table
is rebuilt to adopt encryption, and a value written before it is still read (as plaintext) until
`key_rotation.encrypt_existing` has encrypted it.

A value: header (magic, format, data key id) + 96-bit random nonce + AES-256-GCM ciphertext and
tag. The associated data is the column's name and the header: a value moved to another column does
not decrypt. (A value moved to another row of the same column does: binding the row id would need
it at every write, and moving values takes write access to the database, which allows worse.) The
data keys come from the database's keyring (keyring.py), attached to its engines' dialects by
db.Database.
"""

from __future__ import annotations

import binascii
import json
import os
import struct
from typing import Any

from cryptography.exceptions import InvalidTag
from sqlalchemy import JSON, LargeBinary, Text, TypeDecorator

from fieldcase.server.keyring import KeyMismatch, Keyring, NoAtRestKey

MAGIC = b"\x00FCE\x01"  # JSON text and UTF-8 never start with a NUL byte
_HEADER = struct.Struct(">5sI")
_NONCE = 12
#: a JSON column holds {"fcenc": base64(value)}; a text column "\x01fcenc:" + base64(value)
JSON_KEY = "fcenc"
TEXT_PREFIX = "\x01fcenc:"


class NotDecrypted(KeyMismatch):
    """The data key is there but the value does not open with it (altered, moved, or not ours)."""


def keyring_of(dialect: Any) -> Keyring:
    found = getattr(dialect, "fc_keyring", None)
    if found is None:
        raise NoAtRestKey(
            "This database connection has no at-rest key (open the database through fieldcase.server.db.Database)."
        )
    return found


def seal(keyring: Keyring, label: str, plaintext: bytes) -> bytes:
    data_key, cipher = keyring.active()
    header = _HEADER.pack(MAGIC, data_key)
    nonce = os.urandom(_NONCE)
    return header + nonce + cipher.encrypt(nonce, plaintext, label.encode("ascii") + header)


def key_id(sealed: bytes) -> int | None:
    """The data key of an encrypted value; None for a plaintext one (written before encryption)."""
    if len(sealed) < _HEADER.size + _NONCE + 16 or not sealed.startswith(MAGIC):
        return None
    return int(_HEADER.unpack_from(sealed)[1])


def open_sealed(keyring: Keyring, label: str, sealed: bytes) -> bytes:
    found = key_id(sealed)
    if found is None:
        raise KeyMismatch(f"A value of {label} is not an encrypted value.")
    header = sealed[: _HEADER.size]
    nonce = sealed[_HEADER.size : _HEADER.size + _NONCE]
    try:
        return keyring.cipher(found).decrypt(
            nonce, sealed[_HEADER.size + _NONCE :], label.encode("ascii") + header
        )
    except InvalidTag:
        raise NotDecrypted(
            f"A value of {label} does not decrypt: it was altered or moved."
        ) from None


def _b64(sealed: bytes) -> str:
    # binascii both ways, not base64.b64decode(validate=True): its regex check cost more than the
    # decryption itself (bench/at_rest.py), and a damaged value is refused by the AES-GCM tag anyway
    return binascii.b2a_base64(sealed, newline=False).decode("ascii")


class _Encrypted(TypeDecorator[Any]):
    """`label` (table.column) is authenticated with each value."""

    cache_ok = True

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label

    # ---- the stored form, for key_rotation
    def sealed_of(self, stored: Any) -> bytes | None:
        """The encrypted value inside what the column stores; None when it stores plaintext."""
        raise NotImplementedError

    def plaintext_of(self, stored: Any, dialect: Any) -> Any:
        return self.process_result_value(stored, dialect)


class EncryptedJSON(_Encrypted):
    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        plaintext = json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        return {JSON_KEY: _b64(seal(keyring_of(dialect), self.label, plaintext))}

    def sealed_of(self, stored: Any) -> bytes | None:
        if isinstance(stored, dict) and len(stored) == 1 and isinstance(stored.get(JSON_KEY), str):
            try:
                sealed = binascii.a2b_base64(stored[JSON_KEY])
            except (binascii.Error, ValueError):
                return None
            return sealed if key_id(sealed) is not None else None
        return None

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        sealed = self.sealed_of(value)
        if sealed is None:
            return value  # written before encryption; key_rotation.encrypt_existing encrypts it
        return json.loads(open_sealed(keyring_of(dialect), self.label, sealed))


class EncryptedText(_Encrypted):
    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        if value is None:
            return None
        return TEXT_PREFIX + _b64(seal(keyring_of(dialect), self.label, value.encode("utf-8")))

    def sealed_of(self, stored: Any) -> bytes | None:
        if isinstance(stored, str) and stored.startswith(TEXT_PREFIX):
            try:
                sealed = binascii.a2b_base64(stored[len(TEXT_PREFIX) :])
            except (binascii.Error, ValueError):
                return None
            return sealed if key_id(sealed) is not None else None
        return None

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        sealed = self.sealed_of(value)
        if sealed is None:
            return value
        return open_sealed(keyring_of(dialect), self.label, sealed).decode("utf-8")


class EncryptedBytes(_Encrypted):
    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: bytes | None, dialect: Any) -> bytes | None:
        if value is None:
            return None
        return seal(keyring_of(dialect), self.label, bytes(value))

    def sealed_of(self, stored: Any) -> bytes | None:
        if stored is None:
            return None
        stored = bytes(stored)
        return stored if key_id(stored) is not None else None

    def process_result_value(self, value: bytes | None, dialect: Any) -> bytes | None:
        sealed = self.sealed_of(value)
        if sealed is None:
            return None if value is None else bytes(value)
        return open_sealed(keyring_of(dialect), self.label, sealed)

    def plaintext_of(self, stored: Any, dialect: Any) -> Any:
        # Bytes written before encryption may begin like an encrypted value by chance (a file is any
        # bytes): only a value that really decrypts counts as encrypted.
        sealed = self.sealed_of(stored)
        if sealed is not None:
            try:
                return open_sealed(keyring_of(dialect), self.label, sealed)
            except NotDecrypted:
                pass
        return None if stored is None else bytes(stored)
