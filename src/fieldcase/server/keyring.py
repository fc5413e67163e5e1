"""The server's at-rest keys: key-encryption keys (KEKs) from outside the database, and the data keys
they wrap, stored in the database (envelope encryption, docs/server.md "Data at rest").

- A KEK is 32 random bytes, given to the server in a key file or the environment
  (config.at_rest_key_text), never stored in the database. Several may be given: the first is
  *current* (it wraps data keys); the others only unwrap data keys not yet re-wrapped (rotation).
  Each KEK is known in the database by a fingerprint, a one-way hash of it.
- A data key is 32 random bytes, AES-256-GCM, stored wrapped by a KEK in `data_key`. Values are
  encrypted with the newest data key; each value names the data key it was encrypted with, so a
  new data key never needs old values rewritten at once.

Why one data key for many values rather than one per row: a pull reads up to a thousand bodies, and
unwrapping a key per row would double the work for nothing an attacker could use — without the KEK
no data key is readable either way. The unwrapped data keys are cached in memory (one AESGCM object
each), so a body costs one AES-GCM decryption. Random 96-bit nonces keep AES-GCM safe for about 2^32
values per key (NIST SP 800-38D); `fieldcase-server key rotate --new-data-key` starts a new one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from fieldcase.errors import UserError

KEY_BYTES = 32
NONCE_BYTES = 12


class NoAtRestKey(UserError):
    code = "no_at_rest_key"


class KeyMismatch(UserError):
    """A data key is wrapped by a KEK the server was not given."""

    code = "at_rest_key_mismatch"


def new_kek_text() -> str:
    """A fresh KEK as one line of a key file."""
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode("ascii")


def fingerprint(kek: bytes) -> str:
    return hashlib.sha256(b"fieldcase server kek\x00" + kek).hexdigest()[:16]


def parse_keks(text: str, source: str) -> list[bytes]:
    """The KEKs of a key file or variable: one base64 key per line (or separated by commas or
    spaces); `#` starts a comment. The first is the current one."""
    keys: list[bytes] = []
    for line in text.splitlines():
        for word in line.split("#", 1)[0].replace(",", " ").split():
            try:
                key = base64.urlsafe_b64decode(word + "=" * (-len(word) % 4))
            except (binascii.Error, ValueError):
                key = b""
            if len(key) != KEY_BYTES:
                raise NoAtRestKey(
                    f"{source} holds something that is not a fieldcase key; make one with `fieldcase-server key new FILE`."
                )
            keys.append(key)
    if not keys:
        raise NoAtRestKey(f"{source} holds no key; make one with `fieldcase-server key new FILE`.")
    return keys


def keyring_from_settings() -> Keyring:
    """The keyring of the configured key file or variable; refuses clearly when there is none."""
    from fieldcase.server.config import at_rest_key_text

    found = at_rest_key_text()
    if found is None:
        raise NoAtRestKey(
            "No at-rest key is configured: the server encrypts case content in its database and will not start "
            "without its key. Make a key file with `fieldcase-server key new /etc/fieldcase/server.key` and set "
            "FIELDCASE_SERVER_KEY_FILE to its path (or put the key in FIELDCASE_SERVER_KEY)."
        )
    source, text = found
    return Keyring(parse_keks(text, source))


@dataclass(frozen=True, slots=True)
class DataKeyRow:
    id: int
    kek_id: str
    wrapped: bytes


def _aad(key_id: int) -> bytes:
    return b"fieldcase data key v1\x00" + str(key_id).encode("ascii")


class Keyring:
    """The KEKs and the cache of unwrapped data keys of one database."""

    def __init__(self, keks: list[bytes]) -> None:
        if not keks:
            raise NoAtRestKey("No at-rest key was given.")
        self._keks = {fingerprint(k): k for k in keks}
        self.current_kek_id = fingerprint(keks[0])
        self._data: dict[int, AESGCM] = {}
        self.active_id: int | None = None
        self._lock = threading.Lock()
        #: reads a data key row by id (None: the newest), from its own connection; set by the database
        self.loader: Callable[[int | None], DataKeyRow | None] | None = None

    @property
    def kek_ids(self) -> frozenset[str]:
        return frozenset(self._keks)

    # ---- wrapping
    def wrap(self, key_id: int, data_key: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + AESGCM(self._keks[self.current_kek_id]).encrypt(
            nonce, data_key, _aad(key_id)
        )

    def unwrap(self, row: DataKeyRow) -> bytes:
        kek = self._keks.get(row.kek_id)
        if kek is None:
            raise KeyMismatch(
                f"Data key {row.id} is wrapped by a key the server was not given (fingerprint {row.kek_id}). "
                "Give the server its key file as it was before the rotation, with the new key first."
            )
        try:
            return AESGCM(kek).decrypt(
                row.wrapped[:NONCE_BYTES], row.wrapped[NONCE_BYTES:], _aad(row.id)
            )
        except InvalidTag:
            raise KeyMismatch(
                f"Data key {row.id} does not open with its key: the key file or the database was altered."
            ) from None

    def new_data_key(self, key_id: int) -> DataKeyRow:
        return DataKeyRow(
            key_id, self.current_kek_id, self.wrap(key_id, AESGCM.generate_key(bit_length=256))
        )

    # ---- the cache
    def remember(self, row: DataKeyRow, *, active: bool = False) -> None:
        cipher = AESGCM(self.unwrap(row))
        with self._lock:
            self._data[row.id] = cipher
            if active and (self.active_id is None or row.id > self.active_id):
                self.active_id = row.id

    def cipher(self, key_id: int) -> AESGCM:
        found = self._data.get(key_id)
        if found is None:
            row = self.loader(key_id) if self.loader is not None else None
            if row is None:
                raise KeyMismatch(
                    f"A value names data key {key_id}, which the database does not hold."
                )
            self.remember(row)
            found = self._data[key_id]
        return found

    def active(self) -> tuple[int, AESGCM]:
        key_id = self.active_id
        if key_id is None:
            row = self.loader(None) if self.loader is not None else None
            if row is None:
                raise NoAtRestKey(
                    "The database has no data key yet; run `fieldcase-server init-db`."
                )
            self.remember(row, active=True)
            key_id = row.id
        return key_id, self._data[key_id]
