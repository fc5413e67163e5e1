"""Suite-wide guards: GUI tests run offscreen, and no canary (synthetic personal data planted by
tests) may ever reach a log record."""

from __future__ import annotations

import base64
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Qt keeps window geometry in the user's config folder: tests get a private one, so a test run never
# rewrites a real user's settings (nor inherits them)
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="fieldcase-test-config-")
# ... and the desktop app's log file goes to a private folder too, checked for canaries below
LOG_DIR = tempfile.mkdtemp(prefix="fieldcase-test-logs-")
os.environ["FIELDCASE_LOG_DIR"] = LOG_DIR
# the server refuses to start without its at-rest key (docs/server.md "Data at rest"): every server the
# tests start, in this process or as a subprocess, uses one made for this run
os.environ.setdefault(
    "FIELDCASE_SERVER_KEY", base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")
)


class _NoQt:
    """With FIELDCASE_BLOCK_QT=1 the core's tests run with PySide6 unimportable (the headless proof)."""

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"PySide6", "shiboken6", "pytestqt"}:
            raise ImportError("Qt is blocked for the headless test run")


if os.environ.get("FIELDCASE_BLOCK_QT") == "1":
    sys.meta_path.insert(0, _NoQt())


def _remember_passphrase_keys() -> None:
    """The passphrase's key, computed once per (passphrase, salt, cost) in a test process.

    Argon2id at the RFC 9106 floor costs 0.16-0.2 s of a core per unlock, and the suite unlocks
    copies of one template store (the same salt) and re-opens stores hundreds of times: 520 unlocks
    were 108 s of the unit and GUI tests' 480 s of CPU (issue 18: CI's time). The KDF is a pure
    function, so remembering its answer changes no behaviour the tests see: a wrong passphrase or
    another salt still gets its own (wrong) key, and every caller gets a fresh copy, which it
    wipes. Only the time goes. The KDF itself is tested in tests/unit/security, and the suite's
    subprocesses (the demo, the SIGKILL children, the bundle) run it for real.
    FIELDCASE_TEST_REAL_KDF=1 turns the memory off."""
    if os.environ.get("FIELDCASE_TEST_REAL_KDF") == "1":
        return
    from fieldcase.security import keyfile

    real = keyfile._kek
    known: dict[tuple[str, bytes, object], bytes] = {}

    def remembered(passphrase: str, header: keyfile.KeyFileHeader) -> bytearray:
        key = (passphrase, header.salt, header.kdf)
        if key not in known:
            kek = real(passphrase, header)
            known[key] = bytes(kek)
            keyfile._zero(kek)
        return bytearray(known[key])

    keyfile._kek = remembered
    _real_kdf.append(real)


_real_kdf: list = []
_remember_passphrase_keys()


@pytest.fixture
def real_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """This test's unlocks take the KDF's real time (a test of what happens while it runs)."""
    if _real_kdf:
        from fieldcase.security import keyfile

        monkeypatch.setattr(keyfile, "_kek", _real_kdf[0])


# template_store / data_dir / clock / store: a real encrypted store per test (helpers/store_fixtures.py)
pytest_plugins = ["helpers.store_fixtures"]

#: Planted in names, narratives and passphrases by tests; must never show up in logs or error text.
CANARIES = ("Zzcanaryname", "zzcanarynarrative", "Canary-Passphrase")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from e2e import bundle_build

    bundle_build.order_last(items)


def pytest_collection_finish(session: pytest.Session) -> None:
    """A run that will test the desktop bundle starts building it now, in the background
    (tests/e2e/bundle_build.py: no worker waits a minute for it)."""
    from e2e import bundle_build

    if session.config.option.collectonly or not sys.platform.startswith("linux"):
        return
    if any(bundle_build.needs_bundle(item) for item in session.items):
        bundle_build.start(bundle_build.run_folder(session.config._tmp_path_factory))


@pytest.fixture(autouse=True)
def _no_canary_in_logs(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.DEBUG)
    yield
    for record in caplog.records:
        text = record.getMessage() + (
            str(record.exc_info[1]) if record.exc_info and record.exc_info[1] else ""
        )
        for canary in CANARIES:
            assert canary.lower() not in text.lower(), f"a canary reached the log via {record.name}"
    for path in sorted(Path(LOG_DIR).glob("*.log*")):  # the app's log file (fieldcase/logs.py)
        written = path.read_text(encoding="utf-8", errors="replace").lower()
        for canary in CANARIES:
            assert canary.lower() not in written, f"a canary reached the log file {path.name}"


@pytest.fixture(autouse=True)
def _no_log_file_left_open():
    """A test that started the app's log file (the app's `run`, the CLI) and left it open would hand
    it to whichever test the scheduler puts next on its worker (`logs.log_file()` answers the file
    in use): each test gets the logging it started with."""
    logs = sys.modules.get("fieldcase.logs")
    before = logs._configured if logs is not None else None
    yield
    logs = sys.modules.get("fieldcase.logs")
    if logs is not None and before is None and logs._configured is not None:
        logs.stop_desktop()


@pytest.fixture(autouse=True)
def _close_shared_http_clients():
    """The laptop keeps one HTTP client per server for the app's session and closes them at exit
    (sync/transport.py); a test's server is gone after the test, so its clients go with it instead
    of leaving their sockets to the garbage collector (a ResourceWarning, an error here)."""
    yield
    transport = sys.modules.get("fieldcase.sync.transport")
    if transport is not None:
        transport.close_shared_clients()


@pytest.fixture
def in_missouri(monkeypatch):
    """The laptop's clock in America/Chicago: an evening there is already the next day in UTC."""
    monkeypatch.setenv("TZ", "America/Chicago")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
