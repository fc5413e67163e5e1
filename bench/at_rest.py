"""What at-rest encryption costs a pull: reading N home-visit bodies from the `record` table with the
encrypted column type against the same bodies in a plain JSON column, on SQLite (the read path of
GET /sync/changes, without HTTP).

    .venv/bin/python bench/at_rest.py [--records 5000] [--rounds 5]

Prints the bodies per second of each and their ratio; asserts nothing. Data is synthetic.
"""

from __future__ import annotations

import argparse
import base64
import os
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import JSON, Column, MetaData, String, Table, insert, select

from fieldcase.server.at_rest import EncryptedJSON
from fieldcase.server.db import Database
from fieldcase.server.keyring import Keyring, new_kek_text, parse_keks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from loadavg import report_load  # bench/ is on sys.path when a bench is run as a script

    report_load()
    body = {
        "observations": "Synthetic narrative sentence about the visit. " * 40,
        "child_statements": "Synthetic words. " * 20,
        "attachments": [
            {"sha256": "ab" * 32, "name": "photo.jpg", "mime": "image/jpeg", "kind": "photo"}
        ],
        "visit_date": "2026-12-01",
    }
    meta = MetaData()
    plain = Table(
        "plain_body", meta, Column("id", String(36), primary_key=True), Column("body", JSON)
    )
    sealed = Table(
        "sealed_body",
        meta,
        Column("id", String(36), primary_key=True),
        Column("body", EncryptedJSON("bench.body")),
    )
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(
            f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            keyring=Keyring(parse_keks(new_kek_text(), "bench")),
        )
        db.migrate()
        meta.create_all(db.write_engine)
        with db.write() as session:
            for table in (plain, sealed):
                session.execute(
                    insert(table), [{"id": f"{i:08d}", "body": body} for i in range(args.records)]
                )
        rates = {}
        for table in (plain, sealed):
            times = []
            for _ in range(args.rounds):
                start = time.perf_counter()
                with db.read() as session:
                    rows = session.execute(select(table.c.body)).scalars().all()
                times.append(time.perf_counter() - start)
                assert len(rows) == args.records and rows[0]["visit_date"] == "2026-12-01"
            rates[table.name] = args.records / statistics.median(times)
        db.dispose()
    print(f"plain JSON bodies:     {rates['plain_body']:>10,.0f} /s")
    print(f"encrypted JSON bodies: {rates['sealed_body']:>10,.0f} /s")
    print(f"encrypted / plain:     {rates['sealed_body'] / rates['plain_body']:.2f}")


if __name__ == "__main__":
    os.environ.setdefault(
        "FIELDCASE_SERVER_KEY", base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")
    )
    main()
