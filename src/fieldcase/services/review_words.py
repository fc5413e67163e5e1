"""An entry as the supervisor reads it, in words: sections like the printed summary, one block per
child (or passenger, participant, task) with each field on its own line, people and placements by
name, and the history in the order it happened.

The reader showed the content as one table of raw fields: a placement as its id, the children as
one run-on line of "Child: …; Seen: …" pairs, the supervisor by login while the caseworker had a
name, a return just made as "Returned earlier", and the history in the order the code built it.
Here every value a person reads is worded once (services/approvals/reading.py builds the entry from it).
Labels and section titles stay English keys; the reader translates them.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fieldcase.domain import approval
from fieldcase.domain import metadata as record_facts
from fieldcase.domain.workflow import Status

_CODE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$|^[a-z]+$")
_WHEN = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_NOT_CONTENT = record_facts.SERVER_OWNED_FIELDS | {"case_id", "rev"}


@dataclass(frozen=True)
class FieldLine:
    label: str
    text: str
    #: the text is the app's own word (yes/no, a code such as "Face to face"), not what someone wrote:
    #: the reader may translate it
    worded: bool = False
    #: the record's field name (the reader labels it as the form does)
    key: str = ""


@dataclass(frozen=True)
class HistoryEvent:
    at: str | None
    who: str | None
    what: str
    #: the words that go with `what` as the person wrote them (a return reason), never translated
    quoted: str | None = None
    #: the revision `what` names ("Approved (revision {rev})")
    rev: int | None = None


@dataclass(frozen=True)
class Block:
    """One child (participant, passenger, task…): a heading naming them and each field on its line."""

    heading: str  # English key: "Child", "Participant"…
    name: str  # the person's name, or a number when the item names no one
    lines: tuple[FieldLine, ...]
    #: the child's row records present danger or a triggered safety plan
    danger: bool = False
    #: the record's list field the item belongs to ("children", "passengers"…)
    list_name: str = ""


@dataclass(frozen=True)
class Section:
    title: str  # English key: "Contact", "Children"…
    lines: tuple[FieldLine, ...] = ()
    blocks: tuple[Block, ...] = ()


# the printed summary's order for a home visit (reports/home_visit_summary.py); other kinds: their
# fields in the form's order, each list of items a section of its own
_LAYOUT: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "home_visit": (
        (
            "Contact",
            (
                "contact_start",
                "contact_end",
                "method",
                "purpose",
                "outcome",
                "location_type",
                "address",
                "reason_not_in_residence",
                "benefit_not_in_residence",
                "placement_id",
                "conducted_by",
                "recorded_by",
                "recorded_at",
                "next_visit_planned",
            ),
        ),
        ("Participants", ("participants",)),
        ("Children", ("children",)),
        (
            "What was seen",
            ("observations", "home_conditions", "services_status", "caregiver_needs"),
        ),
        ("Follow-up tasks", ("follow_up_tasks",)),
    ),
}
#: the heading of one item of a list field
ITEM_HEADING = {
    "children": "Child",
    "participants": "Participant",
    "follow_up_tasks": "Task",
    "passengers": "Passenger",
    "attendance": "Person",
    "legs": "Leg",
    "handoffs": "Hand-off",
    "medications": "Medication",
    "incidents": "Incident",
    "status_changes": "Status",
    "progress_notes": "Note",
    "ratings": "Item",
    "goals": "Goal",
    "attendees": "Person",
    "services": "Service",
    "plan_changes": "Change",
}
#: keys of an item that name who it is about (shown in the heading, not again as a line)
_WHO_KEYS = ("child_id", "person_id", "name")  # a task is numbered; its owner is a line
_DANGER_KEYS = ("present_danger", "safety_plan_triggered")


def label(name: str) -> str:
    return name.removesuffix("_id").removesuffix("_ids").replace("_", " ").capitalize()


def local_moment(value: str) -> str:
    """An ISO time on this laptop's clock, to the minute ("2026-05-22 17:00"); a time without a zone
    as written (it was written as a local time)."""
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value[:16].replace("T", " ")
    if when.tzinfo is not None:
        when = when.astimezone()
    return when.strftime("%Y-%m-%d %H:%M")


_COMPOSED_SECTIONS = frozenset(
    {"placements", "family_time", "caseworker_visits", "monthly_visits", "missing"}
)


def text(value: Any, names: Mapping[str, str], language: str = "en") -> str:
    """A value in words: people, users and placements by name, codes ("face_to_face") as words,
    times on this laptop's clock; what this layer words itself (a court report's composed sections)
    in `language`, the reader's."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        if value in names:
            return names[value]
        if _WHEN.match(value):
            return local_moment(value)
        if _CODE.match(value):
            return value.replace("_", " ").capitalize()
        return value
    if isinstance(value, dict) and value.keys() >= _COMPOSED_SECTIONS:
        # a court report's snapshot (domain/court_reports.ComposedSections): the supervisor reads it
        # in the words the form and the printout use, not as a dump of its fields
        from fieldcase.services.court_reports import preview_text

        return preview_text(value, names=dict(names), language=language)
    if isinstance(value, dict):
        parts = [
            f"{label(k)}: {text(v, names, language)}"
            for k, v in value.items()
            if v not in (None, "", [], {}) and k != "id"
        ]
        return "; ".join(parts)
    if isinstance(value, (list, tuple)):
        return "\n".join(f"• {text(v, names, language)}" for v in value)
    return str(value)


