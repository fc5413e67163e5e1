"""The desktop bundle, built once per test run in a temporary folder (issue 18: the checkout stays
clean after the suite), in the background from collection on (tests/e2e/bundle_build.py), and
shared by the bundle and Debian package tests."""

from __future__ import annotations

import os
import sys

import pytest

from e2e import bundle_build
from e2e.bundle_build import BuiltBundle

#: every test of the bundle carries these: the timeout counts a wait for the build, which runs in
#: the background from collection on (bundle_build.py). The xdist_group mark is kept for a
#: pytest-xdist that honours it again: 3.8.0 under pytest 9.2 ignores it (it renames
#: `item._nodeid`, which pytest no longer reads), so nothing relies on it.
BUNDLE_MARKS = (pytest.mark.xdist_group("linux-bundle"), pytest.mark.timeout(2400))


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The bundle (~1 GB) goes when the run ends, on the controller (pytest would otherwise keep it
    among its last three runs' folders), and an unfinished build is stopped."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is not None and factory._basetemp is not None:
        bundle_build.stop(factory._basetemp)


@pytest.fixture(scope="session")
def linux_bundle(tmp_path_factory: pytest.TempPathFactory) -> BuiltBundle:
    """Built once per test run (started at collection); every test that asks waits for the same one."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the bundle test builds the Linux bundle")
    return bundle_build.wait(bundle_build.run_folder(tmp_path_factory))
