"""Issue 22 item 7: no false alarm and the right context — a sync while a new, untouched form is
open says nothing about it (a record not yet saved is not "missing")."""

from __future__ import annotations

from PySide6.QtCore import Qt

from helpers.gui import new_record, open_first_case, settle


def test_a_sync_while_a_new_untouched_form_is_open_raises_no_alarm(unlocked, qtbot):
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    settle(qtbot, app)
    before = page.summary.label.text()
    alarms = []
    page.editor.failed.connect(alarms.append)
    app.window._refresh_after_sync()  # what the window does when a sync finishes
    settle(qtbot, app)
    assert alarms == []
    assert "not on this laptop" not in page.summary.label.text()
    assert page.summary.label.text() == before
    assert page.editor.is_new and not page.editor.read_only


def test_a_sync_after_the_first_save_reads_the_record_again(unlocked, qtbot):
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    qtbot.keyClicks(page.form.editor("observations").widget, "Synthetic: kitchen stocked.")
    app.window._refresh_after_sync()  # the typing is saved first, then read again
    settle(qtbot, app, lambda: not page.editor.is_new and not page.editor.dirty)
    settle(qtbot, app)
    assert "not on this laptop" not in page.summary.label.text()
    assert page.form.editor("observations").widget.toPlainText() == "Synthetic: kitchen stocked."


def _attention_row(store, topic: str, kind: str, record_id: str, details: dict) -> None:
    import json

    from sqlalchemy import insert

    from fieldcase.store.tables import attention

    with store.transaction() as connection:
        connection.execute(
            insert(attention).values(
                id=f"item-{record_id}",
                topic=topic,
                record_kind=kind,
                record_id=record_id,
                mutation_id=None,
                message="stored English",
                details=json.dumps(details),
                created_at="2026-05-20T10:00:00+00:00",
            )
        )


def test_needs_attention_names_the_case_and_the_children_and_wraps(store, qtbot):
    """Each row says whose it is (case number, children's names — this laptop's records only) and
    long sentences wrap inside the list instead of running off its edge."""
    from datetime import UTC, datetime

    from fieldcase.services import sync as sync_service
    from fieldcase.ui.attention import AttentionDialog
    from helpers.services import seed_caseload, seen_visit

    family = seed_caseload(store, families=2)[1]
    visit = seen_visit(family.case_id, family.child_ids, on=datetime(2026, 5, 4, 15, tzinfo=UTC))
    store.save(visit)
    names = [
        store.get(c).body["given_name"] + " " + store.get(c).body["family_name"]
        for c in family.child_ids
    ]
    _attention_row(
        store,
        "returned",
        "home_visit",
        visit.id,
        {"reason": "Say who else was present at the visit, and where."},
    )
    _attention_row(
        store, "removed", "case", "gone-1", {"case_id": "k1", "records": {"gone-1": "case"}}
    )

    items = {i.record_id: i for i in sync_service.needs_attention(store)}
    assert items[visit.id].case_number == "DEMO-1001"
    assert items[visit.id].children == tuple(names)
    assert (
        items["gone-1"].case_number == "" and items["gone-1"].children == ()
    )  # not on this laptop: nothing invented

    dialog = AttentionDialog(list(items.values()))
    qtbot.addWidget(dialog)
    dialog.resize(420, 400)
    dialog.show()
    qtbot.waitExposed(dialog)
    texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    returned = next(t for t in texts if "Returned" in t)
    assert returned.startswith("Returned: ") and returned.endswith(
        f"\nCase DEMO-1001 · {names[0]}, {names[1]}"
    )
    assert dialog.list.wordWrap() and dialog.list.textElideMode().name == "ElideNone"
    row = dialog.list.visualItemRect(dialog.list.item(texts.index(returned)))
    assert (
        row.width() <= dialog.list.viewport().width()
    )  # nothing runs off the edge: it wraps to more lines
    assert row.height() >= 3 * dialog.list.fontMetrics().height()  # whose, and the sentence wrapped


def _caseload_cells(qtbot, app, child_id: str) -> tuple[str, str]:
    window = app.window
    window.workspace.load_caseload()
    settle(qtbot, app)
    model = window.caseload_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    for row in range(model.rowCount()):
        if model.row_at(row).child_id == child_id:
            return model.index(row, headers.index("This month")).data(), model.index(
                row, headers.index("Last seen")
            ).data()
    raise AssertionError("child not in the caseload")


def test_last_seen_and_this_month_agree_about_a_draft(unlocked, qtbot):
    """A draft that says the child was seen but records no completed face-to-face contact saw no one:
    neither column counts it. Once it does record one, both do (domain/seen.py, domain.md "Seen")."""
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    form = page.form
    child_id = page.editor.body["children"][0]["child_id"]
    before = _caseload_cells(qtbot, app, child_id)
    form.editor("method").widget.set_value("face_to_face")
    form.editor("method").changed.emit()
    for _frame, fields, _remove in form.rows["children"].rows:
        fields["seen"].editor.widget.set_value(True)
        fields["seen"].editor.changed.emit()
    page.editor.flush()
    settle(qtbot, app, lambda: not page.editor.is_new and not page.editor.dirty)
    settle(qtbot, app)
    assert page.editor.body["children"][0]["seen"] is True and page.editor.body["outcome"] is None
    assert (
        _caseload_cells(qtbot, app, child_id) == before
    )  # no outcome yet: not a visit that saw the child

    form.editor("outcome").widget.set_value("completed")
    form.editor("outcome").changed.emit()
    page.editor.flush()
    settle(qtbot, app, lambda: not page.editor.dirty)
    settle(qtbot, app)
    this_month, last_seen = _caseload_cells(qtbot, app, child_id)
    day = page.editor.body["contact_start"][:10]
    assert this_month != before[0] and "Seen" in this_month
    assert last_seen and last_seen != before[1]
    assert day[:4] in last_seen
