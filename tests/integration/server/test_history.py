"""History retention (sync.md "Deletes": tombstones live longer than the longest offline period; a
cursor older than that gets 410 resync_required): `history_retention.prune_history` / `fieldcase-server
prune-history` delete superseded change-log entries and old tombstones and advance the horizon in
the same transaction. On SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from fieldcase.domain.ids import new_id
from fieldcase.errors import UserError
from fieldcase.server import admin, history_retention, purges
from fieldcase.server.models import (
    AuditLog,
    ChangeLog,
    MutationLedger,
    Record,
    ScopeEventRow,
    ServerState,
    utcnow,
)


def _age_history(db, days: int, *, up_to_seq: int | None = None) -> None:
    """Pretend every change (up to `up_to_seq`) happened `days` ago."""
    with db.write() as session:
        query = update(ChangeLog).values(created_at=utcnow() - timedelta(days=days))
        if up_to_seq is not None:
            query = query.where(ChangeLog.seq <= up_to_seq)
        session.execute(query)


def _top(db) -> int:
    with db.read() as session:
        return session.execute(select(func.max(ChangeLog.seq))).scalar_one()


def _history(db, record_id: str) -> list[str]:
    with db.read() as session:
        return list(
            session.execute(
                select(ChangeLog.what)
                .where(ChangeLog.record_id == record_id)
                .order_by(ChangeLog.seq)
            ).scalars()
        )


def _patch(device, record, base_rev, old, new):
    [r] = device.push_ok(
        device.mutation(
            "patch",
            "home_visit",
            record,
            base_rev=base_rev,
            patch={"observations": {"base": old, "new": new}},
        )
    )
    assert r["result"] == "applied", r


def test_prune_keeps_the_latest_change_of_live_records_drops_old_tombstones_and_advances_the_horizon(
    server,
):
    server.make_user("ana")
    case = server.make_case("ana")
    ana = server.device("ana")
    kept, purged = new_id(), new_id()
    ana.push_ok(
        ana.mutation("create", "home_visit", kept, fields={"case_id": case, "observations": "v1"}),
        ana.mutation(
            "create", "home_visit", purged, fields={"case_id": case, "observations": "gone"}
        ),
    )
    _patch(ana, kept, 1, "v1", "v2")
    _patch(ana, kept, 2, "v2", "v3")
    ana.pull_all()
    stale_cursor = ana.cursor
    purges.purge_record(server.db, purged)
    old_top = _top(server.db)
    _age_history(server.db, 100)
    # newer than the retention: superseded or not, it stays
    _patch(ana, kept, 3, "v3", "v4")
    _patch(ana, kept, 4, "v4", "v5")
    ana.pull_all()
    current_cursor = ana.cursor
    with server.db.read() as session:
        ledger_before = session.execute(
            select(func.count()).select_from(MutationLedger)
        ).scalar_one()

    report = history_retention.prune_history(server.db, keep_days=90)

    assert report.horizon_seq == old_top
    assert report.tombstones_deleted == 1 and report.changes_deleted >= 2
    with server.db.read() as session:
        assert session.get(ServerState, 1).horizon_seq == old_top
        assert session.get(Record, purged) is None
        assert (
            session.execute(select(func.count()).select_from(MutationLedger)).scalar_one()
            == ledger_before
        )  # kept forever
        [audit] = (
            session.execute(select(AuditLog).where(AuditLog.action == "prune_history"))
            .scalars()
            .all()
        )
        assert audit.detail["horizon_seq"] == old_top and audit.detail["keep_days"] == 90
    # the old revisions of the live record are gone (the last old one is superseded by newer ones);
    # its changes since the horizon are all kept
    assert _history(server.db, kept) == ["record", "record"]
    assert _history(server.db, purged) == []

    # a laptop whose cursor is older than the horizon must download again; a current one carries on
    gone = ana.pull(cursor=stale_cursor)
    assert gone.status_code == 410 and gone.json()["error"]["code"] == "resync_required"
    assert ana.pull(cursor=current_cursor).status_code == 200
    # a fresh laptop still gets every live record, in its latest state, and no trace of the purged one
    fresh = server.device("ana")
    seen = {c["record_id"]: c for c in fresh.pull_all()}
    assert seen[kept]["body"]["observations"] == "v5" and seen[kept]["rev"] == 5
    assert purged not in seen and case in seen


def test_prune_never_moves_the_horizon_back_and_keeps_recent_history(server):
    server.make_user("ana")
    case = server.make_case("ana")
    ana = server.device("ana")
    record = new_id()
    ana.push_ok(
        ana.mutation("create", "home_visit", record, fields={"case_id": case, "observations": "a"})
    )
    _patch(ana, record, 1, "a", "b")
    first = history_retention.prune_history(server.db, keep_days=90)  # nothing is that old
    assert (first.horizon_seq, first.changes_deleted, first.tombstones_deleted) == (0, 0, 0)
    assert _history(server.db, record) == ["record", "record"]
    with server.db.write() as session:
        session.execute(update(ServerState).values(horizon_seq=3))
    assert history_retention.prune_history(server.db, keep_days=90).horizon_seq == 3
    with pytest.raises(UserError):
        history_retention.prune_history(server.db, keep_days=0)


def test_prune_keeps_the_latest_scope_event_of_each_case_for_late_uploads(server):
    # the last revoke of a case decides whether late work is held for the supervisor (records.py)
    server.make_user("ana")
    server.make_user("ben")
    case = server.make_case("ana")
    ana = server.device("ana")
    ana.pull_all()
    admin.assign_case(server.db, case, "ben")  # ana loses the case ...
    ana.pull_all()
    admin.assign_case(server.db, case, "ana")  # ... gets it back ...
    ana.pull_all()
    admin.assign_case(server.db, case, "ben")  # ... and loses it again
    ana.pull_all()
    _age_history(server.db, 100)
    history_retention.prune_history(server.db, keep_days=90)
    with server.db.read() as session:
        events = (
            session.execute(
                select(ScopeEventRow.event).where(ScopeEventRow.device_id == ana.device_id)
            )
            .scalars()
            .all()
        )
        logged = (
            session.execute(select(ChangeLog.what).where(ChangeLog.what.in_(("grant", "revoke"))))
            .scalars()
            .all()
        )
    assert events == ["revoke"] and logged == ["revoke"]


def test_prune_history_command(sqlite_server, capsys):
    from fieldcase.server.cli import main

    sqlite_server.make_user("ana")
    case = sqlite_server.make_case("ana")
    record = sqlite_server.add_record("home_visit", case, {"observations": "x"})
    purges.purge_record(sqlite_server.db, record)
    top = _top(sqlite_server.db)
    _age_history(sqlite_server.db, 40)
    db = sqlite_server.db.url.removeprefix("sqlite:///")
    assert main(["--db", db, "prune-history"]) == 0  # default: 90 days, nothing that old
    assert "horizon 0" in capsys.readouterr().out
    assert main(["--db", db, "prune-history", "--keep-days", "30"]) == 0
    out = capsys.readouterr().out
    assert f"horizon {top}" in out and "1 tombstone" in out
    with sqlite_server.db.read() as session:
        assert session.get(Record, record) is None
    with pytest.raises(SystemExit):
        main(["--db", db, "prune-history", "--keep-days", "0"])