def fields(item: Any, body: Mapping[str, Any], names: Mapping[str, str]) -> tuple[FieldLine, ...]:
    """The content in the form's own order (the record's field order), empty fields left out."""
    lines = []
    for field in dataclasses.fields(item):
        value = body.get(field.name)
        if field.name in _NOT_CONTENT or value in (None, "", [], {}):
            continue
        lines.append(FieldLine(label(field.name), text(value, names)))
    return tuple(lines)


_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _unnamed_id(value: Any, names: Mapping[str, str]) -> bool:
    """An id the laptop cannot name (a record not on it): never shown raw, it says nothing to a person."""
    return isinstance(value, str) and value not in names and bool(_ID.match(value))


def _is_code(value: Any, names: Mapping[str, str]) -> bool:
    return isinstance(value, str) and value not in names and bool(_CODE.match(value))


def _line(name: str, value: Any, names: Mapping[str, str], language: str) -> FieldLine:
    # a code, or a list of codes (the topics covered), is the app's own word: the window translates
    # it item by item; what a person wrote is never translated
    worded = (
        isinstance(value, bool)
        or _is_code(value, names)
        or (
            isinstance(value, (list, tuple))
            and bool(value)
            and all(_is_code(v, names) for v in value)
        )
    )
    return FieldLine(label(name), text(value, names, language), worded, name)


@functools.cache
def _item_order(list_name: str) -> dict[str, int]:
    """A child's fields in the form's order (seen, privately, danger…), as the printed summary has them."""
    from fieldcase.domain.home_visits import ChildSeen

    cls = {"children": ChildSeen}.get(list_name)
    return {f.name: i for i, f in enumerate(dataclasses.fields(cls))} if cls is not None else {}


def _block(
    list_name: str, n: int, row: Mapping[str, Any], names: Mapping[str, str], language: str
) -> Block:
    who_key = next((k for k in _WHO_KEYS if row.get(k)), None)
    who = text(row[who_key], names) if who_key else str(n)
    order = _item_order(list_name)
    keys = sorted(row, key=lambda k: order.get(k, len(order))) if order else list(row)
    lines = tuple(
        _line(k, row[k], names, language)
        for k in keys
        if k not in ("id", who_key)
        and row[k] not in (None, "", [], {})
        and not _unnamed_id(row[k], names)
    )
    return Block(
        ITEM_HEADING.get(list_name, "Item"),
        who,
        lines,
        danger=any(row.get(k) is True for k in _DANGER_KEYS),
        list_name=list_name,
    )


