"""Issue 16, "Loss": attachments and kept proposals are never lost when a case is taken off the
laptop, and two files attached to one entry offline both end on it — against the real server on
SQLite and PostgreSQL, with real encrypted laptop stores."""

from __future__ import annotations

from sqlalchemy import select

from fieldcase.services import conflicts as conflict_service
from fieldcase.services import sync as sync_service
from fieldcase.services.attachments import attach_bytes
from fieldcase.store.tables import attachment
from fieldcase.sync.engine import _Tally
from fieldcase.sync.progress import Cancel, Progress
from integration.sync.promises import check_converged, check_no_blob_lost
from integration.sync.test_scenarios import edit, new_visit, quiesce


def _photo(seed: str) -> bytes:
    return b"\x89PNG synthetic photo " + seed.encode() * 200


def _server_blob(db, sha256: str):
    from fieldcase.server.models import Blob

    with db.read() as session:
        found = session.get(Blob, sha256)
        return None if found is None else found.size


def _held(laptop, sha256: str) -> bool:
    with laptop.store.reading() as connection:
        return (
            connection.execute(
                select(attachment.c.sha256).where(
                    attachment.c.sha256 == sha256, attachment.c.content.is_not(None)
                )
            ).first()
            is not None
        )


def test_photo_attached_offline_is_uploaded_before_its_reassigned_case_is_cleared(world):
    """A photo attached to a visit offline; the office reassigns the case; the next sync (no faults)
    pushes the visit, uploads the photo, and only then clears the case off the laptop."""
    from fieldcase.server import admin

    ben = world.laptop("ben")
    ben.sync()
    visit = new_visit(world, ben)
    ben.sync()
    content = _photo("reassigned")
    ref = attach_bytes(ben.store, content=content, name="photo.png", mime="image/png")
    edit(ben, visit.id, attachments=(ref,))
    admin.unassign_case(world.harness.db, world.case_id, "ben")
    report = ben.sync()
    assert report.outcome == "ok"
    assert report.attachments_uploaded == 1
    assert _server_blob(world.harness.db, ref.sha256) == len(
        content
    )  # the bytes reached the server
    assert report.purged_cases == 1 and ben.store.list() == []  # then the case left the laptop
    assert not _held(ben, ref.sha256)  # and the photo with it, once uploaded
    check_converged(world.harness.db, [ben])


def test_photo_whose_upload_is_refused_stays_on_the_laptop_and_says_so(world):
    """The server refuses the photo (here: larger than it accepts). The laptop never erases bytes that
    were not uploaded: it keeps them and puts the refusal in "needs attention", in words."""
    from fieldcase.server import admin

    ben = world.laptop("ben")
    ben.sync()
    visit = new_visit(world, ben)
    ben.sync()
    content = _photo("too big")
    ref = attach_bytes(ben.store, content=content, name="photo.png", mime="image/png")
    edit(ben, visit.id, attachments=(ref,))
    admin.unassign_case(world.harness.db, world.case_id, "ben")
    limits = world.harness.settings.limits
    accepted = limits.max_attachment_bytes
    object.__setattr__(
        limits, "max_attachment_bytes", len(content) - 1
    )  # (a frozen dataclass: the test's own lever)
    try:
        report = ben.sync()
        again = ben.sync()  # and again: nothing changes, nothing is erased
    finally:
        object.__setattr__(limits, "max_attachment_bytes", accepted)
    assert report.attachments_failed == 1 and again.attachments_failed == 1
    assert _held(ben, ref.sha256)
    notices = [a for a in sync_service.needs_attention(ben.store) if a.topic == "attachment_kept"]
    assert len(notices) == 1 and notices[0].details["sha256"] == ref.sha256
    assert (
        "photo.png" not in notices[0].message
    )  # no file name in the words (they may name a family)
    # the server accepts it again: the next sync uploads it, settles the notice and lets it go
    report = ben.sync()
    assert report.attachments_uploaded == 1 and _server_blob(world.harness.db, ref.sha256) == len(
        content
    )
    assert not _held(ben, ref.sha256)
    assert [
        a for a in sync_service.needs_attention(ben.store) if a.topic == "attachment_kept"
    ] == []


