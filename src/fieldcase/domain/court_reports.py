"""The court report: what the caseworker tells the court before a hearing (domain.md "Court report (built)").

It has two parts of different nature:

- the **composed sections** — placement and its stability, family time planned against held,
  the caseworker's visits, services and progress, the child's health and education, the monthly
  visit figures — read from the *approved* record since the last hearing
  (`court_report_composition.compose_court_report`). They are facts, kept as data (ids, days,
  counts, enum values), never as sentences: the printout words them in the reader's language, and a
  court copy prints them through the court redaction profile.
- the caseworker's own **assessment and recommendations**, typed in the app.

The sections are a *snapshot*: composed when the draft is started (so the caseworker sees them
while writing) and composed again at each submit, then never again. An approved report therefore
prints the same sections on the day of the hearing and five years later, whatever was recorded,
approved, voided or corrected since (an addendum is how a correction is added). A placement's
address is never copied into the snapshot, so no profile can print it from there.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from .case_plans import Progress, ServiceFor
from .cases import PermanencyGoal
from .collateral_contacts import CollateralMethod, CollateralRole
from .field_record import FieldRecord
from .home_visits import ContactMethod, LocationType
from .placements import PlacementType, ProviderKind
from .problems import Problem, blank
from .safe_repr import record_repr
from .visitation_entries import NonOccurrenceReason, VisitationOutcome
from .visitation_plans import SupervisionLevel, VisitFrequency


class MissingFact(enum.Enum):
    """What the record does not hold for a section: printed as such, so the court reads "not
    recorded" rather than an empty heading it could take for "nothing happened"."""

    NO_CASE_PLAN = (
        "no_case_plan"  # no approved case plan on file: services cannot be listed from it
    )
    NO_HEALTH_NOTES = (
        "no_health_notes"  # no approved visit in the period covered the child's health
    )
    NO_EDUCATION_NOTES = "no_education_notes"
    NO_FAMILY_TIME_PLAN = "no_family_time_plan"
    NO_PLACEMENT = "no_placement"
    #: no approved collateral contact (school, therapist, doctor, GAL, CASA …) in the period
    NO_COLLATERAL_CONTACTS = "no_collateral_contacts"
    #: written by reports composed before collateral contacts were a record kind; kept so those
    #: snapshots still load and print as they were approved
    COLLATERAL_CONTACTS_NOT_RECORDED = "collateral_contacts_not_recorded"


@dataclass(frozen=True, slots=True, kw_only=True)
class Stay:
    """One placement of the child that touches the period. No address: see the module's docstring."""

    placement_id: str
    provider_name: str = ""
    provider_kind: ProviderKind | None = None
    placement_type: PlacementType | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    reason_for_change: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlacementFacts:
    child_id: str
    stays: tuple[Stay, ...] = ()
    #: placements that started inside the period after another one (a move)
    moves_in_period: int = 0
    #: every placement the child has had since entering care (the court asks for stability over the stay)
    placements_since_entry: int = 0
    #: days in the current placement on the period's last day; None when not placed then
    days_in_current: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FamilyTime:
    """One visitation plan over the period: visits its frequency calls for against visits held,
    and why the others did not happen, by party (compliance/visitation.py)."""

    plan_id: str
    participants: tuple[str, ...] = ()
    frequency: VisitFrequency | None = None
    supervision_level: SupervisionLevel | None = None
    planned: int | None = None
    held: int = 0
    ended_early: int = 0
    cancelled_by_family: int = 0
    cancelled_by_agency: int = 0
    cancelled_by_provider: int = 0
    parent_no_shows: int = 0
    child_unable: int = 0
    child_refused: int = 0
    rescheduled: int = 0
    months_below_minimum: tuple[str, ...] = ()  # "YYYY-MM"


