"""Case data recorded on the laptop, offline, through the same store → outbox → sync → server path as
field records (SQLite, and PostgreSQL under the `postgres` marker): a placement change against a
conflicting change by the office keeps both, a hearing's next date becomes the case's next court
date everywhere, a relative and a child's exit reach the covering worker's laptop, and the server
keeps the case's own fields for the office and refuses everything outside the caseworker's scope."""

from __future__ import annotations

from datetime import date

import pytest

from fieldcase.domain.hearings import Hearing, HearingType
from fieldcase.domain.ids import new_id
from fieldcase.domain.people import ExitReason, PersonRole
from fieldcase.domain.placements import ProviderKind
from fieldcase.services import case_data, placement_change
from fieldcase.services import conflicts as conflict_service

MOVED = date(2026, 3, 14)


def office_edit(harness, record_id: str, fields: dict) -> None:
    """The office changes a record on the server (what the agency import does with a changed row):
    new body, next revision, a change-log entry laptops pull."""
    from fieldcase.server import admin
    from fieldcase.server.models import Record
    from fieldcase.server.records import _normalise

    with harness.db.write() as session:
        record = session.get(Record, record_id)
        body = {
            k: v for k, v in {**record.body, **fields}.items() if k not in ("id", "case_id", "rev")
        }
        record.body = _normalise(record.kind, record.id, record.case_id, body)
        record.rev += 1
        admin._record_change(session, record)


def _placed(world) -> str:
    return world.harness.add_record(
        "placement",
        world.case_id,
        {
            "child_id": world.child_id,
            "provider_kind": "resource_family",
            "provider_name": "First Home",
            "starts_on": "2025-06-01",
        },
    )


def test_a_placement_change_and_the_offices_change_are_both_kept(world):
    first = _placed(world)
    ana, ben = world.laptop("ana"), world.laptop("ben")
    ana.sync()
    ben.sync()
    change = placement_change.start_change(
        ana.store, case_id=world.case_id, child_id=world.child_id, today=MOVED
    )
    assert change.ending_placement_id == first
    change = placement_change.PlacementChange(
        **{
            **change.__dict__,
            "reason_for_change": "Caregiver asked for a move at night.",
            "provider_kind": ProviderKind.RELATIVE,
            "provider_name": "Grandmother",
        }
    )
    saved = placement_change.record_change(ana.store, change=change)
    assert saved.problems == ()
    # one transaction: both placements, each with its outbox mutation
    kinds = [(e.record_kind, e.kind) for e in ana.store.outbox_entries(states=("pending",))]
    assert kinds == [("placement", "patch"), ("placement", "create")]
    # meanwhile the office records the same move differently
    office_edit(
        world.harness,
        first,
        {"ends_on": "2026-03-13", "reason_for_change": "Court ordered a kinship placement."},
    )

    report = ana.sync()
    assert report.conflicts >= 1
    found = {c.field: c for c in conflict_service.list_conflicts(ana.store)}
    assert set(found) == {"ends_on", "reason_for_change"}
    assert (found["ends_on"].theirs, found["ends_on"].mine) == ("2026-03-13", MOVED.isoformat())
    assert (
        found["reason_for_change"].narrative
        and found["reason_for_change"].mine == "Caregiver asked for a move at night."
    )
    # the server kept the office's values; the laptop's are kept beside them, to settle like any conflict
    assert ana.store.get(first).body["ends_on"] == "2026-03-13"
    ben.sync()
    assert ben.store.get(change.new_placement_id).body["provider_name"] == "Grandmother"
    assert ben.store.get(first).body["ends_on"] == "2026-03-13"


def test_a_hearing_sets_the_next_court_date_and_reaches_the_covering_worker(world):
    ana, ben = world.laptop("ana"), world.laptop("ben")
    ana.sync()
    hearing = Hearing(
        id=new_id(),
        case_id=world.case_id,
        court="Family Court Division 3",
        hearing_type=HearingType.REVIEW,
        scheduled_at=None,
        outcome="Placement continued.",
        next_hearing_on=date(2026, 6, 2),
    )
    case_data.save_hearing(ana.store, hearing=hearing)
    assert ana.store.get(world.case_id).to_domain().next_court_hearing.date() == date(2026, 6, 2)
    relative = case_data.new_person(world.case_id)
    relative = type(relative)(
        **{
            **{f: getattr(relative, f) for f in relative.__slots__},
            "given_name": "Rosa",
            "family_name": "Aunt",
            "phone": "555-0100",
        }
    )
    case_data.save(ana.store, record=relative)
    case_data.record_exit(
        ana.store,
        child_id=world.child_id,
        exit_date=date(2026, 3, 1),
        reason=ExitReason.REUNIFICATION,
    )
    ana.sync()
    assert [e.state for e in ana.store.outbox_entries() if e.state != "acked"] == []
    ben.sync()
    assert ben.store.get(hearing.id).body["outcome"] == "Placement continued."
    assert ben.store.get(world.case_id).to_domain().next_court_hearing.date() == date(2026, 6, 2)
    assert ben.store.get(relative.id).to_domain().phone == "555-0100"
    child = ben.store.get(world.child_id).to_domain()
    assert (child.exit_date, child.exit_reason, child.role) == (
        date(2026, 3, 1),
        ExitReason.REUNIFICATION,
        PersonRole.CHILD,
    )


def test_case_dates_from_the_laptop_and_the_offices_fields_refused(world):
    client = world.harness.device("ana")
    ok = client.mutation(
        "patch",
        "case",
        world.case_id,
        base_rev=1,
        patch={"case_plan_due": {"base": None, "new": "2026-04-01"}},
    )
    office = client.mutation(
        "patch",
        "case",
        world.case_id,
        base_rev=1,
        patch={"county": {"base": None, "new": "Elsewhere"}},
    )
    goal = client.mutation(
        "patch",
        "case",
        world.case_id,
        base_rev=1,
        patch={"permanency_goal": {"base": None, "new": "adoption"}},
    )
    new_case = client.mutation("create", "case", new_id(), fields={"case_number": "X-1"})
    # the state system's identifier is the import's: never set from a laptop
    keyed = client.mutation(
        "create",
        "person",
        new_id(),
        fields={"case_id": world.case_id, "role": "relative", "state_id": "MO-1"},
    )
    results = {r["mutation_id"]: r for r in client.push_ok(ok, office, goal, new_case, keyed)}
    assert results[keyed["mutation_id"]]["code"] == "server_owned_field"
    assert results[ok["mutation_id"]]["result"] == "applied"
    assert results[office["mutation_id"]]["code"] == "office_field"
    assert results[goal["mutation_id"]]["code"] == "needs_approval"
    assert results[new_case["mutation_id"]]["code"] == "forbidden"


@pytest.mark.parametrize(
    "kind,fields",
    [
        ("person", {"role": "relative", "given_name": "Not", "family_name": "Mine"}),
        ("placement", {"child_id": "x", "provider_name": "Elsewhere"}),
        ("hearing", {"court": "Elsewhere"}),
        ("goal_change", {"proposed_permanency_goal": "adoption", "reason": "Not my case."}),
    ],
)
def test_case_data_outside_the_caseworkers_scope_is_not_found(world, kind, fields):
    other_case = world.harness.make_case()  # nobody's case: not in Ana's scope
    client = world.harness.device("ana")
    m = client.mutation("create", kind, new_id(), fields={"case_id": other_case, **fields})
    result = client.push_ok(m)[0]
    assert result["result"] == "rejected" and result["code"] == "not_found"
