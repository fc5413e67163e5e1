"""Purging a case (expungement): every record of the case goes — people, placements, plans, visits,
visitation entries, trips — with their attachments, conflicts and addenda; tombstones remain so
laptops delete their copies; one audit entry. On SQLite and on PostgreSQL."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select

from fieldcase.domain.ids import new_id
from fieldcase.errors import UserError
from fieldcase.server import purges
from fieldcase.server.models import (
    Addendum,
    AuditLog,
    Blob,
    BlobChunk,
    ChangeLog,
    Conflict,
    DeviceBlob,
    MutationLedger,
    Quarantine,
    Record,
    RecordAttachment,
)


def _chunk(device, sha, data):
    return device.put(
        f"/blobs/{sha}/chunks/0",
        data,
        headers={"X-FC-Chunk-SHA256": sha, "Content-Type": "application/octet-stream"},
    )


PHOTO = b"\xff\xd8 a photo of the home " * 50


def _upload(device, data: bytes) -> dict:
    sha = hashlib.sha256(data).hexdigest()
    device.post(f"/blobs/{sha}", {"size": len(data), "mime": "image/jpeg"})
    assert _chunk(device, sha, data).status_code == 200
    assert device.post(f"/blobs/{sha}/commit").status_code == 200
    return {"sha256": sha, "size": len(data), "mime": "image/jpeg", "name": "photo.jpg"}


def _a_full_case(server, ana):
    """A case with one record of every kind, an attached photo, a conflict and an addendum proposal."""
    case = server.make_case("ana")
    child = server.add_record(
        "person", case, {"role": "child", "given_name": "Expunged", "family_name": "Child"}
    )
    placement = server.add_record("placement", case, {"child_id": child})
    plan = server.add_record("visitation_plan", case, {})
    approved = server.add_record(
        "home_visit",
        case,
        {"observations": "approved words"},
        status="approved",
        created_by=ana.user_id,
    )
    visit, entry, trip = new_id(), new_id(), new_id()
    ana.push_ok(
        ana.mutation("create", "home_visit", visit, fields={"case_id": case, "observations": "a"}),
        ana.mutation("create", "visitation_entry", entry, fields={"case_id": case}),
        ana.mutation("create", "transport_trip", trip, fields={"case_id": case}),
    )
    photo = _upload(ana, PHOTO)
    [attached] = ana.push_ok(
        ana.mutation("attach", "home_visit", visit, field="attachments", attachment=photo)
    )
    assert attached["result"] == "applied"
    ana.push_ok(
        ana.mutation(
            "patch",
            "home_visit",
            visit,
            base_rev=2,
            patch={"observations": {"base": "a", "new": "b"}},
        )
    )
    [conflict] = ana.push_ok(
        ana.mutation(
            "patch",
            "home_visit",
            visit,
            base_rev=1,
            patch={"observations": {"base": "a", "new": "c"}},
        )
    )
    assert conflict["result"] == "conflict"
    [locked] = ana.push_ok(
        ana.mutation(
            "patch",
            "home_visit",
            approved,
            base_rev=1,
            patch={"observations": {"base": "approved words", "new": "x"}},
        )
    )
    assert locked["result"] == "locked"
    ids = {case, child, placement, plan, approved, visit, entry, trip}
    return case, ids, photo["sha256"]


def test_purging_a_case_purges_all_its_records_attachments_conflicts_and_addenda(server):
    server.make_user("ana")
    ana = server.device("ana")
    case, ids, sha = _a_full_case(server, ana)
    # another case, sharing nothing: untouched
    other = server.make_case("ana")
    other_visit = server.add_record("home_visit", other, {"observations": "stays"})
    # an edit held for review on a record of the case (content of the case too)
    earlier = server.add_record("home_visit", case, {"observations": "old"})
    purges.purge_record(server.db, earlier, reason="entered_in_error")
    [held] = ana.push_ok(
        ana.mutation(
            "patch",
            "home_visit",
            earlier,
            base_rev=1,
            patch={"observations": {"base": "old", "new": "held"}},
        )
    )
    assert held["code"] == "purged"
    ana.pull_all()
    assert ids <= set(ana.held)
    with server.db.read() as session:
        conflicted_id = session.execute(
            select(MutationLedger.mutation_id).where(MutationLedger.result == "conflict")
        ).scalar_one()
        assert (
            session.get(MutationLedger, conflicted_id).outcome["conflicts"][0]["client_value"]
            == "c"
        )
    with server.db.read() as session:
        before = session.execute(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == "purge")
        ).scalar_one()

    purges.purge_record(server.db, case, reason="expungement")

    with server.db.read() as session:
        rows = {
            r.id: r for r in session.execute(select(Record).where(Record.case_id == case)).scalars()
        }
        assert ids <= set(rows)
        assert all(r.deleted and r.body is None and r.field_authors == {} for r in rows.values())
        for model in (Conflict, Addendum, RecordAttachment):
            assert (
                session.execute(
                    select(func.count()).select_from(model).where(model.record_id.in_(ids))
                ).scalar_one()
                == 0
            )
        assert session.get(Blob, sha) is None
        assert (
            session.execute(
                select(func.count()).select_from(BlobChunk).where(BlobChunk.sha256 == sha)
            ).scalar_one()
            == 0
        )
        assert (
            session.execute(
                select(func.count()).select_from(DeviceBlob).where(DeviceBlob.sha256 == sha)
            ).scalar_one()
            == 0
        )
        assert (
            session.execute(
                select(func.count())
                .select_from(Quarantine)
                .where(Quarantine.record_id.in_(ids | {earlier}))
            ).scalar_one()
            == 0
        )
        purge_changes = (
            session.execute(
                select(ChangeLog.record_id).where(
                    ChangeLog.what == "purge", ChangeLog.record_id.in_(ids)
                )
            )
            .scalars()
            .all()
        )
        assert sorted(purge_changes) == sorted(ids)  # one purge change per record
        audits = (
            session.execute(
                select(AuditLog).where(AuditLog.action == "purge").order_by(AuditLog.id)
            )
            .scalars()
            .all()
        )
        assert len(audits) == before + 1  # audited once, for the case
        audit = audits[-1]
        assert (audit.target_kind, audit.target_id) == ("case", case)
        assert (
            audit.detail["reason"] == "expungement"
            and audit.detail["records"] == len(ids)
            and audit.detail["attachments"] == 1
        )
        assert session.get(Record, other_visit).body["observations"] == "stays"
        # the ledger's answer to the conflicting edit no longer quotes the case's words
        [ledgered] = session.execute(
            select(MutationLedger.outcome).where(MutationLedger.mutation_id == conflicted_id)
        ).scalars()
        assert ledgered["result"] == "conflict" and ledgered["conflicts"]
        assert all(
            c["server_value"] is None and c["client_value"] is None for c in ledgered["conflicts"]
        )
        assert [c["field"] for c in ledgered["conflicts"]] == ["observations"]

    # the laptop gets a tombstone for every record of the case
    tombs = {c["record_id"]: c for c in ana.pull_all()}
    assert ids <= set(tombs) and all(tombs[i]["deleted"] and tombs[i]["body"] is None for i in ids)
    assert ana.get(f"/blobs/{sha}").status_code == 404
    # a later edit from an offline laptop is held, not applied
    visit = next(i for i in ids if rows[i].kind == "transport_trip")
    [late] = ana.push_ok(
        ana.mutation(
            "patch",
            "transport_trip",
            visit,
            base_rev=1,
            patch={"plate": {"base": None, "new": "LATE 1"}},
        )
    )
    assert late["result"] == "deferred" and late["code"] == "purged"
    with pytest.raises(UserError):
        purges.purge_record(server.db, case, reason="expungement")


def test_a_photo_shared_with_another_case_stays_for_that_case(server):
    server.make_user("ana")
    ana = server.device("ana")
    case, _ids, sha = _a_full_case(server, ana)
    other = server.make_case("ana")
    other_visit = new_id()
    ana.push_ok(ana.mutation("create", "home_visit", other_visit, fields={"case_id": other}))
    ana.push_ok(
        ana.mutation(
            "attach",
            "home_visit",
            other_visit,
            field="attachments",
            attachment={
                "sha256": sha,
                "size": len(PHOTO),
                "mime": "image/jpeg",
                "name": "photo.jpg",
            },
        )
    )
    purges.purge_record(server.db, case, reason="court_order")
    with server.db.read() as session:
        assert session.get(Blob, sha) is not None
        assert session.execute(
            select(RecordAttachment.record_id).where(RecordAttachment.sha256 == sha)
        ).scalars().all() == [other_visit]
    assert ana.get(f"/blobs/{sha}").status_code == 200


def test_purge_command_on_a_case_names_what_goes_with_it(sqlite_server, capsys):
    from fieldcase.server.cli import main

    sqlite_server.make_user("ana")
    case = sqlite_server.make_case("ana")
    visit = sqlite_server.add_record("home_visit", case, {"observations": "x"})
    person = sqlite_server.add_record(
        "person", case, {"role": "child", "given_name": "A", "family_name": "B"}
    )
    db = sqlite_server.db.url
    assert main(["--db", db, "purge", case, "--reason", "expungement"]) == 1
    assert "and the 2 records of the case" in capsys.readouterr().out
    assert main(["--db", db, "purge", case, "--reason", "expungement", "--yes"]) == 0
    with sqlite_server.db.read() as session:
        assert all(session.get(Record, i).deleted for i in (case, visit, person))
