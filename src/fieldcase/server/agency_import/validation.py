"""From the agency's rows to the records they describe, checking everything before anything is
written: values by their column's type and allowed values, required values, duplicate state ids,
cross-references (a placement's child must be a child of the same case), dates in order, user names.
Every problem is collected (file, line, column, plain words); the import writes only when there is
none."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from fieldcase.domain import serialization
from fieldcase.domain.serialization import KINDS, MalformedRecord

from .columns import (
    CASE_DATES,
    CASES,
    DATE_TYPES,
    HEARINGS,
    PEOPLE,
    PLACEMENTS,
    PROVIDERS,
    SINGLE_DATE_TYPES,
    VISITATION_PLANS,
    Column,
    Table,
    Type,
)
from .ids import record_id
from .reader import Problem, RawRow, Source

#: the case fields case_dates.csv fills (all of them, for every case it names)
CASE_DATE_FIELDS = (
    "removal_date",
    "referral_date",
    "custody_date",
    "case_plan_due",
    "last_case_plan_review",
    "family_support_team_meetings",
)
EXIT_FIELDS = ("exit_date", "exit_reason")
WORKER = "primary_worker"  # not a record field: the case's assignment (by user name)


@dataclass
class Item:
    """One record the import writes: the fields its rows give (serialization form, canonical)."""

    kind: str
    state_id: str
    case_state_id: str
    file: str
    line: int
    fields: dict[str, Any] = field(default_factory=dict)
    worker: str | None = None  # a case's primary worker (user name); None = not given
    from_rows: bool = (
        False  # made by its own table's row (else only completed by case_dates/hearings)
    )
    record: dict[str, Any] | None = (
        None  # the whole record as the domain writes it (after checking)
    )
    hash: str = ""  # of the rows' values as read (plan.row_hash): the same rows, the same hash

    @property
    def id(self) -> str:
        return record_id(self.kind, self.state_id)

    @property
    def case_id(self) -> str:
        return record_id("case", self.case_state_id)


@dataclass(frozen=True)
class Known:
    """What the database already holds: imported records by (kind, state id) → (record id, case
    record id, role for people), and user names → user ids."""

    records: dict[tuple[str, str], tuple[str, str, str | None]]
    users: dict[str, str]
    hashes: dict[tuple[str, str], str] = dataclasses.field(
        default_factory=dict
    )  # the rows' hash last time


@dataclass
class Checked:
    items: dict[tuple[str, str], Item]
    problems: list[Problem]
    tables: set[str]
    #: the resource directory's rows, checked (server/providers.py `upsert_imported` writes them)
    providers: list[dict[str, Any]] = dataclasses.field(default_factory=list)


def check(source: Source, known: Known) -> Checked:
    return _Checker(source, known).run()


@functools.cache
def _defaults(kind: str) -> dict[str, Any]:
    """Each field's value when empty, in serialization form (the domain's defaults)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(KINDS[kind]):
        if f.default is not dataclasses.MISSING:
            out[f.name] = (
                []
                if isinstance(f.default, tuple)
                else (f.default.value if hasattr(f.default, "value") else f.default)
            )
        else:
            out[f.name] = None
    return out


