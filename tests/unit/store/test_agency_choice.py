"""The agency's choice of what a supervisor approves, as the laptop keeps it (store/agency_choice.py):
read from the store once, and changed by a sync's hello that names a new one."""

from __future__ import annotations

from fieldcase.store.store import Store
from fieldcase.store.sync_apply import SyncStore
from helpers.store import PASSPHRASE


def test_a_hello_that_names_a_new_choice_changes_what_the_store_answers(store, data_dir, clock):
    assert store.agency_choice.approval_required() is None  # no server has said: the pack decides
    sync = SyncStore(store)
    sync.note_hello(approval_required=["home_visit", "case_plan"])
    assert store.agency_choice.approval_required() == {"home_visit", "case_plan"}
    sync.note_hello(approval_required=["home_visit"])  # the agency stops reviewing plans
    assert store.agency_choice.approval_required() == {"home_visit"}
    sync.note_hello(epoch="e2")  # a hello that says nothing of it keeps the last word
    assert store.agency_choice.approval_required() == {"home_visit"}
    store.lock()
    again = Store.unlock(data_dir, PASSPHRASE, clock=clock)  # kept in the store, not only in memory
    try:
        assert again.agency_choice.approval_required() == {"home_visit"}
    finally:
        again.lock()


def test_the_choice_a_hello_brought_is_known_without_reading_the_store(store):
    # the record editor asks on the GUI thread: after a hello it must not wait for the store
    store.agency_choice.approval_required()
    SyncStore(store).note_hello(approval_required=["referral"])
    store.lock()  # any read of the store would raise StoreLocked now
    assert store.agency_choice.approval_required() == {"referral"}
