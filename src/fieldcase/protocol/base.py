"""The base of every wire model: closed (unknown fields are errors) and strict (no coercion)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict

from fieldcase.protocol.version import MAX_FIELD_NAME, MAX_STRING_LENGTH, MAX_VALUE_DEPTH


class WireModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


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
    """A JSON value of bounded depth and string length (messages never quote the value)."""
    if depth > MAX_VALUE_DEPTH:
        raise ValueError(f"values may nest at most {MAX_VALUE_DEPTH} levels deep")
    if isinstance(value, str):
        if len(value) > MAX_STRING_LENGTH:
            raise ValueError(f"text longer than {MAX_STRING_LENGTH} characters")
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str) or len(key) > MAX_FIELD_NAME:
                raise ValueError("object keys must be short strings")
            check_value(item, depth=depth + 1)
    elif isinstance(value, list):
        for item in value:
            check_value(item, depth=depth + 1)
    elif value is not None and not isinstance(value, (bool, int, float)):
        raise ValueError("values must be JSON")
    return value
