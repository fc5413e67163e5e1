"""The compliance screens read a window of the history (`Store.compliance_facts(since=...)`: this
fiscal year's contacts, and of the older ones only those a rule still reads). Their answers must be
those of every record: checked here on generated teams (years of visits, late notes, placements
begun long ago, entries in review) for days drawn across fiscal years and their edge days; and a
window cut one day too short must show (the check can fail)."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fieldcase.domain.cases import Case
from fieldcase.domain.collateral_contacts import CollateralContact
from fieldcase.domain.home_visits import (
    ChildSeen,
    ContactMethod,
    HomeVisit,
    LocationType,
    VisitOutcome,
)
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.placements import Placement
from fieldcase.domain.rule_pack import DEFAULT_RULES, RulePack
from fieldcase.domain.workflow import Status
from fieldcase.services import compliance
from fieldcase.services.team import review_workload, team_visit_figures
from fieldcase.store.compliance_facts import window_start
from fieldcase.store.store import Store
from helpers.store import PASSPHRASE

from .test_compliance_parity import TODAY, Pull, generated_team

FIRST, LAST = TODAY - timedelta(days=800), TODAY + timedelta(days=40)
NOW = datetime(2026, 5, 25, 12, 0, tzinfo=UTC)


def _answers(
    store: Store, today: date, since: date | None, rules: RulePack = DEFAULT_RULES
) -> tuple:
    """What the screens show from the facts read with the window `since` (None: every record)."""
    facts = store.compliance_facts(since=since, note_hours=rules.documentation_due_hours)
    everyone = compliance._caseload(facts, today, rules)
    return (
        everyone,
        team_visit_figures(facts, today=today, labels={}, rules=rules),
        review_workload(facts.in_review, now=NOW),
        facts.in_review,
    )


def _same_answers(store: Store, today: date, since: date, rules: RulePack = DEFAULT_RULES) -> bool:
    return _answers(store, today, since, rules) == _answers(store, today, None, rules)


@pytest.fixture(scope="module", params=[0, 3])
def team_store(request, template_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("window") / "laptop"
    shutil.copytree(template_store, folder)
    store = Store.unlock(folder, PASSPHRASE)
    generated_team(store, request.param)
    _old_and_late(store)
    yield store
    store.lock()


def _old_and_late(store: Store) -> None:
    """What only the history holds: a placement begun three years ago whose first visit in the
    residence was a year after it began, and notes of every age never recorded or recorded late."""
    pull = Pull(store)
    case = Case(
        id="case-old",
        case_number="OLD-1",
        removal_date=date(2023, 3, 1),
        primary_worker_id="worker-1",
    )
    child = Person(id="child-old", case_id=case.id, role=PersonRole.CHILD, given_name="Pat")
    placement = Placement(
        id="pl-old",
        case_id=case.id,
        child_id=child.id,
        starts_on=date(2023, 3, 1),
        provider_name="Home",
    )
    pull.add(case, "case", {})
    pull.add(child, "person", {})
    pull.add(placement, "placement", {})
    days = (
        date(2023, 3, 20),
        date(2024, 2, 10),
        date(2024, 3, 5),
        date(2024, 6, 1),
        date(2025, 10, 1),
        date(2026, 5, 2),
    )
    for i, day in enumerate(days):
        start = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
        pull.add(
            HomeVisit(
                id=f"hv-old-{i}",
                case_id=case.id,
                status=Status.APPROVED,
                method=ContactMethod.FACE_TO_FACE,
                outcome=VisitOutcome.COMPLETED,
                location_type=LocationType.SCHOOL if i < 2 else LocationType.CHILD_RESIDENCE,
                contact_start=start,
                contact_end=start + timedelta(hours=1),
                recorded_at=start + timedelta(hours=3 + 60 * (i == 1)),
                placement_id=placement.id,
                children=(ChildSeen(child_id=child.id, seen=True, seen_privately=True),),
            ),
            "home_visit",
            {},
        )
    notes = (
        (date(2023, 6, 1), None),
        (date(2024, 1, 9), 49),
        (date(2024, 1, 10), 47),
        (date(2024, 1, 11), 2),
        (date(2025, 9, 30), 13),
        (date(2024, 1, 12), 10),
    )
    for i, (day, hours) in enumerate(notes):
        end = datetime(day.year, day.month, day.day, 11, tzinfo=UTC)
        pull.add(
            CollateralContact(
                id=f"cc-old-{i}",
                case_id=case.id,
                status=Status.APPROVED,
                contact_start=end - timedelta(hours=1),
                contact_end=end,
                recorded_at=None if hours is None else end + timedelta(hours=hours),
            ),
            "collateral_contact",
            {},
        )
    pull.apply()


def _fiscal_edges() -> list[date]:
    edges = []
    for year in range(FIRST.year, LAST.year + 1):
        edges += [
            date(year, 9, 30),
            date(year, 10, 1),
            date(year, 10, 31),
            date(year, 11, 1),
            date(year, 12, 31),
            date(year, 3, 1),
        ]
    return [d for d in edges if FIRST <= d <= LAST]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(today=st.one_of(st.sampled_from(_fiscal_edges()), st.dates(min_value=FIRST, max_value=LAST)))
@example(today=TODAY)
def test_the_window_answers_as_every_record_does(team_store, today):
    assert _same_answers(team_store, today, window_start(today, DEFAULT_RULES))


@pytest.mark.parametrize("today", [date(2025, 10, 20), date(2026, 5, 25)])
def test_a_window_cut_one_day_short_does_not_answer_the_same(team_store, today):
    # the visit of October 1 2025 is the child's only one that month: a window from October 2
    # loses it, and the check above would say so
    since = window_start(today, DEFAULT_RULES)
    assert since == date(2025, 10, 1)
    assert not _same_answers(team_store, today, since + timedelta(days=1))


def test_the_window_reads_old_visits_only_for_a_placement_or_a_late_note(team_store):
    today = date(2026, 5, 25)
    facts = team_store.compliance_facts(
        since=window_start(today, DEFAULT_RULES), note_hours=DEFAULT_RULES.documentation_due_hours
    )

    old = {v.id for v in facts.home_visits if v.id.startswith("hv-old")}
    contacts = {c.id for c in facts.collateral_contacts if c.id.startswith("cc-old")}

    # before this fiscal year: the placement's first visit in the residence (March 2024) and a visit
    # whose note was late (hv-old-1); the first school visit and June 2024 are neither: not read
    assert old == {"hv-old-1", "hv-old-2", "hv-old-4", "hv-old-5"}
    # a note never recorded, or recorded over 12 hours after the contact, is read whatever its age
    # (the rule decides: 47 and 13 hours are on time); 2 and 10 hours are not read
    assert contacts == {"cc-old-0", "cc-old-1", "cc-old-2", "cc-old-4"}


def test_a_rule_pack_allowing_under_12_hours_reads_every_older_contact(team_store):
    # 10 hours is late under 8: the index (over 12 hours) would miss it, so the window reads them all
    eight_hours = dataclasses.replace(DEFAULT_RULES, documentation_due_hours=8)
    today = date(2026, 5, 25)

    assert _same_answers(team_store, today, window_start(today, eight_hours), eight_hours)
    assert "cc-old-5" in {
        c.id
        for c in team_store.compliance_facts(
            since=date(2025, 10, 1), note_hours=8
        ).collateral_contacts
    }
