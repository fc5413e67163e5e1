"""The import rules of docs/design/architecture.md "Who may import whom".

The rules are import-linter contracts in pyproject.toml ([tool.importlinter]); this module runs
them, proves on a copy of the package with planted violations that they catch relative imports,
imports inside functions and import circles (the hand-written walk this replaced skipped relative
imports), and checks what import-linter cannot: the migrations (outside the package) and that the
core imports with Qt made unimportable.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "fieldcase"
PYPROJECT = ROOT / "pyproject.toml"
KERNEL = {"errors", "bundled", "__init__", "__main__"}


def _config() -> dict:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]


def _lint(
    config: Path, *, cwd: Path, pythonpath: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(pythonpath), env.get("PYTHONPATH", "")])
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True, no_logo=True))"
    return subprocess.run(
        [sys.executable, "-c", code, str(config)],
        capture_output=True,
        check=False,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


def test_the_import_contracts_hold():
    # no_cache: the suite leaves nothing behind in the checkout (.import_linter_cache)
    done = _lint(PYPROJECT, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_every_top_level_module_has_a_rule():
    """A new top-level package must be placed in the layers (or be the server, which has its own)."""
    layers = next(c for c in _config()["contracts"] if c["id"] == "layers")["layers"]
    placed = {
        name.strip().removeprefix("fieldcase.") for layer in layers for name in layer.split("|")
    }
    tops = {
        p.name.removesuffix(".py")
        for p in SRC.iterdir()
        if not p.name.startswith(("_", "."))
        and (p.suffix == ".py" or (p / "__init__.py").is_file())
    }
    unplaced = tops - placed - KERNEL - {"server"}
    assert not unplaced, f"add {sorted(unplaced)} to the layers contract in pyproject.toml"


#: (file under the package, line planted, the contract that must break)
PLANTED = [
    (
        "ui/widgets.py",
        "from ..store import Store",
        "ui reaches the store, the sync and reports only through services",
    ),
    ("services/days.py", "def later():\n    import httpx\n", "httpx only in sync"),
    (
        "domain/ids.py",
        "from fieldcase.server import models",
        "domain imports nothing of ours but the shared errors",
    ),
    (
        "server/scope.py",
        "from fieldcase.store.store import Store",
        "server never imports the laptop's store, services, sync, reports or ui",
    ),
    ("sync/errors.py", "import PySide6", "PySide6 only in ui"),
    (
        "reports/fonts.py",
        "import sqlalchemy",
        "SQLAlchemy and alembic only in store and server; SQLCipher only in store",
    ),
    (
        "store/paths.py",
        "from fieldcase.services import caseload",
        "Client layers: ui -> services -> sync -> store | protocol | reports -> security -> domain",
    ),
    (
        "services/attachments.py",
        "from fieldcase.services import printing",
        "no import circles between the modules of a package",
    ),
]


def test_a_planted_violation_breaks_its_contract(tmp_path):
    """The same contracts, run over a copy of the package with one violation planted per rule."""
    copy = tmp_path / "site" / "fieldcase"
    shutil.copytree(
        SRC,
        copy,
        symlinks=True,
        ignore=shutil.ignore_patterns("__pycache__", "_migrations", "_resources"),
    )
    for path, line, _ in PLANTED:
        target = copy / path
        target.write_text(target.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")
    done = _lint(PYPROJECT, cwd=tmp_path, pythonpath=tmp_path / "site")
    assert done.returncode != 0, done.stdout + done.stderr
    report = " ".join(done.stdout.split())
    assert "Analyzed" in report
    for _, _, contract in PLANTED:
        assert f"{contract} BROKEN" in report, (
            f"{contract!r} did not catch its planted import:\n{done.stdout}"
        )
    assert not (tmp_path / ".import_linter_cache").exists()


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: a migration imports by absolute name"
            names.add(node.module or "")
    return names


def test_migrations_import_only_the_store_or_server():
    """The alembic environments live outside the package, where import-linter does not look."""
    for kind, allowed in {
        "local": {"store", "domain", "security"},
        "server": {"server", "protocol", "domain", "security"},
    }.items():
        for path in (ROOT / "migrations" / kind).rglob("*.py"):
            for name in _imports(path):
                parts = name.split(".")
                if parts[0] == "fieldcase" and len(parts) > 1:
                    assert parts[1] in allowed | KERNEL, f"{path} may not import {name}"


def _client_core_modules() -> list[str]:
    modules = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[1].startswith("_") and parts[1] not in {"__init__", "__main__"}:
            continue  # bundled data (_migrations, _resources)
        if parts[1] in {"ui", "__main__"}:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules.append(".".join(parts))
    return modules


def test_the_core_runs_without_qt():
    """Every non-GUI module imports with PySide6 made unimportable (the headless proof)."""
    code = (
        "import sys, importlib\n"
        "class NoQt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in {'PySide6', 'shiboken6'}:\n"
        "            raise ImportError('Qt is not available in this headless check')\n"
        "sys.meta_path.insert(0, NoQt())\n"
        f"for m in {_client_core_modules()!r}:\n"
        "    importlib.import_module(m)\n"
        "print('headless ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, check=False, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "headless ok" in done.stdout


def test_the_client_runs_without_the_server_packages():
    """A laptop install has no FastAPI, starlette, uvicorn or pydantic-settings (the `server` extra):
    every client module imports, and both commands answer, with them made unimportable."""
    modules = _client_core_modules() + (
        [] if os.environ.get("FIELDCASE_BLOCK_QT") == "1" else ["fieldcase.ui.app"]
    )
    modules = [m for m in modules if not m.startswith("fieldcase.server")]
    code = (
        "import sys, importlib, contextlib, io\n"
        "class NoServer:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in {'fastapi', 'starlette', 'uvicorn', 'pydantic_settings'}:\n"
        "            raise ImportError('the server extra is not installed')\n"
        "sys.meta_path.insert(0, NoServer())\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "from fieldcase.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):\n"
        "    main(['--version'])\n"
        "assert out.getvalue().startswith('fieldcase'), out.getvalue()\n"
        "from fieldcase.server.cli import main as server_main\n"
        "assert server_main(['init-db']) == 1\n"
        "print('client ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, check=False, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "client ok" in done.stdout
    assert "pip install 'fieldcase[server]'" in done.stderr


#: issue #18: small modules, one concept each. Counted on the tree as committed; the tree is kept
#: ruff-formatted, so this is the formatted length (a long call wrapped by the formatter counts).
MAX_MODULE_LINES = 600


def test_no_module_is_over_600_lines():
    # only the package's own sources: _migrations and _resources are links to folders outside src/
    modules = [
        p for p in (ROOT / "src").rglob("*.py") if not {"_migrations", "_resources"} & set(p.parts)
    ]
    assert modules
    long = {
        str(p.relative_to(ROOT)): n
        for p in modules
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"split these into modules of one concept each: {long}"
