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
    for make, rows in ((people_model, detail.people), (placements_model, detail.placements), (plans_model, detail.plans), (timeline_model, detail.timeline)):
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
