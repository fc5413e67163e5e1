"""Fixtures for tests that need a real encrypted store: one template store made per session with the
RFC 9106 floor KDF (key derivation is deliberately slow), copied for each test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldcase.security.keyfile import KdfParams
from fieldcase.store.store import Store
from helpers.store import DEVICE, PASSPHRASE, USER, FakeClock


@pytest.fixture(scope="session")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("template") / "data"
    store = Store.create(data, PASSPHRASE, device_id=DEVICE, user_id=USER, kdf=KdfParams.floor())
    store.lock()
    return data


@pytest.fixture
def data_dir(template_store: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(template_store, target)
    return target


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(data_dir: Path, clock: FakeClock) -> Iterator[Store]:
    opened = Store.unlock(data_dir, PASSPHRASE, clock=clock)
    yield opened
    opened.lock()