@dataclass(frozen=True, slots=True, kw_only=True)
class FamilyVisitLine:
    entry_id: str
    on: date
    plan_id: str | None = None
    outcome: VisitationOutcome | None = None
    reason: NonOccurrenceReason | None = None
    supervision_level: SupervisionLevel | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseworkerVisitLine:
    visit_id: str
    on: date
    method: ContactMethod | None = None
    location_type: LocationType | None = None
    children_seen: tuple[str, ...] = ()
    children_seen_privately: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceLine:
    """A service of the approved case plan (domain/case_plans.PlanService) with the progress the
    plan's last 6-month review recorded for it (a `ProgressNote` naming the same service)."""

    service: str
    provider: str | None = None
    #: who sees that it happens: a person id of the case, or a name
    responsible: str | None = None
    service_for: ServiceFor | None = None
    person_id: str | None = None
    starts_on: date | None = None
    ends_by: date | None = None
    court_ordered: bool | None = None
    progress: Progress | None = None  # None: no review has recorded progress on it yet
    progress_notes: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GoalProgress:
    """A goal of the plan and the progress the last review recorded on it."""

    goal: str
    progress: Progress | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class WellBeingNote:
    """What an approved visit recorded about the child's health or education (the topic was covered)."""

    child_id: str
    visit_id: str
    on: date
    note: str | None = (
        None  # the visit's well-being notes for the child; None: covered, nothing written
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class MonthlyVisitFigures:
    """The federal monthly caseworker visit over the period's months in care (compliance/monthly_visits.py)."""

    child_id: str
    months_in_care: int = 0
    months_seen: int = 0
    months_seen_in_residence: int = 0
    months_seen_privately: int = 0
    months_missed: tuple[str, ...] = ()  # "YYYY-MM"


@dataclass(frozen=True, slots=True, kw_only=True)
class CollateralLine:
    """An approved collateral contact of the period (domain/collateral_contacts.py): who the party is
    to the child, their name and organisation, how, and what was said or learned. The party's own
    phone, e-mail and address (restricted) are never copied here."""

    contact_id: str
    on: date
    party: str = ""  # name and organisation, as typed
    summary: str | None = None
    role: CollateralRole | None = None
    method: CollateralMethod | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ComposedSections:
    placements: tuple[PlacementFacts, ...] = ()
    family_time: tuple[FamilyTime, ...] = ()
    family_visits: tuple[FamilyVisitLine, ...] = ()
    caseworker_visits: tuple[CaseworkerVisitLine, ...] = ()
    #: the approved case plan the services were read from; None: none on file (MissingFact.NO_CASE_PLAN)
    case_plan_id: str | None = None
    case_plan_version: int | None = None
    case_plan_date: date | None = None
    permanency_goal: PermanencyGoal | None = None
    concurrent_goal: PermanencyGoal | None = None
    services: tuple[ServiceLine, ...] = ()
    goals: tuple[GoalProgress, ...] = ()
    health: tuple[WellBeingNote, ...] = ()
    education: tuple[WellBeingNote, ...] = ()
    monthly_visits: tuple[MonthlyVisitFigures, ...] = ()
    collateral_contacts: tuple[CollateralLine, ...] = ()
    missing: tuple[MissingFact, ...] = ()
    #: how many approved records the sections were composed from (the printout says so)
    records_read: int = 0


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class CourtReport(FieldRecord):
    __repr__ = record_repr  # no personal data in logs and tracebacks

    hearing_id: str | None = None
    #: the hearing's day, copied when the report is composed (the printout's heading)
    hearing_on: date | None = None
    #: the children the hearing is about (the hearing's, or every child of the case)
    child_ids: tuple[str, ...] = ()
    #: the day after the last hearing (or the day care began) .. the day the sections were composed
    period_start: date | None = None
    period_end: date | None = None
    composed_at: datetime | None = None
    sections: ComposedSections | None = None
    written_by: str | None = None
    #: the caseworker's own words: how the child and the family are doing, and what they ask the court
    assessment: str | None = None
    recommendations: str | None = None


def court_report_problems(report: CourtReport, *, for_submit: bool) -> list[Problem]:
    found: list[Problem] = []
    if report.period_start and report.period_end and report.period_end < report.period_start:
        found.append(Problem("period_end", "The period ends before it starts."))
    if for_submit:
        if not report.hearing_id:
            found.append(Problem("hearing_id", "Choose the hearing this report is for."))
        if report.sections is None:
            found.append(Problem("sections", "The report's sections have not been composed yet."))
        if blank(report.assessment):
            found.append(Problem("assessment", "Write your assessment for the court."))
        if blank(report.recommendations):
            found.append(Problem("recommendations", "Write your recommendations to the court."))
    return found
