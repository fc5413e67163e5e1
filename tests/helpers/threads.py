"""Where another thread is right now: for negative checks that must first prove the thing they
rule out could have happened (a thread really waiting inside a given function), instead of
sleeping a fixed time and hoping it got there."""

from __future__ import annotations

import sys
import threading
import time


def is_inside(thread: threading.Thread, function: str, module_path: str) -> bool:
    """True while `thread` runs `function` (of a file whose path ends with `module_path`)."""
    frame = sys._current_frames().get(thread.ident or -1)
    while frame is not None:
        code = frame.f_code
        if code.co_name == function and code.co_filename.replace("\\", "/").endswith(module_path):
            return True
        frame = frame.f_back
    return False


def is_blocked_inside(thread: threading.Thread, function: str, module_path: str) -> bool:
    """True while `thread` waits (on an Event, Condition or Lock of threading.py, or in time.sleep)
    somewhere under `function`: not merely passing through it."""
    frame = sys._current_frames().get(thread.ident or -1)
    if frame is None or not is_inside(thread, function, module_path):
        return False
    return frame.f_code.co_filename.endswith("threading.py") or frame.f_code.co_name == function


def wait_until_inside(
    thread: threading.Thread,
    function: str,
    module_path: str,
    timeout: float = 10,
    *,
    blocked: bool = False,
) -> bool:
    """Wait until `thread` is inside `function` (`blocked`: waiting there); False if it ended or
    the time ran out first."""
    check = is_blocked_inside if blocked else is_inside
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check(thread, function, module_path):
            return True
        if not thread.is_alive():
            return False
        time.sleep(0.005)
    return False
