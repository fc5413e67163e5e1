"""Nothing outside store/store.py (and store/opening.py, the Store's own opening half) reaches into
the Store's private names (`store._now()`, `store._audit`, `self._store._records`…): store-side
modules get what they need through a public method or a component the Store hands over
(`Store.moment`, `Store.audit_in`, `Store.checkpoint`, `Store.resolve_conflict`,
`Store.agency_choice`), so the Store can change its insides without breaking them."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "fieldcase"
#: the Store's own modules
OWN = {SRC / "store" / "store.py", SRC / "store" / "opening.py"}


def _reaches_in(node: ast.Attribute) -> bool:
    if not node.attr.startswith("_") or node.attr.startswith("__"):
        return False
    value = node.value
    return (isinstance(value, ast.Name) and value.id == "store") or (
        isinstance(value, ast.Attribute) and value.attr in ("store", "_store")
    )


def test_no_module_outside_the_store_touches_its_private_names():
    found = [
        f"{path.relative_to(SRC)}:{node.lineno}: .{node.attr}"
        for path in sorted(SRC.rglob("*.py"))
        if path not in OWN
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and _reaches_in(node)
    ]
    assert found == []
