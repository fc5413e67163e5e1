"""Files shipped inside the package: alembic migrations and resources (fonts, icons, word lists).

`migrations/` and `resources/` live at the top of the repository but are force-included into the
wheel as `fieldcase/_migrations` and `fieldcase/_resources`; they are always found through
`importlib.resources`, never through paths relative to a checkout.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path


def _root(name: str) -> Traversable:
    found = resources.files("fieldcase") / name
    if not found.is_dir():
        raise RuntimeError(f"the fieldcase installation is incomplete: {name} is missing")
    return found


def resource(*parts: str) -> Traversable:
    """A bundled resource, e.g. ``resource("security", "common-passwords.txt")``."""
    node = _root("_resources")
    for part in parts:
        node = node / part
    return node


@contextlib.contextmanager
def migrations_path(kind: str) -> Iterator[Path]:
    """A real directory holding the alembic scripts of ``kind`` ("local" or "server")."""
    if kind not in {"local", "server"}:
        raise ValueError("kind must be 'local' or 'server'")
    with resources.as_file(_root("_migrations") / kind) as path:
        yield Path(path)
