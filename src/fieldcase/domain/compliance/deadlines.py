"""Dated obligations: the case plan and its reviews, family support team meetings, the initial
placement visit and the monthly contact with the placement provider."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..cases import Case
from ..home_visits import ContactMethod, HomeVisit, VisitOutcome
from ..placements import Placement
from ..rule_pack import DEFAULT_RULES, RulePack
from ..team_meetings import TeamMeeting, held_on
from ..workflow import Status
from .monthly_visits import Sighting, sightings
from .periods import Month, add_business_days, add_months


class DeadlineKind(enum.Enum):
    CASE_PLAN = "case_plan"
    CASE_PLAN_REVIEW = "case_plan_review"
    FAMILY_SUPPORT_TEAM = "family_support_team"
    INITIAL_PLACEMENT_VISIT = "initial_placement_visit"
    PROVIDER_CONTACT = "provider_contact"
    ASSESSMENT = "assessment"
    TRANSITION_PLAN = "transition_plan"
    TRANSITION_PLAN_REVIEW = "transition_plan_review"


class DeadlineState(enum.Enum):
    MET = "met"
    MET_LATE = "met_late"
    PENDING = "pending"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


@dataclass(frozen=True, slots=True, kw_only=True)
class Deadline:
    kind: DeadlineKind
    case_id: str
    due: date
    state: DeadlineState
    #: Days from `as_of` to `due`: 0 on the day, negative once past.
    days_left: int
    met_on: date | None = None
    child_id: str | None = None
    placement_id: str | None = None
    #: Which of a series this is (family support team: 0 = 72 hours, 1 = 30 days, 2 = a placement
    #: change, whose `placement_id` is the new placement).
    sequence: int = 0
    #: an assessment's instrument (compliance/assessments.py)
    instrument_id: str | None = None

    @property
    def overdue(self) -> bool:
        return self.state is DeadlineState.OVERDUE

    @property
    def due_soon(self) -> bool:
        return self.state is DeadlineState.DUE_SOON


def _deadline(
    kind: DeadlineKind,
    case_id: str,
    due: date,
    met_on: date | None,
    as_of: date,
    rules: RulePack,
    **ids: Any,
) -> Deadline:
    days_left = (due - as_of).days
    if met_on is not None:
        state = DeadlineState.MET if met_on <= due else DeadlineState.MET_LATE
    elif days_left < 0:
        state = DeadlineState.OVERDUE
    elif days_left <= rules.due_soon_days:
        state = DeadlineState.DUE_SOON
    else:
        state = DeadlineState.PENDING
    return Deadline(
        kind=kind, case_id=case_id, due=due, state=state, days_left=days_left, met_on=met_on, **ids
    )


def _initial_case_plan_due(case: Case, contracted: bool, rules: RulePack) -> date | None:
    candidates = []
    # the 30-day clock runs from custody; a case without its custody date counts from the removal
    custody = getattr(case, "custody_date", None) or case.removal_date
    if contracted and case.referral_date is not None:
        candidates.append(
            case.referral_date + timedelta(days=rules.contracted_case_plan_due_days_after_referral)
        )
    elif custody is not None:
        candidates.append(custody + timedelta(days=rules.case_plan_due_days_after_custody))
    if case.case_plan_due is not None:
        candidates.append(case.case_plan_due)
    return min(candidates) if candidates else None


def case_plan_deadlines(
    case: Case,
    *,
    as_of: date,
    approved_plans: Iterable[date] = (),
    contracted: bool = False,
    rules: RulePack = DEFAULT_RULES,
) -> tuple[Deadline, ...]:
    """Every case-plan deadline of the case so far, met or missed, ending with the one still open:
    the initial plan (30 days after custody; for contracted case management 14 days after referral),
    met by the first plan on record; then a review 6 months after each plan, met by the next one.

    A plan on record is an approved case plan (its day: `case_plan_rules.approved_plan_days`) or
    the agency's `last_case_plan_review` (a plan written or reviewed before the laptop knew of it).
    An agency-entered `case_plan_due` can bring the initial date forward, never push it back."""
    days = sorted(
        {*approved_plans, *((case.last_case_plan_review,) if case.last_case_plan_review else ())}
    )
    found: list[Deadline] = []
    initial = _initial_case_plan_due(case, contracted, rules)
    if initial is not None:
        found.append(
            _deadline(
                DeadlineKind.CASE_PLAN, case.id, initial, days[0] if days else None, as_of, rules
            )
        )
    for i, day in enumerate(days):
        due = add_months(day, rules.case_plan_review_months)
        met = days[i + 1] if i + 1 < len(days) else None
        found.append(
            _deadline(
                DeadlineKind.CASE_PLAN_REVIEW, case.id, due, met, as_of, rules, sequence=i + 1
            )
        )
    return tuple(found)


def case_plan_deadline(
    case: Case,
    *,
    as_of: date,
    approved_plans: Iterable[date] = (),
    contracted: bool = False,
    rules: RulePack = DEFAULT_RULES,
) -> Deadline | None:
    """The case-plan deadline still open (`case_plan_deadlines`' last): the initial plan until one is
    on record, then the review due 6 months after the latest plan. None when nothing dates it."""
    series = case_plan_deadlines(
        case, as_of=as_of, approved_plans=approved_plans, contracted=contracted, rules=rules
    )
    return series[-1] if series else None


def meetings_held(case: Case, team_meetings: Iterable[TeamMeeting], *, as_of: date) -> list[date]:
    """The days the case's family support team met, by `as_of`, in order without repeats: the
    meeting records that say they were held (`team_meetings.held_on`: the one rule) and the dates
    the agency entered on the case (the state system's, or from before meetings were recorded)."""
    days = set(case.family_support_team_meetings)
    for meeting in team_meetings:
        if meeting.case_id == case.id and (day := held_on(meeting)) is not None:
            days.add(day)
    return sorted(d for d in days if d <= as_of)


def _moves(case: Case, placements: Iterable[Placement]) -> list[tuple[date, str]]:
    """The days a child of the case moved to another placement (with the first new placement of the
    day): every placement after a child's first in the case. Siblings moved together on one day
    call one meeting, so one deadline a day."""
    by_child: dict[str, list[Placement]] = {}
    for p in placements:
        if p.case_id == case.id and p.starts_on is not None and p.child_id:
            by_child.setdefault(p.child_id, []).append(p)
    moves: dict[date, str] = {}
    for own in by_child.values():
        own.sort(key=lambda p: (p.starts_on, p.id))
        for p in own[1:]:
            starts_on = p.starts_on
            assert starts_on is not None  # only placements with a start day were gathered above
            if case.removal_date is None or starts_on >= case.removal_date:
                moves.setdefault(starts_on, p.id)
    return sorted(moves.items())


def family_support_team_deadlines(
    case: Case,
    *,
    as_of: date,
    team_meetings: Iterable[TeamMeeting] = (),
    placements: Iterable[Placement] = (),
    rules: RulePack = DEFAULT_RULES,
) -> tuple[Deadline, ...]:
    """One deadline per meeting the rule pack requires after custody (72 hours, 30 days), then one
    per placement change. The custody ones are separate meetings: the n-th meeting held since custody
    answers the n-th deadline, late or not. A move is answered by the first meeting held from a few
    days before it (a planned move is discussed first), late or not; a meeting may answer a move and
    a custody deadline both (the 30-day meeting held the day after a move is the move's meeting too)."""
    held = meetings_held(case, team_meetings, as_of=as_of)
    found = []
    if case.removal_date is not None:
        since_custody = [d for d in held if d >= case.removal_date]
        for i, days in enumerate(rules.family_support_team_days_after_custody):
            due = case.removal_date + timedelta(days=days)
            met = since_custody[i] if i < len(since_custody) else None
            found.append(
                _deadline(
                    DeadlineKind.FAMILY_SUPPORT_TEAM, case.id, due, met, as_of, rules, sequence=i
                )
            )
    for moved_on, placement_id in _moves(case, placements):
        due = moved_on + timedelta(days=rules.family_support_team_days_after_placement_change)
        earliest = moved_on - timedelta(days=rules.family_support_team_days_before_placement_change)
        met = next((d for d in held if d >= earliest), None)
        found.append(
            _deadline(
                DeadlineKind.FAMILY_SUPPORT_TEAM,
                case.id,
                due,
                met,
                as_of,
                rules,
                placement_id=placement_id,
                sequence=len(rules.family_support_team_days_after_custody),
            )
        )
    return tuple(found)


def _initial_visit(
    placement: Placement, seen: list[Sighting], as_of: date, rules: RulePack
) -> Deadline | None:
    if placement.starts_on is None:
        return None
    due = add_business_days(placement.starts_on, rules.initial_placement_visit_business_days, rules)
    end = placement.ends_on or date.max
    # A placement visit is a visit in the new home: face to face, the child seen in the residence.
    met_on = min(
        (s.on for s in seen if s.in_residence and placement.starts_on <= s.on <= end), default=None
    )
    return _deadline(
        DeadlineKind.INITIAL_PLACEMENT_VISIT,
        placement.case_id,
        due,
        met_on,
        as_of,
        rules,
        child_id=placement.child_id,
        placement_id=placement.id,
    )


def initial_placement_visit_deadline(
    placement: Placement,
    *,
    home_visits: Iterable[HomeVisit],
    as_of: date,
    rules: RulePack = DEFAULT_RULES,
) -> Deadline | None:
    """The child seen in the new placement by the next business day after it starts (weekends and the
    rule pack's holidays skipped)."""
    return _initial_visit(
        placement, sightings(home_visits).get(placement.child_id, []), as_of, rules
    )


def provider_contacts(visits: Iterable[HomeVisit], rules: RulePack) -> dict[str, list[date]]:
    """Days of completed contact recorded against each placement, by placement id."""
    found: dict[str, list[date]] = {}
    # the members, not `.value` per visit (an enum's value is a Python-level property lookup)
    methods = frozenset(m for m in ContactMethod if m.value in rules.provider_contact_methods)
    for visit in visits:
        if (
            visit.status is Status.VOIDED
            or visit.outcome is not VisitOutcome.COMPLETED
            or visit.method not in methods
            or visit.placement_id is None
            or visit.contact_start is None
        ):
            continue
        found.setdefault(visit.placement_id, []).append(visit.contact_start.date())
    return found


def shared_with_siblings(
    contacts: Mapping[str, list[date]], placements: Iterable[Placement]
) -> dict[str, list[date]]:
    """Contacts credited to every placement with the same provider in the same case. Siblings placed
    together have a placement each, but a visit records one `placement_id`: the resource parent the
    caseworker spoke to is the provider of all of them. Same provider: same case, kind, name and
    address (case and spacing aside)."""

    def provider(p: Placement) -> tuple | None:
        if not p.provider_name or not p.provider_name.strip():
            return None
        return (
            p.case_id,
            p.provider_kind,
            " ".join(p.provider_name.casefold().split()),
            " ".join((p.address or "").casefold().split()),
        )

    by_provider: dict[tuple, list[Placement]] = {}
    for placement in placements:
        if (key := provider(placement)) is not None:
            by_provider.setdefault(key, []).append(placement)
    shared = {k: list(v) for k, v in contacts.items()}
    for together in by_provider.values():
        if len(together) < 2:
            continue
        days = sorted({d for p in together for d in contacts.get(p.id, ())})
        for placement in together:
            shared[placement.id] = days
    return shared


def _provider_contact(
    placement: Placement,
    contacts: Mapping[str, list[date]],
    as_of: date,
    month: Month,
    rules: RulePack,
) -> Deadline | None:
    if (
        placement.starts_on is None
        or placement.starts_on > month.last_day
        or (placement.ends_on is not None and placement.ends_on < month.first_day)
    ):
        return None
    due = month.last_day if placement.ends_on is None else min(month.last_day, placement.ends_on)
    start = max(month.first_day, placement.starts_on)
    met_on = min((d for d in contacts.get(placement.id, ()) if start <= d <= due), default=None)
    return _deadline(
        DeadlineKind.PROVIDER_CONTACT,
        placement.case_id,
        due,
        met_on,
        as_of,
        rules,
        child_id=placement.child_id,
        placement_id=placement.id,
    )


def provider_contact_deadline(
    placement: Placement,
    *,
    home_visits: Iterable[HomeVisit],
    as_of: date,
    month: Month | None = None,
    rules: RulePack = DEFAULT_RULES,
) -> Deadline | None:
    """Monthly contact with the placement provider: a completed contact (face to face, video or phone
    in Missouri) recorded against the placement in the month. None when the placement is not current
    in that month."""
    return _provider_contact(
        placement, provider_contacts(home_visits, rules), as_of, month or Month.of(as_of), rules
    )
