"""Subcommands of the `fieldcase` program, one module each, each with `register(subparsers)`.

The command line is a composition root like `ui/app.py`: it may use every client package, never
the server package (the demo starts the server as a separate process).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil


def register_all(subparsers: argparse._SubParsersAction) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subparsers)
