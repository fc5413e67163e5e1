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
import json
import operator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

import pydantic_core
from pydantic_core import core_schema as cs
from sqlalchemy import Connection, and_, null, or_, select, text, true

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
from fieldcase.store.tables import (
    LATE_NOTE_MIN_HOURS,
    LATE_NOTE_WHERE,
    record,
    shadow,
)

#: every kind a supervisor reviews (submitted -> approved or returned), from the registry: a kind
#: listed here by hand once left case plans, referrals, assessments and transition plans waiting in
#: the approval queue but out of the dashboard's "in review" counts
REVIEWED_KINDS = kinds.kinds_of(kinds.Family.FIELD_RECORD, kinds.Family.APPROVAL)
IN_REVIEW = (Status.SUBMITTED.value, Status.RETURNED.value)


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
            "seen": cs.typed_dict_field(cs.with_default_schema(_nullable(_BOOL), default=None), required=False),
            "seen_privately": cs.typed_dict_field(cs.with_default_schema(_nullable(_BOOL), default=None), required=False),
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
        {"present": cs.typed_dict_field(cs.with_default_schema(_nullable(_BOOL), default=None), required=False)},
        extra_behavior="ignore",
    )
)


def _attendees(value: Any, kind: str, name: str) -> tuple[AttendeeFacts, ...]:
    return tuple([_new(AttendeeFacts, (a["present"],)) for a in value])


