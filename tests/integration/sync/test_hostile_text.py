"""The laptop never sends text the protocol refuses (issue 16, item 6): what a caseworker types or
pastes is cleaned at input (a NUL dropped, Word's manual line break made a line feed), and a row that
still breaks the rule (written before the rule, or by a bug) is refused alone with a reason the user
sees in "needs attention" — never sent, never retried forever; the rows behind it sync."""

from __future__ import annotations

import dataclasses
import json

from sqlalchemy import select, update

from fieldcase.domain.ids import new_id
from fieldcase.services import field_records
from fieldcase.services import sync as sync_service
from fieldcase.store.tables import outbox, sync_state
from helpers.store import a_visit


def test_text_typed_with_control_characters_is_cleaned_before_it_is_stored(sqlite_world):
    ana = sqlite_world.laptop("ana")
    ana.sync()
    visit = dataclasses.replace(
        a_visit(sqlite_world.case_id, sqlite_world.child_id),
        observations="calm\x00 home\x0bnext line\ttab\x1b",
    )
    field_records.save_draft(ana.store, record=visit)
    assert ana.store.get(visit.id).to_domain().observations == "calm home\nnext line\ttab"
    report = ana.sync()
    assert report.quarantined == 0
    server_copy = sqlite_world.harness.device("ana").get(f"/records/{visit.id}").json()
    assert server_copy["body"]["observations"] == "calm home\nnext line\ttab"


def test_a_queued_change_with_a_nul_is_refused_alone_with_a_reason_and_the_rest_sync(world):
    ana = world.laptop("ana")
    ana.sync()
    visit = a_visit(world.case_id, world.child_id)
    ana.store.save(visit)
    ana.sync()
    with ana.store.transaction() as connection:  # a row from before the rule: a NUL in a narrative
        seq = (
            connection.execute(select(outbox.c.device_seq).order_by(outbox.c.device_seq.desc()))
            .scalars()
            .first()
        )
        connection.execute(
            outbox.insert().values(
                mutation_id=new_id(),
                device_seq=seq + 1,
                record_kind="home_visit",
                record_id=visit.id,
                kind="patch",
                base_rev=1,
                payload=json.dumps({"changes": {"observations": {"base": None, "new": "a\x00b"}}}),
                hlc="x",
                schema_version=1,
                state="pending",
                attempts=0,
                created_at="2026-01-01T00:00:00+00:00",
            )
        )
        connection.execute(update(sync_state).values(last_device_seq=seq + 1))
    after = a_visit(world.case_id, world.child_id)
    ana.store.save(after)
    report = ana.sync()
    assert report.quarantined == 1 and report.acked == 1
    [item] = [a for a in sync_service.needs_attention(ana.store) if a.topic == "quarantined"]
    assert item.message
    assert ana.sync().quarantined == 0  # not retried
    assert world.harness.device("ana").get(f"/records/{after.id}").status_code == 200