class _Checker:
    def __init__(self, source: Source, known: Known) -> None:
        self.source, self.known = source, known
        self.problems: list[Problem] = list(source.problems)
        self.items: dict[tuple[str, str], Item] = {}
        self.lines: dict[tuple[str, str], tuple[str, int]] = {}
        self.children: dict[str, list[Item]] = {}  # case state id -> its children's items
        self.providers: list[dict[str, Any]] = []

    def problem(self, row: RawRow, column: str, message: str) -> None:
        self.problems.append(Problem(row.file, row.line, column, message))

    def run(self) -> Checked:
        rows = sorted(self.source.rows, key=lambda r: ORDER[r.table.name])
        for row in rows:
            own = row.values.get(row.table.key, "") if row.table.kind else ""
            claimed = not own or self.claim(
                row, row.table.kind or "", own
            )  # even on a row with other problems
            values = self.values(row)
            if values is None or not claimed:
                continue
            getattr(self, f"_{row.table.name}")(row, values)
        if "hearings" in self.source.tables:
            self._next_hearings()
        return Checked(
            self.items, sorted(set(self.problems)), set(self.source.tables), self.providers
        )

    # ------------------------------------------------------------------ values

    def values(self, row: RawRow) -> dict[str, Any] | None:
        """Typed values of the row's columns (only the columns given), or None after a problem."""
        out: dict[str, Any] = {}
        ok = True
        given = row.values
        for name, required, convert in _converters(row.table):
            text = given.get(name, "")
            if text == "":
                if required:
                    self.problem(row, name, "A value is required here.")
                    ok = False
                elif name in given:
                    out[name] = None
                continue
            try:
                out[name] = convert(text)
            except ValueError as exc:
                self.problem(row, name, str(exc))
                ok = False
        return out if ok else None

    def claim(self, row: RawRow, kind: str, state_id: str, column: str | None = None) -> bool:
        """A row's own state id: refuse a second row with the same one."""
        key = (kind, state_id)
        if key in self.lines:
            file, line = self.lines[key]
            what = "Duplicate state id" if column is None else "Duplicate date"
            self.problem(
                row, column or row.table.key, f"{what}: {file} line {line} has the same one."
            )
            return False
        self.lines[key] = (row.file, row.line)
        return True

    def case_of(self, row: RawRow, case_state_id: str) -> bool:
        if ("case", case_state_id) in self.items or ("case", case_state_id) in self.known.records:
            return True
        if "cases" not in self.source.unreadable:
            self.problem(
                row,
                "case_id",
                "Unknown case id: no row of cases.csv has it and it was never imported.",
            )
        return False

    def person(
        self, row: RawRow, column: str, state_id: str, case_state_id: str, *, child: bool = False
    ) -> str | None:
        """The record id of a person of the same case (and a child when asked), or None after a problem."""
        item = self.items.get(("person", state_id))
        case: str | None
        if item is not None and item.from_rows:
            case, role = item.case_state_id, item.fields.get("role")
        elif ("person", state_id) in self.known.records:
            _rid, case_id, role = self.known.records[("person", state_id)]
            case = case_state_id if case_id == record_id("case", case_state_id) else None
        else:
            if "people" not in self.source.unreadable:
                self.problem(
                    row,
                    column,
                    "Unknown person id: no row of people.csv has it and it was never imported.",
                )
            return None
        if case != case_state_id:
            self.problem(row, column, "That person belongs to another case.")
            return None
        if child and role is not None and role != "child":
            self.problem(row, column, "That person is not a child (role child in people.csv).")
            return None
        return record_id("person", state_id)

    def item(self, row: RawRow, kind: str, state_id: str, case_state_id: str, *, own: bool) -> Item:
        key = (kind, state_id)
        item = self.items.get(key)
        if item is None:
            item = self.items[key] = Item(kind, state_id, case_state_id, row.file, row.line)
        if own:
            item.from_rows, item.file, item.line = True, row.file, row.line
            known = self.known.records.get(key)
            if known is not None and known[1] != record_id("case", case_state_id):
                self.problem(
                    row,
                    "case_id",
                    "This record was imported into another case; a record cannot move between cases.",
                )
        return item

    # ------------------------------------------------------------------ tables

    def _cases(self, row: RawRow, v: dict[str, Any]) -> None:
        item = self.item(row, "case", v["case_id"], v["case_id"], own=True)
        item.fields.update(_fields(CASES, v, "case"))
        if WORKER in v:
            worker = v[WORKER] or ""
            if worker and worker not in self.known.users:
                self.problem(
                    row,
                    WORKER,
                    "Unknown user name: create the user first (fieldcase-server create-user).",
                )
            item.worker = worker

    def _people(self, row: RawRow, v: dict[str, Any]) -> None:
        if not self.case_of(row, v["case_id"]):
            return
        item = self.item(row, "person", v["person_id"], v["case_id"], own=True)
        item.fields.update(_fields(PEOPLE, v, "person"))
        if item.fields.get("role") == "child":
            self.children.setdefault(v["case_id"], []).append(item)

    def _placements(self, row: RawRow, v: dict[str, Any]) -> None:
        if not self.case_of(row, v["case_id"]):
            return
        child = self.person(row, "child_id", v["child_id"], v["case_id"], child=True)
        ends, starts = v.get("ends_on"), v["starts_on"]
        if ends is not None and ends < starts:
            self.problem(row, "ends_on", "The placement ends before it starts.")
            return
        if child is None:
            return
        fields = _fields(PLACEMENTS, v, "placement")
        fields["child_id"] = child
        self.item(row, "placement", v["placement_id"], v["case_id"], own=True).fields.update(fields)

    def _visitation_plans(self, row: RawRow, v: dict[str, Any]) -> None:
        if not self.case_of(row, v["case_id"]):
            return
        fields = _fields(VISITATION_PLANS, v, "visitation_plan")
        for column in ("participants", "excluded_persons"):
            ids = [self.person(row, column, s, v["case_id"]) for s in v.get(column) or ()]
            if None in ids:
                return
            if column in fields:
                fields[column] = ids
        until = v.get("effective_until")
        if until is not None and until < v["effective_from"]:
            self.problem(row, "effective_until", "The plan ends before it starts.")
            return
        self.item(row, "visitation_plan", v["plan_id"], v["case_id"], own=True).fields.update(
            fields
        )

    def _hearings(self, row: RawRow, v: dict[str, Any]) -> None:
        if not self.case_of(row, v["case_id"]):
            return
        fields = _fields(HEARINGS, v, "hearing")
        ids = [
            self.person(row, "child_ids", s, v["case_id"], child=True)
            for s in v.get("child_ids") or ()
        ]
        if None in ids:
            return
        if "child_ids" in fields:
            fields["child_ids"] = ids
        self.item(row, "hearing", v["hearing_id"], v["case_id"], own=True).fields.update(fields)

    def _case_dates(self, row: RawRow, v: dict[str, Any]) -> None:
        case_sid, what, day = v["case_id"], v["date_type"], v["date"]
        if not self.case_of(row, case_sid):
            return
        case = self.item(row, "case", case_sid, case_sid, own=False)
        if not any(name in case.fields for name in CASE_DATE_FIELDS):
            case.fields.update({name: _defaults("case")[name] for name in CASE_DATE_FIELDS})
            self._clear_exits(case_sid)
        if what != "exit":
            for column in ("child_id", "exit_reason"):
                if v.get(column):
                    self.problem(row, column, "Only an exit names a child and a reason.")
                    return
        name = DATE_TYPES[what]
        if what in SINGLE_DATE_TYPES:
            if self.claim(row, "case_date", f"{case_sid}\x00{what}", "date_type"):
                case.fields[name] = day.isoformat()
        elif what == "case_plan_review":
            current = case.fields.get(name)
            case.fields[name] = max(current or "", day.isoformat())
        elif what == "family_support_team_meeting":
            case.fields[name] = sorted({*case.fields[name], day.isoformat()})
        else:
            self._exit(row, v)

    def _providers(self, row: RawRow, v: dict[str, Any]) -> None:
        if not self.claim(row, "provider", v["provider_id"]):
            return
        allowed = PROVIDERS.column("service_types").choices
        types = [t.lower().replace(" ", "_").replace("-", "_") for t in v["service_types"]]
        wrong = [t for t in types if t not in allowed]
        if wrong or not types:
            self.problem(
                row,
                "service_types",
                f"Not an allowed value; write one or more of: {', '.join(allowed)}, separated by ;.",
            )
            return
        self.providers.append({**v, "service_types": types})

    def _exit(self, row: RawRow, v: dict[str, Any]) -> None:
        for column in ("child_id", "exit_reason"):
            if not v.get(column):
                self.problem(row, column, "An exit needs the child and the reason.")
                return
        child = self.person(row, "child_id", v["child_id"], v["case_id"], child=True)
        if child is None or not self.claim(row, "exit", v["child_id"], "date_type"):
            return
        person = self.item(row, "person", v["child_id"], v["case_id"], own=False)
        person.fields.update({"exit_date": v["date"].isoformat(), "exit_reason": v["exit_reason"]})

    def _clear_exits(self, case_sid: str) -> None:
        """case_dates.csv lists a case's dates in full: its children without an exit row are in care."""
        for item in self.children.get(case_sid, ()):
            item.fields.update({"exit_date": None, "exit_reason": None})

    def _next_hearings(self) -> None:
        """A case's next court date, from its hearings: the earliest not yet held, else the next
        date the last hearing set (a fact of the rows, never of today's date: re-imports agree)."""
        by_case: dict[str, list[Item]] = {}
        for item in self.items.values():
            if item.kind == "hearing" and item.from_rows:
                by_case.setdefault(item.case_state_id, []).append(item)
        for case_sid, hearings in by_case.items():
            coming = sorted(
                h.fields["scheduled_at"]
                for h in hearings
                if not (h.fields.get("outcome") or "").strip()
            )
            nxt: str | None = coming[0] if coming else None
            if nxt is None:
                last = max(hearings, key=lambda h: h.fields["scheduled_at"])
                if last.fields.get("next_hearing_on"):
                    nxt = datetime.combine(
                        date.fromisoformat(last.fields["next_hearing_on"]), NOON, UTC
                    ).isoformat()
            first = hearings[0]
            case = self.items.get(("case", case_sid)) or self.items.setdefault(
                ("case", case_sid), Item("case", case_sid, case_sid, first.file, first.line)
            )
            case.fields["next_court_hearing"] = nxt


