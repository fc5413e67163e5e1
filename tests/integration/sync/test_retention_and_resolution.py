"""Server housekeeping seen from real laptops (real server app, real encrypted stores, the production
sync engine): history pruned past a laptop's cursor, a case purged, conflicts settled on the server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from fieldcase.server import history_retention, purges
from fieldcase.server.models import ChangeLog, utcnow
from fieldcase.services import conflicts as conflict_service
from integration.sync.promises import check_converged
from integration.sync.test_scenarios import edit, new_visit, quiesce


def test_laptop_offline_past_the_horizon_downloads_again_keeps_its_work_and_converges(world):
    db = world.harness.db
    ana, ben = world.laptop("ana"), world.laptop("ben")
    ana.sync()
    visit, gone = new_visit(world, ana), new_visit(world, ana)
    ana.sync()
    ben.sync()
    # Ana goes offline with work waiting: an edit and a visit the server has never seen.
    edit(ana, visit.id, observations="Written offline for months.")
    unsent = new_visit(world, ana)
    # Meanwhile Ben edits, the office purges a visit, and all of it ages past the retention.
    edit(ben, visit.id, home_conditions="Ben's words.")
    ben.sync()
    purges.purge_record(db, gone.id, reason="entered_in_error")
    with db.write() as session:
        session.execute(update(ChangeLog).values(created_at=utcnow() - timedelta(days=120)))
    pruned = history_retention.prune_history(db, keep_days=90)
    assert pruned.tombstones_deleted == 1 and pruned.horizon_seq > 0

    report = ana.sync()

    assert report.resynced  # 410: her cursor was older than the horizon
    quiesce(ana, ben)
    body = ana.store.get(visit.id).body
    assert (body["observations"], body["home_conditions"]) == (
        "Written offline for months.",
        "Ben's words.",
    )
    held = {r.id for r in ana.store.list()}
    assert unsent.id in held and gone.id not in held  # her new visit went up; the purged one left
    assert ana.store.outbox_entries(states=("pending", "inflight")) == []
    check_converged(db, [ana, ben])


@pytest.mark.parametrize("choice", ["mine", "theirs", "edit"])
def test_a_conflict_resolved_on_one_laptop_is_resolved_on_the_server_and_settles_everywhere(
    world, choice
):
    from fieldcase.server.models import Conflict

    ana, ben, sam = world.laptop("ana"), world.laptop("ben"), world.laptop("sam")
    ana.sync()
    visit = new_visit(world, ana)
    quiesce(ana, ben, sam)
    edit(ana, visit.id, observations="Ana's account of the visit.")
    edit(ben, visit.id, observations="Ben's account of the visit.")
    ana.sync()
    assert ben.sync().conflicts == 1
    quiesce(ana, sam)
    [mine] = conflict_service.list_conflicts(ben.store)
    # the author the server kept and the supervisor see the open conflict too
    assert [c.conflict_id for c in conflict_service.list_conflicts(ana.store)] == [mine.conflict_id]
    assert [c.conflict_id for c in conflict_service.list_conflicts(sam.store)] == [mine.conflict_id]

    conflict_service.resolve_conflict(
        ben.store, mine.conflict_id, choice=choice, value="Both accounts, combined."
    )
    assert conflict_service.list_conflicts(ben.store) == []
    [sent] = ben.store.outbox_entries(states=("pending",))
    assert sent.payload["resolves"] == [mine.conflict_id]
    ben.sync()

    with world.harness.db.read() as session:
        row = session.get(Conflict, mine.conflict_id)
    assert (
        row.resolved
        and row.resolved_by == ben.user_id
        and row.resolved_mutation_id == sent.mutation_id
    )
    quiesce(ana, sam, ben)
    expected = {
        "mine": "Ben's account of the visit.",
        "theirs": "Ana's account of the visit.",
        "edit": "Both accounts, combined.",
    }[choice]
    for laptop in (ana, ben, sam):
        assert conflict_service.list_conflicts(laptop.store) == [], laptop.username
        assert laptop.store.get(visit.id).body["observations"] == expected
        assert (laptop.sync_store.shadow_change(visit.id) or {}).get("conflicts") == []
    check_converged(world.harness.db, [ana, ben, sam])


def test_the_team_directory_arrives_with_sync_and_services_use_its_names(world):
    from datetime import UTC, datetime

    from fieldcase.server.models import User
    from fieldcase.services import approvals, printing
    from fieldcase.services.directory import known_names
    from fieldcase.store import directory as directory_store

    db = world.harness.db
    with db.write() as session:
        for username, name in (("ana", "A. Jones"), ("ben", "B. Khan"), ("sam", "S. Lead")):
            session.execute(update(User).where(User.username == username).values(display_name=name))
    outsider = world.harness.make_user("zed", team=world.harness.make_team(supervisor=None))
    ana, sam = world.laptop("ana"), world.laptop("sam")
    ana.sync()
    held = directory_store.colleagues(ana.store)
    assert {c.display_name for c in held.values()} == {
        "A. Jones",
        "B. Khan",
        "S. Lead",
    } and outsider not in held
    assert held[sam.user_id].role == "supervisor"

    # a visit Ben conducted prints with his name, not "Caseworker <id>"
    visit = new_visit(world, ana, conducted_by=known_id(db, "ben"))
    job = printing.prepare_record(
        ana.store, record_id=visit.id, request=printing.PrintRequest(now=datetime.now(UTC))
    )
    assert job.context.workers[known_id(db, "ben")] == "B. Khan"
    assert job.context.printed_by == "A. Jones"

    # the supervisor's queue names the author
    ana.store.command(visit.id, "submit")
    quiesce(ana, sam)
    [entry] = approvals.approval_queue(sam.store, now=datetime.now(UTC)).entries
    assert entry.author_label == "A. Jones"
    # someone who leaves the team is no longer named at the next sync
    with db.write() as session:
        session.execute(update(User).where(User.username == "ben").values(team_id=None))
    sam.sync()
    assert "B. Khan" not in known_names(sam.store).values()


def known_id(db, username):
    from sqlalchemy import select

    from fieldcase.server.models import User

    with db.read() as session:
        return session.execute(select(User.id).where(User.username == username)).scalar_one()
