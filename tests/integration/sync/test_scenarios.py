"""The named scenarios of sync.md "How to prove it", each against the real server (SQLite, and
PostgreSQL under the `postgres` marker), with real encrypted laptop stores."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date

import httpx
import pytest
from sqlalchemy import select, update

from fieldcase.domain.ids import new_id
from fieldcase.services import conflicts as conflict_service
from fieldcase.services import sync as sync_service
from fieldcase.store.tables import outbox
from fieldcase.sync.errors import DeviceWiped, ServerUnreachable, SyncError, SyncPaused
from fieldcase.sync.transport import RetryPolicy
from helpers.store import a_visit
from integration.sync.promises import (
    check_converged,
    check_no_duplicates,
    check_read_your_writes,
    ledger,
)


class DropResponses(httpx.BaseTransport):
    """Lets the server do the work, then loses the answer — for the first `times` matching calls."""

    def __init__(
        self, inner: httpx.BaseTransport, path: str, times: int = 1, method: str | None = None
    ) -> None:
        self.inner, self.path, self.times, self.method, self.dropped = inner, path, times, method, 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        if (
            request.url.path.startswith(self.path)
            and (self.method is None or request.method == self.method)
            and self.dropped < self.times
        ):
            self.dropped += 1
            raise httpx.ReadTimeout("lost answer", request=request)
        return response


def quiesce(*laptops):
    for _ in range(2):
        for laptop in laptops:
            laptop.sync()


def edit(laptop, record_id, **fields):
    current = laptop.store.get(record_id)
    return laptop.store.save(
        dataclasses.replace(current.to_domain(), **fields), expected_version=current.version
    )


def new_visit(world, laptop, **fields):
    """A home visit complete enough to be submitted."""
    from fieldcase.domain.home_visits import ChildSeen, ContactMethod, VisitOutcome, VisitPurpose

    visit = a_visit(world.case_id, world.child_id)
    visit = dataclasses.replace(
        visit,
        conducted_by=laptop.user_id,
        method=ContactMethod.FACE_TO_FACE,
        purpose=VisitPurpose.MONTHLY_CASEWORKER_VISIT,
        outcome=VisitOutcome.COMPLETED,
        children=(
            ChildSeen(
                child_id=world.child_id, seen=True, seen_privately=True, present_danger=False
            ),
        ),
    )
    if fields:
        visit = dataclasses.replace(visit, **fields)
    laptop.store.save(visit)
    return visit


def test_lost_response_then_retry_has_one_effect(world):
    ana = world.laptop("ana")
    ana.sync()
    visit = new_visit(world, ana)
    ana.http_transport = DropResponses(world.harness.client._transport, "/sync/push")
    report = ana.sync()
    assert report.acked == 1 and ana.http_transport.dropped == 1
    assert ledger(world.harness.db)  # the retry was answered from the ledger
    check_no_duplicates(world.harness.db)
    ben = world.laptop("ben")
    quiesce(ana, ben)
    assert ben.store.get(visit.id).rev == 1
    check_converged(world.harness.db, [ana, ben])


def test_edit_while_in_flight_appends_a_new_row(world):
    ana = world.laptop("ana")
    ana.sync()
    visit = new_visit(world, ana)
    claimed = ana.sync_store.claim_batch(10)  # the upload has started
    assert [e.state for e in ana.store.outbox_entries()] == ["inflight"]
    edit(ana, visit.id, observations="Added after the upload began.")
    rows = ana.store.outbox_entries()
    assert rows[0].payload == claimed[0].payload  # the in-flight row was not touched
    assert [r.state for r in rows] == ["inflight", "pending"]
    check_read_your_writes(ana.store)
    ana.sync()
    ben = world.laptop("ben")
    quiesce(ana, ben)
    assert ben.store.get(visit.id).body["observations"] == "Added after the upload began."
    check_converged(world.harness.db, [ana, ben])


def test_own_echo_is_not_applied_twice(world):
    ana = world.laptop("ana")
    ana.sync()
    visit = new_visit(world, ana)
    ana.http_transport = DropResponses(world.harness.client._transport, "/sync/push", times=1)
    with pytest.raises(ServerUnreachable):
        ana.engine(retry=RetryPolicy(attempts=1)).run()
    assert [e.state for e in ana.store.outbox_entries()] == ["inflight"]
    edit(ana, visit.id, observations="Second thoughts.")
    # the pull brings back the server's copy made by our own (unanswered) create
    engine = ana.engine()
    from fieldcase.sync.engine import _Tally
    from fieldcase.sync.progress import Cancel, Progress

    engine._pull_all(engine._session(), _Tally(), Progress(), Cancel())
    local = ana.store.get(visit.id)
    assert local.rev == 1 and local.body["observations"] == "Second thoughts."
    check_read_your_writes(ana.store)
    ana.sync()
    quiesce(ana)
    check_converged(world.harness.db, [ana])


@pytest.mark.parametrize(
    "field,values,narrative",
    [
        ("next_visit_planned", (date(2026, 12, 1), date(2026, 12, 2)), False),
        ("observations", ("Ana's account of the visit.", "Ben's account of the visit."), True),
    ],
)
def test_same_field_on_two_laptops_keeps_both_values(world, field, values, narrative):
    ana, ben = world.laptop("ana"), world.laptop("ben")
    ana.sync()
    visit = new_visit(world, ana)
    ana.sync()
    ben.sync()
    edit(ana, visit.id, **{field: values[0]})
    edit(ben, visit.id, **{field: values[1]})
    assert ana.sync().acked == 1
    report = ben.sync()
    assert report.conflicts == 1
    found = conflict_service.list_conflicts(ben.store)
    assert len(found) == 1 and found[0].field == field and found[0].narrative is narrative
    dumped = [v.isoformat() if isinstance(v, date) else v for v in values]
    assert (found[0].theirs, found[0].mine) == (dumped[0], dumped[1])
    # the server kept Ana's value; Ben's is kept, and Ben chooses his own: an ordinary edit
    assert ben.store.get(visit.id).body[field] == dumped[0]
    saved = conflict_service.resolve_conflict(ben.store, found[0].conflict_id, choice="mine")
    assert saved is not None and saved.mutation_id is not None
    assert conflict_service.list_conflicts(ben.store) == []
    quiesce(ben, ana)
    assert ana.store.get(visit.id).body[field] == dumped[1]
    check_converged(world.harness.db, [ana, ben])


def test_different_fields_merge_without_conflict(world):
    ana, ben = world.laptop("ana"), world.laptop("ben")
    ana.sync()
    visit = new_visit(world, ana)
    quiesce(ana, ben)
    edit(ana, visit.id, observations="Ana's words.")
    edit(ben, visit.id, home_conditions="Ben's words.")
    quiesce(ana, ben)
    body = ana.store.get(visit.id).body
    assert (body["observations"], body["home_conditions"]) == ("Ana's words.", "Ben's words.")
    assert (
        sync_service.needs_attention(ana.store) == []
        and sync_service.needs_attention(ben.store) == []
    )
    check_converged(world.harness.db, [ana, ben])


def _submit_and_approve(world, ana, sam, visit):
    ana.store.command(visit.id, "submit")
    quiesce(ana, sam)
    assert sam.store.get(visit.id).status == "submitted"
    sam.store.command(visit.id, "approve")
    sam.sync()


def test_edit_of_an_approved_record_becomes_an_addendum_and_400_more_go_through(world):
    ana, sam = world.laptop("ana"), world.laptop("sam")
    ana.sync()
    visit = new_visit(world, ana)
    ana.sync()
    ana.store.command(visit.id, "submit")
    quiesce(ana, sam)
    edit(ana, visit.id, observations="A late correction.")  # offline: Ana does not know yet
    sam.store.command(visit.id, "approve")
    sam.sync()
    for _ in range(400):
        new_visit(world, ana)
    report = ana.sync(push_batch=150)
    assert report.converted == 1 and report.acked >= 400
    local = ana.store.get(visit.id)
    assert local.status == "approved" and local.body["observations"] != "A late correction."
    topics = {a.topic for a in sync_service.needs_attention(ana.store)}
    assert {"addendum", "approved"} <= topics
    quiesce(ana, sam)
    check_converged(world.harness.db, [ana, sam])


def test_approve_while_a_newer_revision_is_in_flight_is_refused(world):
    ana, sam = world.laptop("ana"), world.laptop("sam")
    ana.sync()
    visit = new_visit(world, ana)
    ana.sync()
    ana.store.command(visit.id, "submit")
    quiesce(ana, sam)
    edit(ana, visit.id, observations="Changed after submitting.")
    ana.sync()  # the newer revision reaches the server before the approval does
    sam.store.command(visit.id, "approve")
    report = sam.sync()
    assert report.conflicts == 1
    assert [a.topic for a in sync_service.needs_attention(sam.store)] == ["stale"]
    assert (
        sam.store.get(visit.id).status == "submitted"
    )  # not approved: the supervisor reviews again
    quiesce(ana, sam)
    check_converged(world.harness.db, [ana, sam])


def test_returned_record_comes_back_with_the_reason(world):
    ana, sam = world.laptop("ana"), world.laptop("sam")
    ana.sync()
    visit = new_visit(world, ana)
    ana.sync()
    ana.store.command(visit.id, "submit")
    quiesce(ana, sam)
    sam.store.command(visit.id, "return", reason="Say who else was present.")
    sam.sync()
    ana.sync()
    assert ana.store.get(visit.id).status == "returned"
    returned = [a for a in sync_service.needs_attention(ana.store) if a.topic == "returned"]
    assert returned and returned[0].details["reason"] == "Say who else was present."
    ana.store.command(visit.id, "reopen")
    edit(ana, visit.id, observations="Grandmother was present too.")
    quiesce(ana, sam)
    assert sam.store.get(visit.id).status == "draft"
    check_converged(world.harness.db, [ana, sam])


def test_case_reassigned_while_offline_uploads_pending_notes_then_purges(world):
    from fieldcase.server import admin

    ben = world.laptop("ben")
    ben.sync()
    visit = new_visit(world, ben, observations="Notes taken before the reassignment.")
    admin.unassign_case(world.harness.db, world.case_id, "ben")
    report = ben.sync()
    assert report.purged_cases == 1
    with world.harness.db.read() as session:
        from fieldcase.server.models import Record

        assert (
            session.get(Record, visit.id).body["observations"]
            == "Notes taken before the reassignment."
        )
    assert ben.store.list() == []
    assert ben.store.search("reassignment") == []
    assert ben.store.outbox_entries() == []  # the uploaded rows of a purged case go too
    check_converged(world.harness.db, [ben])


def test_case_granted_brings_its_old_records(world):
    from fieldcase.server import admin

    ben = world.laptop("ben")
    ben.sync()
    other = world.harness.make_case("ana")
    old = world.harness.add_record(
        "person", other, {"role": "child", "given_name": "Old", "family_name": "Record"}
    )
    assert old not in {r.id for r in ben.store.list()}
    admin.assign_case(world.harness.db, other, "ben", role="covering")
    ben.sync()
    assert ben.store.get(old).case_id == other
    check_converged(world.harness.db, [ben])


@pytest.mark.parametrize("how", ["restored", "horizon"])
def test_410_downloads_again_and_keeps_the_outbox(world, how):
    from fieldcase.server import admin
    from fieldcase.server.models import ServerState

    ana = world.laptop("ana")
    ana.sync()
    visit = new_visit(world, ana)
    ana.sync()
    edit(ana, visit.id, observations="Written while the server was being restored.")
    if how == "restored":
        admin.new_epoch(world.harness.db)
    else:
        with world.harness.db.write() as session:
            session.execute(update(ServerState).values(horizon_seq=10_000))
    report = ana.sync()
    assert report.resynced
    if how == "horizon":
        with world.harness.db.write() as session:
            session.execute(update(ServerState).values(horizon_seq=0))
    quiesce(ana)
    assert (
        ana.store.get(visit.id).body["observations"]
        == "Written while the server was being restored."
    )
    check_converged(world.harness.db, [ana])


def test_lost_refresh_answer_then_retry_keeps_the_sign_in(world):
    from fieldcase.server.models import AccessToken, utcnow

    ana = world.laptop("ana")
    ana.sync()
    new_visit(world, ana)
    with (
        world.harness.db.write() as session
    ):  # the access token expired while the laptop was offline
        session.execute(
            update(AccessToken)
            .where(AccessToken.device_id == ana.device_id)
            .values(expires_at=utcnow())
        )
    ana.http_transport = DropResponses(world.harness.client._transport, "/auth/refresh")
    report = ana.sync()  # refresh committed, answer lost, retried with the same refresh token
    assert ana.http_transport.dropped == 1 and report.acked == 1
    assert not world.harness.audit_rows(action="refresh_reuse")
    ana.http_transport = world.harness.client._transport
    new_visit(world, ana)
    assert ana.sync().acked == 1
    check_no_duplicates(world.harness.db)


def _suspect(world, laptop):
    from fieldcase.server.models import Device

    with world.harness.db.read() as session:
        device = session.get(Device, laptop.device_id)
        return device.suspect, device.suspect_reason, device.audit_count


def test_laptop_restored_from_an_older_copy_is_marked_suspect_at_next_sync(world):
    import shutil

    from fieldcase.store.store import Store
    from integration.sync.laptops import PASSPHRASE

    ana = world.laptop("ana")
    ana.sync()
    new_visit(world, ana)
    ana.sync()
    suspect, _why, count = _suspect(world, ana)
    assert not suspect and count > 0  # the chain head travels with every hello
    ana.store.lock()
    older = world.tmp / "ana-older-copy"
    shutil.copytree(ana.data_dir, older)
    ana.store = Store.unlock(ana.data_dir, PASSPHRASE, full_check=False)
    for _ in range(
        2
    ):  # more syncs (audited, no new mutations): the server acknowledges a later head
        ana.sync()
    assert _suspect(world, ana)[:2] == (False, None)
    # the laptop's store is rolled back to the older copy (same key, opens silently)
    ana.store.lock()
    shutil.rmtree(ana.data_dir)
    shutil.copytree(older, ana.data_dir)
    ana.store = Store.unlock(ana.data_dir, PASSPHRASE, full_check=False)
    try:
        ana.sync()
    except SyncError:  # the device may be refused once suspect; the flag is what matters here
        pass
    suspect, why, _count = _suspect(world, ana)
    # device_seq did not move since the copy: only the audit chain can tell
    assert suspect and why in ("audit_chain_fork", "audit_chain_regression")


def test_audit_chain_head_survives_a_lost_hello_answer(world):
    ana = world.laptop("ana")
    ana.sync()
    ana.http_transport = DropResponses(world.harness.client._transport, "/sync/hello")
    ana.sync()  # the hello is retried with the same chain head
    ana.http_transport = world.harness.client._transport
    new_visit(world, ana)
    ana.sync()
    assert _suspect(world, ana)[:2] == (False, None)


def test_token_expired_offline_pauses_and_keeps_the_outbox(world):
    from fieldcase.server.devices import revoke_device_tokens

    ana = world.laptop("ana")
    ana.sync()
    for _ in range(3):
        new_visit(world, ana)
    before = ana.store.outbox_entries()
    with world.harness.db.write() as session:
        revoke_device_tokens(session, ana.device_id)
    with pytest.raises(SyncPaused):
        ana.sync()
    assert ana.store.outbox_entries() == before
    status = sync_service.sync_status(ana.store)
    assert status.paused_reason and status.waiting == 3
    with pytest.raises(SyncPaused):  # and it stays paused without touching the network
        ana.sync(http_transport=None)


def test_attachment_interrupted_at_every_chunk(world):
    from fieldcase.server.models import Blob
    from fieldcase.services.attachments import attach_bytes

    ana = world.laptop("ana")
    ana.sync()
    content = bytes(range(256)) * 20  # 5,120 bytes: six chunks of 1,000
    ref = attach_bytes(ana.store, content=content, name="photo.png", mime="image/png")
    for chunk in range(6):
        ana.http_transport = DropResponses(world.harness.client._transport, "/blobs/", times=1)
        ana.http_transport.dropped = 0

        class NthChunk(DropResponses):
            def __init__(self, inner, n):
                super().__init__(inner, "/blobs/", times=1, method="PUT")
                self.n, self.seen = n, 0

            def handle_request(self, request):
                if request.method == "PUT":
                    self.seen += 1
                    if self.seen - 1 == self.n:
                        response = self.inner.handle_request(request)
                        response.read()
                        raise httpx.ReadTimeout("cut", request=request)
                return self.inner.handle_request(request)

        ana.http_transport = NthChunk(world.harness.client._transport, chunk)
        report = ana.sync(chunk_bytes=1000, retry=RetryPolicy(attempts=1))
        if report.attachments_uploaded:
            break
    else:
        pytest.fail("the attachment never finished")
    with world.harness.db.read() as session:
        blob = session.get(Blob, ref.sha256)
        assert blob is not None and blob.size == len(content)
    assert ref.sha256 == hashlib.sha256(content).hexdigest()
    assert sync_service.sync_status(ana.store).waiting == 0


def test_attachment_added_by_an_edit_is_readable_on_another_laptop_in_scope_only(world):
    from fieldcase.services.attachments import attach_bytes
    from fieldcase.sync import attachments as blob_queue
    from fieldcase.sync.errors import HttpError

    ana, ben = world.laptop("ana"), world.laptop("ben")
    quiesce(ana, ben)
    visit = new_visit(world, ana)
    quiesce(ana, ben)  # the visit exists everywhere, without attachments
    content = b"\x89PNG fake photo " * 64
    ref = attach_bytes(ana.store, content=content, name="photo.png", mime="image/png")
    edit(ana, visit.id, attachments=(ref,))  # the photo is added by an ordinary edit (a patch)
    quiesce(ana, ben)
    assert [a["sha256"] for a in ben.store.get(visit.id).body["attachments"]] == [ref.sha256]
    engine = ben.engine()
    assert blob_queue.download(engine._session(), engine.sync_store, ref.sha256) == content
    # a laptop whose caseload does not include the case still gets 404 for the blob
    world.harness.make_user("cat")
    cat = world.laptop("cat")
    cat.sync()
    engine = cat.engine()
    with pytest.raises(HttpError) as refused:
        blob_queue.download(engine._session(), engine.sync_store, ref.sha256)
    assert refused.value.status == 404


def test_poison_mutation_does_not_block_the_queue(world):
    ana = world.laptop("ana")
    ana.sync()
    visit = new_visit(world, ana)
    ana.sync()
    with ana.store.transaction() as connection:  # a malformed row and one the server refuses
        seq = (
            connection.execute(select(outbox.c.device_seq).order_by(outbox.c.device_seq.desc()))
            .scalars()
            .first()
        )
        for offset, changes in (
            (1, {"Bad Field!": {"base": None, "new": 1}}),
            (2, {"no_such_field": {"base": None, "new": 1}}),
        ):
            connection.execute(
                outbox.insert().values(
                    mutation_id=new_id(),
                    device_seq=seq + offset,
                    record_kind="home_visit",
                    record_id=visit.id,
                    kind="patch",
                    base_rev=1,
                    payload=json.dumps({"changes": changes}),
                    hlc="x",
                    schema_version=1,
                    state="pending",
                    attempts=0,
                    created_at="2026-01-01T00:00:00+00:00",
                )
            )
        from fieldcase.store.tables import sync_state

        connection.execute(update(sync_state).values(last_device_seq=seq + 2))
    after = [new_visit(world, ana) for _ in range(3)]
    report = ana.sync()
    assert report.quarantined == 2 and report.acked == 3
    assert {a.topic for a in sync_service.needs_attention(ana.store)} == {"quarantined"}
    assert all(a.message for a in sync_service.needs_attention(ana.store))
    ben = world.laptop("ben")
    quiesce(ana, ben)
    assert {v.id for v in after} <= {r.id for r in ben.store.list()}
    check_converged(world.harness.db, [ana, ben])


def test_wipe_command_erases_the_laptop(world):
    from fieldcase.server import admin
    from fieldcase.server.models import Device

    ana = world.laptop("ana")
    ana.sync()
    new_visit(world, ana)
    admin.set_device_state(world.harness.db, ana.device_id, "wipe")
    with pytest.raises(DeviceWiped):
        ana.sync()
    assert ana.store.is_locked
    assert (
        not (ana.data_dir / "fieldcase.key").exists()
        and not (ana.data_dir / "fieldcase.db").exists()
    )
    assert sync_service.device_was_wiped(ana.data_dir)
    with world.harness.db.read() as session:
        assert session.get(Device, ana.device_id).state == "wiped"


@pytest.mark.parametrize("skew", [-86400, 86400])
def test_client_clock_a_day_off(world, skew):
    import time

    ana = world.laptop("ana")
    ana.store._clock = lambda: time.time() + skew
    ana.sync(clock=lambda: time.time() + skew)
    new_visit(world, ana)
    ben = world.laptop("ben")
    quiesce(ana, ben)
    check_converged(world.harness.db, [ana, ben])