SPECS: dict[str, tuple[type[Any], tuple[tuple, ...]]] = {  # type[Any]: a NamedTuple class (its _fields)
    "case": (CaseFacts, (
        _ID, _text("case_number", ""), _enum_field("status", CaseStatus, CaseStatus.OPEN), _text("primary_worker_id"),
        _date_field("removal_date"), _date_field("referral_date"), _date_field("custody_date"), _date_field("case_plan_due"), _date_field("last_case_plan_review"),
        ("family_support_team_meetings", cs.list_schema(_TEXT), _dates, ()),
    )),
    "person": (PersonFacts, (
        _ID, _CASE_ID, _enum_field("role", PersonRole, PersonRole.OTHER), _text("given_name", ""), _text("family_name", ""),
        _date_field("exit_date"), _date_field("date_of_birth"),
    )),
    "placement": (PlacementFacts, (
        _ID, _CASE_ID, _text("child_id", ""), _date_field("starts_on"), _date_field("ends_on"),
        _enum_field("provider_kind", ProviderKind), _text("provider_name"), _text("address"),
        _enum_field("placement_type", PlacementType),
    )),
    "visitation_plan": (VisitationPlanFacts, (
        _ID, _CASE_ID, _enum_field("frequency", VisitFrequency), _date_field("effective_from"), _date_field("effective_until"),
    )),
    "home_visit": (HomeVisitFacts, (
        _ID, _CASE_ID, _STATUS, _enum_field("method", ContactMethod), _enum_field("outcome", VisitOutcome),
        _enum_field("location_type", LocationType), _datetime_field("contact_start"), _datetime_field("contact_end"),
        _datetime_field("recorded_at"), _text("placement_id"), _text("reason_not_in_residence"), _text("benefit_not_in_residence"),
        ("children", _CHILD_SEEN, _children, ()), _enum_field("purpose", VisitPurpose),
    )),
    "collateral_contact": (CollateralContactFacts, (
        _ID, _CASE_ID, _STATUS, _datetime_field("contact_end"), _datetime_field("recorded_at"),
    )),
    "visitation_entry": (VisitationEntryFacts, (
        _ID, _CASE_ID, _STATUS, _text("plan_id"), _datetime_field("scheduled_start"), _enum_field("outcome", VisitationOutcome),
    )),
    "transport_trip": (TransportTripFacts, (
        _ID, _CASE_ID, _STATUS, _text("driver_id"), _date_field("trip_date"), _enum_field("vehicle_kind", VehicleKind),
        _text("plate"), _decimal_field("odometer_start"), _decimal_field("odometer_end"),
    )),
    "assessment": (AssessmentFacts, (
        _ID, _CASE_ID, _STATUS, _text("child_id"), _text("instrument_id", ""), _date_field("assessed_on"),
    )),
    "transition_plan": (TransitionPlanFacts, (
        _ID, _CASE_ID, _STATUS, _text("child_id"), _date_field("written_on"), _date_field("review_on"),
    )),
    "case_plan": (CasePlanFacts, (
        _ID, _CASE_ID, _STATUS, _date_field("plan_date"), ("version", cs.int_schema(strict=True), None, 1),
    )),
    "team_meeting": (TeamMeetingFacts, (
        _ID, _CASE_ID, _STATUS, _datetime_field("held_at"), _enum_field("purpose", MeetingPurpose),
        ("attendees", _ATTENDEES, _attendees, ()),
    )),
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
    return cls, operator.itemgetter(*cls._fields), tuple((name, convert) for name, _s, convert, _d in spec if convert is not None)


@functools.cache
def _validator(kind: str, in_review: bool = False) -> pydantic_core.SchemaValidator:
    # a kind the rules do not read (a referral, a goal change) is read for the review counts alone
    fields = {name: _field(schema, default) for name, schema, _convert, default in SPECS[kind][1]} if kind in SPECS else {}
    if in_review:  # what the review counts read besides the rules' fields: the author and the children
        fields["created_by"] = cs.typed_dict_field(cs.any_schema(), required=False)
        where = kinds.of(kind).children
        if where is not None and where.field not in fields:
            fields[where.field] = cs.typed_dict_field(cs.nullable_schema(cs.union_schema([_TEXT, cs.list_schema(cs.any_schema())])), required=False)
    return pydantic_core.SchemaValidator(cs.typed_dict_schema(fields, extra_behavior="ignore"))


@functools.cache
def _shadow_validator() -> pydantic_core.SchemaValidator:
    return pydantic_core.SchemaValidator(
        cs.typed_dict_schema({"meta": cs.typed_dict_field(cs.any_schema(), required=False)}, extra_behavior="ignore")
    )


def _parse(validator: pydantic_core.SchemaValidator, kind: str, body: str) -> dict[str, Any]:
    try:
        return validator.validate_json(body)
    except pydantic_core.ValidationError as err:
        # the field's name and the kind of problem; never the value (it may be personal data)
        first = err.errors(include_url=False, include_context=False, include_input=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise _refuse(kind, where, first["msg"]) from None


def _facts(kind: str, data: dict[str, Any]) -> Any:
    """The facts from a parsed body (converted in place)."""
    cls, values, conversions = _builder(kind)
    for name, convert in conversions:
        value = data[name]
        if value is not None:
            data[name] = convert(value, kind, name)
    return _new(cls, values(data))


# ----------------------------------------------------------------------------------- reading


def read(connection: Connection, *, since: date | None = None, note_hours: int = LATE_NOTE_MIN_HOURS) -> ComplianceFacts:
    """Every record's compliance facts, each kind in the order `Store.list` gives records.

    `since` (the first day of the fiscal year the screen is about, `window_start`): of the contacts
    made every month for years (`DATED_KINDS`), only those the rules still read — see
    `_window_rows`. The engine's answers are the same as from every record (tests/unit/services/
    test_compliance_window.py); the reading no longer grows with the years kept. `note_hours`: the
    rule pack's hours for a note (a pack allowing under 12 reads every older contact)."""
    if since is None:
        # One pass over the table in storage order: every row is wanted, and an ORDER BY would make
        # SQLite sort the rows with their bodies before the first one comes back.
        rows = connection.execute(select(*_COLUMNS).select_from(_WITH_SHADOW)).all()
    else:
        rows = _window_rows(connection, since, note_hours)
    found: dict[str, list[tuple[str, str, Any]]] = {kind: [] for kind in SPECS}
    in_review: list[InReview] = []
    for kind, record_id, status, occurred_on, updated_at, body, shadow_body in rows:
        reviewed = kind in REVIEWED_KINDS and status in IN_REVIEW
        if kind not in found and not reviewed:
            continue  # a kind the rules do not read, not waiting for review
        data = _parse(_validator(kind, reviewed), kind, body)
        if reviewed:  # first: `_facts` converts `data` in place
            in_review.append(_in_review(kind, record_id, status, updated_at, shadow_body, data))
        if kind in found:
            found[kind].append((occurred_on or "", record_id, _facts(kind, data)))
    ordered = {kind: _in_list_order(rows) for kind, rows in found.items()}
    in_review.sort(key=lambda entry: entry.id)
    return ComplianceFacts(
        cases=ordered["case"], people=ordered["person"], placements=ordered["placement"], visitation_plans=ordered["visitation_plan"],
        home_visits=ordered["home_visit"], visitation_entries=ordered["visitation_entry"], trips=ordered["transport_trip"],
        case_plans=ordered["case_plan"], in_review=tuple(in_review), collateral_contacts=ordered["collateral_contact"],
        assessments=ordered["assessment"], transition_plans=ordered["transition_plan"],
        team_meetings=ordered["team_meeting"],
    )


_COLUMNS = (
    record.c.kind, record.c.id, record.c.status, record.c.occurred_on, record.c.updated_at, record.c.body, shadow.c.body.label("shadow")
)
_WITH_SHADOW = record.outerjoin(shadow, and_(shadow.c.record_id == record.c.id, record.c.status.in_(IN_REVIEW)))

#: the kinds written for every contact, month after month (what grows with the years kept); every
#: other kind the rules read (a case, its people, placements, plans, meetings, trips, family-visit
#: entries) is read whole. Trips and family-visit entries stay whole on purpose: odometer
#: continuity runs over every trip and a visitation plan's adherence over its whole life.
DATED_KINDS = ("home_visit", "collateral_contact")


def window_start(today: date, rules: Any) -> date:
    """The first day a windowed read must hold every contact from: the federal fiscal year's first
    day (the monthly visit and its residence majority, the month's provider contact and the visit
    figures all look inside the fiscal year of `today`, which holds its month)."""
    from fieldcase.domain.compliance.periods import FiscalYear

    return FiscalYear.containing(today, rules).starts_on


def _in_list_order(rows: list[tuple[str, str, Any]]) -> tuple[Any, ...]:
    """As `RecordRepository.list` orders: latest day first (no day last), then by id."""
    rows.sort(key=operator.itemgetter(1))
    rows.sort(key=operator.itemgetter(0), reverse=True)  # stable, also reversed
    return tuple(facts for _day, _id, facts in rows)


def _in_review(kind: str, record_id: str, status: str, updated_at: str, shadow_body: str | None, data: dict[str, Any]) -> InReview:
    meta: Any = {}
    if shadow_body is not None:
        meta = _parse(_shadow_validator(), "shadow", shadow_body).get("meta") or {}
    return InReview(
        id=record_id, kind=kind, status=status, author=meta.get("created_by") or data.get("created_by"),
        submitted_at=meta.get("submitted_at"), updated_at=updated_at, child_ids=kinds.children_in(kind, data),
    )


def _window_rows(connection: Connection, since: date, note_hours: int) -> list[Any]:
    """The rows a windowed read needs, each once:
    1. every record of a kind the rules read that is not a dated contact (by kind);
    2. the dated contacts from `since`, and those with no day (by kind and day);
    3. older contacts whose note may be late: documentation timeliness counts a late note whatever
       its age (the partial index `ix_record_late_note`; every older one for a pack under 12 hours);
    4. for a placement begun before `since` and not ended by then, the first visit that saw the
       child since it began, from `record_child` (the initial placement visit: the first visit in
       the residence after the move may be years old) — see `_first_sightings`;
    5. every entry waiting for approval or returned, whatever its age (the review counts)."""
    day = since.isoformat()
    other = [k for k in SPECS if k not in DATED_KINDS]
    old_contact = and_(record.c.kind.in_(DATED_KINDS), record.c.occurred_on < day)
    late = text(LATE_NOTE_WHERE) if note_hours >= LATE_NOTE_MIN_HOURS else true()
    with_shadow = select(*_COLUMNS).select_from(_WITH_SHADOW)
    queries = [  # one query each, so that each finds its rows by its own index
        with_shadow.where(record.c.kind.in_(other)),
        with_shadow.where(record.c.kind.in_(DATED_KINDS), record.c.occurred_on >= day),
        with_shadow.where(record.c.kind.in_(DATED_KINDS), record.c.occurred_on.is_(None)),  # apart: each a range of the index
        # the index's condition word for word, over `record` alone (the shadow has a body too);
        # an entry in review among them comes again, with its shadow, from the last query
        select(*_COLUMNS[:-1], null().label("shadow")).where(old_contact, late),
        # in review and not read above with its shadow (a waiting visit of this year is, once)
        with_shadow.where(record.c.kind.in_(REVIEWED_KINDS), record.c.status.in_(IN_REVIEW), record.c.kind.not_in(other),
                          ~and_(record.c.kind.in_(DATED_KINDS), or_(record.c.occurred_on >= day, record.c.occurred_on.is_(None)))),
    ]
    rows: dict[str, Any] = {}
    for query in queries:
        for row in connection.execute(query):
            rows[row.id] = row
    _first_sightings(connection, rows, since)
    return list(rows.values())


def _first_sightings(connection: Connection, rows: dict[str, Any], since: date) -> None:
    """Adds to `rows`, for each placement begun before `since` and current on some day from it, the
    first visit in the child's residence that saw the child from the placement's first day: the
    initial placement visit's day (its "met on"), however long ago. The visits that saw the child
    elsewhere before it change no answer (a sighting before `since` counts for nothing else).
    `record_child.seen` is the one rule of a visit seeing a child (domain/seen.py) and its day the
    visit's local day, as the rules read it: SQLite walks the child's index from the placement's
    first day and stops at the first such visit, one query for every placement."""
    wanted = []
    for row in [r for r in rows.values() if r.kind == "placement"]:
        placement = _facts("placement", _parse(_validator("placement"), "placement", row.body))
        if not placement.child_id or placement.starts_on is None or placement.starts_on >= since:
            continue  # a placement begun in the window finds its visits there
        if placement.ends_on is not None and placement.ends_on < since:
            continue  # not current on any day the screens are about
        wanted.append((placement.child_id, placement.starts_on.isoformat()))
    if not wanted:
        return
    found = connection.execute(_FIRST_IN_RESIDENCE, {"since": since.isoformat(), "wanted": json.dumps(wanted)}).scalars()
    ids = {visit_id for visit_id in found if visit_id is not None and visit_id not in rows}
    if ids:
        for row in connection.execute(select(*_COLUMNS).select_from(_WITH_SHADOW).where(record.c.id.in_(ids))):
            rows[row.id] = row


# the first visit that saw the child in the residence on or after the placement's first day and
# before `since`; the residence as `HomeVisitFacts.location_type` reads it (the stored enum value)
_FIRST_IN_RESIDENCE = text(f"""
SELECT (SELECT seen.record_id FROM record_child AS seen JOIN record AS visit ON visit.id = seen.record_id
         WHERE seen.child_id = wanted.value ->> 0 AND seen.seen AND seen.occurred_on >= wanted.value ->> 1
           AND seen.occurred_on < :since AND visit.body ->> '$.location_type' = '{LocationType.CHILD_RESIDENCE.value}'
         ORDER BY seen.occurred_on LIMIT 1)
FROM json_each(:wanted) AS wanted
""")  # noqa: S608 - an enum constant; every value is bound
