"""A proposed change (a caseworker's edit that reached the server after the approval) on the
supervisor's laptop: listed with the addenda waiting to be read, worded field by field in the reader's
labels with the proposed value in words (not the raw patch), acknowledged through the outbox like an
addendum, and known as read once the server's change says so (`meta.acknowledged_proposals`)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from fieldcase.domain.workflow import Status
from fieldcase.services import approvals
from helpers.services import seed_caseload, seen_visit

from .test_approvals import NOW, SUPERVISOR, WORKER, Pull
from .test_approvals import sup as sup  # a fixture: pytest finds it by this name

PROPOSAL_ID = "0190f3a0-0000-7000-8000-00000000a901"
APPROVED = {"approved_by": SUPERVISOR, "approved_at": NOW.isoformat(), "approved_rev": 3}


def _approved_with_proposal(store, *, meta: dict | None = None):
    family = seed_caseload(store, families=1)[0]
    visit = dataclasses.replace(
        seen_visit(family.case_id, family.child_ids, on=datetime(2026, 5, 4, 15, tzinfo=UTC)),
        created_by=WORKER,
        observations="Calm afternoon.",
    )
    child = family.child_ids[0]
    proposal = {
        "addendum_id": PROPOSAL_ID,
        "kind": "proposal",
        "author": WORKER,
        "created_at": NOW.isoformat(),
        # as the server keeps it (records._locked), in no particular order
        "proposed_patch": {
            "next_visit_planned": {"base": None, "new": "2026-06-02"},
            "observations": {
                "base": "Calm afternoon.",
                "new": "Calm afternoon; the aunt was there too.",
            },
            "children": {"add": {"child_id": child, "seen": True}},
            "address": {"base": "12 Elm St", "new": None},
        },
    }
    Pull(store)(
        visit, rev=4, status="approved", meta={**APPROVED, **(meta or {})}, addenda=[proposal]
    )
    return visit, child


def test_a_proposal_waits_to_be_read_in_words_and_is_acknowledged_like_an_addendum(sup):
    visit, child = _approved_with_proposal(sup)
    child_name = next(
        f"{r.body['given_name']} {r.body['family_name']}"
        for r in sup.list(kind="person")
        if r.id == child
    )

    [unread] = approvals.addenda_to_acknowledge(sup)
    line = unread.addendum
    assert (unread.record_id, line.addendum_id, line.kind, line.can_acknowledge) == (
        visit.id,
        PROPOSAL_ID,
        "proposal",
        True,
    )
    # each field by the label the reader gives the entry's content, in the form's order, with the value in words
    assert [(p.label, p.action) for p in line.proposed] == [
        ("Address", "clear"),
        ("Children", "add"),
        ("Observations", "set"),
        ("Next visit planned", "set"),
    ]
    assert line.text.splitlines() == [
        "Address: left empty",
        f"Children: add Child: {child_name}; Seen: yes",
        "Observations: Calm afternoon; the aunt was there too.",
        "Next visit planned: 2026-06-02",
    ]
    assert "{" not in line.text and "base" not in line.text  # never the raw patch
    opened = approvals.open_for_review(sup, record_id=visit.id)
    assert opened.status is Status.APPROVED and opened.addenda_to_acknowledge == (
        opened.addenda[0],
    )
    assert opened.addenda[0].proposed == line.proposed

    assert approvals.acknowledge_addendum(sup, record_id=visit.id, addendum_id=PROPOSAL_ID) is True
    [entry] = [e for e in sup.outbox_entries() if e.record_id == visit.id]
    assert entry.payload["name"] == "acknowledge_addendum" and entry.payload["args"] == {
        "addendum_id": PROPOSAL_ID
    }
    assert approvals.addenda_to_acknowledge(sup) == []
    waiting = approvals.open_for_review(sup, record_id=visit.id).addenda[0]
    assert waiting.acknowledged and waiting.acknowledgement_waiting and not waiting.can_acknowledge
    assert (
        approvals.acknowledge_addendum(sup, record_id=visit.id, addendum_id=PROPOSAL_ID) is False
    )  # nothing queued twice
    # the proposal is read, not applied: the entry on this laptop stays as approved
    assert sup.get(visit.id).body["observations"] == "Calm afternoon."


def test_a_proposal_the_server_says_was_read_is_not_waiting(sup):
    read = {
        "id": PROPOSAL_ID,
        "acknowledged_by": "sup-2",
        "acknowledged_at": "2026-05-29T09:00:00+00:00",
    }
    visit, _ = _approved_with_proposal(sup, meta={"acknowledged_proposals": [read]})
    assert approvals.addenda_to_acknowledge(sup) == []
    [line] = approvals.open_for_review(sup, record_id=visit.id).addenda
    assert (line.acknowledged, line.acknowledged_by, line.acknowledged_at) == (
        True,
        "sup-2",
        "2026-05-29T09:00:00+00:00",
    )
    assert not line.acknowledgement_waiting and not line.can_acknowledge


def test_the_caseworkers_own_proposal_is_not_theirs_to_acknowledge(tmp_path):
    from fieldcase.security.keyfile import KdfParams
    from fieldcase.store.store import Store
    from helpers.store import PASSPHRASE, FakeClock

    worker = Store.create(
        tmp_path / "w",
        PASSPHRASE,
        device_id="0190f3a0-0000-7000-8000-00000000d0ab",
        user_id=WORKER,
        kdf=KdfParams.floor(),
        clock=FakeClock(),
    )
    try:
        _approved_with_proposal(worker)
        assert approvals.addenda_to_acknowledge(worker) == []
    finally:
        worker.lock()


def test_proposed_values_in_words():
    field = approvals._proposed_field
    assert (
        field("method", {"base": "phone", "new": "face_to_face"}, {}).text == "Method: Face to face"
    )
    assert field("seen_privately", {"base": False, "new": True}, {}).text == "Seen privately: yes"
    assert (
        field("contact_start", {"base": None, "new": "2026-05-04T15:30:00+00:00"}, {}).text
        == "Contact start: 2026-05-04 15:30"
    )
    assert (
        field("attachments", {"attach": {"sha256": "a" * 64, "name": "school-note.pdf"}}, {}).text
        == "Attachments: attach school-note.pdf"
    )
    assert (
        field("participants", {"remove": {"name": "Neighbour"}}, {}).text
        == "Participants: remove Name: Neighbour"
    )
    assert (
        field("conducted_by", {"base": None, "new": "u-7"}, {"u-7": "Robin Vale"}).text
        == "Conducted by: Robin Vale"
    )


def test_a_proposal_is_not_printed_with_the_approved_entry(sup):
    """A guard, not a change: the print-out is the approved entry (reports/review.py says why)."""
    import io

    from pypdf import PdfReader

    from fieldcase.services import printing

    visit, _ = _approved_with_proposal(sup)
    document = printing.render(
        printing.prepare_record(sup, record_id=visit.id, request=printing.PrintRequest(now=NOW))
    )
    text = " ".join(
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(io.BytesIO(document.pdf)).pages
    )
    assert "Calm afternoon." in text and "No addenda." in text
    assert "aunt" not in text and "2026-06-02" not in text and "Proposed" not in text