def canonical(item: Item) -> Problem | None:
    """The fields as the domain writes them (the same form as a stored body), or the problem.
    Only for the records an import writes: an unchanged row is known by its hash alone."""
    data = {"id": item.id, **item.fields}
    if "case_id" in _defaults(item.kind):
        data["case_id"] = item.case_id
    try:
        parsed = serialization.to_dict(serialization.from_dict(item.kind, data))
    except (MalformedRecord, TypeError, ValueError) as exc:
        detail = (
            str(exc)[:200] if isinstance(exc, MalformedRecord) else "a value has the wrong form"
        )
        return Problem(item.file, item.line, "", f"The row does not make a valid record: {detail}.")
    item.fields = {name: parsed[name] for name in item.fields}
    item.record = parsed
    return None


#: tables in the order rows are checked: people before the placements that name them
ORDER = {
    t.name: n
    for n, t in enumerate(
        (CASES, PEOPLE, PLACEMENTS, VISITATION_PLANS, HEARINGS, CASE_DATES, PROVIDERS)
    )
}
#: a hearing given as a day only is put at noon UTC: the same calendar day from Hawaii to Europe
NOON = time(12, 0)


def _fields(table: Table, values: dict[str, Any], kind: str) -> dict[str, Any]:
    """The record fields of a row (serialization form); empty columns take the field's default."""
    out: dict[str, Any] = {}
    defaults = _defaults(kind)
    for column in table.columns:
        if column.field is None or column.name not in values:
            continue
        value = values[column.name]
        if value is None:
            out[column.field] = defaults[column.field]
        elif isinstance(value, (date, datetime)):
            out[column.field] = value.isoformat()
        else:
            out[column.field] = value
    return out


