"""The agency import's tables and columns, in one place: the reader checks headers against them,
validation converts values by them, and docs/agency-import.md describes the same list (a test keeps
the two in step). Column names are the caseworker's words, lower case with underscores."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from fieldcase.domain import kinds
from fieldcase.domain.cases import CaseStatus, PermanencyGoal
from fieldcase.domain.hearings import HearingType
from fieldcase.domain.people import ExitReason, PersonRole
from fieldcase.domain.placements import PlacementType, ProviderKind
from fieldcase.domain.referrals import ServiceType
from fieldcase.domain.visitation_plans import SupervisionLevel, VisitFrequency


class Type(enum.Enum):
    TEXT = "text"
    DATE = "date"  # YYYY-MM-DD
    DATETIME = "date and time"  # YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC unless an offset is given)
    NUMBER = "whole number"
    YES_NO = "yes or no"
    CHOICE = "one of the allowed values"
    IDS = "state ids separated by ;"
    TEXTS = "values separated by ;"


@dataclass(frozen=True)
class Column:
    name: str
    type: Type
    required: bool
    help: str
    example: str = ""
    #: the record field it fills (None: used by the import itself, e.g. the row's own state id)
    field: str | None = None
    choices: tuple[str, ...] = ()


def _values(kind: type[enum.Enum]) -> tuple[str, ...]:
    return tuple(member.value for member in kind)


@dataclass(frozen=True)
class Table:
    name: str  # the CSV file is NAME.csv; in JSON Lines, "type" is `row_type`
    row_type: str
    kind: str | None  # the record kind each row makes (None: case_dates fill other records)
    key: str  # the column holding the row's state id
    columns: tuple[Column, ...]
    help: str

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def restricted(self, column: Column) -> bool:
        """Withheld from birth families and printed copies: a restricted field of the row's kind,
        as the registry of kinds says (domain/kinds.py), not a second list kept here."""
        return (
            self.kind is not None
            and column.field is not None
            and column.field in kinds.of(self.kind).restricted
        )


CASE_ID = Column("case_id", Type.TEXT, True, "The state's identifier of the case.", "MO-C-104233")

CASES = Table(
    "cases",
    "case",
    "case",
    "case_id",
    (
        Column(
            "case_id",
            Type.TEXT,
            True,
            "The state's identifier of the case (stays the same on every import).",
            "MO-C-104233",
        ),
        Column(
            "case_number",
            Type.TEXT,
            True,
            "The agency's case number, as printed on court papers.",
            "2026-JU-00417",
            field="case_number",
        ),
        Column("county", Type.TEXT, False, "County of the case.", "Boone", field="county"),
        Column(
            "office", Type.TEXT, False, "Office that works the case.", "Columbia", field="office"
        ),
        Column(
            "opened_on",
            Type.DATE,
            False,
            "Day the case was opened.",
            "2026-03-02",
            field="opened_on",
        ),
        Column(
            "status",
            Type.CHOICE,
            False,
            "Open or closed (empty: open).",
            "open",
            field="status",
            choices=_values(CaseStatus),
        ),
        Column(
            "primary_worker",
            Type.TEXT,
            False,
            "User name of the case's primary caseworker (made with create-user).",
            "jdoe",
        ),
        Column(
            "permanency_goal",
            Type.CHOICE,
            False,
            "The permanency goal.",
            "reunification",
            field="permanency_goal",
            choices=_values(PermanencyGoal),
        ),
        Column(
            "concurrent_goal",
            Type.CHOICE,
            False,
            "The concurrent goal.",
            "adoption",
            field="concurrent_goal",
            choices=_values(PermanencyGoal),
        ),
        Column(
            "reporter_name",
            Type.TEXT,
            False,
            "Who reported the family (confidential by law).",
            "",
            field="reporter_name",
        ),
        Column(
            "reporter_contact",
            Type.TEXT,
            False,
            "How to reach the reporter (confidential by law).",
            "",
            field="reporter_contact",
        ),
    ),
    "One row per family case.",
)

PEOPLE = Table(
    "people",
    "person",
    "person",
    "person_id",
    (
        Column(
            "person_id", Type.TEXT, True, "The state's identifier of the person.", "MO-P-5530021"
        ),
        CASE_ID,
        Column(
            "role",
            Type.CHOICE,
            True,
            "Who the person is in the case.",
            "child",
            field="role",
            choices=_values(PersonRole),
        ),
        Column("given_name", Type.TEXT, True, "Given (first) name.", "Ana", field="given_name"),
        Column("family_name", Type.TEXT, False, "Family (last) name.", "Doe", field="family_name"),
        Column(
            "date_of_birth", Type.DATE, False, "Date of birth.", "2015-06-30", field="date_of_birth"
        ),
        Column(
            "languages",
            Type.TEXTS,
            False,
            "Languages spoken.",
            "English;Spanish",
            field="languages",
        ),
        Column("phone", Type.TEXT, False, "Phone number.", "573-555-0100", field="phone"),
        Column("email", Type.TEXT, False, "E-mail address.", "", field="email"),
        Column(
            "address",
            Type.TEXT,
            False,
            "Home address (restricted for resource parents: never shown to the birth family).",
            "12 Elm St, Columbia",
            field="address",
        ),
        Column(
            "is_reporter",
            Type.YES_NO,
            False,
            "Yes if this person reported the family (confidential by law).",
            "no",
            field="is_reporter",
        ),
    ),
    "One row per person in a case: children, parents, siblings, relatives, resource parents.",
)

PLACEMENTS = Table(
    "placements",
    "placement",
    "placement",
    "placement_id",
    (
        Column(
            "placement_id",
            Type.TEXT,
            True,
            "The state's identifier of the placement.",
            "MO-PL-88120",
        ),
        CASE_ID,
        Column(
            "child_id",
            Type.TEXT,
            True,
            "State id of the child placed (a person with role child in the same case).",
            "MO-P-5530021",
            field="child_id",
        ),
        Column(
            "provider_kind",
            Type.CHOICE,
            False,
            "Kind of provider.",
            "resource_family",
            field="provider_kind",
            choices=_values(ProviderKind),
        ),
        Column(
            "provider_name",
            Type.TEXT,
            True,
            "Name of the provider (family, relative or facility).",
            "The Smith family",
            field="provider_name",
        ),
        Column(
            "placement_type",
            Type.CHOICE,
            True,
            "Type of placement.",
            "foster_family",
            field="placement_type",
            choices=_values(PlacementType),
        ),
        Column(
            "address",
            Type.TEXT,
            False,
            "Where the child lives (restricted: never shown to the birth family).",
            "40 Oak Ave, Columbia",
            field="address",
        ),
        Column(
            "starts_on",
            Type.DATE,
            True,
            "First day of the placement.",
            "2026-03-02",
            field="starts_on",
        ),
        Column(
            "ends_on",
            Type.DATE,
            False,
            "Last day (empty while the child still lives there); not before the first day.",
            "",
            field="ends_on",
        ),
        Column(
            "reason_for_change",
            Type.TEXT,
            False,
            "Why the placement ended.",
            "Moved to a relative.",
            field="reason_for_change",
        ),
    ),
    "One row per placement of a child, past and current.",
)

VISITATION_PLANS = Table(
    "visitation_plans",
    "visitation_plan",
    "visitation_plan",
    "plan_id",
    (
        Column(
            "plan_id",
            Type.TEXT,
            True,
            "The state's identifier of the visitation plan.",
            "MO-VP-3301",
        ),
        CASE_ID,
        Column(
            "participants",
            Type.IDS,
            True,
            "State ids of the people who take part (parents, children, siblings).",
            "MO-P-5530020;MO-P-5530021",
            field="participants",
        ),
        Column(
            "excluded_persons",
            Type.IDS,
            False,
            "State ids of people a court order keeps away from the visits.",
            "",
            field="excluded_persons",
        ),
        Column(
            "frequency",
            Type.CHOICE,
            True,
            "How often family time takes place.",
            "weekly",
            field="frequency",
            choices=_values(VisitFrequency),
        ),
        Column(
            "duration_minutes",
            Type.NUMBER,
            False,
            "Length of each visit in minutes.",
            "90",
            field="duration_minutes",
        ),
        Column(
            "location_preference",
            Type.TEXT,
            False,
            "Where visits usually take place.",
            "Office family room",
            field="location_preference",
        ),
        Column(
            "supervision_level",
            Type.CHOICE,
            False,
            "How closely visits are supervised.",
            "supervised",
            field="supervision_level",
            choices=_values(SupervisionLevel),
        ),
        Column(
            "supervisor",
            Type.TEXT,
            False,
            "Who supervises (a name or a user name).",
            "jdoe",
            field="supervisor",
        ),
        Column(
            "transporter",
            Type.TEXT,
            False,
            "Who drives the child (a name or a user name).",
            "Parent aide",
            field="transporter",
        ),
        Column(
            "backup_plan",
            Type.TEXT,
            False,
            "What happens when a visit cannot take place.",
            "Phone call the same day.",
            field="backup_plan",
        ),
        Column(
            "court_order_reference",
            Type.TEXT,
            False,
            "The court order the plan follows.",
            "Order of 2026-03-20",
            field="court_order_reference",
        ),
        Column(
            "effective_from",
            Type.DATE,
            True,
            "First day the plan applies.",
            "2026-03-20",
            field="effective_from",
        ),
        Column(
            "effective_until",
            Type.DATE,
            False,
            "Last day it applies (empty: until changed); not before the first day.",
            "",
            field="effective_until",
        ),
    ),
    "One row per court-ordered plan for family time.",
)

HEARINGS = Table(
    "hearings",
    "hearing",
    "hearing",
    "hearing_id",
    (
        Column(
            "hearing_id", Type.TEXT, True, "The state's identifier of the hearing.", "MO-H-77002"
        ),
        CASE_ID,
        Column(
            "child_ids",
            Type.IDS,
            False,
            "State ids of the children the hearing is about (empty: every child of the case).",
            "MO-P-5530021",
            field="child_ids",
        ),
        Column(
            "scheduled_at",
            Type.DATETIME,
            True,
            "Date (and time) of the hearing.",
            "2026-04-14T09:30",
            field="scheduled_at",
        ),
        Column(
            "court", Type.TEXT, False, "The court.", "Boone County Juvenile Court", field="court"
        ),
        Column(
            "hearing_type",
            Type.CHOICE,
            False,
            "Type of hearing.",
            "review",
            field="hearing_type",
            choices=_values(HearingType),
        ),
        Column(
            "outcome",
            Type.TEXT,
            False,
            "What the court decided (empty until the hearing is held).",
            "Placement continued.",
            field="outcome",
        ),
        Column(
            "next_hearing_on",
            Type.DATE,
            False,
            "The next date the court set.",
            "2026-07-14",
            field="next_hearing_on",
        ),
    ),
    "One row per court hearing, held or coming.",
)

#: what a case_dates row records, and the field it fills
DATE_TYPES = {
    "removal": "removal_date",
    "referral": "referral_date",
    "custody": "custody_date",
    "case_plan_due": "case_plan_due",
    "case_plan_review": "last_case_plan_review",  # several reviews: the latest counts
    "family_support_team_meeting": "family_support_team_meetings",  # several: all kept
    "exit": "exit_date",  # a child's exit from care, with exit_reason
}
#: date types a case has at most once (a second row is a duplicate)
SINGLE_DATE_TYPES = frozenset({"removal", "referral", "custody", "case_plan_due"})

CASE_DATES = Table(
    "case_dates",
    "case_date",
    None,
    "case_id",
    (
        CASE_ID,
        Column(
            "date_type",
            Type.CHOICE,
            True,
            "What happened or is due on the date.",
            "removal",
            choices=tuple(DATE_TYPES),
        ),
        Column("date", Type.DATE, True, "The date.", "2026-03-01"),
        Column(
            "child_id", Type.TEXT, False, "For an exit: state id of the child who left care.", ""
        ),
        Column(
            "exit_reason",
            Type.CHOICE,
            False,
            "For an exit: why the child left care.",
            "reunification",
            choices=_values(ExitReason),
        ),
    ),
    "One row per key date of a case (removal, referral, custody, case plan due and reviews, family "
    "support team meetings) or a child's exit from care.",
)

#: the office's resource directory (server/providers.py): not case data, no record kind; each row is
#: a provider by the agency's own id, new or changed, and `active` = no retires it
PROVIDERS = Table(
    "providers",
    "provider",
    None,
    "provider_id",
    (
        Column(
            "provider_id",
            Type.TEXT,
            True,
            "The agency's identifier of the provider (stays the same on every import).",
            "PR-0042",
        ),
        Column(
            "name",
            Type.TEXT,
            True,
            "The provider's name, as caseworkers know it.",
            "Family Roots Parenting Center",
        ),
        Column(
            "service_types",
            Type.TEXTS,
            True,
            "Services it offers, separated by ;.",
            "parenting;mental_health",
            choices=_values(ServiceType),
        ),
        Column("county", Type.TEXT, False, "County it serves (caseworkers search by it).", "Boone"),
        Column("address", Type.TEXT, False, "Its public address.", "210 Main St, Columbia"),
        Column("phone", Type.TEXT, False, "Its public phone number.", "573-555-0142"),
        Column(
            "notes",
            Type.TEXT,
            False,
            "What a caseworker should know (intake hours, languages, waiting list).",
            "Spanish-speaking staff",
        ),
        Column(
            "active",
            Type.YES_NO,
            False,
            "No takes it out of the laptops' directory (empty: yes).",
            "yes",
        ),
    ),
    "One row per community provider of the office's resource directory (referrals choose from it).",
)

#: in import order: a row may only name records of the tables before it (or already imported)
TABLES: tuple[Table, ...] = (
    CASES,
    PEOPLE,
    PLACEMENTS,
    VISITATION_PLANS,
    HEARINGS,
    CASE_DATES,
    PROVIDERS,
)
BY_FILE = {t.file_name: t for t in TABLES}
BY_ROW_TYPE = {t.row_type: t for t in TABLES}
#: the record kinds the import writes
KINDS = tuple(t.kind for t in TABLES if t.kind)