def _section(
    title: str,
    names_in: Sequence[str],
    body: Mapping[str, Any],
    names: Mapping[str, str],
    language: str,
) -> Section | None:
    lines, blocks = [], []
    for name in names_in:
        value = body.get(name)
        if value in (None, "", [], {}) or _unnamed_id(value, names):
            continue
        if (
            isinstance(value, (list, tuple))
            and value
            and all(isinstance(v, Mapping) for v in value)
        ):
            blocks += [_block(name, n, row, names, language) for n, row in enumerate(value, 1)]
        else:
            lines.append(_line(name, value, names, language))
    return Section(title, tuple(lines), tuple(blocks)) if lines or blocks else None


def _worded_ratings(body: Mapping[str, Any], language: str) -> Mapping[str, Any]:
    """An assessment's ratings with its instrument's words: each item by its number and text, the
    rating with its anchor, whether it is actionable (services/instruments.py; the ids as they are
    when the instrument is not on this laptop)."""
    from fieldcase.services.instruments import last_loaded, load_instruments

    # the laptop's instruments as the store worker last read them (with the server's), else the built-in ones
    wanted = (body.get("instrument_id") or "", body.get("instrument_version") or None)
    instrument = last_loaded().find(*wanted) or load_instruments().find(*wanted)
    if instrument is None:
        return body
    numbers = {item.id: (n, item) for n, (_d, item) in enumerate(instrument.items(), start=1)}
    rows = []
    for row in body.get("ratings") or ():
        number, item = numbers.get(row.get("item_id"), (None, None))
        anchor = instrument.anchor(row.get("rating"))
        rows.append(
            {
                "name": f"{number}. {item.text.in_language(language)}"
                if item
                else row.get("item_id"),
                "rating": f"{row.get('rating')} — {anchor.label.in_language(language)}"
                if anchor
                else row.get("rating"),
                "actionable": True if instrument.is_actionable(row.get("rating")) else None,
                "note": row.get("note"),
            }
        )
    return {
        **body,
        "ratings": rows,
        "instrument_id": instrument.name.in_language(language),
    }  # its version is a line of its own


def sections(
    kind: str, item: Any, body: Mapping[str, Any], names: Mapping[str, str], language: str = "en"
) -> tuple[Section, ...]:
    """The entry's content in sections (the printed summary's for a home visit), every field once;
    what it words itself (a court report's sections, an instrument's items) in `language`."""
    if kind == "assessment":
        body = _worded_ratings(body, language)
    order = [
        f.name
        for f in dataclasses.fields(item)
        if f.name not in _NOT_CONTENT and f.name != "attachments"
    ]
    layout = list(_LAYOUT.get(kind, ()))
    placed = {name for _title, names_in in layout for name in names_in}
    rest = [n for n in order if n not in placed]
    if kind not in _LAYOUT:  # each list of items a section of its own, after the fields
        lists = [
            n
            for n in rest
            if isinstance(body.get(n), (list, tuple))
            and body.get(n)
            and isinstance(body[n][0], Mapping)
        ]
        layout = [
            ("What was recorded", tuple(n for n in rest if n not in lists)),
            *((label(n), (n,)) for n in lists),
        ]
    elif rest:
        layout.append(("Other details", tuple(rest)))
    return tuple(
        s
        for title, names_in in layout
        if (s := _section(title, names_in, body, names, language)) is not None
    )


def danger_in_body(kind: str, body: Mapping[str, Any]) -> bool:
    """A home visit records present danger or a triggered safety plan for a child."""
    return kind == "home_visit" and any(
        row.get(k) is True for row in body.get("children") or () for k in _DANGER_KEYS
    )


def _span(start: str | None, end: str | None) -> str:
    return f"{start or '?'} – {end or ''}".rstrip() if start or end else ""


def placements_named(store: Any) -> dict[str, str]:
    """placement id → "Lovo family · 2025-01-10 – 2025-06-30": the provider and the dates, in no
    language (no address: it is restricted); visitation plan id → its dates, the same way; hearing id
    → its day and court."""
    found = {}
    for r in store.list(kind="placement"):
        b = r.body
        found[r.id] = " · ".join(
            p
            for p in (b.get("provider_name") or "", _span(b.get("starts_on"), b.get("ends_on")))
            if p
        )
    for r in store.list(kind="visitation_plan"):
        if span := _span(r.body.get("effective_from"), r.body.get("effective_to")):
            found[r.id] = span
    for r in store.list(kind="hearing"):  # the hearing a court report is for: its day and court
        b = r.body
        found[r.id] = " · ".join(
            p for p in ((b.get("scheduled_at") or "")[:10], b.get("court") or "") if p
        )
    return found


