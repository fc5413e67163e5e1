"""Writing the case plan on the laptop, offline: the first plan pre-filled from the case (its
children and family, its goals, its visitation plans), a 6-month review pre-filled from the last
approved version, a new draft carrying a family support team meeting's proposed changes, and the
case's versions with what changed between each and the one before.

A version is one field record (domain/case_plans.py): it is drafted, submitted, returned and
approved by the shared workflow (services/field_records.py); an approved version is read-only and
takes addenda only. While a version is not approved, starting "another" opens that one: a case has
one plan being written at a time.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from fieldcase.domain.case_plan_rules import (
    FieldChange,
    changes_between,
    latest_approved,
    next_version,
)
from fieldcase.domain.case_plans import (
    CasePlan,
    ParticipantRole,
    PlanParticipant,
    PlanService,
    ServiceFor,
    VisitingArrangement,
)
from fieldcase.domain.ids import new_id
from fieldcase.domain.people import PersonRole
from fieldcase.domain.workflow import Status
from fieldcase.services.field_records import save_draft

if TYPE_CHECKING:  # the store (SQLAlchemy) loads with the first unlock, not with the window
    from fieldcase.store.store import Store

#: a version still being written (or corrected): starting a plan opens it instead of a second draft
UNFINISHED = (Status.DRAFT, Status.RETURNED, Status.SUBMITTED)
_FAMILY_ROLES = (PersonRole.PARENT, PersonRole.SIBLING, PersonRole.RELATIVE)
#: a person's role in the case as the plan's participant role (chosen from its list, so it reads in
#: the family's language on screen and on paper)
_PARTICIPANT_ROLES = {
    PersonRole.PARENT: ParticipantRole.PARENT.value,
    PersonRole.CHILD: ParticipantRole.CHILD.value,
    PersonRole.RESOURCE_PARENT: ParticipantRole.RESOURCE_PARENT.value,
    PersonRole.RELATIVE: ParticipantRole.RELATIVE.value,
}


def versions(store: Store, case_id: str) -> list[CasePlan]:
    """The case's plans, newest version first (voided ones too: the list shows them struck out)."""
    plans = store.repository("case_plan").list(case_id=case_id)
    return sorted(plans, key=lambda p: (p.version, p.plan_date or date.min, p.id), reverse=True)


def unfinished(store: Store, case_id: str) -> CasePlan | None:
    """The version being written: a draft, a returned or a submitted one."""
    return next((p for p in versions(store, case_id) if p.status in UNFINISHED), None)


def approved_plan(store: Store, case_id: str) -> CasePlan | None:
    """The plan in force: the case's last approved version (what a court report reads its services
    from), None when no version is approved yet."""
    return latest_approved(versions(store, case_id))


def visiting_from(store: Store, case_id: str, *, on: date) -> tuple[VisitingArrangement, ...]:
    """The parental visiting schedule as the case's visitation plans in effect on `on` say it."""
    names = {p.id: p.display_name for p in store.repository("person").list(case_id=case_id)}
    rows = []
    for plan in store.repository("visitation_plan").list(case_id=case_id):
        if plan.effective_until is not None and plan.effective_until < on:
            continue
        # the names as the visitation plan has them (no words around them: the plan may print in Spanish)
        arrangements = " · ".join(part for part in (plan.supervisor, plan.transporter) if part)
        rows.append(
            VisitingArrangement(
                plan_id=plan.id,
                who=", ".join(names.get(p, "") for p in plan.participants if names.get(p)) or None,
                frequency=plan.frequency,
                duration_minutes=plan.duration_minutes,
                location=plan.location_preference,
                supervision=plan.supervision_level,
                arrangements=arrangements or None,
            )
        )
    return tuple(rows)


def new_plan(store: Store, *, case_id: str, user_id: str | None, today: date) -> CasePlan:
    """Version 1, not saved: the case's children and family, its goals, the parents to sign, and
    the visiting schedule of its visitation plans."""
    case = store.repository("case").get(case_id)
    people = store.repository("person").list(case_id=case_id)
    children = tuple(p.id for p in people if p.role is PersonRole.CHILD and p.exit_date is None)
    return with_assessed_needs(
        store,
        CasePlan(
            id=new_id(),
            case_id=case_id,
            created_by=user_id,
            written_by=user_id,
            plan_date=today,
            period_starts=today,
            child_ids=children,
            family_ids=tuple(p.id for p in people if p.role in _FAMILY_ROLES),
            permanency_goal=case.permanency_goal,
            concurrent_goal=case.concurrent_goal,
            visiting=visiting_from(store, case_id, on=today),
            evaluation_from=today,
            participants=tuple(
                PlanParticipant(person_id=p.id, role=_PARTICIPANT_ROLES[p.role])
                for p in people
                if p.role in (PersonRole.PARENT, PersonRole.RESOURCE_PARENT)
            ),
        ),
    )


