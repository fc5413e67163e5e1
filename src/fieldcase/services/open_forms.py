"""The forms open on the laptop, remembered in the store so that a draft open when the app died
(a crash, a kill, a flat battery) opens again at the next unlock, with a word saying so. Autosave
keeps the words; this keeps the caseworker's place. Locking and quitting forget every form
(services.session.Session.lock), so only an interruption leaves any behind."""

from __future__ import annotations

import logging

from fieldcase.services.field_records import OpenedRecord, open_record
from fieldcase.store.errors import RecordNotFound
from fieldcase.store.store import Store

log = logging.getLogger(__name__)


def opened(store: Store, record_id: str) -> None:
    store.remember_open_form(record_id, opened=True)


def closed(store: Store, record_id: str) -> None:
    store.remember_open_form(record_id, opened=False)


def interrupted(store: Store) -> list[OpenedRecord]:
    """The records whose forms were open when the app last stopped without closing them. A record
    that is gone since (purged, moved off the caseload) is forgotten."""
    found = []
    for record_id in store.open_forms():
        try:
            found.append(open_record(store, record_id=record_id))
        except RecordNotFound:
            store.remember_open_form(record_id, opened=False)
    return found
