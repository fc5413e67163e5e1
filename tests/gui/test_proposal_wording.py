"""Needs attention words a change the server kept as a proposed change itself, in the user's
language and with the entry's noun — never the stored English message (the server's own text on
items kept before: "…kept as an addendum proposal") — and once the supervisor has read it, says who
and when, among the notices."""

from __future__ import annotations

import dataclasses

from fieldcase.services.field_records import ProposalState
from fieldcase.services.sync import AttentionItem
from fieldcase.ui import i18n
from fieldcase.ui.attention import AttentionDialog, item_text, split_attention

OLD_SERVER_TEXT = (
    "This visit was approved and is read-only; your change was kept as an addendum proposal."
)
PROPOSAL_ID = "0190f3a0-0000-7000-8000-00000000a901"


def _item(
    kind: str = "home_visit", proposal: ProposalState | None = None, message: str = OLD_SERVER_TEXT
) -> AttentionItem:
    return AttentionItem(
        "a1",
        "addendum",
        kind,
        "r1",
        message,
        "2026-05-28T16:40:00+00:00",
        {"addendum_id": PROPOSAL_ID},
        proposal,
    )


READ = ProposalState(
    PROPOSAL_ID, "2026-05-28T16:40:00+00:00", "sup-1", "Sam Rivera", "2026-05-29T09:05:00+00:00"
)


def test_a_stored_item_reads_as_a_proposed_change_of_its_entry_in_english():
    assert item_text(_item()) == (
        "Proposed change: Your change reached the server after this visit was approved. It was kept as a "
        "proposed change for your supervisor; the approved visit is not changed."
    )
    assert "family visit was approved" in item_text(_item("visitation_entry"))
    assert "trip was approved" in item_text(_item("transport_trip"))
    assert all(
        "addendum" not in item_text(_item(kind)).lower()
        for kind in ("home_visit", "visitation_entry", "transport_trip")
    )


def test_a_stored_item_reads_in_spanish(monkeypatch):
    monkeypatch.setattr(i18n, "_catalogue", i18n.load_catalogue("es"))
    assert item_text(_item()) == (
        "Cambio propuesto: Su cambio llegó al servidor después de que se aprobara esta visita. Se guardó "
        "como un cambio propuesto para su supervisor/a; la visita aprobada no cambia."
    )
    assert "este traslado" in item_text(_item("transport_trip"))
    assert "esta visita familiar" in item_text(_item("visitation_entry"))
    assert (
        item_text(_item(proposal=READ))
        == "Cambio propuesto: Su cambio propuesto del 2026-05-28 lo leyó Sam Rivera el 2026-05-29."
    )


def test_a_proposed_change_the_supervisor_read_is_a_notice_saying_who_and_when(qtbot):
    waiting = _item(proposal=ProposalState(PROPOSAL_ID, "2026-05-28T16:40:00+00:00"))
    read = dataclasses.replace(_item(proposal=READ), id="a2")
    unnamed = dataclasses.replace(
        _item(
            proposal=ProposalState(
                PROPOSAL_ID, "2026-05-28T16:40:00+00:00", "sup-9", "", "2026-05-29T09:05:00Z"
            )
        ),
        id="a3",
    )
    assert (
        item_text(read)
        == "Proposed change: Your proposed change of 2026-05-28 was read by Sam Rivera on 2026-05-29."
    )
    assert (
        item_text(unnamed)
        == "Proposed change: Your proposed change of 2026-05-28 was read by your supervisor on 2026-05-29."
    )
    assert split_attention([waiting, read, unnamed]) == ([waiting], [read, unnamed])
    dialog = AttentionDialog([waiting, read])
    qtbot.addWidget(dialog)
    dismissed = []
    dialog.dismiss.connect(dismissed.append)
    dialog.dismiss_notices.click()  # done with: it goes with the other notices
    assert dismissed == [["a2"]] and dialog.list.count() == 1
