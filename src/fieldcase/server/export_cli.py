"""The `export-contacts` and `visit-figures` sub-commands: arguments in, files and words out (kept
apart from cli.py so that file stays a list of commands)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fieldcase.errors import UserError
from fieldcase.server.db import Database


def run_export_command(db: Database, args: argparse.Namespace) -> int:
    if args.command == "export-contacts":
        return _export_contacts(db, args)
    return _visit_figures(db, args)


def _export_contacts(db: Database, args: argparse.Namespace) -> int:
    from fieldcase.server import contacts_export as export

    since_text = args.since
    cursor_file = Path(args.cursor_file) if args.cursor_file else None
    if since_text is None:
        if cursor_file is None:
            raise UserError(
                f"Give --since with the cursor the last run printed (or --since {export.START} the first time), or --cursor-file.",
                code="no_cursor",
            )
        if not cursor_file.exists():
            raise UserError(
                f"The cursor file does not exist; for the first export run with --since {export.START} --cursor-file FILE.",
                code="no_cursor",
            )
        since_text = cursor_file.read_text(encoding="utf-8")
    since = export.parse_cursor(since_text)
    if args.output:
        result = export.export_to_file(db, since, args.format, Path(args.output))
    else:
        result = export.export_contacts(db, since, args.format, sys.stdout)
        sys.stdout.flush()
    if cursor_file is not None:
        export.write_cursor_file(cursor_file, result.next_cursor)
    # with the records on standard output, the cursor goes to standard error so the two never mix
    report = sys.stderr if not args.output else sys.stdout
    print(f"{result.records} records exported; next cursor: {result.next_cursor}", file=report)
    return 0


def _visit_figures(db: Database, args: argparse.Namespace) -> int:
    from fieldcase.server import visit_figures

    if not 1990 <= args.fiscal_year <= 2200:
        raise UserError(
            "Give the fiscal year as four digits, e.g. --fiscal-year 2026.", code="bad_year"
        )
    figures = visit_figures.agency_figures(db, args.fiscal_year, team=args.team)
    print(visit_figures.render(figures, args.format), end="")
    return 0