def test_two_files_attached_offline_to_one_entry_both_end_on_it(world):
    """Attachments are a set: Ana and Ben each attach a different photo to the same visit offline;
    both photos end on the visit on every laptop and on the server, with no conflict."""
    ana, ben, sam = world.laptop("ana"), world.laptop("ben"), world.laptop("sam")
    quiesce(ana, ben, sam)
    visit = new_visit(world, ana)
    quiesce(ana, ben, sam)
    mine = attach_bytes(ana.store, content=_photo("ana"), name="ana.png", mime="image/png")
    theirs = attach_bytes(ben.store, content=_photo("ben"), name="ben.png", mime="image/png")
    edit(ana, visit.id, attachments=(mine,))
    edit(ben, visit.id, attachments=(theirs,))
    ana.sync()
    report = ben.sync()
    assert report.conflicts == 0
    # while Ben's edit waited, the pulled visit showed both (read your writes, theirs kept)
    quiesce(ana, ben, sam)
    for laptop in (ana, ben, sam):
        assert {a["sha256"] for a in laptop.store.get(visit.id).body["attachments"]} == {
            mine.sha256,
            theirs.sha256,
        }
    assert list(conflict_service.list_conflicts(ben.store)) == []
    assert _server_blob(world.harness.db, mine.sha256) and _server_blob(
        world.harness.db, theirs.sha256
    )
    check_converged(world.harness.db, [ana, ben, sam])
    check_no_blob_lost(world.harness.db, [ana, ben, sam])


def test_pulled_entry_shows_the_other_workers_file_beside_my_unsent_one(world):
    """Read your writes without hiding theirs: Ben's unsent attachment is re-applied on the pulled
    visit as an addition, not as a replacement of the list."""
    ana, ben = world.laptop("ana"), world.laptop("ben")
    quiesce(ana, ben)
    visit = new_visit(world, ana)
    quiesce(ana, ben)
    mine = attach_bytes(ana.store, content=_photo("ana2"), name="ana.png", mime="image/png")
    theirs = attach_bytes(ben.store, content=_photo("ben2"), name="ben.png", mime="image/png")
    edit(ana, visit.id, attachments=(mine,))
    ana.sync()
    edit(ben, visit.id, attachments=(theirs,))
    # pull only (Ben's edit stays unsent): both files show on Ben's laptop
    engine = ben.engine()
    session = engine._session()
    try:
        engine._pull_all(session, _Tally(), Progress(), Cancel())
    finally:
        session.transport.close()
    assert {a["sha256"] for a in ben.store.get(visit.id).body["attachments"]} == {
        mine.sha256,
        theirs.sha256,
    }


def test_keep_mine_on_an_attachment_conflict_never_drops_a_file(world):
    """A conflict on the attachments kept from before the fix (or any other way): whichever choice
    the user makes, no attachment leaves the entry."""
    from fieldcase.domain.attachments import AttachmentKind

    ana = world.laptop("ana")
    ana.sync()
    visit = new_visit(world, ana)
    ana.sync()
    mine = attach_bytes(ana.store, content=_photo("mine3"), name="mine.png", mime="image/png")
    theirs = attach_bytes(ana.store, content=_photo("theirs3"), name="theirs.png", mime="image/png")

    def ref(r):
        return {
            "sha256": r.sha256,
            "name": r.name,
            "mime": r.mime,
            "kind": AttachmentKind.DOCUMENT.value,
        }

    # an attachment conflict as the server recorded it before attachments were merged as a set
    from fieldcase.domain.ids import new_id
    from fieldcase.server.models import Conflict, Record, utcnow

    with world.harness.db.write() as session:
        row = session.get(Record, visit.id)
        row.body = {**row.body, "attachments": [ref(theirs)]}
        session.add(
            Conflict(
                id=new_id(),
                record_id=visit.id,
                field="attachments",
                server_value=[ref(theirs)],
                client_value=[ref(mine)],
                server_author=None,
                server_at=None,
                client_author=ana.user_id,
                client_at=None,
                mutation_id=None,
                narrative=False,
                created_at=utcnow(),
            )
        )
        from fieldcase.server.db import note_change
        from fieldcase.server.models import ChangeLog

        def assign(seq: int) -> None:
            row.rev += 1
            row.last_seq = seq
            session.add(
                ChangeLog(
                    seq=seq, what="record", record_id=row.id, case_id=row.case_id, rev=row.rev
                )
            )

        note_change(session, assign)
    ana.sync()
    found = [c for c in conflict_service.list_conflicts(ana.store) if c.field == "attachments"]
    assert found, "the test's conflict did not reach the laptop"
    conflict_service.resolve_conflict(ana.store, found[0].conflict_id, choice="mine")
    assert {a["sha256"] for a in ana.store.get(visit.id).body["attachments"]} == {
        mine.sha256,
        theirs.sha256,
    }
    quiesce(ana)
    with world.harness.db.read() as session:
        held = {a["sha256"] for a in session.get(Record, visit.id).body["attachments"]}
    assert held == {mine.sha256, theirs.sha256}