def next_plan(
    store: Store, *, case_id: str, user_id: str | None, today: date, review: bool = True
) -> CasePlan:
    """The next version, not saved: from the last approved one (a 6-month review when `review`),
    version 1 when the case has none. The visiting schedule is read again from the visitation plans
    (they may have changed since); an unfinished version is returned as it is."""
    found = unfinished(store, case_id)
    if found is not None:
        return found
    plans = versions(store, case_id)
    previous = latest_approved(plans)
    if previous is None:
        return new_plan(store, case_id=case_id, user_id=user_id, today=today)
    following = next_version(previous, new_id=new_id(), on=today, review=review, author=user_id)
    # numbered after every version on record (a voided one keeps its number)
    number = max(p.version for p in plans) + 1
    visiting = visiting_from(store, case_id, on=today) or following.visiting
    return with_assessed_needs(
        store, dataclasses.replace(following, version=number, visiting=visiting)
    )


def start_review(
    store: Store, case_id: str, *, user_id: str | None = None, today: date | None = None
) -> str:
    """Start (save) the 6-month review: version N+1 pre-filled from the last approved version N,
    with a progress row for each of its services and goals. Returns the record id (the unfinished
    version's, if one is being written)."""
    found = unfinished(store, case_id)
    if found is not None:
        return found.id
    plan = next_plan(
        store,
        case_id=case_id,
        user_id=user_id,
        today=today or datetime.now().astimezone().date(),
        review=True,
    )
    save_draft(store, record=plan)
    return plan.id


def start_draft(
    store: Store,
    case_id: str,
    *,
    from_meeting_changes: list[str] | None = None,
    user_id: str | None = None,
    today: date | None = None,
) -> str:
    """A plan draft for the case, saved, and its record id: the version being written if there is
    one (a submitted one is left to the supervisor: a new draft follows it), else the next version
    from the last approved one (version 1 when none). A family support team meeting's proposed
    changes are appended to the draft's plan-change notes, one line each."""
    day = today or datetime.now().astimezone().date()
    plans = versions(store, case_id)
    plan = next((p for p in plans if p.status in (Status.DRAFT, Status.RETURNED)), None)
    stored_version = store.get(plan.id).version if plan is not None else None
    if plan is None:
        base = next((p for p in plans if p.status is Status.SUBMITTED), None) or latest_approved(
            plans
        )
        if base is None:
            plan = new_plan(store, case_id=case_id, user_id=user_id, today=day)
        else:
            plan = next_version(base, new_id=new_id(), on=day, review=False, author=user_id)
            plan = with_assessed_needs(
                store, dataclasses.replace(plan, version=max(p.version for p in plans) + 1)
            )
    lines = [f"- {c.strip()}" for c in from_meeting_changes or () if c and c.strip()]
    if lines:
        plan = dataclasses.replace(
            plan, plan_changes="\n".join(part for part in (plan.plan_changes or "", *lines) if part)
        )
    save_draft(store, record=plan, expected_version=stored_version)
    return plan.id


#: how an actionable assessment item is offered as a service row of a new version (services/assessments.py)
ASSESSED_NEED = "Assessed need: {need}"


def with_assessed_needs(store: Store, plan: CasePlan) -> CasePlan:
    """A new version offered the needs its children's latest assessments found (issue 21: the items
    rated at or above the instrument's actionable rating, `services.assessments.actionable_needs`):
    a service row for each, for the child, not yet saying who provides it or by when — the
    caseworker completes or removes it before submitting (the plan's rules ask for both). A need a
    row of the plan already names (carried over from the last version) is not offered twice."""
    from fieldcase.services.assessments import actionable_needs

    named = {service.description for service in plan.services}
    offered = []
    for child_id in plan.child_ids:
        for need in actionable_needs(store, child_id):
            description = ASSESSED_NEED.format(need=need.words())
            if description not in named:
                named.add(description)
                offered.append(
                    PlanService(
                        description=description, service_for=ServiceFor.CHILD, person_id=child_id
                    )
                )
    return dataclasses.replace(plan, services=plan.services + tuple(offered)) if offered else plan


@dataclass(frozen=True)
class VersionLine:
    """One version in the case view's list of plans."""

    record_id: str
    version: int
    status: Status
    plan_date: date | None
    is_review: bool
    #: what changed from the version before it (empty for version 1)
    changes: tuple[FieldChange, ...]


def version_lines(store: Store, case_id: str) -> tuple[VersionLine, ...]:
    """The case's versions, newest first, each with what changed from the version it started from."""
    plans = versions(store, case_id)
    by_id = {p.id: p for p in plans}
    lines = []
    for plan in plans:
        before = by_id.get(plan.previous_version_id or "")
        lines.append(
            VersionLine(
                plan.id,
                plan.version,
                plan.status,
                plan.plan_date,
                plan.is_review,
                changes_between(before, plan) if before is not None else (),
            )
        )
    return tuple(lines)
