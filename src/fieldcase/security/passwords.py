"""Server account password hashing with Argon2id, in the usual PHC string format::

    $argon2id$v=19$m=65536,t=3,p=1$<salt, unpadded b64>$<hash, unpadded b64>

Parameters: m = 64 MiB, t = 3, p = 1 (≈ 0.16 s on the 2-vCPU dev VM). That is RFC 9106's
memory-hard second option with one lane, so one login uses one core and a burst of logins
queues instead of starving the sync API; it sits well above OWASP's minimum (m = 19 MiB, t = 2).
Stored hashes with other parameters still verify; `needs_rehash` tells the login code to rehash
them with the current ones after a successful login.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import re
import secrets

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

MEMORY_KIB = 64 * 1024
ITERATIONS = 3
LANES = 1
SALT_BYTES = 16
HASH_BYTES = 32
MAX_PASSWORD_CHARS = 4096  # longer input is refused, not hashed: no CPU sink for attackers

_PHC = re.compile(
    r"^\$argon2id\$v=19\$m=(\d{1,8}),t=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]{11,88})\$([A-Za-z0-9+/]{16,172})$"
)
# Verifying never runs a stored hash's parameters beyond these (a tampered row is not a DoS).
_MAX_MEMORY_KIB = 1024 * 1024
_MAX_ITERATIONS = 20
_MAX_LANES = 16


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def hash_password(password: str) -> str:
    if not isinstance(password, str) or not password:
        raise ValueError("a password is a non-empty str")
    if len(password) > MAX_PASSWORD_CHARS:
        raise ValueError("the password is too long")
    salt = secrets.token_bytes(SALT_BYTES)
    digest = Argon2id(
        salt=salt, length=HASH_BYTES, iterations=ITERATIONS, lanes=LANES, memory_cost=MEMORY_KIB
    ).derive(password.encode("utf-8"))
    return f"$argon2id$v=19$m={MEMORY_KIB},t={ITERATIONS},p={LANES}${_b64(salt)}${_b64(digest)}"


def _parse(encoded: str) -> tuple[int, int, int, bytes, bytes] | None:
    match = _PHC.match(encoded) if isinstance(encoded, str) else None
    if match is None:
        return None
    m, t, p = (int(match.group(i)) for i in (1, 2, 3))
    try:
        salt, digest = _unb64(match.group(4)), _unb64(match.group(5))
    except (binascii.Error, ValueError):
        return None
    if not (1 <= p <= _MAX_LANES and 1 <= t <= _MAX_ITERATIONS and 8 * p <= m <= _MAX_MEMORY_KIB):
        return None
    if len(salt) < 8 or len(digest) < 16:
        return None
    return m, t, p, salt, digest


def verify_password(encoded: str, password: str) -> bool:
    """True if `password` matches; False for a mismatch or a malformed hash (never raises)."""
    parsed = _parse(encoded)
    if (
        parsed is None
        or not isinstance(password, str)
        or not password
        or len(password) > MAX_PASSWORD_CHARS
    ):
        return False
    m, t, p, salt, digest = parsed
    candidate = Argon2id(
        salt=salt, length=len(digest), iterations=t, lanes=p, memory_cost=m
    ).derive(password.encode("utf-8"))
    return hmac.compare_digest(candidate, digest)


def needs_rehash(encoded: str) -> bool:
    """True if the hash uses other parameters than the current ones (or cannot be read)."""
    parsed = _parse(encoded)
    if parsed is None:
        return True
    m, t, p, salt, digest = parsed
    return (
        (m, t, p) != (MEMORY_KIB, ITERATIONS, LANES)
        or len(salt) != SALT_BYTES
        or len(digest) != HASH_BYTES
    )
