"""The shadow keeps the server's body once (store/shadows.py): left to the record row where the row
holds it as the server sent it, kept in the shadow where it does not — and the whole pulled change
reads back exactly as it came, before and after the user's work, after the server's answers and
after the upgrade of an older store."""

from __future__ import annotations

import dataclasses
import json

from fieldcase.domain.ids import new_id
from fieldcase.domain.serialization import to_dict
from fieldcase.store.store import Store
from fieldcase.store.sync_apply import SyncStore
from helpers.store import PASSPHRASE, a_child, a_visit, pulled_change


def _apply(sync, *changes, cursor="c1"):
    page = {"changes": list(changes), "scope_events": [], "next_cursor": cursor, "epoch": "e1"}
    sync.apply_page(json.loads(json.dumps(page)))  # a fresh copy: the apply may keep references


def _refused(sync, entry):
    """The server's answer that the change was not accepted (it changed nothing there)."""
    answer = {
        "mutation_id": entry.mutation_id,
        "result": "rejected",
        "code": "invalid",
        "rev": None,
    }
    sync.record_results([entry], [answer])


def _bodies_kept(store):
    with store.reading() as connection:
        return dict(
            connection.exec_driver_sql("SELECT record_id, body IS NOT NULL FROM shadow").all()
        )


def _pulled(store):
    case_id = new_id()
    child = a_child(case_id)
    visit = a_visit(case_id, child.id, observations="As the server has it.")
    changes = [pulled_change(1, child), pulled_change(2, visit)]
    sync = SyncStore(store)
    _apply(sync, *changes)
    return sync, child, visit, changes


def test_a_pulled_record_keeps_its_body_once_and_reads_back_whole(store):
    sync, child, visit, changes = _pulled(store)
    assert _bodies_kept(store) == {child.id: False, visit.id: False}
    assert sync.shadow_change(visit.id) == changes[1]
    assert sync.shadow_changes([child.id, visit.id]) == {child.id: changes[0], visit.id: changes[1]}
    # what the screens read (meta, conflicts, addenda), from the shadow row alone
    without = {k: v for k, v in changes[1].items() if k != "body"}
    assert sync.shadow_change(visit.id, body=False) == without
    assert sync.shadow_changes([visit.id], body=False) == {visit.id: without}


def test_the_users_edit_leaves_the_server_body_in_the_shadow(store):
    sync, _child, visit, changes = _pulled(store)
    edited = dataclasses.replace(
        store.repository("home_visit").get(visit.id), observations="Mine, typed on the laptop."
    )
    store.save(edited)
    assert _bodies_kept(store)[visit.id]
    assert sync.shadow_change(visit.id) == changes[1]  # the server's words, not the edit
    assert store.repository("home_visit").get(visit.id).observations == "Mine, typed on the laptop."

    # the next pull of the record rebuilds it from that body with the edit on top, and keeps it
    server = {**changes[1]["body"], "home_conditions": "Added on the server."}
    _apply(sync, pulled_change(3, visit, rev=2, body={**server, "rev": 2}), cursor="c2")
    shown = store.repository("home_visit").get(visit.id)
    assert shown.observations == "Mine, typed on the laptop."
    assert shown.home_conditions == "Added on the server."
    assert _bodies_kept(store)[visit.id]
    assert sync.shadow_change(visit.id)["body"] == {**server, "rev": 2}


def test_the_servers_answer_rebuilds_the_record_from_the_body_it_left_out(store):
    sync, _child, visit, changes = _pulled(store)
    store.save(
        dataclasses.replace(store.repository("home_visit").get(visit.id), observations="Mine.")
    )
    entry = sync.claim_batch(10)[0]
    # refused: the record goes back to the server's state, which only the shadow holds now
    _refused(sync, entry)
    assert store.repository("home_visit").get(visit.id).observations == "As the server has it."
    assert sync.shadow_change(visit.id) == changes[1]


def test_a_rebuild_that_leaves_work_on_top_gives_the_shadow_the_servers_body(store):
    # work queued beside an untouched row (no path of today queues body-changing work that way:
    # the rule holds for the rebuild on its own)
    from fieldcase.store.outbox import Outbox

    sync, _child, visit, changes = _pulled(store)
    before = changes[1]["body"]["observations"]
    outbox, now = Outbox(store.header.device_id), store.moment()
    with store.transaction() as connection:
        for words in ("First.", "Second."):
            outbox.append(
                connection,
                record_kind="home_visit",
                record_id=visit.id,
                kind="patch",
                base_rev=1,
                payload={"changes": {"observations": {"base": before, "new": words}}},
                now_iso=now.iso,
                now_ms=now.ms,
            )
    first, _second = sync.claim_batch(10)
    _refused(sync, first)
    assert store.repository("home_visit").get(visit.id).observations == "Second."
    assert sync.shadow_change(visit.id) == changes[1]


