"""The kinds of record a caseworker starts from a case: one list for the Record menu and the case
view, so a new kind of record is offered in both by adding one row (services/new_records.py makes
the record)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fieldcase.ui.i18n import _, current_language


@dataclass(frozen=True)
class NewRecord:
    kind: str
    #: the action's text with its mnemonic (the same on the case view's button or menu)
    text: Callable[[], str]
    shortcut: str | None = None
    #: a button of its own on the case view (the records of every week); the others are in the case
    #: view's "Other records" menu, so the buttons fit beside the caseload at large text
    button: bool = False


NEW_RECORDS: list[NewRecord] = [
    NewRecord("home_visit", lambda: _("New h&ome visit"), "Ctrl+N", button=True),
    NewRecord("visitation_entry", lambda: _("New fa&mily visit"), "Ctrl+Shift+F", button=True),
    NewRecord("transport_trip", lambda: _("New &trip"), "Ctrl+T", button=True),
    NewRecord("team_meeting", lambda: _("New team meet&ing"), "Ctrl+Shift+M"),
    NewRecord("collateral_contact", lambda: _("New co&llateral contact")),
    NewRecord("referral", lambda: _("New &referral")),
    # the case view asks which instrument when the laptop has more than one (case_view._new)
    NewRecord("assessment", lambda: _("New &assessment")),
    NewRecord("transition_plan", lambda: _("New transition &plan")),
    # the next version: version 1, the 6-month review of the approved one, or the one being written
    NewRecord("case_plan", lambda: _("New c&ase plan")),
]

#: field-record kinds not started from the Record menu: where the case view starts them instead
#: (tests/test_kind_dispatch.py: every field-record kind is in NEW_RECORDS or here)
STARTED_ELSEWHERE: dict[str, str] = {
    "court_report": "from its hearing (the case view's hearings)",
}


def with_instrument(parent: Any, kind: str) -> str | None:
    """A new assessment with more than one instrument on the laptop (the checklist and the agency's
    licensed pack): ask which, and start it as "assessment:<instrument id>" (ui/workspace.py);
    None when the caseworker cancels. Any other kind as it is."""
    if kind != "assessment":
        return kind
    from fieldcase.services.instruments import last_loaded  # read by the store worker: no I/O here

    offered = sorted({i.id: i for i in last_loaded().instruments}.values(), key=lambda i: i.id)
    if len(offered) < 2:
        return kind
    from PySide6.QtWidgets import QInputDialog

    language = current_language()
    names = [i.name.in_language(language) for i in offered]
    chosen, ok = QInputDialog.getItem(
        parent, _("New assessment"), _("&Instrument:"), names, 0, False
    )
    return f"assessment:{offered[names.index(chosen)].id}" if ok and chosen in names else None
