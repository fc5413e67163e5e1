"""The `fieldcase-server` admin command.

    fieldcase-server [--db URL|PATH] init-db
    fieldcase-server run [--host 127.0.0.1] [--port 8443] [--certfile F --keyfile F] [--workers N] [--trusted-proxy A]
    fieldcase-server create-org NAME
    fieldcase-server create-team NAME [--supervisor USERNAME]
    fieldcase-server create-user USERNAME --role caseworker|supervisor|admin [--team NAME] (password from stdin)
    fieldcase-server assign-case CASE_ID USERNAME [--covering --from DATE --until DATE]
    fieldcase-server enrollment-code
    fieldcase-server device list | suspend ID | resume ID | wipe ID | retire ID
    fieldcase-server unlock-user USERNAME [--by ADMIN] | unlock-user --list   (failed sign-ins, audited)
    fieldcase-server import-agency PATH [--dry-run]   (cases, people, placements, plans, hearings, dates)
    fieldcase-server import-cases FILE.csv           (the cases table alone, same import)
    fieldcase-server sample-agency DIR [--caseworkers N --children N --years N]   (synthetic files)
    fieldcase-server purge RECORD_ID --reason CODE [--by USERNAME] --yes   (expungement/retention)
    fieldcase-server prune-history [--keep-days 90]   (forget old history; laptops offline longer re-download)
    fieldcase-server prune-audit --keep-days N [--archive FILE.jsonl]   (audit retention)
    fieldcase-server new-epoch            (after restoring a backup: every laptop re-downloads)
    fieldcase-server seed-demo [--children 100] [--enrollment-code]
    fieldcase-server export-contacts --since CURSOR|start [--format jsonl|csv] [--output FILE] [--cursor-file FILE]
    fieldcase-server visit-figures --fiscal-year YYYY [--team T] [--format text|csv|json]
    fieldcase-server providers add NAME --service TYPE … | list [--all] | retire ID   (resource directory)
    fieldcase-server instruments add FILE | list [--all] | retire ID [--version V]   (assessment instruments)
    fieldcase-server key new FILE | key rotate [--new-data-key] | key status   (at-rest keys; rotate-key = key rotate)

The database is `--db`, else $FIELDCASE_SERVER_DB, else a SQLite file in the data directory.
Aliases from the issue text: add-user, add-team, assign, enroll-code, revoke-device, wipe-device.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from fieldcase import __version__
from fieldcase.errors import UserError


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        help="database URL or SQLite file path (default: $FIELDCASE_SERVER_DB)",
    )
    parser = argparse.ArgumentParser(
        prog="fieldcase-server", description="The fieldcase central server.", parents=[common]
    )
    parser.add_argument("--version", action="version", version=f"fieldcase-server {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("init-db", parents=[common], help="create or upgrade the database schema")
    run = sub.add_parser(
        "run",
        parents=[common],
        help="serve the API with uvicorn",
        description="Serve the API with uvicorn (creates or upgrades the schema first).",
        epilog=(
            "Workers: the default is one process, which is right for SQLite (it has one writer; more processes "
            "only queue for its write lock). With PostgreSQL, run about one worker per CPU core (--workers 2-4); "
            "each worker opens up to 40 database connections (4 x FIELDCASE_DB_POOL), so keep workers x 40 below PostgreSQL's "
            "max_connections. The per-laptop rate limit is kept per worker."
        ),
    )
    run.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    run.add_argument("--port", type=int, default=8443, help="TCP port (default: 8443)")
    run.add_argument("--certfile", help="TLS certificate (PEM); serve HTTPS")
    run.add_argument("--keyfile", help="TLS private key (PEM)")
    run.add_argument(
        "--header-timeout",
        type=_seconds,
        default=10.0,
        help="seconds a client has to send a request's headers before it is answered 408 and dropped (default: 10)",
    )
    run.add_argument(
        "--body-timeout",
        type=_seconds,
        default=120.0,
        help="seconds a client has to send a request's body once the headers are in (default: 120)",
    )
    run.add_argument(
        "--trusted-proxy",
        action="append",
        metavar="ADDRESS",
        help="address or network (10.0.0.5, 10.0.0.0/24) of a reverse proxy whose X-Forwarded-For names the client; "
        "repeat for several (default: 127.0.0.1 only)",
    )
    run.add_argument(
        "--workers",
        type=_positive,
        default=1,
        help="server processes (default: 1; keep 1 on SQLite, use 2-4 on PostgreSQL, see below)",
    )

    org = sub.add_parser("create-org", parents=[common], help="create the organisation")
    org.add_argument("name")
    for name in ("create-team", "add-team"):
        team = sub.add_parser(name, parents=[common], help="create a team")
        team.add_argument("name")
        team.add_argument("--supervisor")
    for name in ("create-user", "add-user"):
        user = sub.add_parser(
            name, parents=[common], help="create a user; the password is read from stdin"
        )
        user.add_argument("username")
        user.add_argument("--role", required=True, choices=["caseworker", "supervisor", "admin"])
        user.add_argument("--team")
        user.add_argument("--display-name", default="")
    sup = sub.add_parser(
        "set-supervisor", parents=[common], help="make a user the supervisor of a team"
    )
    sup.add_argument("team")
    sup.add_argument("username")
    for name in ("assign-case", "assign"):
        assign = sub.add_parser(name, parents=[common], help="assign a case to a worker")
        assign.add_argument("case_id")
        assign.add_argument("username")
        assign.add_argument("--covering", action="store_true")
        assign.add_argument("--from", dest="starts_on", type=date.fromisoformat)
        assign.add_argument("--until", dest="ends_on", type=date.fromisoformat)
    for name in ("enrollment-code", "enroll-code"):
        sub.add_parser(
            name, parents=[common], help="make a single-use enrollment code (15 minutes)"
        )
    device = sub.add_parser(
        "device", parents=[common], help="list, suspend, resume, wipe or retire laptops"
    )
    device.add_argument("action", choices=["list", "suspend", "resume", "wipe", "retire"])
    device.add_argument("device_id", nargs="?")
    for name, action in (("revoke-device", "wipe"), ("wipe-device", "wipe")):
        alias = sub.add_parser(name, parents=[common], help=f"same as: device {action} ID")
        alias.add_argument("device_id")
        alias.set_defaults(device_action=action)
    unlock = sub.add_parser(
        "unlock-user",
        parents=[common],
        help="lift a sign-in lockout after failed passwords (audited); --list shows them",
    )
    unlock.add_argument("username", nargs="?")
    unlock.add_argument("--by", help="username of the admin who unlocks (audited)")
    unlock.add_argument(
        "--list", action="store_true", help="list the accounts with failed sign-ins on record"
    )
    agency = sub.add_parser(
        "import-agency",
        parents=[common],
        help="import cases, people, placements, visitation plans, hearings and key dates (a folder of CSV files or a .jsonl file)",
        description="Import from the agency's system of record; see docs/agency-import.md. A file with any problem imports nothing.",
    )
    agency.add_argument("path", help="a folder with cases.csv, people.csv, ... or one .jsonl file")
    agency.add_argument(
        "--dry-run", action="store_true", help="say what would change, write nothing"
    )
    imp = sub.add_parser(
        "import-cases",
        parents=[common],
        help="import a cases.csv alone (the agency import's cases table)",
    )
    imp.add_argument("csv_file")
    imp.add_argument("--dry-run", action="store_true", help="say what would change, write nothing")
    sample = sub.add_parser(
        "sample-agency",
        parents=[common],
        help="write a SYNTHETIC agency's import files (for trying the import)",
    )
    sample.add_argument("folder")
    sample.add_argument("--caseworkers", type=_positive, default=3)
    sample.add_argument("--children", type=_positive, default=12)
    sample.add_argument("--years", type=_positive, default=2)
    sample.add_argument("--seed", type=int, default=17)
    sample.add_argument(
        "--jsonl", action="store_true", help="also write the same rows as agency.jsonl"
    )
    purge = sub.add_parser(
        "purge",
        parents=[common],
        help="delete a record's content for good (expungement, retention); laptops drop it on their next pull",
    )
    purge.add_argument("record_id")
    purge.add_argument(
        "--reason",
        required=True,
        choices=["expungement", "retention", "court_order", "entered_in_error", "duplicate"],
    )
    purge.add_argument("--by", help="username of the person who authorised the purge (audited)")
    purge.add_argument(
        "--yes",
        action="store_true",
        help="really purge (without it, only show what would be purged)",
    )
    prune = sub.add_parser(
        "prune-history",
        parents=[common],
        help="forget change history and purge tombstones older than --keep-days; laptops offline longer download again",
    )
    prune.add_argument(
        "--keep-days",
        type=_positive,
        default=90,
        help="days of history to keep; longer than any laptop stays offline (default: 90)",
    )
    prune_audit = sub.add_parser(
        "prune-audit",
        parents=[common],
        help="delete audit rows older than --keep-days, optionally archived first to a JSON-lines file",
    )
    prune_audit.add_argument(
        "--keep-days",
        type=_positive,
        required=True,
        help="days of audit log to keep in the database",
    )
    prune_audit.add_argument(
        "--archive",
        type=Path,
        metavar="FILE.jsonl",
        help="append the rows to this file (synced to disk) before deleting them",
    )
    sub.add_parser(
        "new-epoch",
        parents=[common],
        help="after a restore from backup: make every laptop re-download",
    )
    key = sub.add_parser(
        "key",
        parents=[common],
        help="at-rest encryption: key new FILE | key rotate [--new-data-key] | key status",
        description="new FILE: write a fresh key first in FILE (older keys stay below it). rotate: encrypt what is "
        "still plaintext and re-wrap every data key with the first key of the key file. status: what wraps what.",
    )
    key.add_argument("action", choices=["new", "rotate", "status"])
    key.add_argument("file", nargs="?", help="the key file (for `new`)")
    key.add_argument(
        "--new-data-key",
        action="store_true",
        help="rotate: also start a new data key and re-encrypt every value with it",
    )
    rotate = sub.add_parser("rotate-key", parents=[common], help="same as: key rotate")
    rotate.add_argument("--new-data-key", action="store_true")
    rotate.set_defaults(action="rotate", file=None)
    demo = sub.add_parser(
        "seed-demo", parents=[common], help="fill an empty database with a synthetic agency"
    )
    demo.add_argument("--children", type=int, default=100)
    demo.add_argument("--months", type=int, default=6)
    demo.add_argument(
        "--enrollment-code",
        action="store_true",
        help="also print a laptop enrollment code (what `enrollment-code` prints)",
    )
    _export_commands(sub, common)
    from fieldcase.server import instruments_cli, providers_cli

    providers_cli.add_commands(sub, common)
    instruments_cli.add_commands(sub, common)
    return parser


def _export_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """The two reports that leave the server (docs/agency-export.md, docs/visit-figures.md)."""
    export = sub.add_parser(
        "export-contacts",
        parents=[common],
        help="approved home visits, family visits and trips since a cursor, for the state system (docs/agency-export.md)",
    )
    export.add_argument(
        "--since", help="the cursor the last run printed, or 'start' for everything"
    )
    export.add_argument(
        "--cursor-file",
        help="read the cursor from this file (unless --since) and store the next one in it",
    )
    export.add_argument("--format", default="jsonl", choices=["jsonl", "csv"])
    export.add_argument(
        "--output",
        help="write to this file (default: standard output; the next cursor then goes to standard error)",
    )
    figures = sub.add_parser(
        "visit-figures",
        parents=[common],
        help="federal caseworker-visit figures for a fiscal year (42 USC 624(f); docs/visit-figures.md)",
    )
    figures.add_argument(
        "--fiscal-year",
        type=int,
        required=True,
        help="the federal fiscal year, named by the year it ends in",
    )
    figures.add_argument("--team", help="only this team (its name)")
    figures.add_argument("--format", default="text", choices=["text", "csv", "json"])


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("give a number of at least 1")
    return number


def _seconds(value: str) -> float:
    number = float(value)
    if not 0 < number <= 3600:
        raise argparse.ArgumentTypeError("give a number of seconds between 0 and 3600")
    return number


def _db(args: argparse.Namespace):
    from fieldcase.server.db import Database, database_url

    return Database(database_url(getattr(args, "db", None)))


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    missing = [name for name in ("fastapi", "uvicorn", "pydantic_settings") if not _installed(name)]
    if missing:  # a laptop install: the server's web stack is the `server` extra
        print(
            f"fieldcase-server: the server's packages are not installed ({', '.join(missing)}); "
            "install them with: pip install 'fieldcase[server]'",
            file=sys.stderr,
        )
        return 1
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    try:
        return _dispatch(args)
    except UserError as error:
        print(f"fieldcase-server: {error.message}", file=sys.stderr)
        return 1


def _settings(url: str):
    """The server's settings (docs/server.md "Settings"); a bad one stops here, named, without a traceback."""
    from pydantic import ValidationError

    from fieldcase.server.config import Settings, SettingsFileMissing

    try:
        return Settings(database_url=url)
    except (ValidationError, SettingsFileMissing) as error:
        raise UserError(f"the settings are not valid: {error}", code="bad_settings") from None


