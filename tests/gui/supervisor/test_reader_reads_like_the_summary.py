"""Issue 22 item 6: the supervisor's reader reads like the printed summary — sections, one block per
child with each field on its own line, the placement by provider and dates (never its id), people
by name (the supervisor too, never by login), the history oldest first on this laptop's clock, and
a return just made said as such; the queue lists present danger and safety-plan entries first, with
the words "Present danger" (never colour alone), in English and Spanish."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, timedelta

import pytest

from fieldcase.domain.home_visits import Topic
from fieldcase.domain.serialization import kind_of, to_dict
from fieldcase.domain.workflow import Status
from fieldcase.store.sync_apply import SyncStore
from fieldcase.ui import i18n
from gui.supervisor.conftest import settle_view
from helpers.gui import NOW
from helpers.services import seen_visit

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _pull(store, record, *, seq: int, status: str, meta: dict, rev: int = 2) -> None:
    body = to_dict(
        dataclasses.replace(
            record, status=Status(status), rev=rev, created_by=meta.get("created_by")
        )
    )
    change = {
        "seq": seq,
        "record_kind": kind_of(record),
        "record_id": record.id,
        "case_id": record.case_id,
        "rev": rev,
        "status": status,
        "body": body,
        "meta": meta,
        "conflicts": [],
        "addenda": [],
    }
    SyncStore(store).apply_page(
        {
            "epoch": "e1",
            "changes": [change],
            "scope_events": [],
            "next_cursor": f"r{seq}",
            "has_more": False,
            "server_time": NOW.isoformat(),
        }
    )


def _at(hours_ago: float) -> str:
    return (NOW - timedelta(hours=hours_ago)).isoformat()


@pytest.fixture
def danger_visit(team_store):
    """A newly submitted visit (the youngest in the queue) in which one child's row records present
    danger and a safety plan, with its placement."""
    family = team_store.namespace.families[1]
    visit = seen_visit(family.case_id, family.child_ids, on=datetime(2026, 5, 21, 15, tzinfo=UTC))
    rows = (
        dataclasses.replace(
            visit.children[0],
            present_danger=True,
            safety_plan_triggered=True,
            safety_narrative="Synthetic: a loose stair rail.",
            topics=(Topic.SAFETY, Topic.FAMILY_VISITS),
        ),
        *visit.children[1:],
    )
    visit = dataclasses.replace(visit, children=rows, placement_id=family.placement_id)
    _pull(
        team_store,
        visit,
        seq=90,
        status="submitted",
        meta={
            "created_by": "worker-1",
            "created_at": _at(30),
            "submitted_by": "worker-1",
            "submitted_at": _at(1),
        },
    )
    return visit


def _loaded(qtbot, view):
    view.show()
    view.refresh()
    settle_view(qtbot, view, lambda: view.queue is not None)


def _open(qtbot, view, record_id: str):
    row = next(
        r
        for r in range(view.queue_model.rowCount())
        if view.queue_model.row_at(r).record_id == record_id
    )
    view.queue_table.selectRow(row)
    settle_view(
        qtbot,
        view,
        lambda: view.reader.record is not None and view.reader.record.record_id == record_id,
    )
    return view.reader.content.toPlainText()


def test_present_danger_is_listed_first_in_words(qtbot, supervisor_view, team_store, danger_visit):
    view = supervisor_view
    _loaded(qtbot, view)
    first = view.queue_model.row_at(0)
    assert first.record_id == danger_visit.id  # the youngest, but listed first
    assert view.queue_model.index(0, 6).data().startswith("⚠ Present danger")
    assert all(
        "Present danger" not in (view.queue_model.index(r, 6).data() or "")
        for r in range(1, view.queue_model.rowCount())
    )
    assert "1 with present danger, listed first" in view.queue_heading.text()
    assert "oldest 6 days" in view.queue_heading.text()  # the oldest is still the oldest
    text = _open(qtbot, view, danger_visit.id)
    assert "Present danger" in view.reader.heading.text()
    child = team_store.get(danger_visit.children[0].child_id).body
    assert (
        f"Present danger: Present danger or a safety plan is recorded for {child['given_name']} {child['family_name']}."
        in text
    )


def test_the_entry_reads_like_the_printed_summary(qtbot, supervisor_view, team_store, danger_visit):
    view = supervisor_view
    _loaded(qtbot, view)
    text = _open(qtbot, view, danger_visit.id)
    html = view.reader.content.toHtml()
    # the placement by provider, kind and dates; no id anywhere
    assert re.search(r"Child.s placement at the time\s+\w+ family · 2025-01-10 –", text), text[:400]
    assert not UUID.search(text), UUID.search(text)
    # sections, and one block per child with a heading naming the child, each field on its own line
    for title in ("Contact", "Children", "What was seen", "History"):
        assert f"\n{title}\n" in f"\n{text}\n"
    names = [
        f"{team_store.get(c).body['given_name']} {team_store.get(c).body['family_name']}"
        for c in (row.child_id for row in danger_visit.children)
    ]
    for name in names:
        assert f"Child: {name}" in text
    assert "; Seen:" not in text and "• Child:" not in text
    assert re.search(r"Seen privately\s+Yes", text) and re.search(
        r"Safety plan triggered\s+Yes", text
    ), text
    assert html.count("<h4") >= 2 or text.count("Child: ") == len(names)


def test_history_in_order_by_name_and_a_return_just_made_is_not_earlier(
    qtbot, supervisor_view, team_store
):
    view = supervisor_view
    family = team_store.namespace.families[2]
    visit = seen_visit(
        family.case_id, family.child_ids[:1], on=datetime(2026, 5, 9, 15, tzinfo=UTC)
    )
    # an approved entry: written, submitted, approved by this supervisor (by id: the server knows no names)
    _pull(
        team_store,
        visit,
        seq=91,
        status="approved",
        meta={
            "created_by": "worker-1",
            "created_at": _at(100),
            "updated_by": "sup-1",
            "updated_at": _at(10),
            "submitted_by": "worker-1",
            "submitted_at": _at(50),
            "approved_by": "sup-1",
            "approved_at": _at(10),
            "approved_rev": 2,
        },
    )
    _loaded(qtbot, view)
    view.vm.open_entry(visit.id)
    settle_view(
        qtbot,
        view,
        lambda: view.reader.record is not None and view.reader.record.record_id == visit.id,
    )
    text = view.reader.content.toPlainText()
    history = text[text.index("History") :]
    written, submitted, approved = (
        history.index(w) for w in ("Written", "Submitted for approval", "Approved (revision 2)")
    )
    assert written < submitted < approved
    assert "sup-1" not in text  # the supervisor by name (here: "You"), never by login
    assert "Approved (revision 2) — You" in history

    # a return made now is said as such, not as "Returned earlier"
    view.vm.open_entry(team_store.namespace.entries[0].id)
    settle_view(
        qtbot, view, lambda: view.reader.record.record_id == team_store.namespace.entries[0].id
    )
    record = view.reader.record
    view.reader.return_requested.emit(record, "Say who else was present at the visit.")
    settle_view(qtbot, view, lambda: view.reader.record.decision_waiting == "return")
    text = view.reader.content.toPlainText()
    assert "earlier" not in text
    assert (
        "Returned on this laptop; waiting for the next sync “Say who else was present at the visit.”"
        in text
    )
    assert text.index("Submitted for approval") < text.index("Returned on this laptop")


def test_the_reader_and_the_queue_in_spanish(
    qtbot, supervisor_view, team_store, danger_visit, monkeypatch
):
    monkeypatch.setattr(i18n, "_catalogue", i18n.load_catalogue("es"))
    view = supervisor_view
    _loaded(qtbot, view)
    assert view.queue_model.index(0, 6).data().startswith("⚠ Peligro presente")
    text = _open(qtbot, view, danger_visit.id)
    assert (
        "Peligro presente:" in text
        and "Se registró peligro presente o un plan de seguridad para" in text
    )
    assert "Contacto" in text and "Niño: " in text and "Historial" in text
    assert "Present danger or" not in text and "Submitted for approval" not in text
    # a list of the app's own codes (the topics covered) is worded item by item in the reader's language
    assert "• Seguridad" in text and "• Visitas familiares" in text and "Safety" not in text


@pytest.mark.parametrize("language", ["en", "es"])
def test_renders_the_reader_with_present_danger(
    qtbot, supervisor_view, team_store, danger_visit, tmp_path, monkeypatch, language
):
    """Offscreen renders; FIELDCASE_SCREENSHOT_DIR keeps them (docs/screenshots/supervisor-reader*.png)."""
    import os
    from pathlib import Path

    view = supervisor_view
    if language == "es":  # the whole view in Spanish, as the app builds it after a language change
        from fieldcase.ui.supervisor import build_supervisor_view

        monkeypatch.setattr(i18n, "_catalogue", i18n.load_catalogue("es"))
        view = build_supervisor_view(
            worker=supervisor_view.worker,
            session=supervisor_view.vm.session,
            now=lambda: NOW,
            names={"worker-1": "Robin Vale"},
        )
        qtbot.addWidget(view)
        view.resize(supervisor_view.size())
        view.worker = supervisor_view.worker
    _loaded(qtbot, view)
    _open(qtbot, view, danger_visit.id)
    qtbot.wait(50)
    name = "supervisor-reader.png" if language == "en" else "supervisor-reader_es.png"
    path = Path(os.environ.get("FIELDCASE_SCREENSHOT_DIR") or tmp_path) / name
    assert view.grab().save(str(path))
