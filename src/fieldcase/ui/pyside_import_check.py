"""A quicker answer to PySide6's question about every module imported after it.

Once PySide6.QtCore is loaded, PySide asks of each module imported afterwards whether it "uses
PySide6" (for its opt-in `from __feature__ import snake_case`, which fieldcase does not use). It
answers by `inspect.getsource(module)`: `inspect.getmodule` walks all of `sys.modules` again for
each new module, and `linecache` keeps every module's source in memory for good. For the ~160
modules the app imports on its way to the caseload that is about 10 ms of start-up, a bare Qt
window pays none of it (issue 5's start-up target), and megabytes of source kept for nothing.

The same question has a cheaper answer: is "PySide6" in the module's source file? Read the bytes
and look. Modules without a plain `.py` file (built in, extensions, zipped) get PySide's own
answer. Where PySide's internals are not what this expects (another version), nothing is changed;
a call with more arguments than the one module gets PySide's own answer.
"""

from __future__ import annotations

import sys
from types import ModuleType

#: PySide's module holding the check (present once PySide6.QtCore has been imported)
_FEATURE_MODULE = "shibokensupport.feature"
_CHECK = "_mod_uses_pyside"


def install() -> bool:
    """Answer PySide's check by reading the source file; True if it is in place now."""
    feature = sys.modules.get(_FEATURE_MODULE)
    original = getattr(feature, _CHECK, None)
    if feature is None or not callable(original):
        return False
    if getattr(original, "reads_the_file", False):
        return True

    def uses_pyside(module: ModuleType, *more: object, **named: object) -> bool:
        path = getattr(module, "__file__", None)
        if not more and not named and isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return original(
            module, *more, **named
        )  # a PySide asking more than this knows: its own answer

    uses_pyside.reads_the_file = True  # type: ignore[attr-defined]  # a mark on the function, read by the tests
    setattr(feature, _CHECK, uses_pyside)
    return True
