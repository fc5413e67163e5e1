"""Warnings are errors in the suite, ResourceWarning included (pyproject.toml): a socket, file or
connection a test leaves to the garbage collector fails that test, and so does any exception raised
in a `__del__` (pytest's unraisableexception plugin turns it into a warning, an error here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LEAKS = """
import socket


def test_leaves_a_socket_to_the_garbage_collector():
    socket.socket()  # dropped while open: the collector closes it, with a ResourceWarning


class Broken:
    def __del__(self):
        raise ValueError("raised while being collected")


def test_leaves_an_exception_in_del():
    Broken()
"""


def test_a_leaked_socket_and_an_exception_in_del_fail_their_tests(tmp_path: Path) -> None:
    (tmp_path / "test_leaks.py").write_text(LEAKS, encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-n",
        "0",
        "-c",
        str(ROOT / "pyproject.toml"),
        "--rootdir",
        str(tmp_path),
        str(tmp_path / "test_leaks.py"),
    ]
    result = subprocess.run(
        command, check=False, capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert "2 failed" in result.stdout, result.stdout[-3000:]
    assert "ResourceWarning" in result.stdout and "ValueError" in result.stdout
