"""The `fieldcase` command: the desktop app and the headless commands IT uses."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from fieldcase import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fieldcase",
        description="Offline-first field records for child-welfare caseworkers.",
    )
    parser.add_argument("--version", action="version", version=f"fieldcase {__version__}")
    parser.add_subparsers(dest="command", metavar="COMMAND")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
