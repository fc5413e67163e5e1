"""Unlocking and the caseload's reads never wait for SQLAlchemy's import (store/record_rows.py), nor
for the parts of the domain the caseload does not use (trips, family-visit entries, the compliance
engine beyond the monthly visits): proved in a fresh interpreter; and the plain-SQL reads and audit
events are the same as before."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

from fieldcase.store import record_rows
from fieldcase.store.tables import record, record_child
from helpers.services import TODAY, seed_caseload
from helpers.store import PASSPHRASE, a_visit

PROBE = """
import sys
from datetime import date
from fieldcase.services.caseload import load_caseload
from fieldcase.services.session import Session
session = Session(data_dir={data_dir!r})
session.unlock(passphrase={passphrase!r})
rows = load_caseload(session.store, today=date.fromisoformat({today!r})).rows
session.check_integrity()
identity = session.store.identity()
unused = ("fieldcase.domain.transport_trips", "fieldcase.domain.visitation_entries", "fieldcase.domain.compliance.caseload")
print(len(rows), sorted(r.child_name for r in rows) == sorted({names!r}), session.pages_checked,
      sorted(m for m in sys.modules if m == "sqlalchemy" or m.startswith("sqlalchemy.")), sorted(m for m in unused if m in sys.modules))
session.lock()
"""


def test_unlock_caseload_page_check_and_lock_load_no_sqlalchemy_nor_unused_domain_modules(
    store, data_dir
):
    families = seed_caseload(store, families=3, children_per_family=2, visits_per_child=2)
    names = [
        p.body["given_name"] + " " + p.body["family_name"]
        for p in store.list(kind="person")
        if p.body["role"] == "child"
    ]
    store.lock()
    probe = PROBE.format(
        data_dir=str(data_dir), passphrase=PASSPHRASE, today=TODAY.isoformat(), names=names
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split() == [str(2 * len(families)), "True", "True", "[]", "[]"]


def test_unlock_and_lock_events_written_in_plain_sql_keep_the_audit_chain(store, data_dir, clock):
    from fieldcase.store.store import Store

    store.save(a_visit("case-1", "child-1"))
    store.lock()
    again = Store.unlock(
        data_dir, PASSPHRASE, clock=clock
    )  # "unlock" written before the engine exists
    assert again._engine is None
    again.save(a_visit("case-1", "child-2"))  # the engine is made now, over the same connection
    assert again._engine is not None
    again.lock()
    last = Store.unlock(data_dir, PASSPHRASE, clock=clock)
    try:
        actions = [e.action for e in last.audit_events()]
        assert actions[-5:] == ["lock", "unlock", "record.create", "lock", "unlock"]
        assert last.first_broken_audit_link() is None
    finally:
        last.lock()


def test_plain_sql_reads_answer_as_sqlalchemy_did(store):
    from sqlalchemy import select

    families = seed_caseload(store, families=2, children_per_family=2, visits_per_child=3)
    child = families[0].child_ids[0]
    filters = [
        {},
        {"kind": "home_visit"},
        {"kind": "person", "case_id": families[1].case_id},
        {"child_id": child},
        {"kind": "home_visit", "since": "2025-02-01", "until": "2025-03-31"},
        {"status": "draft", "limit": 2},
    ]
    with (
        store.reading() as connection
    ):  # the same queries in SQLAlchemy Core, as records.py had them
        for f in filters:
            query = select(record)
            if "child_id" in f:
                query = query.join(record_child, record_child.c.record_id == record.c.id).where(
                    record_child.c.child_id == f["child_id"]
                )
            for name in ("kind", "case_id", "status"):
                if name in f:
                    query = query.where(record.c[name] == f[name])
            if "since" in f:
                query = query.where(
                    record.c.occurred_on >= f["since"], record.c.occurred_on <= f["until"]
                )
            query = query.order_by(record.c.occurred_on.desc(), record.c.id).limit(f.get("limit"))
            expected = [row.id for row in connection.execute(query)]
            assert [r.id for r in store.list(**f)] == expected and expected
    visits = store.repository("home_visit").stored_about_children(
        since="2025-01-01", until="2025-12-31"
    )
    assert len(visits) == 2 * 3
    assert (
        store.repository("home_visit").stored_about_children(
            since="2025-01-01", until="2025-12-31", child_ids=[]
        )
        == []
    )
    one = store.repository("home_visit").stored_about_children(
        since="2025-01-01", until="2025-01-31", child_ids=[child]
    )
    assert [v.body["children"][0]["child_id"] for v in one] == [child]
    assert store.get(visits[0].id) == visits[0]


def test_the_plain_sql_columns_are_the_tables_columns():
    assert (
        tuple(f.name for f in dataclasses.fields(record_rows.StoredRecord)) == record_rows.COLUMNS
    )
    assert set(record_rows.COLUMNS) <= set(record.c.keys())
    assert {"record_id", "child_id", "occurred_on"} <= set(record_child.c.keys())


def test_a_plain_sql_write_whose_commit_fails_leaves_no_transaction_open(store):
    import pytest
    import sqlcipher3.dbapi2 as sqlcipher

    with pytest.raises(sqlcipher.IntegrityError), store._writing_rows() as connection:
        connection.execute(
            "PRAGMA defer_foreign_keys = ON"
        )  # the missing record is found at COMMIT
        connection.execute(
            "INSERT INTO record_child (record_id, child_id, occurred_on, seen) VALUES ('no-such-record', 'c', NULL, 0)"
        )
    assert not store._connection.in_transaction
    store.save(a_visit("case-1", "child-1"))  # the store goes on writing; the failed row is gone
    assert [r.kind for r in store.list()] == ["home_visit"]
    with store.reading() as connection:
        assert (
            connection.exec_driver_sql(
                "SELECT count(*) FROM record_child WHERE record_id = 'no-such-record'"
            ).scalar()
            == 0
        )