def test_proposal_kept_for_the_supervisor_is_still_told_after_the_case_is_reassigned(world):
    """An edit to an approved visit is kept as a proposal for the supervisor; then the case is
    reassigned away. The caseworker is still told the change was kept (nothing of the case's content
    stays on the laptop)."""
    from fieldcase.server import admin

    ben, sam = world.laptop("ben"), world.laptop("sam")
    ben.sync()
    visit = new_visit(world, ben)
    ben.sync()
    ben.store.command(visit.id, "submit")
    quiesce(ben, sam)
    edit(ben, visit.id, observations="A late correction, typed offline.")
    sam.store.command(visit.id, "approve")
    sam.sync()
    admin.unassign_case(world.harness.db, world.case_id, "ben")
    report = ben.sync()
    assert report.converted == 1 and report.purged_cases == 1
    assert ben.store.list() == []
    kept = [a for a in sync_service.needs_attention(ben.store) if a.topic == "addendum"]
    assert len(kept) == 1, [a.topic for a in sync_service.needs_attention(ben.store)]
    assert "A late correction" not in repr(
        kept[0].details
    )  # the lost case's words do not stay behind
    assert kept[0].details.get("case_removed") is True
    # and a second sync does not take it away either
    ben.sync()
    assert [a.id for a in sync_service.needs_attention(ben.store) if a.topic == "addendum"] == [
        kept[0].id
    ]
    with world.harness.db.read() as session:
        from fieldcase.server.models import Addendum

        assert (
            session.execute(
                select(Addendum).where(Addendum.record_id == visit.id, Addendum.kind == "proposal")
            ).first()
            is not None
        )


def test_late_photo_past_the_grace_period_goes_to_the_supervisor_with_its_bytes_and_is_told(
    server_factory, server_backend, tmp_path
):
    """Past the grace period the server does not apply late work on a lost case: the change with its
    photo goes to the supervisor's queue. The photo's bytes still go up (nothing on neither side),
    and the caseworker is still told after the case has left the laptop."""
    from datetime import timedelta

    from fieldcase.server import admin
    from fieldcase.server.models import Quarantine
    from integration.sync.conftest import make_world

    world = make_world(server_factory(server_backend, grace_period=timedelta(0)), tmp_path)
    try:
        ben = world.laptop("ben")
        ben.sync()
        visit = new_visit(world, ben)
        ben.sync()
        ref = attach_bytes(ben.store, content=_photo("late"), name="late.png", mime="image/png")
        edit(ben, visit.id, attachments=(ref,))
        admin.unassign_case(world.harness.db, world.case_id, "ben")
        report = ben.sync()
        assert report.quarantined == 1 and report.purged_cases == 1 and ben.store.list() == []
        assert _server_blob(world.harness.db, ref.sha256) == len(_photo("late"))
        with world.harness.db.read() as session:
            held = (
                session.execute(select(Quarantine).where(Quarantine.record_id == visit.id))
                .scalars()
                .all()
            )
        assert [q.code for q in held] == ["case_reassigned"]
        told = [a for a in sync_service.needs_attention(ben.store) if a.topic == "deferred"]
        assert len(told) == 1 and told[0].details == {
            "case_removed": True,
            "code": "case_reassigned",
            "kind": "patch",
        }
        assert not _held(ben, ref.sha256)  # on the server, and the case left: its bytes go too
        assert ben.store.outbox_entries() == []  # the server keeps the change for the supervisor
    finally:
        for laptop in world.laptops:
            laptop.close()


def test_change_the_server_refused_stays_whole_after_its_case_left(world):
    """A change the server refused (not kept there) is the caseworker's own and exists nowhere else:
    when the case then leaves the laptop, the refused change and its notice stay."""
    from fieldcase.server import admin

    ben = world.laptop("ben")
    ben.sync()
    visit = new_visit(world, ben)
    ben.sync()
    now = ben.store.moment()
    with (
        ben.store.transaction() as connection
    ):  # a change this server version does not know how to take
        refused = ben.store._outbox.append(
            connection,
            record_kind="home_visit",
            record_id=visit.id,
            kind="patch",
            base_rev=ben.store.get(visit.id).rev,
            payload={
                "changes": {"a_field_from_a_newer_app": {"base": None, "new": "typed offline"}}
            },
            now_iso=now.iso,
            now_ms=now.ms,
        )
    admin.unassign_case(world.harness.db, world.case_id, "ben")
    report = ben.sync()
    assert report.quarantined == 1 and report.purged_cases == 1 and ben.store.list() == []
    kept = ben.store.outbox_entries()
    assert [(e.mutation_id, e.state) for e in kept] == [(refused.mutation_id, "quarantined")]
    assert kept[0].payload["changes"]["a_field_from_a_newer_app"]["new"] == "typed offline"
    told = [a for a in ben.sync_store.attention() if a.topic == "quarantined"]
    assert (
        len(told) == 1
        and told[0].details["case_removed"] is True
        and told[0].mutation_id == refused.mutation_id
    )
