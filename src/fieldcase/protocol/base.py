"""The base of every wire model: closed (unknown fields are errors) and strict (no coercion).

The rules every value on the wire obeys, declared here once so every endpoint gets them:
- integers are bounded: `WireInt` (0 ≤ n < 2^63, what both server databases store in a BIGINT) or
  tighter; integers inside record values fit a signed 64-bit integer, floats are finite;
- ids are UUID-shaped (`Uuid`, canonical lowercase), content hashes SHA-256 hex (`Sha256`);
- text carries no control characters other than tab and line breaks (domain/text.py) — checked for
  every string field of a request model (`WireRequest`) and every string inside a record value.
Answers are built by the server from what it holds and are not refused for old text (a NUL stored
before the rule existed must not make the server unable to answer).
"""

from __future__ import annotations

import math
import re
import uuid
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from fieldcase.domain.text import CONTROL_MESSAGE, TEXT_PATTERN, has_control
from fieldcase.protocol.version import MAX_FIELD_NAME, MAX_STRING_LENGTH, MAX_VALUE_DEPTH

#: the largest integer on the wire (PostgreSQL's and SQLite's 64-bit signed integer)
MAX_WIRE_INT = 2**63 - 1
#: integers inside record values (a count, a mileage) fit the same signed 64-bit range
MIN_VALUE_INT = -(2**63)

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"

#: a count, a revision, a change number: 0 ≤ n ≤ MAX_WIRE_INT
WireInt = Annotated[int, Field(ge=0, le=MAX_WIRE_INT)]
#: a number that starts at 1 (device_seq, schema_version, a revision reviewed)
PositiveWireInt = Annotated[int, Field(ge=1, le=MAX_WIRE_INT)]
#: a canonical lowercase UUID
Uuid = Annotated[str, Field(min_length=36, max_length=36, pattern=UUID_PATTERN)]
Sha256 = Annotated[str, Field(min_length=64, max_length=64, pattern=SHA256_PATTERN)]


class WireModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _declare_text_rule(schema: dict[str, Any], _cls: Any = None) -> None:
    """The control-character rule in the JSON schema of every plain string field (OpenAPI)."""
    for prop in schema.get("properties", {}).values():
        for variant in [prop, *prop.get("anyOf", ())]:
            if (
                variant.get("type") == "string"
                and "pattern" not in variant
                and "enum" not in variant
                and "const" not in variant
            ):
                variant["pattern"] = TEXT_PATTERN


class WireRequest(WireModel):
    """A model a client sends: besides the field rules, no string field (nor any string in a list or
    dict field) holds a control character. Nested request models check themselves."""

    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, json_schema_extra=_declare_text_rule
    )

    #: fields holding free JSON values, walked by `check_value` (which applies the same rule) already
    _checked_values: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name not in cls._checked_values and _holds_control(value):
            raise ValueError(CONTROL_MESSAGE)
        return value


def _holds_control(value: Any) -> bool:
    if isinstance(value, str):
        return has_control(value)
    if isinstance(value, dict):
        return any(_holds_control(k) or _holds_control(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_holds_control(v) for v in value)
    return False  # numbers, None, and nested models (a WireRequest validated itself)


_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def check_uuid(value: str, *, version: int | None = None) -> str:
    """A canonical lowercase UUID string (of `version` when given)."""
    try:
        parsed = uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        raise ValueError("must be a UUID") from None
    if str(parsed) != value:
        raise ValueError("must be a UUID in canonical lowercase form")
    if version is not None and parsed.version != version:
        raise ValueError(f"must be a version-{version} UUID")
    return value


def check_field_name(name: str) -> str:
    if len(name) > MAX_FIELD_NAME or not _FIELD_NAME.match(name):
        raise ValueError("field names are lowercase letters, digits and underscores")
    return name


def check_value(value: Any, *, depth: int = 0) -> Any:
    """A JSON value of bounded depth, string length and numbers, without control characters in its
    text (messages never quote the value)."""
    if depth > MAX_VALUE_DEPTH:
        raise ValueError(f"values may nest at most {MAX_VALUE_DEPTH} levels deep")
    if isinstance(value, str):
        if len(value) > MAX_STRING_LENGTH:
            raise ValueError(f"text longer than {MAX_STRING_LENGTH} characters")
        if has_control(value):
            raise ValueError(CONTROL_MESSAGE)
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str) or len(key) > MAX_FIELD_NAME:
                raise ValueError("object keys must be short strings")
            if has_control(key):
                raise ValueError(CONTROL_MESSAGE)
            check_value(item, depth=depth + 1)
    elif isinstance(value, list):
        for item in value:
            check_value(item, depth=depth + 1)
    elif isinstance(value, bool) or value is None:
        pass
    elif isinstance(value, int):
        if not MIN_VALUE_INT <= value <= MAX_WIRE_INT:
            raise ValueError("numbers must fit a 64-bit integer")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("numbers must be finite")
    else:
        raise ValueError("values must be JSON")
    return value
