"""`fieldcase-server instruments add|list|retire`: the assessment instruments the office loads for
every laptop (server/instruments.py; kept apart from cli.py so that file stays a list of commands).

    fieldcase-server instruments add FILE.json
    fieldcase-server instruments list [--all]
    fieldcase-server instruments retire ID [--version V]
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from fieldcase.server.db import Database


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    instruments = sub.add_parser(
        "instruments",
        parents=[common],
        help="assessment instruments (the agency's CANS pack) for every laptop: add, list, retire",
    )
    action = instruments.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = action.add_parser(
        "add",
        parents=[common],
        help="load an instrument file (laptops receive it at their next sync)",
    )
    add.add_argument("file", help="the instrument's JSON file (docs/assessments.md)")
    listing = action.add_parser("list", parents=[common], help="list the instruments loaded")
    listing.add_argument("--all", action="store_true", help="retired ones too")
    retire = action.add_parser(
        "retire",
        parents=[common],
        help="no new assessments with it (assessments already rated keep opening with their version)",
    )
    retire.add_argument("instrument", help='the instrument\'s id (its "id" in the file)')
    retire.add_argument(
        "--version", default=None, help="only this version (default: every version)"
    )


def run_instruments_command(db: Database, args: argparse.Namespace) -> int:
    from fieldcase.server import instruments

    if args.action == "add":
        row = instruments.add_instrument(
            db, instruments.read_file(args.file), source=Path(args.file).name
        )
        print(f"{row.instrument_id} version {row.version}: laptops receive it at their next sync")
    elif args.action == "retire":
        count = instruments.retire_instrument(db, args.instrument, version=args.version)
        print(
            f"retired {count} version(s): no new assessments with it; those rated with it still open"
        )
    else:
        rows = instruments.list_instruments(db, include_retired=args.all)
        for r in rows:
            retired = "" if r.active else "  (retired)"
            print(f"{r.instrument_id}  {r.version}  {r.name}  sha256:{r.sha256[:12]}{retired}")
        print(
            f"{len(rows)} instrument file(s); the built-in independent-living checklist ships with the app"
        )
    return 0
