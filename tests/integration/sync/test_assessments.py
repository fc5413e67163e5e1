"""An assessment rated twice through the real sync path (a real server — SQLite, and PostgreSQL under
the `postgres` marker — and real encrypted laptops): rated offline with the shipped independent-living
checklist, submitted, approved by the supervisor, rated again months later; both reach the
supervisor's laptop, the ratings over time are two points, and the second rating's actionable items
are the needs offered in a new case-plan draft. A transition plan makes the same trip."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fieldcase.domain.serialization import from_dict, to_dict
from fieldcase.domain.transition_plans import GoalStatus, TransitionGoal
from fieldcase.services import approvals, assessments, case_plans, field_records, transition_plans
from fieldcase.services.instruments import for_store
from integration.sync.promises import check_converged, check_no_duplicates


def _rate(laptop, world, *, on: date, ratings: dict[str, int]) -> str:
    draft = assessments.new_assessment(
        laptop.store,
        case_id=world.case_id,
        user_id=laptop.user_id,
        today=on,
        child_id=world.child_id,
    )
    assert draft.instrument_id == "independent_living_skills" and len(draft.ratings) == 23
    rated = from_dict(
        "assessment",
        {
            **to_dict(draft),
            "ratings": [
                {"item_id": r.item_id, "rating": ratings.get(r.item_id, 0), "note": None}
                for r in draft.ratings
            ],
        },
    )
    field_records.save_draft(laptop.store, record=rated)  # the form's autosave, offline
    assert field_records.submit(laptop.store, record_id=draft.id).status.value == "submitted"
    return draft.id


def _approve(sam, record_id: str) -> None:
    opened = approvals.open_for_review(sam.store, record_id=record_id)
    approvals.approve(sam.store, record_id=record_id, rev=opened.rev, version=opened.version)


def test_an_assessment_rated_twice_reaches_the_supervisor_and_offers_its_actionable_items(world):
    ana, sam = world.laptop("ana"), world.laptop("sam")
    ana.sync()
    sam.sync()
    first = _rate(ana, world, on=date(2026, 3, 2), ratings={"money_budget": 2, "housing_lease": 3})
    ana.sync()
    sam.sync()
    [entry] = approvals.approval_queue(sam.store, now=datetime.now(UTC)).entries
    assert (entry.record_id, entry.kind, entry.noun) == (first, "assessment", "assessment")
    _approve(sam, first)
    assert sam.sync().conflicts == 0
    ana.sync()
    assert ana.store.get(first).status == "approved"
    # six months on: budgeting learned, the lease still not, cooking needs help now
    second = _rate(
        ana,
        world,
        on=date(2026, 9, 1),
        ratings={"money_budget": 1, "housing_lease": 3, "food_meals": 2},
    )
    ana.sync()
    sam.sync()
    assert sam.store.get(second).status == "submitted"
    checklist = for_store(sam.store).find("independent_living_skills")
    for laptop in (ana, sam):
        history = assessments.rating_history(laptop.store, world.child_id, instrument=checklist)
        assert [(p.assessment_id, p.on, p.actionable) for p in history.points] == [
            (first, date(2026, 3, 2), 2),
            (second, date(2026, 9, 1), 2),
        ]
        money = [
            d.mean for p in history.points for d in p.domains if d.domain_id == "money_management"
        ]
        assert money == [2 / 3, 1 / 3]
        needs = assessments.actionable_needs(laptop.store, world.child_id)
        assert [(n.item_id, n.rating, n.assessment_id) for n in needs] == [
            ("food_meals", 2, second),
            ("housing_lease", 3, second),
        ]
        assert needs[0].words("es").startswith("Cocina y nutrición — ")
    # a new case-plan draft is offered them as services for the youth, once each
    draft_id = case_plans.start_draft(
        ana.store, world.case_id, user_id=ana.user_id, today=date(2026, 9, 2)
    )
    draft = ana.store.get(draft_id).to_domain()
    offered = [
        (s.description, s.service_for.value, s.person_id)
        for s in draft.services
        if s.description.startswith("Assessed need:")
    ]
    assert offered == [
        (
            "Assessed need: Cooking and nutrition — Cooks a simple, balanced meal from a recipe (2: Needs help to do it)",
            "child",
            world.child_id,
        ),
        (
            "Assessed need: Housing — Reads a lease and knows a tenant's duties and rights (3: Not yet learned)",
            "child",
            world.child_id,
        ),
    ]
    assert (
        case_plans.start_draft(ana.store, world.case_id, user_id=ana.user_id) == draft_id
    )  # the same draft, not offered again
    assert len(ana.store.get(draft_id).to_domain().services) == len(draft.services)
    ana.sync()
    sam.sync()
    check_converged(world.harness.db, [ana, sam])
    check_no_duplicates(world.harness.db)


def test_a_transition_plan_is_written_offline_approved_and_seen_on_both_laptops(world):
    ana, sam = world.laptop("ana"), world.laptop("sam")
    ana.sync()
    sam.sync()
    draft = transition_plans.new_transition_plan(
        ana.store,
        case_id=world.case_id,
        user_id=ana.user_id,
        today=date(2026, 3, 2),
        child_id=world.child_id,
    )
    assert [g.area.value for g in draft.goals] == [
        "education",
        "employment",
        "housing",
        "health",
        "life_skills",
        "permanent_connections",
    ]
    goals = tuple(
        TransitionGoal(
            area=g.area,
            goal="Synthetic goal",
            steps="Synthetic steps",
            who_helps="Caseworker",
            by_when=date(2026, 8, 1),
            status=GoalStatus.IN_PROGRESS,
        )
        for g in draft.goals
    )
    plan = from_dict(
        "transition_plan",
        {
            **to_dict(draft),
            "goals": [to_dict(g) for g in goals],
            "youth_words": "I want my own place near school.",
        },
    )
    field_records.save_draft(ana.store, record=plan)
    field_records.submit(ana.store, record_id=plan.id)
    ana.sync()
    sam.sync()
    _approve(sam, plan.id)
    sam.sync()
    ana.sync()
    assert ana.store.get(plan.id).status == "approved"
    assert ana.store.get(plan.id).to_domain().youth_words == "I want my own place near school."
    # the next plan starts from the approved one (a review starts the next version from the last)
    again = transition_plans.new_transition_plan(
        ana.store,
        case_id=world.case_id,
        user_id=ana.user_id,
        today=date(2026, 9, 2),
        child_id=world.child_id,
    )
    assert again.goals == goals and again.id != plan.id
    check_converged(world.harness.db, [ana, sam])


def test_the_supervisor_reads_the_ratings_in_words(world):
    ana, sam = world.laptop("ana"), world.laptop("sam")
    ana.sync()
    sam.sync()
    record_id = _rate(ana, world, on=date(2026, 3, 2), ratings={"money_budget": 2})
    ana.sync()
    sam.sync()
    opened = approvals.open_for_review(sam.store, record_id=record_id)
    blocks = [b for s in opened.sections for b in s.blocks if b.list_name == "ratings"]
    assert blocks[0].name == "1. Plans a month's spending against the money coming in"
    assert [(line.label, line.text) for line in blocks[0].lines] == [
        ("Rating", "2 — Needs help to do it"),
        ("Actionable", "yes"),
    ]
    assert len(blocks) == 23
