"""Starting a record of every field-record kind on a real encrypted store (services/new_records.py):
each "New …" makes a record of its own kind for the case, unsaved and new; a case plan's version
and a hearing's court report still being written open again instead of a second."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fieldcase.domain import kinds
from fieldcase.domain.hearings import Hearing
from fieldcase.domain.ids import new_id
from fieldcase.domain.metadata import kind_of
from fieldcase.services import field_records, new_records
from helpers.store import USER

NOW = datetime(2026, 5, 25, 10, 0, tzinfo=UTC)


@pytest.fixture
def hearing(store, family):
    coming = Hearing(
        id=new_id(), case_id=family.case_id, scheduled_at=datetime(2026, 6, 3, 15, tzinfo=UTC)
    )
    store.save(coming)
    return coming


@pytest.mark.parametrize("kind", kinds.kinds_of(kinds.Family.FIELD_RECORD))
def test_every_field_record_kind_starts_a_new_record_of_its_kind(store, family, hearing, kind):
    source = hearing.id if kind == "court_report" else ""
    opened, is_new = new_records.start(
        store, kind, case_id=family.case_id, user_id=USER, now=NOW, source=source
    )
    assert is_new and opened.version == 0 and opened.kind == kind
    assert kind_of(opened.record) == kind and opened.record.case_id == family.case_id
    assert store.list(kind=kind) == []  # unsaved: the form's first autosave saves it


@pytest.mark.parametrize("kind", ["case_plan", "court_report"])
def test_the_record_still_being_written_opens_instead_of_a_second(store, family, hearing, kind):
    source = hearing.id if kind == "court_report" else ""
    first, _new = new_records.start(
        store, kind, case_id=family.case_id, user_id=USER, now=NOW, source=source
    )
    field_records.save_draft(store, record=first.record)
    again, is_new = new_records.start(
        store, kind, case_id=family.case_id, user_id=USER, now=NOW, source=source
    )
    assert not is_new and again.record.id == first.record.id
