"""The demo caseworker's week (server/demo_week.py): every record the demo shows would pass the
checks a laptop makes before submitting it, nothing is dated after today, the dates land where the
demo needs them (the review and the 30-day meeting within the week, a referral past its answer
days), and the directory is a dozen providers across the service types and two counties."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import date

import pytest

from fieldcase.bundled import resource
from fieldcase.domain.assessments import Assessment, actionable_needs
from fieldcase.domain.case_plans import CasePlan
from fieldcase.domain.compliance.deadlines import case_plan_deadline, family_support_team_deadlines
from fieldcase.domain.instruments import parse_instrument
from fieldcase.domain.referrals import ReferralStatus, referral_follow_ups
from fieldcase.domain.rule_pack import DEFAULT_RULES
from fieldcase.domain.validation import problems
from fieldcase.domain.workflow import Status
from fieldcase.server.demo import fake_name
from fieldcase.server.demo_agency import DemoAgency
from fieldcase.server.demo_cases import SHAPES, ShapedCase
from fieldcase.server.demo_providers import demo_providers
from fieldcase.server.demo_week import DemoWeek

WORKER = "worker-a"


def _instrument():
    return parse_instrument(
        resource("instruments")
        .joinpath("independent_living_skills.json")
        .read_text(encoding="utf-8"),
        source="bundled",
    )


def _week(today: date):
    agency = DemoAgency(random.Random(5), today, fake_name, months=6)
    made = [[i.record for i in agency.case(WORKER, len(s.ages), shape=s)] for s in SHAPES]
    cases = [ShapedCase.of(records) for records in made]
    week = DemoWeek(
        random.Random(5),
        today,
        fake_name,
        worker=WORKER,
        providers={"DEMO-PR-01": "p1", "DEMO-PR-02": "p2"},
    )
    return cases, list(week.records(cases))


@pytest.mark.parametrize("today", [date(2026, 12, 7), date(2026, 3, 1), date(2027, 1, 31)])
def test_every_record_of_the_week_would_pass_a_laptops_checks(today):
    cases, items = _week(today)
    people = [p for c in cases for p in (c.parent, c.resource, *c.children)]
    instrument = _instrument()
    kinds = Counter(type(i.record).__name__ for i in items)
    assert kinds == {
        "CasePlan": 2,
        "TeamMeeting": 1,
        "Referral": 2,
        "CollateralContact": 2,
        "Assessment": 2,
        "TransitionPlan": 1,
        "Task": 2,
    }
    for item in items:
        record = item.record
        extra = {"instrument": instrument} if isinstance(record, Assessment) else {}
        # a referral stays open (a draft) while the service goes on: it is checked as a draft is
        for_submit = item.status in ("submitted", "approved")
        assert problems(record, for_submit=for_submit, people=people, on=today, **extra) == [], (
            type(record).__name__
        )
        assert item.at is None or item.at.date() <= today
    approved_plans = [i.record for i in items if isinstance(i.record, CasePlan)]
    assert all(
        p.version == 1 and p.services and p.visiting and p.plan_date <= today
        for p in approved_plans
    )


def test_the_dates_land_where_the_week_ahead_shows_them():
    today = date(2026, 12, 7)
    cases, items = _week(today)
    half_year, first_month, long_stay = cases
    plans = {i.record.case_id: i.record.plan_date for i in items if isinstance(i.record, CasePlan)}
    review = case_plan_deadline(
        half_year.case, as_of=today, approved_plans=(plans[half_year.case.id],)
    )
    assert (
        review.kind.value == "case_plan_review"
        and 0 <= review.days_left <= DEFAULT_RULES.week_ahead_days
    )
    assert (
        case_plan_deadline(
            long_stay.case, as_of=today, approved_plans=(plans[long_stay.case.id],)
        ).days_left
        > 30
    )
    due = [
        d for d in family_support_team_deadlines(first_month.case, as_of=today) if d.met_on is None
    ]
    assert (
        len(due) == 1 and 0 <= due[0].days_left <= DEFAULT_RULES.week_ahead_days
    )  # the 30-day meeting
    referrals = [i.record for i in items if type(i.record).__name__ == "Referral"]
    assert {r.service_status for r in referrals} == {
        ReferralStatus.REFERRED,
        ReferralStatus.STARTED,
    }
    [late] = referral_follow_ups(referrals, today)
    assert late.overdue_days > 0 and late.provider_name
    ages = {c.case.id: [(today - k.date_of_birth).days // 365 for k in c.children] for c in cases}
    assert max(ages[half_year.case.id]) >= 14 and min(ages[first_month.case.id]) >= 14


def test_the_latest_assessment_has_an_actionable_item():
    cases, items = _week(date(2026, 12, 7))
    youth = cases[0].children[0]
    instrument = _instrument()
    assessments = [i.record for i in items if isinstance(i.record, Assessment)]
    needs = actionable_needs(
        [replace(a, status=Status.APPROVED) for a in assessments], youth.id, [instrument]
    )
    assert {n.item_id for n in needs} == {"money_budget", "money_bills"}


def test_the_directory_is_a_dozen_providers_across_service_types_and_counties():
    rows = demo_providers()
    assert len(rows) == 12 and len({r["provider_id"] for r in rows}) == 12
    assert len({t for r in rows for t in r["service_types"].split(";")}) >= 8
    assert len({r["county"] for r in rows}) == 2
    assert all(r["name"].startswith("Synthetic ") for r in rows)
