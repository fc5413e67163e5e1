"""The narrow read behind the compliance screens: for every record, only the fields the compliance
rules use (`fieldcase.domain.compliance.facts`), plus what the review counts need of the entries
waiting for approval or returned — in one read transaction, so the numbers are of one moment.

Loading whole records costs most of the team dashboard's time: a home visit's body is mostly notes,
participants and follow-up tasks, and `from_dict` checks every field. Here each body is parsed by
pydantic-core with a schema naming only the wanted keys (the rest of the JSON is skipped, not turned
into Python objects), and the values are converted the way `serialization` converts them (enums by
value, ISO dates and times, decimals as text). A wanted value of the wrong shape is refused with
`MalformedRecord`, naming the kind and field, never the value; fields not read are not checked.

With `since` (the screens pass their fiscal year's first day) the read is bounded by the window the
rules look at, not by the years kept: `_window_rows` says which rows, docs/design/domain.md ("How
much history the rules read") why the answers stay those of every record.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

import pydantic_core
from pydantic_core import core_schema as cs
from sqlalchemy import Connection, select

from fieldcase.domain import kinds
from fieldcase.domain.cases import CaseStatus
from fieldcase.domain.compliance.facts import (
    AssessmentFacts,
    AttendeeFacts,
    CaseFacts,
    CasePlanFacts,
    ChildSeenFacts,
    CollateralContactFacts,
    HomeVisitFacts,
    PersonFacts,
    PlacementFacts,
    TeamMeetingFacts,
    TransitionPlanFacts,
    TransportTripFacts,
    VisitationEntryFacts,
    VisitationPlanFacts,
)
from fieldcase.domain.home_visits import ContactMethod, LocationType, VisitOutcome, VisitPurpose
from fieldcase.domain.people import PersonRole
from fieldcase.domain.placements import PlacementType, ProviderKind
from fieldcase.domain.serialization import MalformedRecord
from fieldcase.domain.team_meetings import MeetingPurpose
from fieldcase.domain.transport_trips import VehicleKind
from fieldcase.domain.visitation_entries import VisitationOutcome
from fieldcase.domain.visitation_plans import VisitFrequency
from fieldcase.domain.workflow import Status
from fieldcase.store.compliance_window import (
    COLUMNS,
    DATED_KINDS,
    IN_REVIEW,
    WITH_SHADOW,
    window_rows,
    window_start,
)
from fieldcase.store.tables import (
    LATE_NOTE_MIN_HOURS,
)


class InReview(NamedTuple):
    """A field record waiting for approval or returned to its author (by the store's status column,
    as `Store.list(status=...)` filters)."""

    id: str
    kind: str
    status: str
    #: the pulled server state's `meta.created_by`, else the body's `created_by`
    author: str | None
    #: the pulled server state's `meta.submitted_at`, as stored (text)
    submitted_at: Any
    updated_at: str
    #: the children the record concerns (`metadata.children_of`), without repeats
    child_ids: tuple[str, ...]


@dataclass(frozen=True)
class ComplianceFacts:
    """Every record on the laptop as the compliance rules see it (all statuses; callers filter)."""

    cases: tuple[CaseFacts, ...]
    people: tuple[PersonFacts, ...]
    placements: tuple[PlacementFacts, ...]
    visitation_plans: tuple[VisitationPlanFacts, ...]
    home_visits: tuple[HomeVisitFacts, ...]
    visitation_entries: tuple[VisitationEntryFacts, ...]
    trips: tuple[TransportTripFacts, ...]
    case_plans: tuple[CasePlanFacts, ...]
    in_review: tuple[InReview, ...]
    assessments: tuple[AssessmentFacts, ...] = ()
    transition_plans: tuple[TransitionPlanFacts, ...] = ()
    team_meetings: tuple[TeamMeetingFacts, ...] = ()
    #: documentation timeliness counts their notes with the visits'
    collateral_contacts: tuple[CollateralContactFacts, ...] = ()


# ----------------------------------------------------------------------------------- values


def _refuse(kind: str, name: str, what: str) -> MalformedRecord:
    return MalformedRecord(f"{kind}.{name}: {what}")


def _datetime(value: Any, kind: str, name: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _refuse(kind, name, "not a valid time") from None
    if parsed.tzinfo is None:
        raise _refuse(kind, name, "a time must carry its UTC offset")
    return parsed


def _date(value: Any, kind: str, name: str) -> date:
    if len(value) != 10:
        raise _refuse(kind, name, "expected a date YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _refuse(kind, name, "expected a date YYYY-MM-DD") from None


def _dates(value: Any, kind: str, name: str) -> tuple[date, ...]:
    return tuple(_date(v, kind, name) for v in value)


def _decimal(value: Any, kind: str, name: str) -> Decimal:
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise _refuse(kind, name, "not a decimal number") from None
    if not number.is_finite():
        raise _refuse(kind, name, "not a finite number")
    return number


# Per field: name, schema, conversion (for values pydantic-core leaves as text), default. The schema
# is strict (text is text, true is true, an enum is one of its values) and says, as the domain
# record does, whether null is allowed; the default is the record's own, _REQUIRED when it has none.
# pydantic-core fills in defaults, so every field is in the parsed dict.
_REQUIRED: Any = object()
_TEXT = cs.str_schema(strict=True)
_BOOL = cs.bool_schema(strict=True)


def _nullable(schema: Any) -> Any:
    return cs.nullable_schema(schema)


def _text(name: str, default: Any = None) -> tuple:
    return (name, _nullable(_TEXT) if default is None else _TEXT, None, default)


def _enum_field(name: str, cls: Any, default: Any = None) -> tuple:
    schema = cs.enum_schema(cls, list(cls), sub_type="str", strict=True)
    return (name, _nullable(schema) if default is None else schema, None, default)


def _date_field(name: str) -> tuple:
    return (name, _nullable(_TEXT), _date, None)


def _datetime_field(name: str) -> tuple:
    return (name, _nullable(_TEXT), _datetime, None)


def _decimal_field(name: str) -> tuple:
    return (name, _nullable(_TEXT), _decimal, None)


_ID = _text("id", _REQUIRED)
_CASE_ID = _text("case_id", _REQUIRED)
_STATUS = _enum_field("status", Status, Status.DRAFT)

_CHILD_SEEN = cs.list_schema(
    cs.typed_dict_schema(
        {
            "child_id": cs.typed_dict_field(_TEXT, required=True),
            "seen": cs.typed_dict_field(
                cs.with_default_schema(_nullable(_BOOL), default=None), required=False
            ),
            "seen_privately": cs.typed_dict_field(
                cs.with_default_schema(_nullable(_BOOL), default=None), required=False
            ),
        },
        extra_behavior="ignore",
    )
)
_CHILD_SEEN_VALUES = operator.itemgetter(*ChildSeenFacts._fields)


# NamedTuple's _make is Python code around tuple.__new__; these are made by the tens of thousands
_new = tuple.__new__


def _children(value: Any, kind: str, name: str) -> tuple[ChildSeenFacts, ...]:
    return tuple([_new(ChildSeenFacts, _CHILD_SEEN_VALUES(c)) for c in value])


_ATTENDEES = cs.list_schema(
    cs.typed_dict_schema(
        {
            "present": cs.typed_dict_field(
                cs.with_default_schema(_nullable(_BOOL), default=None), required=False
            )
        },
        extra_behavior="ignore",
    )
)


def _attendees(value: Any, kind: str, name: str) -> tuple[AttendeeFacts, ...]:
    return tuple([_new(AttendeeFacts, (a["present"],)) for a in value])


SPECS: dict[
    str, tuple[type[Any], tuple[tuple, ...]]
] = {  # type[Any]: a NamedTuple class (its _fields)
    "case": (
        CaseFacts,
        (
            _ID,
            _text("case_number", ""),
            _enum_field("status", CaseStatus, CaseStatus.OPEN),
            _text("primary_worker_id"),
            _date_field("removal_date"),
            _date_field("referral_date"),
            _date_field("custody_date"),
            _date_field("case_plan_due"),
            _date_field("last_case_plan_review"),
            ("family_support_team_meetings", cs.list_schema(_TEXT), _dates, ()),
        ),
    ),
    "person": (
        PersonFacts,
        (
            _ID,
            _CASE_ID,
            _enum_field("role", PersonRole, PersonRole.OTHER),
            _text("given_name", ""),
            _text("family_name", ""),
            _date_field("exit_date"),
            _date_field("date_of_birth"),
        ),
    ),
    "placement": (
        PlacementFacts,
        (
            _ID,
            _CASE_ID,
            _text("child_id", ""),
            _date_field("starts_on"),
            _date_field("ends_on"),
            _enum_field("provider_kind", ProviderKind),
            _text("provider_name"),
            _text("address"),
            _enum_field("placement_type", PlacementType),
        ),
    ),
    "visitation_plan": (
        VisitationPlanFacts,
        (
            _ID,
            _CASE_ID,
            _enum_field("frequency", VisitFrequency),
            _date_field("effective_from"),
            _date_field("effective_until"),
        ),
    ),
    "home_visit": (
        HomeVisitFacts,
        (
            _ID,
            _CASE_ID,
            _STATUS,
            _enum_field("method", ContactMethod),
            _enum_field("outcome", VisitOutcome),
            _enum_field("location_type", LocationType),
            _datetime_field("contact_start"),
            _datetime_field("contact_end"),
            _datetime_field("recorded_at"),
            _text("placement_id"),
            _text("reason_not_in_residence"),
            _text("benefit_not_in_residence"),
            ("children", _CHILD_SEEN, _children, ()),
            _enum_field("purpose", VisitPurpose),
        ),
    ),
    "collateral_contact": (
        CollateralContactFacts,
        (
            _ID,
            _CASE_ID,
            _STATUS,
            _datetime_field("contact_end"),
            _datetime_field("recorded_at"),
        ),
    ),
    "visitation_entry": (
        VisitationEntryFacts,
        (
            _ID,
            _CASE_ID,
            _STATUS,
            _text("plan_id"),
            _datetime_field("scheduled_start"),
            _enum_field("outcome", VisitationOutcome),
        ),
    ),
    "transport_trip": (
        TransportTripFacts,
        (
            _ID,
            _CASE_ID,
            _STATUS,
            _text("driver_id"),
            _date_field("trip_date"),
            _enum_field("vehicle_kind", VehicleKind),
            _text("plate"),
            _decimal_field("odometer_start"),
            _decimal_field("odometer_end"),
        ),
    ),
    "assessment": (
        AssessmentFacts,
        (
            _ID,
            _CASE_ID,
            _STATUS,
            _text("child_id"),
            _text("instrument_id", ""),
            _date_field("assessed_on"),
        ),
    ),
    "transition_plan": (
        TransitionPlanFacts,
        (
            _ID,
            _CASE_ID,
            _STATUS,
            _text("child_id"),
            _date_field("written_on"),
            _date_field("review_on"),
        ),
    ),
    "case_plan": (
        CasePlanFacts,
        (
            _ID,
            _CASE_ID,
            _STATUS,
            _date_field("plan_date"),
            ("version", cs.int_schema(strict=True), None, 1),
        ),
    ),
    "team_meeting": (
        TeamMeetingFacts,
        (
            _ID,
            _CASE_ID,
            _STATUS,
            _datetime_field("held_at"),
            _enum_field("purpose", MeetingPurpose),
            ("attendees", _ATTENDEES, _attendees, ()),
        ),
    ),
}


def _field(schema: Any, default: Any) -> Any:
    if default is _REQUIRED:
        return cs.typed_dict_field(schema, required=True)
    return cs.typed_dict_field(cs.with_default_schema(schema, default=default), required=False)


@functools.cache
def _builder(kind: str) -> tuple[type, Any, tuple[tuple[str, Any], ...]]:
    """The facts class, a getter of its fields' values in order, and the conversions still to make."""
    cls, spec = SPECS[kind]
    assert tuple(name for name, *_rest in spec) == cls._fields, kind
    return (
        cls,
        operator.itemgetter(*cls._fields),
        tuple((name, convert) for name, _s, convert, _d in spec if convert is not None),
    )


