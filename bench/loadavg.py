"""Every bench says what load it ran under (issue 19: figures from a loaded 2-core machine are not
comparable with figures from an idle one): the 1/5/15-minute load average at start and at the end."""

from __future__ import annotations

import atexit
import os


def load_text() -> str:
    if not hasattr(os, "getloadavg"):
        return "n/a"
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f} (1/5/15 min, {os.cpu_count()} CPUs)"


def report_load() -> None:
    """Print the load average now, and again when the bench ends."""
    print(f"load average at start: {load_text()}", flush=True)
    atexit.register(lambda: print(f"load average at the end: {load_text()}", flush=True))
