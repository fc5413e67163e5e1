"""PySide's look at each module imported after it (does it use PySide6?) reads the module's file
instead of going through `inspect` (ui/pyside_import_check.py): the same answers, and no module's
source kept in `linecache` for it."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys

PROBE = """
import linecache, sys
import fieldcase.ui.app
import fieldcase.services.caseload
# the package putting the check in place is looked at PySide's way, before it is in place
kept = [name for name in linecache.cache if "fieldcase" in name and not name.endswith(("ui/__init__.py", "ui\\__init__.py"))]
print(len(kept))
"""


def test_the_app_keeps_no_module_source_in_memory_for_pysides_check():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=True,
    )
    assert done.stdout.split() == ["0"]


def test_the_check_answers_as_pysides_own():
    import fieldcase.ui  # noqa: F401 - puts the check in place

    feature = sys.modules["shibokensupport.feature"]
    ours = feature._mod_uses_pyside
    assert ours.reads_the_file
    original = ours.__closure__[0].cell_contents  # PySide's own, which ours falls back on
    names = [
        "fieldcase.ui.app",
        "fieldcase.ui.models",
        "fieldcase.services.caseload",
        "json",
        "_json",
        "sys",
        "fieldcase.ui",
    ]
    for name in names:
        module = importlib.import_module(name)
        assert ours(module) == original(module), name
    assert ours(importlib.import_module("fieldcase.ui.app")) is True
    assert ours(importlib.import_module("fieldcase.services.caseload")) is False


def test_putting_it_in_place_twice_keeps_one():
    from fieldcase.ui import pyside_import_check

    feature = sys.modules["shibokensupport.feature"]
    before = feature._mod_uses_pyside
    assert pyside_import_check.install() is True
    assert feature._mod_uses_pyside is before


def test_another_pyside_gets_its_own_answers_or_is_left_alone(monkeypatch):
    from types import ModuleType

    from fieldcase.ui import pyside_import_check

    feature = ModuleType("shibokensupport.feature")
    feature._mod_uses_pyside = lambda module, *more, **named: ("its own", more, named)
    monkeypatch.setitem(sys.modules, "shibokensupport.feature", feature)
    assert pyside_import_check.install() is True
    assert feature._mod_uses_pyside(importlib.import_module("json"), "asked", also=1) == (
        "its own",
        ("asked",),
        {"also": 1},
    )
    assert feature._mod_uses_pyside(importlib.import_module("fieldcase.ui.app")) is True

    monkeypatch.setitem(
        sys.modules, "shibokensupport.feature", ModuleType("shibokensupport.feature")
    )
    assert pyside_import_check.install() is False  # no check there: nothing put in place
