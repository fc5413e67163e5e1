"""The entry's content as the supervisor reads it: sections like the printed summary, one block per
child with a heading naming the child and each field on its own line, present danger said in words
at the top (never by colour alone), and the history oldest first on this laptop's clock.
services/review_words.py words the values; this module lays them out and translates the app's own
words (labels, titles, yes/no, codes) — never what a person wrote."""

from __future__ import annotations

import functools
from html import escape

from fieldcase.services.approvals import FieldLine, HistoryEvent, ReviewRecord
from fieldcase.services.review_words import Block, Section, label, local_moment
from fieldcase.ui.i18n import _

_SECTION_TITLES = {
    "Contact": lambda: _("Contact"),
    "Participants": lambda: _("Participants"),
    "Children": lambda: _("Children"),
    "What was seen": lambda: _("What was seen"),
    "Follow-up tasks": lambda: _("Follow-up tasks"),
    "Other details": lambda: _("Other details"),
    "What was recorded": lambda: _("What was recorded"),
    "Passengers": lambda: _("Passengers"),
    "Attendance": lambda: _("Attendance"),
    "Legs": lambda: _("Legs"),
    "Handoffs": lambda: _("Hand-offs"),
    "Medications": lambda: _("Medications"),
    "Incidents": lambda: _("Incidents"),
}


def section_title(title: str) -> str:
    words = _SECTION_TITLES.get(title)
    return words() if words is not None else _(title)


def item_heading(heading: str) -> str:
    words = {
        "Child": lambda: _("Child"),
        "Participant": lambda: _("Participant"),
        "Task": lambda: _("Task"),
        "Passenger": lambda: _("Passenger"),
        "Person": lambda: _("Person"),
        "Leg": lambda: _("Leg"),
        "Hand-off": lambda: _("Hand-off"),
        "Medication": lambda: _("Medication"),
        "Incident": lambda: _("Incident"),
        "Service": lambda: _("Service"),
        "Status": lambda: _("Status"),
        "Note": lambda: _("Note"),
        "Goal": lambda: _("Goal"),
        "Change": lambda: _("Change"),
        "Item": lambda: _("Item"),
    }.get(heading)
    return words() if words is not None else _(heading)


def _worded(text: str) -> str:
    """The app's own words translated; a list of them ("• Safety" per line) item by item."""
    return "\n".join(
        f"• {_(item[2:])}" if item.startswith("• ") else _(item) for item in text.split("\n")
    )


def _value(line: FieldLine) -> str:
    if line.text in ("yes", "no"):
        text = _("Yes") if line.text == "yes" else _("No")
    else:
        text = _worded(line.text) if line.worded else line.text
    return escape(text).replace("\n", "<br>")


@functools.cache
def _form_labels(kind: str) -> dict[str, dict[str, str]]:
    """The form's own labels (the caseworker's words, already in both languages): "" → the record's
    fields, a list field's name → its rows' fields."""
    from fieldcase.ui.forms.spec import SPECS, Rows

    found: dict[str, dict[str, str]] = {"": {}}
    spec = SPECS.get(kind)
    for section in spec.sections if spec is not None else ():
        for item in section.items:
            found[""][item.name] = item.label
            if isinstance(item, Rows):
                found[item.name] = {f.name: f.label for f in item.fields}
    return found


def _label(line: FieldLine, kind: str, list_name: str = "") -> str:
    form = _form_labels(kind).get(list_name, {}).get(line.key)
    return _(form).replace("&", "") if form else _(line.label)


def _rows(lines: tuple[FieldLine, ...], kind: str, list_name: str = "") -> str:
    rows = "".join(
        f"<tr><th align='left' valign='top' width='190'>{escape(_label(line, kind, list_name))}</th><td>{_value(line)}</td></tr>"
        for line in lines
    )
    return f"<table cellspacing='0' cellpadding='3'>{rows}</table>" if rows else ""


def _block(block: Block, kind: str) -> str:
    flag = f" — <b>⚠ {escape(_('Present danger or safety plan'))}</b>" if block.danger else ""
    return f"<h4>{escape(item_heading(block.heading))}: {escape(block.name)}{flag}</h4>{_rows(block.lines, kind, block.list_name)}"


def _section_title(section: Section, kind: str) -> str:
    """A section that is one list of the record (a meeting's attendees, a referral's status changes)
    is titled as the form titles that list, in the reader's language; the rest by their title."""
    lists = {b.list_name for b in section.blocks}
    if (
        section.title not in _SECTION_TITLES
        and len(lists) == 1
        and not section.lines
        and section.title == label(next(iter(lists)))
    ):
        form = _form_labels(kind)[""].get(next(iter(lists)))
        if form:
            return _(form).replace("&", "")
    return section_title(section.title)


def sections_html(sections: tuple[Section, ...], kind: str = "") -> str:
    return "".join(
        f"<h3>{escape(_section_title(s, kind))}</h3>{_rows(s.lines, kind)}{''.join(_block(b, kind) for b in s.blocks)}"
        for s in sections
    )


def danger_html(record: ReviewRecord) -> str:
    """Said first, in words: a child's row records present danger or a triggered safety plan."""
    if not record.danger:
        return ""
    names = [b.name for s in record.sections for b in s.blocks if b.danger]
    who = ", ".join(names)
    words = (
        _("Present danger or a safety plan is recorded for {children}.").format(children=who)
        if who
        else _("Present danger or a safety plan is recorded in this entry.")
    )
    return f"<p><b>⚠ {escape(_('Present danger'))}:</b> {escape(words)}</p>"


def history_words(event: HistoryEvent) -> str:
    words = {
        "Written": lambda: _("Written"),
        "Last changed (revision {rev})": lambda: _("Last changed (revision {rev})"),
        "Submitted for approval": lambda: _("Submitted for approval"),
        "Approved (revision {rev})": lambda: _("Approved (revision {rev})"),
        "Filed as final, with no supervisor review (revision {rev})": lambda: _(
            "Filed as final, with no supervisor review (revision {rev})"
        ),
        "Returned to the caseworker": lambda: _("Returned to the caseworker"),
        "Returned before it was submitted again": lambda: _(
            "Returned before it was submitted again"
        ),
        "Approved on this laptop; waiting for the next sync": lambda: _(
            "Approved on this laptop; waiting for the next sync"
        ),
        "Returned on this laptop; waiting for the next sync": lambda: _(
            "Returned on this laptop; waiting for the next sync"
        ),
    }.get(event.what)
    return (words() if words is not None else _(event.what)).format(
        rev=event.rev if event.rev is not None else ""
    )


def history_html(events: tuple[HistoryEvent, ...], labels: dict[str, str]) -> str:
    items = []
    for event in events:
        when = escape(local_moment(event.at)) + ": " if event.at else ""
        quoted = f" “{escape(event.quoted)}”" if event.quoted else ""
        who = labels.get(event.who or "", event.who or "")
        by = f" — {escape(_(who) if who == 'You' else who)}" if who else ""
        items.append(f"<li>{when}{escape(history_words(event))}{quoted}{by}</li>")
    return "<ul>" + "".join(items) + "</ul>"
