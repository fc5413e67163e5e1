"""Random tokens, enrollment codes, and signatures for device commands (remote wipe).

- Tokens are stored only as `token_hash` (SHA-256 hex): 256 random bits need no slow hash.
- Enrollment codes: 160 random bits as 32 Crockford base32 characters in 8 groups of 4
  ("7K3M-…"): no I/L/O/U, case-insensitive; `normalize_enrollment_code` undoes typing slips.
- Commands are Ed25519-signed over ``b"fieldcase/command/v1\\x00" + payload``: the prefix keeps a
  command signature from being valid for anything else the same key might ever sign.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TYPO = str.maketrans({"O": "0", "I": "1", "L": "1"})
ENROLLMENT_CODE_BITS = 160
_COMMAND_CONTEXT = b"fieldcase/command/v1\x00"


def new_token(nbytes: int = 32) -> str:
    if nbytes < 16:
        raise ValueError("a token needs at least 16 random bytes")
    return secrets.token_urlsafe(nbytes)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_enrollment_code() -> str:
    value = secrets.randbits(ENROLLMENT_CODE_BITS)
    chars = "".join(_CROCKFORD[(value >> (5 * i)) & 31] for i in range(ENROLLMENT_CODE_BITS // 5))
    return "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))


def normalize_enrollment_code(text: str) -> str:
    """The canonical form of a typed code (upper case, grouped, O→0, I/L→1); hash this one."""
    chars = "".join(c for c in text.upper() if not c.isspace() and c != "-").translate(_TYPO)
    return "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))


def constant_time_equal(a: str | bytes, b: str | bytes) -> bool:
    a_bytes = a.encode("utf-8") if isinstance(a, str) else bytes(a)
    b_bytes = b.encode("utf-8") if isinstance(b, str) else bytes(b)
    return hmac.compare_digest(a_bytes, b_bytes)


def generate_signing_keypair() -> tuple[bytes, bytes]:
    """A new Ed25519 key pair as raw 32-byte keys: (private, public)."""
    private = Ed25519PrivateKey.generate()
    private_raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return private_raw, private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def sign_command(private_raw: bytes, payload: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(bytes(private_raw)).sign(
        _COMMAND_CONTEXT + bytes(payload)
    )


def verify_command(public_raw: bytes, payload: bytes, signature: bytes) -> bool:
    """True only for a valid signature by `public_raw`; False (never an exception) otherwise."""
    try:
        public = Ed25519PublicKey.from_public_bytes(bytes(public_raw))
        public.verify(bytes(signature), _COMMAND_CONTEXT + bytes(payload))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
