"""`fieldcase app` (and plain `fieldcase`): open the desktop app on this laptop's store.

Qt is imported only inside the handler, so the headless commands and the architecture test never
load it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def default_data_dir() -> Path:
    """Where the encrypted store lives: $FIELDCASE_DATA_DIR, else the platform's per-user data folder."""
    configured = os.environ.get("FIELDCASE_DATA_DIR")
    if configured:
        return Path(configured)
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "fieldcase"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "fieldcase"
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "fieldcase"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "app",
        help="open the desktop app (the default)",
        description="Open the fieldcase desktop app.",
    )
    parser.add_argument(
        "--data-dir",
        default=None,
        help="where the encrypted store lives (default: the per-user data folder)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from fieldcase.ui.app import run as run_app

    data_dir = Path(args.data_dir) if getattr(args, "data_dir", None) else default_data_dir()
    return run_app(data_dir=data_dir.resolve())
