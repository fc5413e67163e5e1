"""The one rule for control characters in text, the same on the laptop, on the wire and on both
server databases: C0 control characters are not text, except tab, line feed and carriage return.

Why: PostgreSQL refuses a NUL in a string outright (a server error, retried forever) while SQLite
stores it, so the two databases disagreed; the others (bell, escape, form feed...) print as nothing or
as garbage in the court copy and can hide text from a reader. Word's manual line break (vertical tab)
and page break (form feed) are the ones a caseworker pastes in practice: input turns them into a line
feed; everything else is dropped at input (`clean`) and refused on the wire (`has_control`).
"""

from __future__ import annotations

import re
from typing import Any

#: C0 controls except tab (09), line feed (0A) and carriage return (0D), and lone surrogates (half of
#: a character: no database can store it as UTF-8); DEL (7F) prints as nothing and is harmless
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
#: the same rule as a JSON-schema pattern (declared in the OpenAPI description). Lone surrogates are
#: left out: a JSON-schema regex cannot name them (Rust's and ECMA's engines refuse \ud800), and they
#: cannot be sent as valid UTF-8 anyway (only as a JSON \ud800 escape, refused all the same).
TEXT_PATTERN = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]*$"
#: the words used wherever the rule refuses something (no value is ever quoted)
CONTROL_MESSAGE = "text may not contain control characters (other than tab and line breaks)"

_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def has_control(text: str) -> bool:
    """True if `text` breaks the rule."""
    return CONTROL.search(text) is not None


def clean(text: str) -> str:
    """`text` as it may be stored and sent: manual line and page breaks become line feeds, the other
    control characters are dropped (they carry nothing a reader could see)."""
    if not has_control(text):
        return text
    return CONTROL.sub("", text.translate(_LINE_BREAKS))


def clean_value(value: Any) -> Any:
    """`clean` applied to every string inside a JSON-like value (dict keys too)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean_value(k): clean_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_value(v) for v in value]
    if isinstance(value, tuple):
        return tuple(clean_value(v) for v in value)
    return value
