"""A proposed change (a caseworker's edit that reached the server after the approval) on the
supervisor's screen: listed with the addenda waiting to be acknowledged and named for what it is,
read in the reader field by field ("not applied"), and acknowledged with the same keyboard path as
an addendum (the list's row, then Alt+K). Every control stays named and reachable."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from fieldcase.domain.addenda import Addendum
from fieldcase.domain.ids import new_id
from fieldcase.ui import i18n
from gui.supervisor.conftest import SUPERVISOR, settle_view
from gui.test_accessibility import walk
from helpers.gui import NOW

from .test_questions_and_addenda import ADDED
from .test_supervisor_view import _loaded

PROPOSED = "Proposed change (arrived after approval)"


def _approved_with_proposal(team_store, *, with_addendum: bool = False):
    """One of the team's entries, approved, with the caseworker's late edit kept as a proposal (and,
    when asked, an addendum), as a pull brings it."""
    visit = team_store.namespace.entries[2]
    proposal_id = new_id()
    listed = [
        {
            "addendum_id": proposal_id,
            "kind": "proposal",
            "author": "worker-2",
            "created_at": ADDED.isoformat(),
            "proposed_patch": {
                "observations": {"base": visit.observations, "new": "The aunt was there too."},
                "address": {"base": "12 Elm St", "new": None},
            },
        }
    ]
    addenda = ()
    if with_addendum:
        addendum = Addendum(
            id=new_id(), author="worker-2", at=NOW, text="The school meeting is on Friday."
        )
        addenda = (addendum,)
        listed.append(
            {
                "addendum_id": addendum.id,
                "kind": "addendum",
                "author": "worker-2",
                "created_at": NOW.isoformat(),
                "text": addendum.text,
            }
        )
    approved = dataclasses.replace(visit, approved_by=SUPERVISOR, approved_at=NOW, addenda=addenda)
    team_store.namespace.pull(approved, rev=5, status="approved", author="worker-2", addenda=listed)
    return visit.id, proposal_id


def _listed(qtbot, view, rows: int):
    """The view loaded after a sync, with `rows` waiting to be acknowledged."""
    _loaded(qtbot, view)
    settle_view(qtbot, view, lambda: view.addenda_model.rowCount() == rows)
    return view


def test_a_proposed_change_is_listed_read_and_acknowledged_from_the_keyboard(
    qtbot, supervisor_view, team_store, qtmodeltester
):
    record_id, proposal_id = _approved_with_proposal(team_store)
    view = _listed(qtbot, supervisor_view, 1)
    qtmodeltester.check(view.addenda_model)
    assert (
        "Addenda and proposed changes waiting for me to acknowledge: 1"
        in view.addenda_heading.text()
    )
    assert (
        view.addenda_table.accessibleName()
        == "Addenda and proposed changes to acknowledge, oldest first"
    )
    assert [view.addenda_model.index(0, c).data() for c in range(5)] == [
        "2026-05-24",
        "Home visit",
        "DEMO-2000",
        "Caseworker 1",
        f"{PROPOSED}: Address: left empty Observations: The aunt was there too.",
    ]
    accessible = view.addenda_model.index(0, 4).data(Qt.ItemDataRole.AccessibleTextRole)
    assert accessible.startswith(PROPOSED)

    # the keyboard path of an addendum: into the list, onto the row, then the reader's Alt+K
    view.activateWindow()
    view.addenda_table.setFocus()
    QTest.keyClick(
        view.addenda_table, Qt.Key.Key_Space
    )  # the only row is current already: Space selects it
    settle_view(
        qtbot,
        view,
        lambda: view.reader.record is not None and view.reader.record.record_id == record_id,
    )
    reader = view.reader
    text = reader.content.toPlainText()
    assert (
        PROPOSED in text
        and "not applied; the record stays as approved; not yet acknowledged" in text
    )
    assert (
        "Address: left empty\nObservations: The aunt was there too." in text
    )  # one field a line, in the form's order
    assert "{" not in text and "'base'" not in text  # never the raw patch
    assert (
        reader.acknowledge.isVisible()
        and reader.acknowledge.text() == "Ac&knowledge proposed change"
    )
    assert reader.acknowledge.accessibleName() == "Acknowledge proposed change"
    assert not reader.approve.isEnabled()

    QTest.keyClick(view, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    settle_view(
        qtbot,
        view,
        lambda: (
            view.addenda_model.rowCount() == 0
            and "waiting for the next sync" in reader.content.toPlainText()
        ),
    )
    queued = [e.payload for e in team_store.outbox_entries() if e.record_id == record_id]
    assert queued == [
        {"name": "acknowledge_addendum", "args": {"addendum_id": proposal_id}, "rev": 5}
    ]
    assert (
        "not applied; the record stays as approved; acknowledged here; waiting for the next sync"
        in reader.content.toPlainText()
    )
    assert not reader.acknowledge.isVisible() and "acknowledge: 0" in view.addenda_heading.text()
    assert walk(view) == []


def test_a_proposal_beside_an_addendum_names_both_in_spanish_too(
    qtbot, supervisor_view, team_store, monkeypatch
):
    record_id, _ = _approved_with_proposal(team_store, with_addendum=True)
    view = _listed(qtbot, supervisor_view, 2)
    view.addenda_table.selectRow(0)
    settle_view(
        qtbot,
        view,
        lambda: view.reader.record is not None and view.reader.record.record_id == record_id,
    )
    assert view.reader.acknowledge.text() == "Ac&knowledge 2 addenda and proposed changes"

    monkeypatch.setattr(i18n, "_catalogue", i18n.load_catalogue("es"))
    view.reader.show_record(view.reader.record)
    view.show_addenda(view.addenda)
    assert view.reader.acknowledge.text() == "Dar por &leídos 2 anexos y cambios propuestos"
    text = view.reader.content.toPlainText()
    assert (
        "Cambio propuesto (llegó después de la aprobación)" in text
        and "Observaciones: The aunt was there too." in text
    )
    assert "Anexos y cambios propuestos que esperan mi lectura: 2" in view.addenda_heading.text()
