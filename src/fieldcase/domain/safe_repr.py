"""A repr for records that names no person and quotes no narrative.

A record's repr ends up in tracebacks and logs; those must carry no personal data (errors.py), so a
record shows only what identifies it to a developer.
"""

from __future__ import annotations

_SHOWN = ("id", "case_id", "status", "rev")


def record_repr(self: object) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _SHOWN if hasattr(self, name))
    return f"{type(self).__name__}({shown})"