def _dispatch(args: argparse.Namespace) -> int:

    command = args.command
    if command in ("key", "rotate-key"):
        from fieldcase.server.key_rotation import key_command

        return key_command(
            args.action, args.file, new_data_key=args.new_data_key, open_db=lambda: _db(args)
        )
    db = _db(args)
    try:
        return _run(args, db)
    finally:  # a refused command (UserError) too: its pooled connections are closed, not left to the GC
        db.dispose()


def _run(args: argparse.Namespace, db: Any) -> int:
    from fieldcase.server import admin, history_retention, purges

    command = args.command
    settings = _settings(db.url)
    if command == "init-db":
        created = admin.init_db(db)
        print("database initialised" if created else "database upgraded")
    elif command == "run":
        import os

        import uvicorn

        from fieldcase.logs import server_log_config
        from fieldcase.server import slow_clients
        from fieldcase.server.db import ENV_DB

        admin.init_db(db)
        if args.workers > 1 and db.dialect == "sqlite":
            print(
                f"fieldcase-server: {args.workers} workers on SQLite share one write lock; one worker is usually as fast. "
                "Use PostgreSQL for several workers.",
                file=sys.stderr,
            )
        db.dispose()
        # Every worker process builds its own app (engines, pools) from the environment: uvicorn
        # needs an import string to start more than one process.
        os.environ[ENV_DB] = db.url
        # slow or stalled requests are answered 408 and dropped (server/slow_clients.py), in every worker
        os.environ[slow_clients.ENV_HEADER_TIMEOUT] = str(args.header_timeout)
        os.environ[slow_clients.ENV_BODY_TIMEOUT] = str(args.body_timeout)
        uvicorn.run(
            "fieldcase.server.app:app_from_env",
            factory=True,
            http="fieldcase.server.slow_clients:BoundedH11Protocol",
            workers=args.workers,
            host=args.host,
            port=args.port,
            ssl_certfile=args.certfile,
            ssl_keyfile=args.keyfile,
            # the sign-in back-off counts per client address: behind a proxy on another host every laptop
            # would share the proxy's address (and its lock) unless that proxy's X-Forwarded-For is believed
            proxy_headers=True,
            forwarded_allow_ips=args.trusted_proxy or ["127.0.0.1"],
            log_level="info",
            # JSON lines in every worker (fieldcase/logs.py); uvicorn's access line would carry the
            # raw path and query (ids, cursors): the request log middleware writes one instead
            log_config=server_log_config(),
            access_log=False,
        )
        return 0
    elif command == "create-org":
        print(admin.create_org(db, args.name))
    elif command in ("create-team", "add-team"):
        print(admin.create_team(db, args.name, supervisor=args.supervisor))
    elif command == "set-supervisor":
        admin.set_supervisor(db, args.team, args.username)
    elif command in ("create-user", "add-user"):
        password = sys.stdin.readline().rstrip("\n")
        if len(password) < 12:
            raise UserError(
                "Give a password of at least 12 characters on stdin.", code="weak_password"
            )
        print(
            admin.create_user(
                db,
                args.username,
                password,
                role=args.role,
                team=args.team,
                display_name=args.display_name,
            )
        )
    elif command in ("assign-case", "assign"):
        admin.assign_case(
            db,
            args.case_id,
            args.username,
            role="covering" if args.covering else "primary",
            starts_on=args.starts_on,
            ends_on=args.ends_on,
        )
    elif command in ("enrollment-code", "enroll-code"):
        print(_new_enrollment_code(db, settings))
    elif command == "device":
        if args.action == "list":
            for row in admin.list_devices(db):
                print(json.dumps(row))
        else:
            if not args.device_id:
                raise UserError("Name the device id.", code="no_device")
            print(admin.set_device_state(db, args.device_id, args.action))
    elif command in ("revoke-device", "wipe-device"):
        print(admin.set_device_state(db, args.device_id, args.device_action))
    elif command == "unlock-user":
        from fieldcase.server import throttle

        if args.list:
            for name, failures, until in throttle.locked_accounts(db):
                state = f"locked until {until:%Y-%m-%d %H:%M} UTC" if until else "not locked"
                print(f"{name}\t{failures} failed sign-in(s)\t{state}")
        elif not args.username:
            raise UserError("Name the user to unlock, or give --list.", code="no_user")
        else:
            forgotten = throttle.unlock_account(db, args.username, by=args.by)
            print(f"{args.username}: unlocked; {forgotten} failed sign-in(s) forgotten")
    elif command in ("import-agency", "import-cases"):
        from pathlib import Path

        from fieldcase.server.agency_import import import_agency

        report = import_agency(
            db,
            Path(args.path if command == "import-agency" else args.csv_file),
            dry_run=args.dry_run,
            as_table="cases" if command == "import-cases" else None,
        )
        for line in report.lines():
            print(line, file=sys.stdout if report.ok else sys.stderr)
        if not report.ok:
            return 1
    elif command == "sample-agency":
        from pathlib import Path

        from fieldcase.server.agency_import.sample import SampleAgency, write_folder, write_jsonl

        made = SampleAgency(
            caseworkers=args.caseworkers, children=args.children, years=args.years, seed=args.seed
        )
        rows = made.rows()
        folder = Path(args.folder)
        write_folder(rows, folder)
        if args.jsonl:
            write_jsonl(rows, folder.with_suffix(".jsonl"))
        print(
            f"synthetic agency written to {folder}: "
            + ", ".join(f"{len(v)} {k}" for k, v in rows.items())
        )
        print(
            f"its cases are assigned to the users {made.workers[0]} ... {made.workers[-1]}: create them before importing."
        )
        return 0
    elif command == "purge":
        found = purges.describe_record(db, args.record_id)
        if found is None:
            raise UserError("No such record.", code="no_record")
        if found["purged"]:
            raise UserError("That record is already purged.", code="already_purged")
        what = f"{found['kind']} {found['id']} (case {found['case_id']}, rev {found['rev']}, {found['status']})"
        if found["kind"] == "case":
            what += f" and the {found['records']} records of the case, with their attachments"
        if not args.yes:
            print(f"would purge {what}; this cannot be undone. Run again with --yes to purge it.")
            return 1
        purges.purge_record(db, args.record_id, reason=args.reason, by=args.by)
        print(f"purged {what}: reason {args.reason}")
    elif command == "prune-history":
        history = history_retention.prune_history(db, keep_days=args.keep_days)
        print(
            f"history kept for {args.keep_days} days: horizon {history.horizon_seq}; deleted {history.changes_deleted} old changes, "
            f"{history.tombstones_deleted} tombstone(s), {history.scope_events_deleted} scope event(s). "
            "Laptops that last synced before the horizon download their caseload again."
        )
    elif command == "prune-audit":
        from fieldcase.server.audit_retention import prune_audit

        try:
            pruned = prune_audit(db, keep_days=args.keep_days, archive=args.archive)
        except OSError as exc:
            print(
                f"fieldcase-server: cannot write the archive {args.archive}: {exc.strerror}; nothing was deleted after that.",
                file=sys.stderr,
            )
            return 1
        where = f", archived to {pruned.archived_to}" if pruned.archived_to else ""
        print(
            f"audit log kept for {args.keep_days} days: deleted {pruned.deleted} row(s) older than {pruned.before}{where}."
        )
    elif command == "new-epoch":
        print(admin.new_epoch(db))
    elif command in ("export-contacts", "visit-figures"):
        from fieldcase.server.export_cli import run_export_command

        return run_export_command(db, args)
    elif command == "providers":
        from fieldcase.server.providers_cli import run_providers_command

        return run_providers_command(db, args)
    elif command == "instruments":
        from fieldcase.server.instruments_cli import run_instruments_command

        return run_instruments_command(db, args)
    elif command == "seed-demo":
        from fieldcase.server.demo import seed_demo

        admin.init_db(db)
        summary = seed_demo(db, children=args.children, months=args.months)
        print(
            f"synthetic agency created: {summary['children']} children, {summary['records']} records"
        )
        print(f"every demo account uses the password: {summary['password']}")
        for user in summary["users"]:
            print(f"  {user['role']:<11} {user['username']}")
        if args.enrollment_code:  # `fieldcase demo` enrolls at once: one process, not two
            print(f"enrollment code: {_new_enrollment_code(db, settings)}")
    return 0


def _new_enrollment_code(db: Any, settings: Any) -> str:
    """A new single-use code and until when it holds (what `enrollment-code` prints)."""
    from fieldcase.server import admin

    code, expires = admin.enrollment_code(db, settings)
    return f"{code}  (single use, valid until {expires:%H:%M} UTC)"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