@functools.cache
def _converters(table: Table) -> tuple[tuple[str, bool, Any], ...]:
    """(column, required, text -> value) per column; plain text needs no conversion at all."""
    return tuple(
        (c.name, c.required, _text if c.type is Type.TEXT else functools.partial(_convert, c))
        for c in table.columns
    )


def _text(text: str) -> str:
    if len(text) > 2000:
        raise ValueError("The value is longer than 2,000 characters.")
    return text


_YES = {
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
}


def _convert(column: Column, text: str) -> Any:
    kind = column.type
    if kind is Type.TEXT:
        if len(text) > 2000:
            raise ValueError("The value is longer than 2,000 characters.")
        return text
    if kind is Type.DATE:
        return _date(text)
    if kind is Type.DATETIME:
        if len(text) == 10:
            return datetime.combine(_date(text), NOON, UTC)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(
                "Not a date and time: write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM, e.g. 2026-04-14T09:30."
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if kind is Type.NUMBER:
        if not text.isdigit():
            raise ValueError("Not a whole number (digits only, e.g. 90).")
        return int(text)
    if kind is Type.YES_NO:
        if text.lower() not in _YES:
            raise ValueError("Write yes or no.")
        return _YES[text.lower()]
    if kind is Type.CHOICE:
        value = text.lower().replace(" ", "_").replace("-", "_")
        if value not in column.choices:
            raise ValueError(f"Not an allowed value; write one of: {', '.join(column.choices)}.")
        return value
    parts = [p.strip() for p in text.split(";") if p.strip()]
    return parts  # IDS and TEXTS


def _date(text: str) -> date:
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError("Not a date: write it as YYYY-MM-DD, e.g. 2026-03-02.") from None
