from __future__ import annotations

from datetime import date

from fieldcase.services.caseload import load_caseload
from fieldcase.services.cases import load_case
from fieldcase.store.store import Store
from fieldcase.ui.case_view import people_model, placements_model, plans_model, timeline_model
from fieldcase.ui.models import CaseloadModel
from helpers.store import PASSPHRASE


def test_every_item_model_passes_the_model_tester(qtmodeltester, data_dir):
    store = Store.unlock(data_dir, PASSPHRASE)
    try:
        caseload = load_caseload(store, today=date(2026, 5, 25))
        detail = load_case(store, case_id=caseload.rows[0].case_id, today=date(2026, 5, 25))
    finally:
        store.lock()
    model = CaseloadModel()
    model.set_caseload(caseload.rows)
    qtmodeltester.check(model, force_py=True)
    model.set_filter(caseload.rows[0].child_name.split()[0])
    qtmodeltester.check(model, force_py=True)
    for make, rows in (
        (people_model, detail.people),
        (placements_model, detail.placements),
        (plans_model, detail.plans),
        (timeline_model, detail.timeline),
    ):
        table = make()
        table.set_rows(rows)
        assert table.rowCount() == len(rows) > 0
        qtmodeltester.check(table, force_py=True)
    empty = CaseloadModel()
    qtmodeltester.check(empty, force_py=True)


def test_status_is_written_in_words_not_only_colour(data_dir):
    store = Store.unlock(data_dir, PASSPHRASE)
    try:
        rows = load_caseload(store, today=date(2026, 5, 25)).rows
    finally:
        store.lock()
    model = CaseloadModel()
    model.set_caseload(rows)
    assert "At risk" in model.data(model.index(0, 2))


def test_timeline_notes_say_what_happened_then_what_needs_a_look():
    from decimal import Decimal

    from fieldcase.services.cases import TimelineEntry

    model = timeline_model()
    trip = TimelineEntry(
        record_id="t",
        kind="transport_trip",
        status="approved",
        on=date(2026, 11, 6),
        children=(),
        returned_reason=None,
        addenda=0,
        attachments=(),
        happened="family_visit",
        miles=Decimal("24.5"),
    )
    visit = TimelineEntry(
        record_id="v",
        kind="home_visit",
        status="returned",
        on=date(2026, 11, 4),
        children=(),
        returned_reason="Add the school name.",
        addenda=1,
        attachments=(),
        happened="school",
    )
    model.set_rows([trip, visit])
    notes = model.columnCount() - 1
    assert model.index(0, notes).data() == "Family visit · 24.5 mi"
    assert model.index(1, notes).data() == "School · Returned: Add the school name. · 1 addendum"