def test_a_body_the_server_writes_otherwise_reads_back_as_the_same_record(store):
    # the server leaves its own fields out of a body and may write a moment with "Z": the row
    # holds the same record written out in full, and the shadow reads back in that form
    from fieldcase.domain.serialization import from_dict

    case_id = new_id()
    child = a_child(case_id)
    visit = a_visit(case_id, child.id)
    body = {**to_dict(visit), "rev": 1}
    body["contact_start"] = body["contact_start"].replace("+00:00", "Z")
    left_out = next(name for name, value in body.items() if value is None)
    del body[left_out]  # a default the server does not write
    sync = SyncStore(store)
    _apply(sync, pulled_change(1, child), pulled_change(2, visit, body=body))
    assert _bodies_kept(store) == {child.id: False, visit.id: False}
    read = sync.shadow_change(visit.id)["body"]
    assert read != body and from_dict("home_visit", read) == from_dict("home_visit", body)
    assert read == json.loads(_row_body(store, visit.id))


def _row_body(store, record_id):
    with store.reading() as connection:
        return connection.exec_driver_sql(
            "SELECT body FROM record WHERE id = ?", (record_id,)
        ).scalar_one()


def test_an_older_store_upgrades_to_the_shadow_without_the_body_and_reads_the_same(data_dir, clock):
    store = Store.unlock(data_dir, PASSPHRASE, clock=clock)
    try:
        sync, child, visit, changes = _pulled(store)
        mine = dataclasses.replace(
            store.repository("home_visit").get(visit.id), observations="Mine, not sent yet."
        )
        store.save(mine)
        with store.transaction() as connection:  # the shadow as revision 0013 kept it
            connection.exec_driver_sql("DROP TABLE shadow")
            connection.exec_driver_sql(
                "CREATE TABLE shadow (record_id VARCHAR(36) NOT NULL, kind VARCHAR(32) NOT NULL, "
                "rev INTEGER NOT NULL, body TEXT NOT NULL, CONSTRAINT pk_shadow PRIMARY KEY (record_id))"
            )
            connection.exec_driver_sql(
                "INSERT INTO shadow VALUES (?, ?, ?, ?)",
                [(c["record_id"], c["record_kind"], c["rev"], json.dumps(c)) for c in changes],
            )
            connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0013_lists_seen'")
    finally:
        store.lock()
    upgraded = Store.unlock(data_dir, PASSPHRASE, clock=clock)
    try:
        sync = SyncStore(upgraded)
        assert sync.shadow_changes([child.id, visit.id]) == {
            child.id: changes[0],
            visit.id: changes[1],
        }
        # the untouched record's row holds the server's body; the edited one's does not
        assert _bodies_kept(upgraded) == {child.id: False, visit.id: True}
        assert upgraded.repository("home_visit").get(visit.id).observations == "Mine, not sent yet."
    finally:
        upgraded.lock()


#: every place in the store that writes a record row, by module and function: the user's work goes
#: through records.py `_write` (which gives the shadow its body back first), the server's state
#: through sync_apply's `_write_many` (which says which rows equal it); `reindex_all` writes only
#: the row's full-text rowid. A new writer of record bodies must keep the rule of store/shadows.py.
RECORD_WRITERS = {
    ("records.py", "_write"),
    ("records.py", "reindex_all"),
    ("sync_apply/materialize.py", "_write_many"),
    ("sync_apply/packing.py", "<module>"),  # where _RECORD_UPSERT is made
}


def test_record_rows_are_written_only_where_the_shadow_rule_is_kept():
    import ast
    import re
    from pathlib import Path

    import fieldcase.store

    root = Path(fieldcase.store.__file__).parent
    writes = re.compile(
        r"update\(record\)|insert\(record\)|record\.(update|insert)\(|_RECORD_UPSERT|"
        r"(UPDATE|INSERT INTO|REPLACE INTO)\s+record\b(?!_)",
        re.IGNORECASE,
    )
    found = set()
    for path in root.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        functions = [
            n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        ]
        for number, line in enumerate(source.splitlines(), start=1):
            if line.lstrip().startswith(("#", "from ", "import ")) or not writes.search(line):
                continue
            inside = [f for f in functions if f.lineno <= number <= (f.end_lineno or f.lineno)]
            name = min(inside, key=lambda f: f.end_lineno - f.lineno).name if inside else "<module>"
            found.add((path.relative_to(root).as_posix(), name))
    assert found <= RECORD_WRITERS, found - RECORD_WRITERS
    assert ("records.py", "_write") in found and (
        "sync_apply/materialize.py",
        "_write_many",
    ) in found
