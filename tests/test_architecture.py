"""The import rules of docs/design/architecture.md, enforced by walking every module's imports."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "fieldcase"

# Which of our packages each package may import (transitive closure of the design's arrows).
# `fieldcase.errors`, `fieldcase.bundled` and the version are a shared kernel every package may use.
KERNEL = {"errors", "bundled", "__init__"}
ALLOWED_OURS: dict[str, set[str]] = {
    "domain": set(),
    "security": {"domain"},
    "store": {"security", "domain"},
    "protocol": {"domain"},
    "reports": {"domain"},
    "sync": {"store", "protocol", "security", "domain"},
    "services": {"sync", "reports", "store", "protocol", "security", "domain"},
    "ui": {"services", "domain"},
    "server": {"protocol", "domain", "security"},
    # the command line and the composition root may use every client package, never the server
    "cli": {"ui", "services", "sync", "reports", "store", "protocol", "security", "domain", "commands"},
    "commands": {"ui", "services", "sync", "reports", "store", "protocol", "security", "domain", "commands"},
    "__main__": {"cli"},
}

# Third-party libraries that belong to exactly one layer.
OWNED_BY: dict[str, set[str]] = {
    "PySide6": {"ui"},
    "shiboken6": {"ui"},
    "httpx": {"sync"},
    "sqlalchemy": {"store", "server"},
    "alembic": {"store", "server"},
    "sqlcipher3": {"store"},
    "reportlab": {"reports"},
    "fastapi": {"server"},
    "starlette": {"server"},
    "uvicorn": {"server"},
}


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if rel.parts[0].startswith("_") and rel.parts[0] not in {"__init__.py", "__main__.py"}:
            continue  # bundled data (_migrations, _resources) is checked on its own below
        top = rel.parts[0].removesuffix(".py")
        found.append((top, path))
    return found


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_every_top_level_module_has_a_rule():
    tops = {top for top, _ in _modules()}
    assert tops - KERNEL <= set(ALLOWED_OURS), f"add a rule for {sorted(tops - KERNEL - set(ALLOWED_OURS))}"


@pytest.mark.parametrize("top,path", _modules(), ids=lambda v: str(v).split("src/fieldcase/")[-1])
def test_imports_follow_the_layers(top: str, path: Path):
    if top in KERNEL:
        allowed_ours: set[str] = set()
    else:
        allowed_ours = ALLOWED_OURS[top] | {top}
    for name in _imports(path):
        parts = name.split(".")
        if parts[0] == "fieldcase":
            if len(parts) == 1:
                continue  # `from fieldcase import __version__`
            target = parts[1]
            assert target in allowed_ours | KERNEL, f"{path.name} in {top} may not import fieldcase.{target}"
        else:
            owners = OWNED_BY.get(parts[0])
            if owners is not None:
                assert top in owners, f"{path.name} in {top} may not import {parts[0]}"


def test_migrations_import_only_the_store_or_server():
    for kind, allowed in {"local": {"store", "domain", "security"}, "server": {"server", "protocol", "domain", "security"}}.items():
        for path in (SRC.parent.parent / "migrations" / kind).rglob("*.py"):
            for name in _imports(path):
                parts = name.split(".")
                if parts[0] == "fieldcase" and len(parts) > 1:
                    assert parts[1] in allowed | KERNEL, f"{path} may not import {name}"


def test_the_core_runs_without_qt():
    """Every non-GUI module imports with PySide6 made unimportable (the headless proof)."""
    modules = []
    for top, path in _modules():
        if top in {"ui", "__main__"}:
            continue
        rel = path.relative_to(SRC.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules.append(".".join(parts))
    code = (
        "import sys, importlib\n"
        "class NoQt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in {'PySide6', 'shiboken6'}:\n"
        "            raise ImportError('Qt is not available in this headless check')\n"
        "sys.meta_path.insert(0, NoQt())\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "print('headless ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "headless ok" in done.stdout
