"""Benchmark of `fieldcase-server import-agency`: a whole agency imported, then imported again.

    .venv/bin/python bench/agency_import.py [--caseworkers 2000] [--children 15000] [--years 5] [--sqlite] [--jsonl]

1. a fresh PostgreSQL schema at $FIELDCASE_BENCH_PG (default postgresql+psycopg://postgres@127.0.0.1:5432/test),
   dropped afterwards (--sqlite: a SQLite file in a temporary directory instead), `init-db`, the
   organisation and --caseworkers accounts;
2. a SYNTHETIC agency written as the import's CSV folder (sample.py: --children children in family
   cases, --years of placements, hearings every three months, key dates, exits) — not timed;
3. the import of the folder (one transaction, bulk statements) -> seconds and rows/s;
4. the import of the same, unchanged folder again (nothing to write) -> seconds, and its share of (3).

Targets (issue 17), for 2,000 caseworkers, 15,000 children, 5 years on PostgreSQL: the import under
2 minutes; the re-import under a quarter of that. At a smaller size the time per row is measured and
the full size extrapolated from it (the work is linear in the rows). Prints numbers, the load
average (the machine may be shared: the import's own CPU time is printed too) and ok/OVER verdicts; asserts nothing. Data is synthetic.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

PG_DEFAULT = os.environ.get(
    "FIELDCASE_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
TARGET_IMPORT = 120.0  # seconds, full size
TARGET_REIMPORT_SHARE = 0.25
FULL = {"caseworkers": 2000, "children": 15000, "years": 5}


def load() -> str:
    return (
        f"{os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)" if hasattr(os, "getloadavg") else "n/a"
    )


def database(sqlite: bool, tmp: Path):  # type: ignore[no-untyped-def]
    from fieldcase.server.db import Database

    if sqlite:
        return Database(f"sqlite:///{tmp / 'bench.sqlite3'}"), None
    import psycopg

    schema = f"fc_bench_{uuid.uuid4().hex[:10]}"
    plain = PG_DEFAULT.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return Database(PG_DEFAULT, connect_args={"options": f"-csearch_path={schema}"}), (
        plain,
        schema,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--caseworkers", type=int, default=FULL["caseworkers"])
    parser.add_argument("--children", type=int, default=FULL["children"])
    parser.add_argument("--years", type=int, default=FULL["years"])
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument(
        "--jsonl", action="store_true", help="import one JSON Lines file instead of the CSV folder"
    )
    args = parser.parse_args()
    from loadavg import report_load  # bench/ is on sys.path when a bench is run as a script

    report_load()

    from fieldcase.server import admin
    from fieldcase.server.agency_import import import_agency
    from fieldcase.server.agency_import.sample import (
        SampleAgency,
        create_caseworkers,
        write_folder,
        write_jsonl,
    )

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db, pg = database(args.sqlite, tmp)
        try:
            admin.init_db(db)
            admin.create_org(db, "Synthetic bench agency")
            made = SampleAgency(
                caseworkers=args.caseworkers, children=args.children, years=args.years, seed=11
            )
            create_caseworkers(db, made.workers, password="bench password that is long enough")
            started = time.perf_counter()
            rows = made.rows()
            path = tmp / ("agency.jsonl" if args.jsonl else "agency")
            (write_jsonl if args.jsonl else write_folder)(rows, path)
            total = sum(len(v) for v in rows.values())
            print(
                f"backend: {'SQLite' if args.sqlite else 'PostgreSQL'}; agency: {args.caseworkers} caseworkers, {args.children} children, "
                f"{args.years} years -> {total} rows ({', '.join(f'{len(v)} {k}' for k, v in rows.items())}); generated in {time.perf_counter() - started:.1f} s"
            )
            print(f"load average before: {load()}")

            started, cpu = time.perf_counter(), time.process_time()
            first = import_agency(db, path)
            first_s, first_cpu = time.perf_counter() - started, time.process_time() - cpu
            assert first.ok, first.lines()[:5]
            print(
                f"import:    {first_s:7.1f} s  {total / first_s:8.0f} rows/s  ({first.written} records written; this process's CPU {first_cpu:.1f} s)"
            )
            started, cpu = time.perf_counter(), time.process_time()
            again = import_agency(db, path)
            again_s, again_cpu = time.perf_counter() - started, time.process_time() - cpu
            assert again.ok and again.written == 0, again.lines()
            print(
                f"re-import: {again_s:7.1f} s  {total / again_s:8.0f} rows/s  (nothing written; CPU {again_cpu:.1f} s)  = {again_s / first_s:.0%} of the import"
            )
            print(f"load average after: {load()}")

            scale = (
                FULL["children"] / args.children * FULL["years"] / args.years
                if args.children
                else 1.0
            )
            scale = (
                max(scale, 1.0)
                if (args.children, args.years) != (FULL["children"], FULL["years"])
                else 1.0
            )
            full_import, full_again = first_s * scale, again_s * scale
            label = (
                f"full size (extrapolated x{scale:.1f}, linear in rows)"
                if scale != 1.0
                else "full size"
            )
            print(
                f"{label}: import {full_import:.0f} s (target < {TARGET_IMPORT:.0f} s: {'ok' if full_import < TARGET_IMPORT else 'OVER'}); "
                f"re-import {full_again:.0f} s (target < {TARGET_IMPORT * TARGET_REIMPORT_SHARE:.0f} s and < a quarter of the import: "
                f"{'ok' if full_again < TARGET_IMPORT * TARGET_REIMPORT_SHARE and again_s < first_s * TARGET_REIMPORT_SHARE else 'OVER'})"
            )
        finally:
            db.dispose()
            if pg is not None:
                import psycopg

                with psycopg.connect(pg[0], autocommit=True) as conn:
                    conn.execute(f"DROP SCHEMA {pg[1]} CASCADE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
