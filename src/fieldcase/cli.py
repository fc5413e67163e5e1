"""The `fieldcase` command: the desktop app and the headless commands IT uses."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from fieldcase import __version__, logs
from fieldcase.commands import register_all
from fieldcase.errors import UserError
from fieldcase.store.capabilities import check_sqlcipher


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fieldcase",
        description="Offline-first field records for child-welfare caseworkers.",
    )
    parser.add_argument("--version", action="version", version=f"fieldcase {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    register_all(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        # plain `fieldcase` opens the desktop app, as a double-click on the shortcut does
        args = parser.parse_args(["app"])
        handler = args.handler
    # every command logs to the app's log file (allow-listed fields only: fieldcase/logs.py), so a
    # scheduled `fieldcase sync` or the demo leaves a trace IT can read
    logs.configure_desktop()
    logging.getLogger("fieldcase").info(
        "fieldcase %s: %s", logs.Safe(__version__), logs.Safe(args.command or "app")
    )
    try:
        # refuse to run on a library that is not SQLCipher 4 with FTS5 (a bad bundle must not
        # create an unencrypted store)
        check_sqlcipher()
        return int(handler(args) or 0)
    except UserError as err:
        # a message the user can act on, never a traceback (and never personal data)
        print(f"fieldcase: {err.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