@functools.cache
def _validator(kind: str, in_review: bool = False) -> pydantic_core.SchemaValidator:
    # a kind the rules do not read (a referral, a goal change) is read for the review counts alone
    fields = (
        {name: _field(schema, default) for name, schema, _convert, default in SPECS[kind][1]}
        if kind in SPECS
        else {}
    )
    if (
        in_review
    ):  # what the review counts read besides the rules' fields: the author and the children
        fields["created_by"] = cs.typed_dict_field(cs.any_schema(), required=False)
        where = kinds.of(kind).children
        if where is not None and where.field not in fields:
            fields[where.field] = cs.typed_dict_field(
                cs.nullable_schema(cs.union_schema([_TEXT, cs.list_schema(cs.any_schema())])),
                required=False,
            )
    return pydantic_core.SchemaValidator(cs.typed_dict_schema(fields, extra_behavior="ignore"))


@functools.cache
def _shadow_validator() -> pydantic_core.SchemaValidator:
    return pydantic_core.SchemaValidator(
        cs.typed_dict_schema(
            {"meta": cs.typed_dict_field(cs.any_schema(), required=False)}, extra_behavior="ignore"
        )
    )


def _invalid(kind: str, err: pydantic_core.ValidationError) -> MalformedRecord:
    # the field's name and the kind of problem; never the value (it may be personal data)
    first = err.errors(include_url=False, include_context=False, include_input=False)[0]
    where = ".".join(str(p) for p in first["loc"]) or "body"
    return _refuse(kind, where, first["msg"])


