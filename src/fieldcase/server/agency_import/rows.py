"""Domain records → the import's rows, for a program that has the records and wants them in through
the import (seed-demo builds its agency this way; the sample generator writes these rows to files).
The inverse of validation: the same columns, state ids in place of record ids."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from fieldcase.domain import serialization
from fieldcase.domain.cases import Case

from .columns import (
    CASE_DATES,
    CASES,
    HEARINGS,
    PEOPLE,
    PLACEMENTS,
    TABLES,
    VISITATION_PLANS,
    Table,
    Type,
)
from .reader import RawRow, Source

_TABLE_OF = {t.kind: t for t in TABLES if t.kind}


def text_of(value: Any, column_type: Type, state_ids: dict[str, str]) -> str:
    if value is None:
        return ""
    if column_type is Type.IDS:
        return ";".join(state_ids.get(v, v) for v in value)
    if column_type is Type.TEXTS:
        return ";".join(value)
    if column_type is Type.YES_NO:
        return "yes" if value else "no"
    if column_type is Type.TEXT and value in state_ids:
        return state_ids[value]  # a placement's child
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def rows_of(
    records: Iterable[Any], workers: dict[str, str] | None = None
) -> dict[str, list[dict[str, str]]]:
    """Rows per table name, for records that all carry a state id. `workers`: case record id → the
    primary worker's user name."""
    records = list(records)
    state_ids = {r.id: r.state_id for r in records}
    case_sid = {
        r.id: r.state_id or "" for r in records if isinstance(r, Case)
    }  # an imported case has its state id
    out: dict[str, list[dict[str, str]]] = {t.name: [] for t in TABLES}
    for record in records:
        kind = serialization.kind_of(record)
        table = _TABLE_OF[kind]
        data = serialization.to_dict(record)
        row = {table.key: record.state_id}
        if kind != "case":
            row["case_id"] = case_sid[record.case_id]
        for column in table.columns:
            if column.field is not None:
                row[column.name] = text_of(data.get(column.field), column.type, state_ids)
        if kind == "case":
            row["primary_worker"] = (workers or {}).get(record.id, "")
            out["case_dates"] += _case_dates(record)
        if kind == "person" and record.exit_date is not None:
            out["case_dates"].append(
                _row(
                    CASE_DATES,
                    case_id=case_sid[record.case_id],
                    date_type="exit",
                    date=record.exit_date.isoformat(),
                    child_id=record.state_id,
                    exit_reason=record.exit_reason.value if record.exit_reason else "",
                )
            )
        out[table.name].append(row)
    return out


def _case_dates(case: Case) -> list[dict[str, str]]:
    dates = [
        ("removal", case.removal_date),
        ("referral", case.referral_date),
        ("custody", case.custody_date),
        ("case_plan_due", case.case_plan_due),
        ("case_plan_review", case.last_case_plan_review),
    ]
    dates += [("family_support_team_meeting", day) for day in case.family_support_team_meetings]
    return [
        _row(CASE_DATES, case_id=case.state_id or "", date_type=what, date=day.isoformat())
        for what, day in dates
        if day is not None
    ]


def _row(table: Table, **values: str) -> dict[str, str]:
    return {c.name: values.get(c.name, "") for c in table.columns}


def source_of(rows: dict[str, list[dict[str, str]]], *, file_suffix: str = ".csv") -> Source:
    """The rows as the reader would give them from files (every table present, header complete)."""
    source = Source()
    for table in TABLES:
        names = [c.name for c in table.columns]
        file = table.name + file_suffix
        source.tables.add(table.name)
        for line, row in enumerate(rows.get(table.name, ()), start=2):
            source.rows.append(RawRow(table, file, line, {n: row.get(n, "") for n in names}))
    return source


ORDERED = (CASES, PEOPLE, PLACEMENTS, VISITATION_PLANS, HEARINGS, CASE_DATES)