def who_words(user_id: str | None, *, me: str | None, known: Mapping[str, str]) -> str | None:
    """A user by name (the directory, the team's labels); the supervisor's own unnamed id as "You"."""
    if not user_id:
        return user_id
    if known.get(user_id):
        return known[user_id]
    return "You" if user_id == me else user_id


def history(
    change: Mapping[str, Any],
    stored_body: Mapping[str, Any],
    status: Status,
    waiting: Sequence[Any],
) -> tuple[HistoryEvent, ...]:
    """What happened to the entry, oldest first. A return made here and waiting for the sync says so;
    a return the server has (the entry is returned now) is dated by its last change; a return before
    a resubmission comes just before that submission."""
    meta = change.get("meta") or {}
    timed: list[HistoryEvent] = []
    if meta.get("created_at") or meta.get("created_by"):
        written = meta.get("created_at")
        if (
            written
            and meta.get("submitted_at")
            and _instant(written) > _instant(meta["submitted_at"])
        ):
            written = None  # the server's arrival time (an import, an offline submission), not when it was written
        timed.append(HistoryEvent(written, meta.get("created_by"), "Written"))
    changed = meta.get("updated_at") and meta.get("updated_at") not in (
        meta.get("created_at"),
        meta.get("submitted_at"),
        meta.get("approved_at"),
    )
    reason = meta.get("return_reason") or stored_body.get("returned_reason")
    returned_now = status is Status.RETURNED and not any(d.decision == "return" for d in waiting)
    if (
        changed and (change.get("rev") or 0) > 1 and not (returned_now and reason)
    ):  # revision 1 was never changed
        timed.append(
            HistoryEvent(
                meta.get("updated_at"),
                meta.get("updated_by"),
                "Last changed (revision {rev})",
                rev=change.get("rev"),
            )
        )
    if approval.filed_without_review(
        meta
    ):  # the agency's pack has its author file it: no review to show
        timed.append(
            HistoryEvent(
                meta.get("approved_at"),
                meta.get("approved_by"),
                "Filed as final, with no supervisor review (revision {rev})",
                rev=meta.get("approved_rev"),
            )
        )
    elif meta.get("submitted_at"):
        timed.append(
            HistoryEvent(
                meta.get("submitted_at"), meta.get("submitted_by"), "Submitted for approval"
            )
        )
    if meta.get("approved_at") and not approval.filed_without_review(meta):
        timed.append(
            HistoryEvent(
                meta.get("approved_at"),
                meta.get("approved_by"),
                "Approved (revision {rev})",
                rev=meta.get("approved_rev"),
            )
        )
    if returned_now and reason:
        timed.append(
            HistoryEvent(
                meta.get("updated_at"), meta.get("updated_by"), "Returned to the caseworker", reason
            )
        )
    # oldest first; written comes first whatever its time says (a server dates an entry it received
    # with submissions made offline, or an import, by when it arrived)
    timed.sort(key=lambda e: (e.what != "Written", _instant(e.at)))
    if reason and status is Status.SUBMITTED:
        # returned before this revision was submitted: just before the (last) submission
        at = max(
            (i for i, e in enumerate(timed) if e.what == "Submitted for approval"),
            default=len(timed),
        )
        timed.insert(at, HistoryEvent(None, None, "Returned before it was submitted again", reason))
    for decision in waiting:  # the newest of all: made here, not yet sent
        if decision.decision == "approve":
            timed.append(
                HistoryEvent(None, None, "Approved on this laptop; waiting for the next sync")
            )
        else:
            timed.append(
                HistoryEvent(
                    None, None, "Returned on this laptop; waiting for the next sync", reason
                )
            )
    return tuple(timed)


def _instant(at: str | None) -> tuple[int, str]:
    if not at:
        return (0, "")
    try:
        when = datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return (1, at)
    return (1, when.astimezone().isoformat() if when.tzinfo else when.isoformat())