def _parse(validator: pydantic_core.SchemaValidator, kind: str, body: str) -> dict[str, Any]:
    try:
        return validator.validate_json(body)
    except pydantic_core.ValidationError as err:
        raise _invalid(kind, err) from None


@functools.cache
def _maker(kind: str) -> Any:
    """The facts of `kind` from a parsed body (converted in place), in one call."""
    cls, values, conversions = _builder(kind)

    def make(data: dict[str, Any]) -> Any:
        for name, convert in conversions:
            value = data[name]
            if value is not None:
                data[name] = convert(value, kind, name)
        return _new(cls, values(data))

    return make


def _facts(kind: str, data: dict[str, Any]) -> Any:
    """The facts from a parsed body (converted in place)."""
    return _maker(kind)(data)


# ----------------------------------------------------------------------------------- reading


def read(
    connection: Connection, *, since: date | None = None, note_hours: int = LATE_NOTE_MIN_HOURS
) -> ComplianceFacts:
    """Every record's compliance facts, each kind in the order `Store.list` gives records.

    `since` (the first day of the fiscal year the screen is about, `window_start`): of the contacts
    made every month for years (`DATED_KINDS`), only those the rules still read — see
    `_window_rows`. The engine's answers are the same as from every record (tests/unit/services/
    test_compliance_window.py); the reading no longer grows with the years kept. `note_hours`: the
    rule pack's hours for a note (a pack allowing under 12 reads every older contact)."""
    if since is None:
        # One pass over the table in storage order: every row is wanted, and an ORDER BY would make
        # SQLite sort the rows with their bodies before the first one comes back.
        rows = connection.execute(select(*COLUMNS).select_from(WITH_SHADOW)).all()
    else:
        rows = window_rows(connection, since, note_hours, read_kinds=SPECS, placement_of=_placement)
    found: dict[str, list[tuple[str, str, Any]]] = {kind: [] for kind in SPECS}
    in_review: list[InReview] = []
    # Per row only the parse and the facts: each kind's validator, facts class and conversions are
    # looked up once per kind, not once per row (a tenth of the read's Python time, 6,000 rows).
    makers: dict[tuple[str, bool], tuple[Any, Any]] = {}
    workflow = kinds.WORKFLOW_KINDS
    kind = "body"
    try:
        for kind, record_id, status, occurred_on, updated_at, body, shadow_body in rows:
            reviewed = status in IN_REVIEW and kind in workflow
            wanted = found.get(kind)
            if wanted is None and not reviewed:
                continue  # a kind the rules do not read, not waiting for review
            maker = makers.get((kind, reviewed))
            if maker is None:
                maker = makers[kind, reviewed] = (
                    _validator(kind, reviewed).validate_json,
                    _maker(kind) if wanted is not None else None,
                )
            parse, make = maker
            data = parse(body)
            if reviewed:  # first: `make` converts `data` in place
                in_review.append(_in_review(kind, record_id, status, updated_at, shadow_body, data))
            if make is not None:
                wanted.append((occurred_on or "", record_id, make(data)))  # type: ignore[union-attr]  # a kind read has its list
    except pydantic_core.ValidationError as err:
        raise _invalid(kind, err) from None
    ordered = {kind: _in_list_order(rows) for kind, rows in found.items()}
    in_review.sort(key=lambda entry: entry.id)
    return ComplianceFacts(
        cases=ordered["case"],
        people=ordered["person"],
        placements=ordered["placement"],
        visitation_plans=ordered["visitation_plan"],
        home_visits=ordered["home_visit"],
        visitation_entries=ordered["visitation_entry"],
        trips=ordered["transport_trip"],
        case_plans=ordered["case_plan"],
        in_review=tuple(in_review),
        collateral_contacts=ordered["collateral_contact"],
        assessments=ordered["assessment"],
        transition_plans=ordered["transition_plan"],
        team_meetings=ordered["team_meeting"],
    )


