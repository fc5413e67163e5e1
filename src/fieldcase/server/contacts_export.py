"""`fieldcase-server export-contacts`: approved field records out to the state system, incrementally
(domain.md "Case data in and out"; the format is docs/agency-export.md).

Which records: every workflow kind (`kinds.WORKFLOW_KINDS`: home visits, family visits,
trips, approved goal changes, and any kind added there later) whose current revision is approved — or was approved and is
now voided, so the state system can withdraw it.

Why the change log: a record's revision is made by one change with a commit-ordered number (sync.md
"Server change log"; an approval, an addendum and an acknowledged addendum each make a new
revision). A run exports the records whose *current revision was made* after the cursor and up to
the last change committed when the run's snapshot was taken, and hands out that number as the next
cursor. Every revision's change number falls in exactly one run's window, so nightly runs never
export a revision twice and never skip one; a change that keeps the revision (a comment, an
acknowledged proposal) moves the record's latest number but not the number its revision was made
at, so it exports nothing.

The export id is `<record id>:<revision>`: stable, and new when an addendum makes a new revision.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from fieldcase.domain import kinds, metadata
from fieldcase.errors import UserError
from fieldcase.server.db import Database, current_seq
from fieldcase.server.devices import iso
from fieldcase.server.models import Addendum, ChangeLog, Record, ServerState, User
from fieldcase.server.records import full_body

FORMAT_VERSION = 1
FORMATS = ("jsonl", "csv")
START = "start"  # `--since start`: everything approved so far
#: the flat columns of the CSV; the JSON Lines object has the same keys, with `body` as an object
CSV_COLUMNS = (
    "export_id",
    "record_id",
    "revision",
    "approved_revision",
    "kind",
    "status",
    "case_id",
    "case_number",
    "case_state_id",
    "occurred_on",
    "children",
    "approved_at",
    "approved_by",
    "conducted_by",
    "content_hash",
    "addenda",
    "change_seq",
    "body",
)
_CHUNK = 1000
#: what the export reads of a record: plain rows, not ORM objects, and not `field_authors` (a JSON
#: column nobody exported reads) — parsing it would double the JSON work per record
_COLUMNS = tuple(c for c in Record.__table__.columns if c.key != "field_authors")


@dataclass(frozen=True, slots=True)
class Cursor:
    epoch: str
    seq: int

    def __str__(self) -> str:
        return f"v{FORMAT_VERSION}:{self.epoch}:{self.seq}"


@dataclass(frozen=True, slots=True)
class ExportResult:
    records: int
    next_cursor: Cursor


def parse_cursor(text: str) -> Cursor | None:
    """None for `start`; a clear error for anything this server did not give out."""
    text = text.strip()
    if text == START:
        return None
    parts = text.split(":")
    if len(parts) != 3 or parts[0] != f"v{FORMAT_VERSION}" or not parts[2].isdigit():
        raise UserError(
            f"The cursor is not one export-contacts gave out (it looks like v{FORMAT_VERSION}:<epoch>:<number>); "
            f"use --since {START} for the first export.",
            code="bad_cursor",
        )
    return Cursor(parts[1], int(parts[2]))


def read_body(row: Any, addenda: list[Addendum]) -> dict[str, Any] | None:
    """The record's content as exported. Every body is read through here, and only here, so that a
    change to how bodies are stored (encryption at rest) has one place to go through."""
    return full_body(row, addenda)


def export_kinds() -> tuple[str, ...]:
    return tuple(kinds.WORKFLOW_KINDS)


def _first_seq_of_revision() -> Any:
    """The number of the change that made the record's current revision (later changes that keep
    the revision — comments — have higher numbers and must not count)."""
    made = aliased(ChangeLog)
    return (
        select(func.min(made.seq))
        .where(made.record_id == Record.id, made.rev == Record.rev, made.what == "record")
        .correlate(Record)
        .scalar_subquery()
    )


def _rows(session: Session, after: int, top: int) -> Iterator[Any]:
    first = _first_seq_of_revision().label("made_seq")
    query = (
        select(*_COLUMNS, first)
        .where(Record.kind.in_(export_kinds()))
        .where(Record.deleted.is_(False))
        .where(
            or_(
                Record.status == "approved",
                and_(Record.status == "voided", Record.approved_rev.is_not(None)),
            )
        )
        # the revision's number is at most the record's latest: this narrows to the window by index
        .where(Record.last_seq > after, Record.last_seq <= top)
        .where(first > after, first <= top)
        .order_by(first, Record.id)
        .execution_options(yield_per=_CHUNK)
    )
    yield from session.execute(query)


def collect(session: Session, since: Cursor | None) -> tuple[Iterator[dict[str, Any]], Cursor]:
    """The exported items after `since` (in change order) and the next cursor, from one snapshot."""
    state = session.get(ServerState, 1)
    if state is None:
        raise UserError("The database is not initialised (fieldcase-server init-db).", code="no_db")
    top = current_seq(session)
    after = 0
    if since is not None:
        if since.epoch != state.epoch:
            raise UserError(
                "The server was restored from a backup (or given a new epoch) after this cursor was made, so its change "
                f"numbers no longer line up. Export everything again with --since {START}; the state system keeps one "
                "copy per export_id.",
                code="cursor_epoch",
            )
        if since.seq > top:
            raise UserError(
                "The cursor is ahead of this server's changes: it was made by another server.",
                code="cursor_ahead",
            )
        after = since.seq
    return _items(session, after, top), Cursor(state.epoch, top)


def _items(session: Session, after: int, top: int) -> Iterator[dict[str, Any]]:
    users: dict[str, str] = {
        row[0]: row[1] for row in session.execute(select(User.id, User.username))
    }
    cases: dict[str, tuple[str, str | None]] = {}
    batch: list[tuple[Any, int]] = []
    for row in _rows(session, after, top):
        batch.append((row, row.made_seq))
        if len(batch) >= _CHUNK:
            yield from _build(session, batch, users, cases)
            batch = []
    if batch:
        yield from _build(session, batch, users, cases)


def _build(
    session: Session,
    batch: list[tuple[Any, int]],
    users: dict[str, str],
    cases: dict[str, tuple[str, str | None]],
) -> Iterator[dict[str, Any]]:
    ids = [record.id for record, _ in batch]
    addenda: dict[str, list[Addendum]] = {}
    for row in session.execute(
        select(Addendum)
        .where(Addendum.record_id.in_(ids), Addendum.kind == "addendum")
        .order_by(Addendum.created_at)
    ).scalars():
        addenda.setdefault(row.record_id, []).append(row)
    missing = {record.case_id for record, _ in batch} - cases.keys()
    if missing:
        for case in session.execute(
            select(*_COLUMNS).where(Record.id.in_(sorted(missing)), Record.kind == "case")
        ):
            body = read_body(case, []) or {}
            cases[case.id] = (body.get("case_number") or "", body.get("state_id"))
    for record, made_seq in batch:
        notes = addenda.get(record.id, [])
        body = read_body(record, notes) or {}
        case_number, case_state_id = cases.get(record.case_id, ("", None))
        occurred, children = _day_and_children(record.kind, body)
        yield {
            "export_id": f"{record.id}:{record.rev}",
            "record_id": record.id,
            "revision": record.rev,
            "approved_revision": record.approved_rev,
            "kind": record.kind,
            "status": record.status,
            "case_id": record.case_id,
            "case_number": case_number,
            "case_state_id": case_state_id,
            "occurred_on": occurred.isoformat() if occurred else None,
            "children": children,
            "approved_at": iso(record.approved_at),
            "approved_by": users.get(record.approved_by or "", record.approved_by),
            "conducted_by": _author(record.kind, body, users),
            "content_hash": record.content_hash,
            "addenda": len(notes),
            "change_seq": made_seq,
            "body": body,
        }


def _day_and_children(kind: str, body: dict[str, Any]) -> tuple[Any, list[str]]:
    """The day and the children, for the kinds `metadata` knows how to read them of; a workflow kind
    added later is exported whole, with these two left empty until metadata learns it."""
    try:
        return metadata.occurred_on_in_body(kind, body), list(metadata.children_in_body(kind, body))
    except TypeError:
        return None, []


def _author(kind: str, body: dict[str, Any], users: dict[str, str]) -> str | None:
    """The worker who made the contact, as a username (the state system knows its workers by it)."""
    who = (
        body.get("conducted_by")
        or body.get("driver_id")
        or body.get("supervised_by")
        or body.get("recorded_by")
        or body.get("proposed_by")
    )
    return users.get(who, who) if isinstance(who, str) else None


def write_jsonl(items: Iterable[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for item in items:
        out.write(
            json.dumps(
                {"format_version": FORMAT_VERSION, **item},
                ensure_ascii=False,
                separators=(",", ":"),
                default=str,
            )
        )
        out.write("\n")
        count += 1
    return count


def write_csv(items: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for item in items:
        row = []
        for column in CSV_COLUMNS:
            value = item[column]
            if column == "body":
                value = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
            elif column == "children":
                value = " ".join(value)
            row.append("" if value is None else value)
        writer.writerow(row)
        count += 1
    return count


def export_contacts(db: Database, since: Cursor | None, fmt: str, out: TextIO) -> ExportResult:
    """Write the records after `since` to `out`; the caller keeps the returned cursor for next time."""
    if fmt not in FORMATS:
        raise UserError(f"The format is one of: {', '.join(FORMATS)}.", code="bad_format")
    with db.read() as session:
        items, cursor = collect(session, since)
        count = (write_jsonl if fmt == "jsonl" else write_csv)(items, out)
    return ExportResult(count, cursor)


def export_to_file(db: Database, since: Cursor | None, fmt: str, path: Path) -> ExportResult:
    """Written beside the target and renamed into place: a run that fails leaves no half file, and
    the cursor is only handed out once the file is complete."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError("The folder of --output does not exist.", code="no_folder")
    handle, temp = tempfile.mkstemp(prefix=".export-", suffix=".part", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            result = export_contacts(db, since, fmt, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return result


def write_cursor_file(path: Path, cursor: Cursor) -> None:
    """Replace the cursor file whole (a crash leaves the old cursor, so the next run repeats rather
    than skips)."""
    path = Path(path)
    temp = path.with_name(path.name + ".part")
    temp.write_text(f"{cursor}\n", encoding="utf-8")
    os.replace(temp, path)


def export_text(db: Database, since: Cursor | None, fmt: str) -> tuple[str, ExportResult]:
    """For tests and small runs: the whole export as a string."""
    out = io.StringIO(newline="")
    result = export_contacts(db, since, fmt, out)
    return out.getvalue(), result
