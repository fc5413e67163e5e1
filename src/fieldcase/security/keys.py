"""The data key (DEK): 32 random bytes that key SQLCipher and, through HKDF, the audit MAC and
attachment keys. It lives in one mutable buffer so locking the app can zero it.

Python cannot promise that no copy exists (the AEAD returns immutable bytes, and the SQLCipher
pragma is a str), so `wipe()` is defence in depth; the store must drop its engine on lock too.
"""

from __future__ import annotations

import hmac
import secrets
from typing import NoReturn

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32


class DataKey:
    """The store's data key. Never printed, never pickled; unusable after `wipe()`."""

    __slots__ = ("_buf", "_wiped")

    def __init__(self, raw: bytes | bytearray) -> None:
        if len(raw) != KEY_BYTES:
            raise ValueError("a data key is exactly 32 bytes")
        self._buf = bytearray(raw)
        self._wiped = False

    @classmethod
    def generate(cls) -> DataKey:
        return cls(secrets.token_bytes(KEY_BYTES))

    @property
    def is_wiped(self) -> bool:
        return self._wiped

    def _live(self) -> bytearray:
        if self._wiped:
            raise RuntimeError("the data key was wiped (the store is locked)")
        return self._buf

    def raw_bytes(self) -> bytes:
        """A copy of the key, for wrapping it; prefer the purpose-specific methods."""
        return bytes(self._live())

    def raw_key_pragma(self) -> str:
        """The SQLCipher raw-key literal for ``PRAGMA key = "x'…'"`` (skips SQLCipher's own KDF)."""
        return "x'" + self._live().hex() + "'"

    def derive(self, purpose: str, length: int = 32) -> bytes:
        """A subkey for one purpose ("audit-mac", "attachments"), by HKDF-SHA256."""
        if not purpose:
            raise ValueError("a purpose is required")
        hkdf = HKDF(
            algorithm=hashes.SHA256(),
            length=length,
            salt=None,
            info=b"fieldcase/" + purpose.encode("utf-8"),
        )
        return hkdf.derive(bytes(self._live()))

    def wipe(self) -> None:
        for i in range(len(self._buf)):
            self._buf[i] = 0
        self._wiped = True

    def __del__(self) -> None:
        # best effort: zero the buffer when the last reference goes
        buf = getattr(self, "_buf", None)
        if buf is not None:
            for i in range(len(buf)):
                buf[i] = 0

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DataKey):
            return NotImplemented
        return hmac.compare_digest(bytes(self._live()), bytes(other._live()))

    __hash__ = None  # type: ignore[assignment]  # unhashable on purpose (equal keys compare in constant time); typeshed types object.__hash__ as a method

    def __repr__(self) -> str:
        return f"<DataKey {'wiped' if self._wiped else 'present'}>"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        raise TypeError("a data key cannot be pickled")

    def __copy__(self) -> DataKey:
        raise TypeError("a data key cannot be copied")

    def __deepcopy__(self, memo: object) -> DataKey:
        raise TypeError("a data key cannot be copied")
