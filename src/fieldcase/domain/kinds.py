"""Every kind of record, once: its class, its family, its name in the caseworker's words, which of
its fields are narrative or restricted, the day it is about and the children it concerns.

The store, the server, sync, the approval queue, printing and the window all read this table, so a
new kind of record is added here (and in its own module) and nowhere else is a kind listed by hand.
The nouns are English msgids: the window translates them (`ui.i18n._`), the store's and the server's
sentences use them as they are.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


class Family(enum.Enum):
    #: the case's own facts (people, placements, plans, hearings): no workflow, changed by edits
    CASE_DATA = "case_data"
    #: what the caseworker documents (contacts, meetings, plans, reports): draft → submitted →
    #: approved, reviewed by the supervisor, addenda once approved
    FIELD_RECORD = "field_record"
    #: a proposal that changes case data only once the supervisor approves it (a goal change); it has
    #: the field records' workflow and queue
    APPROVAL = "approval"


@dataclass(frozen=True, slots=True)
class Children:
    """Where a record names the children it concerns: `field` itself (a list of ids, or one id), or
    the `key` of each row of `field`, keeping only rows whose `when` field has the `when` value."""

    field: str
    key: str | None = None
    when: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class FollowUps:
    """Where a record writes follow-up tasks (domain/tasks.py): rows of `field`, each an action, an
    owner and a due day (`home_visits.FollowUpTask`). An undated row falls due on the record's
    `undated_due` field (a visit's next planned visit), when the kind has one. Every kind that has
    such rows says so here, and the week ahead, the case's tasks and the supervisor's overdue list
    read them all from this table."""

    field: str = "follow_up_tasks"
    undated_due: str | None = None


@dataclass(frozen=True, slots=True)
class RecordKind:
    kind: str
    module: str  # under fieldcase.domain
    class_name: str
    family: Family
    title: str  # "Home visit": a tab, a heading, a list's kind column
    noun: str  # "home visit": inside a sentence
    plural: str
    narrative: frozenset[str] = frozenset()
    restricted: frozenset[str] = frozenset()
    #: the field whose value (a date, or a datetime read in the local time it was recorded in) is
    #: the day the record is about; None for a kind about no one day (a person)
    day_field: str | None = None
    children: Children | None = None
    #: further fields whose text the local search finds (names, not narratives: those are searched
    #: anyway); "rows.key" reaches into each row of a list
    search: tuple[str, ...] = ()
    #: where the record writes follow-up tasks (rows the week ahead lists), or None
    follow_ups: FollowUps | None = None

    @property
    def has_workflow(self) -> bool:
        return self.family is not Family.CASE_DATA


_F = frozenset
_TABLE: tuple[RecordKind, ...] = (
    RecordKind(
        "case",
        "cases",
        "Case",
        Family.CASE_DATA,
        "Case",
        "case",
        "cases",
        restricted=_F({"reporter_name", "reporter_contact"}),
        day_field="opened_on",
        search=("case_number", "county", "office"),
    ),
    RecordKind(
        "person",
        "people",
        "Person",
        Family.CASE_DATA,
        "Person",
        "person",
        "people",
        # a person's address is restricted only for a resource parent (metadata.restricted_fields)
        restricted=_F({"address", "is_reporter"}),
        search=("given_name", "family_name"),
    ),
    RecordKind(
        "placement",
        "placements",
        "Placement",
        Family.CASE_DATA,
        "Placement",
        "placement",
        "placements",
        narrative=_F({"reason_for_change"}),
        restricted=_F({"address"}),
        day_field="starts_on",
        children=Children("child_id"),
        search=("provider_name",),
    ),
    RecordKind(
        "visitation_plan",
        "visitation_plans",
        "VisitationPlan",
        Family.CASE_DATA,
        "Visitation plan",
        "visitation plan",
        "visitation plans",
        narrative=_F({"backup_plan", "location_preference"}),
        day_field="effective_from",
    ),
    RecordKind(
        "hearing",
        "hearings",
        "Hearing",
        Family.CASE_DATA,
        "Hearing",
        "hearing",
        "hearings",
        narrative=_F({"outcome"}),
        day_field="scheduled_at",
        children=Children("child_ids"),
        search=("court",),
    ),
    # a task the worker adds, or the done/due of a visit's follow-up row (domain/tasks.py says why a record)
    RecordKind(
        "task",
        "tasks",
        "Task",
        Family.CASE_DATA,
        "Task",
        "task",
        "tasks",
        narrative=_F({"action"}),
        day_field="due",
        children=Children("child_ids"),
    ),
    RecordKind(
        "home_visit",
        "home_visits",
        "HomeVisit",
        Family.FIELD_RECORD,
        "Home visit",
        "visit",
        "visits",
        narrative=_F(
            {
                "reason_not_in_residence",
                "benefit_not_in_residence",
                "children",
                "observations",
                "home_conditions",
                "services_status",
                "caregiver_needs",
            }
        ),
        # a visit in the child's placement is at the resource family's address
        restricted=_F({"address"}),
        day_field="contact_start",
        children=Children("children", "child_id"),
        search=(
            "participants.name",
            "children.reason_not_seen",
            "children.reason_not_private",
            "children.safety_narrative",
            "children.well_being_notes",
            "children.child_statements",
            "follow_up_tasks.action",
        ),
        follow_ups=FollowUps(undated_due="next_visit_planned"),
    ),
    RecordKind(
        "visitation_entry",
        "visitation_entries",
        "VisitationEntry",
        Family.FIELD_RECORD,
        "Family visit",
        "family visit",
        "family visits",
        narrative=_F(
            {
                "reason_detail",
                "greeting_and_departure",
                "activities",
                "meets_childs_needs",
                "interventions_and_response",
                "safety_concerns",
                "quotes",
                "strengths",
                "concerns",
                "tasks_for_parent",
                "caregiver_handoff_report",
            }
        ),
        day_field="scheduled_start",
        children=Children("child_ids"),
    ),
    RecordKind(
        "transport_trip",
        "transport_trips",
        "TransportTrip",
        Family.FIELD_RECORD,
        "Transport trip",
        "trip",
        "trips",
        narrative=_F({"purpose_detail", "child_statements", "incidents"}),
        # trip legs start or end at the resource family's home
        restricted=_F({"legs"}),
        day_field="trip_date",
        children=Children("passengers", "person_id", when=("kind", "child")),
        search=("incidents.description", "medications.medication"),
    ),
    RecordKind(
        "case_plan",
        "case_plans",
        "CasePlan",
        Family.FIELD_RECORD,
        "Case plan",
        "case plan",
        "case plans",
        narrative=_F(
            {
                "family_notes",
                "conditions",
                "judicial_determination",
                "psychological_needs",
                "efforts_prevent_removal",
                "efforts_reunify",
                "efforts_permanency",
                "goal_rationale",
                "court_order_requirements",
                "parent_responsibilities",
                "behaviours_ending_services",
                "placement_appropriateness",
                "proximity_to_parents",
                "needs_met",
                "evaluation",
                "plan_changes",
            }
        ),
        day_field="plan_date",
        children=Children("child_ids"),
        search=("services.description", "services.provider", "participants.name", "progress.notes"),
    ),
    RecordKind(
        "court_report",
        "court_reports",
        "CourtReport",
        Family.FIELD_RECORD,
        "Court report",
        "court report",
        "court reports",
        narrative=_F({"assessment", "recommendations"}),
        day_field="period_end",
        children=Children("child_ids"),
    ),
    RecordKind(
        "collateral_contact",
        "collateral_contacts",
        "CollateralContact",
        Family.FIELD_RECORD,
        "Collateral contact",
        "collateral contact",
        "collateral contacts",
        narrative=_F({"purpose", "summary"}),
        # a therapist's or a shelter's line, an office address: restricted like addresses
        restricted=_F({"party_contact"}),
        day_field="contact_start",
        children=Children("child_ids"),
        search=("party_name", "party_organisation", "follow_up_tasks.action"),
        follow_ups=FollowUps(),
    ),
    RecordKind(
        "referral",
        "referrals",
        "Referral",
        Family.FIELD_RECORD,
        "Referral",
        "referral",
        "referrals",
        narrative=_F({"reason", "progress_notes"}),
        day_field="referred_on",
        search=("provider_name", "service_detail", "plan_service"),
    ),
    RecordKind(
        "assessment",
        "assessments",
        "Assessment",
        Family.FIELD_RECORD,
        "Assessment",
        "assessment",
        "assessments",
        narrative=_F({"ratings", "notes"}),
        day_field="assessed_on",
        children=Children("child_id"),
    ),
    RecordKind(
        "transition_plan",
        "transition_plans",
        "TransitionPlan",
        Family.FIELD_RECORD,
        "Transition plan",
        "transition plan",
        "transition plans",
        narrative=_F({"goals", "youth_words"}),
        day_field="written_on",
        children=Children("child_id"),
        search=("participants.name",),
    ),
    RecordKind(
        "team_meeting",
        "team_meetings",
        "TeamMeeting",
        Family.FIELD_RECORD,
        "Family support team meeting",
        "team meeting",
        "team meetings",
        narrative=_F({"purpose_detail", "decisions"}),
        # a meeting in the resource family's home is held at their address
        restricted=_F({"place"}),
        day_field="held_at",
        children=Children("child_ids"),
        search=(
            "facilitator",
            "attendees.name",
            "attendees.organisation",
            "attendees.role",
            "services.service",
            "services.provider",
            "plan_changes.change",
        ),
    ),
    RecordKind(
        "goal_change",
        "goal_changes",
        "GoalChange",
        Family.APPROVAL,
        "Goal change",
        "goal change",
        "goal changes",
        narrative=_F({"reason"}),
        day_field="proposed_at",
    ),
)

KIND_TABLE: dict[str, RecordKind] = {k.kind: k for k in _TABLE}


def of(kind: str) -> RecordKind:
    return KIND_TABLE[kind]


def kinds_of(*families: Family) -> tuple[str, ...]:
    return tuple(k.kind for k in KIND_TABLE.values() if k.family in families)


#: Every kind with the draft → submitted → approved workflow and the supervisor's queue: the field
#: records, then the proposals (table order). The one list of them: the rule pack, the store, the
#: services and the server all read this name. It lives here, not in `metadata`, because this module
#: imports no record module: the rule pack reads it on the GUI thread before the unlock, where
#: loading every record type would hold up the first paint (tests/gui/test_startup.py).
WORKFLOW_KINDS: tuple[str, ...] = kinds_of(Family.FIELD_RECORD, Family.APPROVAL)
#: The proposals among them (a goal change): they change case data only once a supervisor approves
#: them, so no agency's choice and no rule pack can drop their approval (rule_pack, approval).
APPROVAL_KINDS: tuple[str, ...] = kinds_of(Family.APPROVAL)


def kinds_with_follow_ups() -> tuple[str, ...]:
    """The kinds whose records write follow-up tasks (`RecordKind.follow_ups`)."""
    return tuple(k.kind for k in KIND_TABLE.values() if k.follow_ups is not None)


def title(kind: str | None) -> str:
    found = KIND_TABLE.get(kind or "")
    return found.title if found else "Record"


def noun(kind: str | None) -> str:
    found = KIND_TABLE.get(kind or "")
    return found.noun if found else "record"


def plural(kind: str | None) -> str:
    found = KIND_TABLE.get(kind or "")
    return found.plural if found else "records"


def _get(source: Any, name: str) -> Any:
    if isinstance(source, dict):
        return source.get(name)
    return getattr(source, name, None)


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def children_in(kind: str, source: Any) -> tuple[str, ...]:
    """The child ids a record (a domain object or its stored body) names, in order without repeats."""
    where = KIND_TABLE[kind].children
    if where is None:
        return ()
    value = _get(source, where.field)
    if where.key is None:
        ids: Iterable[Any] = (
            ((value,) if value else ()) if isinstance(value, str) else (value or ())
        )
    else:
        rows = value or ()
        if where.when is not None:
            name, wanted = where.when
            rows = [row for row in rows if _plain(_get(row, name)) == wanted]
        ids = (_get(row, where.key) for row in rows)
    return tuple(dict.fromkeys(i for i in ids if i is not None))


def day_in(kind: str, source: Any) -> date | None:
    """The day a record (a domain object or its stored body) is about."""
    name = KIND_TABLE[kind].day_field
    value = _get(source, name) if name else None
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return value.date()
    return value


def search_parts(kind: str, source: Any) -> list[str]:
    """The texts of a kind's `search` fields (names, courts, incidents…)."""
    parts: list[str] = []
    for path in KIND_TABLE[kind].search:
        name, _, key = path.partition(".")
        value = _get(source, name)
        if key:
            parts += [_get(row, key) or "" for row in value or ()]
        elif isinstance(value, str):
            parts.append(value)
    return parts