def _in_list_order(rows: list[tuple[str, str, Any]]) -> tuple[Any, ...]:
    """As `RecordRepository.list` orders: latest day first (no day last), then by id."""
    rows.sort(key=operator.itemgetter(1))
    rows.sort(key=operator.itemgetter(0), reverse=True)  # stable, also reversed
    return tuple(facts for _day, _id, facts in rows)


def _in_review(
    kind: str,
    record_id: str,
    status: str,
    updated_at: str,
    shadow_body: str | None,
    data: dict[str, Any],
) -> InReview:
    meta: Any = {}
    if shadow_body is not None:
        meta = _parse(_shadow_validator(), "shadow", shadow_body).get("meta") or {}
    # InReview's fields in order (a NamedTuple called with keywords is Python code, 1,000 times)
    return _new(
        InReview,
        (
            record_id,
            kind,
            status,
            meta.get("created_by") or data.get("created_by"),
            meta.get("submitted_at"),
            updated_at,
            kinds.children_in(kind, data),
        ),
    )


def _placement(body: str) -> Any:
    return _facts("placement", _parse(_validator("placement"), "placement", body))


__all__ = [
    "DATED_KINDS",
    "IN_REVIEW",
    "ComplianceFacts",
    "InReview",
    "read",
    "window_start",
]
