"""Suite-wide guards: GUI tests run offscreen, and no canary (synthetic personal data planted by
tests) may ever reach a log record."""

from __future__ import annotations

import logging
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: Planted in names, narratives and passphrases by tests; must never show up in logs or error text.
CANARIES = ("Zzcanaryname", "zzcanarynarrative", "Canary-Passphrase")


@pytest.fixture(autouse=True)
def _no_canary_in_logs(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.DEBUG)
    yield
    for record in caplog.records:
        text = record.getMessage() + (str(record.exc_info[1]) if record.exc_info and record.exc_info[1] else "")
        for canary in CANARIES:
            assert canary.lower() not in text.lower(), f"a canary reached the log via {record.name}"
