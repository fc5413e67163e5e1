"""`fieldcase-server providers add|list|retire`: the office's resource directory by hand
(server/providers.py; kept apart from cli.py so that file stays a list of commands).

    fieldcase-server providers add NAME --service housing [--service parenting] [--county C]
                                        [--address A] [--phone P] [--notes N] [--agency-id ID]
    fieldcase-server providers list [--all] [--format text|csv]
    fieldcase-server providers retire ID|AGENCY_ID
"""

from __future__ import annotations

import argparse
import csv
import sys
from typing import Any

from fieldcase.server.db import Database


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    providers = sub.add_parser(
        "providers",
        parents=[common],
        help="the office's resource directory of community providers: add, list, retire",
    )
    action = providers.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = action.add_parser(
        "add", parents=[common], help="add a provider (laptops receive it at their next sync)"
    )
    add.add_argument("name")
    add.add_argument(
        "--service",
        action="append",
        default=[],
        required=True,
        help="a service type it offers (repeat, or separate with ;): substance_use, mental_health, parenting, "
        "housing, domestic_violence, medical, education, independent_living, other",
    )
    add.add_argument("--county", default="")
    add.add_argument("--address", default="")
    add.add_argument("--phone", default="")
    add.add_argument("--notes", default="")
    add.add_argument(
        "--agency-id", default=None, help="the agency's own id (the import's provider_id)"
    )
    listing = action.add_parser("list", parents=[common], help="list the directory")
    listing.add_argument("--all", action="store_true", help="retired providers too")
    listing.add_argument("--format", choices=("text", "csv"), default="text")
    retire = action.add_parser(
        "retire",
        parents=[common],
        help="take a provider out of the laptops' directory (referrals keep its name)",
    )
    retire.add_argument("provider", help="the provider's id or agency id")


def run_providers_command(db: Database, args: argparse.Namespace) -> int:
    from fieldcase.server import providers

    if args.action == "add":
        provider_id = providers.add_provider(
            db,
            name=args.name,
            service_types=args.service,
            county=args.county,
            address=args.address,
            phone=args.phone,
            notes=args.notes,
            external_id=args.agency_id,
        )
        print(provider_id)
    elif args.action == "retire":
        providers.retire_provider(db, args.provider)
        print("retired: laptops drop it from their directory at their next sync")
    else:
        rows = providers.list_providers(db, include_retired=args.all)
        if args.format == "csv":
            out = csv.writer(sys.stdout, lineterminator="\n")
            out.writerow(
                [
                    "id",
                    "provider_id",
                    "name",
                    "service_types",
                    "county",
                    "address",
                    "phone",
                    "active",
                ]
            )
            for r in rows:
                out.writerow(
                    [
                        r.id,
                        r.external_id or "",
                        r.name,
                        ";".join(r.service_types),
                        r.county,
                        r.address,
                        r.phone,
                        "yes" if r.active else "no",
                    ]
                )
        else:
            for r in rows:
                retired = "" if r.active else "  (retired)"
                print(f"{r.id}  {r.name}  [{', '.join(r.service_types)}]  {r.county}{retired}")
            print(f"{len(rows)} provider(s)")
    return 0
