"""The push's hot path (pushes.py) keeps the promises of the slow one: a mutation that fails inside
the database is rolled back alone (its savepoint), later mutations of the same batch see the record
as it was before it, nothing of it reaches the ledger; a batch naming one mutation twice has one
effect; the push's audit rows are written with its transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from fieldcase.domain.ids import new_id
from fieldcase.server import pushes
from fieldcase.server.models import AuditLog, ChangeLog, MutationLedger, Record


def test_a_mutation_failing_in_the_database_is_rolled_back_alone(server, monkeypatch):
    server.make_user("ana")
    case = server.make_case("ana")
    ana = server.device("ana")
    a, b = new_id(), new_id()
    create = ana.mutation(
        "create", "home_visit", a, fields={"case_id": case, "observations": "one"}
    )
    poison = ana.mutation(
        "patch",
        "home_visit",
        a,
        base_rev=1,
        patch={"observations": {"base": "one", "new": "poison"}},
    )
    real_write = pushes._Batch.write

    def write(self, conn):  # type: ignore[no-untyped-def]
        real_write(self, conn)  # the record's UPDATE is sent, then the database refuses a statement
        if self.mutation_id == poison["mutation_id"]:
            conn.exec_driver_sql("SELECT * FROM no_such_table")

    monkeypatch.setattr(pushes._Batch, "write", write)
    results = ana.push_ok(
        create,
        poison,
        ana.mutation(
            "patch",
            "home_visit",
            a,
            base_rev=1,
            patch={"observations": {"base": "one", "new": "two"}},
        ),
        ana.mutation("create", "home_visit", b, fields={"case_id": case}),
    )
    assert [(r["result"], r.get("code")) for r in results] == [
        ("applied", None),
        ("deferred", "server_error"),
        ("applied", None),
        ("applied", None),
    ]
    # the third mutation saw rev 1 (not the poison's rev 2 kept in memory) and applied cleanly
    assert results[2]["rev"] == 2 and not results[2]["conflicts"]
    with server.db.read() as session:
        record = session.get(Record, a)
        assert (
            record.rev == 2
            and record.body["observations"] == "two"
            and record.last_seq == results[2]["seq"]
        )
        ledger = set(session.execute(select(MutationLedger.mutation_id)).scalars())
        assert poison["mutation_id"] not in ledger and len(ledger) == 3
        logged = session.execute(
            select(ChangeLog.seq, ChangeLog.record_id, ChangeLog.rev).order_by(ChangeLog.seq)
        ).all()
        mine = [(seq, rid, rev) for seq, rid, rev in logged if rid in (a, b)]
        assert mine == [
            (results[0]["seq"], a, 1),
            (results[2]["seq"], a, 2),
            (results[3]["seq"], b, 1),
        ]
    monkeypatch.setattr(pushes._Batch, "write", real_write)
    [again] = ana.push_ok(
        poison
    )  # retried later: three-way merge against rev 2 -> both values kept
    assert again["result"] == "conflict"


def test_the_same_mutation_twice_in_one_batch_has_one_effect(server):
    server.make_user("ana")
    case = server.make_case("ana")
    ana = server.device("ana")
    create = ana.mutation("create", "home_visit", new_id(), fields={"case_id": case})
    first, second = ana.push_ok(create, create)
    assert first == second and first["result"] == "applied"
    with server.db.read() as session:
        assert session.execute(select(MutationLedger.mutation_id)).scalars().all() == [
            create["mutation_id"]
        ]


def test_push_audit_rows_are_written_with_the_push(server):
    server.make_user("ana")
    case = server.make_case("ana")
    ana = server.device("ana")
    ana.push_ok(
        *[
            ana.mutation("create", "home_visit", new_id(), fields={"case_id": case})
            for _ in range(3)
        ]
    )
    with server.db.read() as session:
        rows = session.execute(select(AuditLog).where(AuditLog.action == "push")).scalars().all()
    assert (
        len(rows) == 1
        and rows[0].detail == {"mutations": 3, "applied": 3}
        and rows[0].device_id == ana.device_id
    )


@pytest.mark.parametrize("late", [False, True])
def test_hello_writes_last_seen_only_when_it_is_old(server, late):
    from datetime import timedelta

    from fieldcase.server.models import Device, utcnow

    server.make_user("ana")
    ana = server.device("ana")
    old = utcnow() - (timedelta(minutes=5) if late else timedelta(seconds=5))
    with server.db.write() as session:
        session.execute(
            text("UPDATE device SET last_seen_at = :t WHERE id = :d"),
            {
                "t": old.replace(tzinfo=None) if server.db.dialect == "sqlite" else old,
                "d": ana.device_id,
            },
        )
    assert ana.hello().status_code == 200
    with server.db.read() as session:
        seen = session.get(Device, ana.device_id).last_seen_at
        hellos = session.execute(select(AuditLog).where(AuditLog.action == "hello")).scalars().all()
    assert (seen > old + timedelta(seconds=2)) is late
    assert len(hellos) == 1  # audited either way


def _suspect(server, device_id: str) -> tuple[bool, str | None]:
    from fieldcase.server.models import Device

    with server.db.read() as session:
        device = session.get(Device, device_id)
        return device.suspect, device.suspect_reason


@pytest.mark.parametrize("where", ["middle", "last"])
def test_retrying_a_mutation_deferred_by_a_server_error_is_not_a_regression(
    server, monkeypatch, where
):
    server.make_user("ana")
    case = server.make_case("ana")
    ana = server.device("ana")
    batch = [
        ana.mutation("create", "home_visit", new_id(), fields={"case_id": case}) for _ in range(4)
    ]
    poison = batch[1] if where == "middle" else batch[-1]
    real_write = pushes._Batch.write

    def write(self, conn):  # type: ignore[no-untyped-def]
        real_write(self, conn)
        if self.mutation_id == poison["mutation_id"]:
            conn.exec_driver_sql("SELECT * FROM no_such_table")

    monkeypatch.setattr(pushes._Batch, "write", write)
    results = ana.push_ok(*batch)
    assert [r["result"] for r in results].count("deferred") == 1
    monkeypatch.setattr(pushes._Batch, "write", real_write)
    # the laptop retries the deferred mutation alone, then with new work, and says hello
    [again] = ana.push_ok(poison)
    assert again["result"] == "applied"
    ana.push_ok(poison, ana.mutation("create", "home_visit", new_id(), fields={"case_id": case}))
    assert ana.hello(last_device_seq=ana.device_seq).status_code == 200
    assert _suspect(server, ana.device_id) == (False, None)
    # a different mutation numbered like a ledgered one is still a regression (cloned/rolled-back store)
    clone = ana.mutation("create", "home_visit", new_id(), fields={"case_id": case})
    clone["device_seq"] = batch[0]["device_seq"]
    assert ana.push_ok(clone)[0]["result"] == "applied"  # applied anyway: nothing is dropped
    assert _suspect(server, ana.device_id) == (True, "device_seq_regression")
