"""What the compliance rules read of each record, and nothing more: the attributes the engine uses,
under the same names and with the same types as on the domain records, so that every function of
the engine takes either. A screen that only shows compliance (the supervisor's team dashboard) reads
these from the store instead of whole records — a visit's notes, participants and follow-up tasks
are most of its body and no rule looks at them.

Facts are tuples, not records: `serialization` refuses them, so one can never be saved in place of
the record it was read from (it would wipe every field left out here)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from ..cases import CaseStatus
from ..home_visits import ContactMethod, LocationType, VisitOutcome, VisitPurpose
from ..people import PersonRole
from ..placements import PlacementType, ProviderKind
from ..team_meetings import MeetingPurpose
from ..transport_trips import VehicleKind
from ..visitation_entries import VisitationOutcome
from ..visitation_plans import VisitFrequency
from ..workflow import Status


class CaseFacts(NamedTuple):
    id: str
    case_number: str = ""
    status: CaseStatus = CaseStatus.OPEN
    primary_worker_id: str | None = None
    removal_date: date | None = None
    referral_date: date | None = None
    custody_date: date | None = None
    case_plan_due: date | None = None
    last_case_plan_review: date | None = None
    family_support_team_meetings: tuple[date, ...] = ()


class PersonFacts(NamedTuple):
    id: str
    case_id: str
    role: PersonRole = PersonRole.OTHER
    given_name: str = ""
    family_name: str = ""
    #: a child's last day in care (the federal visit figures stop counting after it)
    exit_date: date | None = None
    #: a child's birthday: instruments with a minimum age, the transition plan at 14
    date_of_birth: date | None = None

    @property
    def display_name(self) -> str:  # as `Person.display_name`
        return f"{self.given_name} {self.family_name}".strip()


class PlacementFacts(NamedTuple):
    id: str
    case_id: str
    child_id: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    # who the provider is: siblings placed together share the caseworker's contact with them
    provider_kind: ProviderKind | None = None
    provider_name: str | None = None
    address: str | None = None
    #: a trial home visit: the parent's home is the child's residence (visit figures)
    placement_type: PlacementType | None = None

    def current_on(self, on: date) -> bool:  # as `Placement.current_on`
        return (
            self.starts_on is not None
            and self.starts_on <= on
            and (self.ends_on is None or on <= self.ends_on)
        )


class VisitationPlanFacts(NamedTuple):
    id: str
    case_id: str
    frequency: VisitFrequency | None = None
    effective_from: date | None = None
    effective_until: date | None = None


class ChildSeenFacts(NamedTuple):
    child_id: str
    seen: bool | None = None
    seen_privately: bool | None = None


class HomeVisitFacts(NamedTuple):
    id: str
    case_id: str
    status: Status = Status.DRAFT
    method: ContactMethod | None = None
    outcome: VisitOutcome | None = None
    location_type: LocationType | None = None
    contact_start: datetime | None = None
    contact_end: datetime | None = None
    recorded_at: datetime | None = None
    placement_id: str | None = None
    reason_not_in_residence: str | None = None
    benefit_not_in_residence: str | None = None
    children: tuple[ChildSeenFacts, ...] = ()
    #: a visit of a trial home visit is in the child's residence at the parent's home (visit figures)
    purpose: VisitPurpose | None = None


class CollateralContactFacts(NamedTuple):
    """What documentation timeliness reads of a collateral contact."""

    id: str
    case_id: str
    status: Status = Status.DRAFT
    contact_end: datetime | None = None
    recorded_at: datetime | None = None


class VisitationEntryFacts(NamedTuple):
    id: str
    case_id: str
    status: Status = Status.DRAFT
    plan_id: str | None = None
    scheduled_start: datetime | None = None
    outcome: VisitationOutcome | None = None


class TransportTripFacts(NamedTuple):
    id: str
    case_id: str
    status: Status = Status.DRAFT
    driver_id: str | None = None
    trip_date: date | None = None
    vehicle_kind: VehicleKind | None = None
    plate: str | None = None
    odometer_start: Decimal | None = None
    odometer_end: Decimal | None = None


class AssessmentFacts(NamedTuple):
    id: str
    case_id: str
    status: Status = Status.DRAFT
    child_id: str | None = None
    instrument_id: str = ""
    assessed_on: date | None = None


class TransitionPlanFacts(NamedTuple):
    id: str
    case_id: str
    status: Status = Status.DRAFT
    child_id: str | None = None
    written_on: date | None = None
    review_on: date | None = None


class CasePlanFacts(NamedTuple):
    """What the case-plan clocks read of a case plan: an approved one meets them on its day."""

    id: str
    case_id: str
    status: Status = Status.DRAFT
    plan_date: date | None = None
    version: int = 1


class AttendeeFacts(NamedTuple):
    present: bool | None = None


class TeamMeetingFacts(NamedTuple):
    """What `team_meetings.held_on` reads of a family support team meeting, and its purpose."""

    id: str
    case_id: str
    status: Status = Status.DRAFT
    held_at: datetime | None = None
    purpose: MeetingPurpose | None = None
    attendees: tuple[AttendeeFacts, ...] = ()
