"""Every edit is one transaction: entity row + outbox mutation + HMAC-chained audit event."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import update

from fieldcase.domain.ids import new_id
from fieldcase.domain.workflow import WorkflowError
from fieldcase.store.errors import RecordNotFound, StaleEdit, StoreLocked
from fieldcase.store.tables import audit_event, outbox
from helpers.store import a_child, a_visit


def test_create_writes_row_outbox_and_audit(store):
    case_id = new_id()
    child = a_child(case_id)
    saved = store.save(child)
    assert saved.created and saved.mutation_id
    assert store.repository("person").get(child.id) == child
    [entry] = store.outbox_entries()
    assert (entry.kind, entry.record_id, entry.base_rev, entry.device_seq) == (
        "create",
        child.id,
        0,
        1,
    )
    assert entry.payload["fields"]["given_name"] == "Ana"
    assert "rev" not in entry.payload["fields"]  # server-owned fields are never sent
    assert [e.action for e in store.audit_events()][-1] == "record.create"


def test_edit_is_a_patch_with_base_values(store):
    case_id = new_id()
    visit = a_visit(case_id, new_id())
    store.save(visit)
    # the create went up and was acknowledged: the next edit must be a new patch row
    with store.transaction() as connection:
        connection.execute(update(outbox).values(state="acked"))
    store.save(dataclasses.replace(visit, observations="Changed after review"))
    entries = store.outbox_entries()
    assert [e.kind for e in entries] == ["create", "patch"]
    assert entries[1].payload["changes"] == {
        "observations": {"base": "Calm afternoon; homework done.", "new": "Changed after review"}
    }
    assert entries[1].device_seq == 2


def test_autosave_folds_into_the_pending_row_but_never_into_an_inflight_one(store):
    visit = a_visit(new_id(), new_id())
    store.save(visit)
    for text in ("a", "ab", "abc"):
        store.save(dataclasses.replace(visit, observations=text))
    [entry] = store.outbox_entries()
    assert entry.kind == "create" and entry.payload["fields"]["observations"] == "abc"

    with store.transaction() as connection:
        connection.execute(update(outbox).values(state="inflight"))
    before = store.outbox_entries()[0]
    store.save(dataclasses.replace(visit, observations="abcd"))
    after = store.outbox_entries()
    assert after[0] == before  # the in-flight row is untouched
    assert after[1].kind == "patch"
    assert after[1].payload["changes"]["observations"] == {"base": "abc", "new": "abcd"}


def test_an_unchanged_save_queues_nothing(store):
    visit = a_visit(new_id(), new_id())
    store.save(visit)
    saved = store.save(visit)
    assert saved.mutation_id is None and saved.changed_fields == ()
    assert len(store.outbox_entries()) == 1


def test_a_stale_edit_is_refused(store):
    visit = a_visit(new_id(), new_id())
    first = store.save(visit)
    store.save(
        dataclasses.replace(visit, observations="other window"),
        expected_version=first.record.version,
    )
    with pytest.raises(StaleEdit):
        store.save(
            dataclasses.replace(visit, observations="old window"),
            expected_version=first.record.version,
        )
    assert store.repository("home_visit").get(visit.id).observations == "other window"


def test_submit_then_approved_records_are_read_only(store):
    visit = a_visit(new_id(), new_id())
    store.save(visit)
    submitted = store.command(visit.id, "submit")
    assert submitted.record.status == "submitted"
    store.command(visit.id, "approve")
    with pytest.raises(WorkflowError, match="approved"):
        store.save(dataclasses.replace(visit, observations="late change"))
    addendum = store.command(visit.id, "add_addendum", reason="Date of next visit corrected.")
    assert addendum.record.status == "approved"
    assert addendum.record.body["addenda"][0]["text"] == "Date of next visit corrected."
    kinds = [(e.kind, e.payload.get("name")) for e in store.outbox_entries()]
    assert kinds == [
        ("create", None),
        ("command", "submit"),
        ("command", "approve"),
        ("command", "add_addendum"),
    ]


def test_an_edit_may_not_change_server_owned_fields(store):
    visit = a_visit(new_id(), new_id())
    store.save(visit)
    with pytest.raises(ValueError, match="status"):
        store.save(
            dataclasses.replace(
                visit, approved_by="someone", status=visit.status.__class__("submitted")
            )
        )


def test_device_seq_is_gapless_even_when_an_edit_fails(store):
    visit = a_visit(new_id(), new_id())
    store.save(visit)
    with pytest.raises(WorkflowError):
        store.command(visit.id, "approve")  # a draft cannot be approved: the transaction rolls back
    store.command(visit.id, "submit")
    assert [e.device_seq for e in store.outbox_entries()] == [1, 2]


def test_failed_writes_leave_no_trace(store):
    with pytest.raises(RecordNotFound):
        store.command(new_id(), "submit")
    assert store.outbox_entries() == []


def test_the_audit_chain_verifies_and_detects_tampering(store):
    visit = a_visit(new_id(), new_id())
    store.save(visit)
    store.save(dataclasses.replace(visit, observations="second"))
    assert store.first_broken_audit_link() is None
    events = store.audit_events()
    target = events[-1].seq
    with store.transaction() as connection:
        connection.execute(
            update(audit_event).where(audit_event.c.seq == target).values(action="record.view")
        )
    assert store.first_broken_audit_link() == target


def test_audit_details_refuse_free_text(store):
    with pytest.raises(ValueError):
        store.record_audit("print", detail={"profile": "court packet for zzcanarynarrative"})
    with pytest.raises(ValueError):
        store.record_audit("print", detail={"child_name": "x"})


def test_lists_by_case_child_and_kind(store):
    case_id, child_id = new_id(), new_id()
    visits = [a_visit(case_id, child_id) for _ in range(3)]
    for v in visits:
        store.save(v)
    store.save(a_visit(new_id(), new_id()))
    assert {r.id for r in store.list(case_id=case_id)} == {v.id for v in visits}
    assert {r.id for r in store.list(child_id=child_id, kind="home_visit")} == {
        v.id for v in visits
    }
    assert store.list(kind="transport_trip") == []


def test_after_lock_every_use_says_locked(store):
    visit = a_visit(new_id(), new_id())
    store.save(visit)
    key = store._key
    store.lock()
    assert store.is_locked
    assert key.is_wiped  # the data key buffer is zeroed, not just dropped
    for attempt in (
        lambda: store.get(visit.id),
        lambda: store.save(visit),
        lambda: store.search("Calm"),
    ):
        with pytest.raises(StoreLocked):
            attempt()


def test_attachments_are_kept_once_by_content_hash_inside_the_store(store, data_dir):
    import hashlib

    photo = b"\x89PNG zzcanarynarrative photo bytes" * 50
    digest = hashlib.sha256(photo).hexdigest()
    store.put_attachment(sha256=digest, mime="image/png", content=photo)
    store.put_attachment(sha256=digest, mime="image/png", content=photo)  # the same photo again
    assert store.get_attachment(digest) == photo
    assert store.get_attachment("0" * 64) is None
    with store.reading() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM attachment").scalar() == 1
    store.lock()
    for path in data_dir.iterdir():
        if path.is_file():
            assert b"zzcanarynarrative" not in path.read_bytes()  # encrypted with the rest
