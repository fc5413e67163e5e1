"""The kinds of record a caseworker starts from a case: one list for the Record menu and the case
view, so a new kind of record is offered in both by adding one row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from fieldcase.ui.i18n import _


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
]
