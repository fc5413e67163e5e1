"""The promises of sync.md (P1–P8), checked against the real server database and the laptops' stores."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select

from fieldcase.domain.serialization import from_dict, to_dict
from fieldcase.store.errors import RecordNotFound

FINAL = ("acked", "converted", "conflict", "quarantined")


def _norm(kind: str, body: dict) -> dict:
    return to_dict(from_dict(kind, body))


def server_projection(db: Any, device_id: str) -> dict[str, dict]:
    """What the server holds for this device's user: {record id: normalised body}."""
    from fieldcase.server.changes import build_changes
    from fieldcase.server.devices import Principal
    from fieldcase.server.models import Device, Record, User
    from fieldcase.server.scope import accessible_case_ids

    with db.read() as session:
        device = session.get(Device, device_id)
        user = session.get(User, device.user_id)
        who = Principal(user.id, user.role, user.team_id, user.org_id, device.id)
        records = list(
            session.execute(
                select(Record).where(
                    Record.case_id.in_(accessible_case_ids(who)), Record.deleted.is_(False)
                )
            ).scalars()
        )
        return {c.record_id: _norm(c.record_kind, c.body) for c in build_changes(session, records)}


def local_records(store: Any) -> dict[str, dict]:
    return {r.id: _norm(r.kind, r.body) for r in store.list()}


def ledger(db: Any) -> dict[str, str]:
    from fieldcase.server.models import MutationLedger

    with db.read() as session:
        return {
            row.mutation_id: row.result for row in session.execute(select(MutationLedger)).scalars()
        }


def check_no_duplicates(db: Any) -> None:
    """P2: no mutation had more than one effect (one change-log entry at most)."""
    from fieldcase.server.models import ChangeLog

    with db.read() as session:
        twice = session.execute(
            select(ChangeLog.mutation_id, func.count())
            .where(ChangeLog.mutation_id.is_not(None))
            .group_by(ChangeLog.mutation_id)
            .having(func.count() > 1)
        ).all()
    assert not twice, f"P2: mutations applied more than once: {twice}"


def check_read_your_writes(store: Any) -> None:
    """P8: every unsent edit shows in the record the user sees (unless approval locked it)."""
    expected: dict[str, dict[str, Any]] = {}
    for entry in store.outbox_entries(states=("pending", "inflight")):
        if entry.kind == "patch":
            for name, change in entry.payload.get("changes", {}).items():
                expected.setdefault(entry.record_id, {})[name] = change["new"]
    from fieldcase.domain.attachment_sets import attachment_fields

    for record_id, fields in expected.items():
        try:
            got = store.get(record_id)
        except RecordNotFound:
            continue  # purged by the server: the outbox row still goes up and is held for review
        if got.status == "approved":
            continue
        for name, value in fields.items():
            if name in attachment_fields(got.kind):
                # a set: my files show, beside any another laptop added meanwhile
                shown = {a["sha256"] for a in got.body.get(name) or []}
                assert {a["sha256"] for a in value} <= shown, (
                    f"P8: {name} of {record_id} does not show the unsent attachment"
                )
                continue
            assert got.body.get(name) == value, (
                f"P8: {name} of {record_id} does not show the unsent edit"
            )


def check_converged(
    db: Any, laptops: list[Any], written: dict[str, set[str]] | None = None
) -> None:
    """After every outbox is empty and every laptop pulled: P1, P2, P3, P4, P6."""
    known = ledger(db)
    check_no_duplicates(db)
    for laptop in laptops:
        entries = laptop.store.outbox_entries()
        for entry in entries:
            assert entry.state in FINAL, f"P1: {entry.mutation_id} still {entry.state}"
            if (
                entry.state == "quarantined"
                and entry.last_error
                and "could not be put into the form" in entry.last_error
            ):
                continue
            empty_patch = entry.kind == "patch" and not entry.payload.get("changes")
            assert entry.mutation_id in known or empty_patch, (
                f"P1: {entry.kind} {entry.mutation_id} ({entry.state}) has no server outcome"
            )
        for mutation_id in (written or {}).get(laptop.username, set()):
            in_outbox = any(e.mutation_id == mutation_id for e in entries)
            assert mutation_id in known or in_outbox, f"P1: {mutation_id} vanished"
        server = server_projection(db, laptop.device_id)
        local = local_records(laptop.store)
        missing = sorted(set(server) - set(local))
        extra = sorted(set(local) - set(server))
        assert not missing, f"P3/P6: {laptop.username} lacks {missing}"
        assert not extra, f"P4: {laptop.username} holds {extra} outside its caseload"
        for record_id, body in server.items():
            assert local[record_id] == body, (
                f"P3: {laptop.username} differs on {record_id}: "
                + json.dumps(
                    {
                        k: (local[record_id].get(k), v)
                        for k, v in body.items()
                        if local[record_id].get(k) != v
                    },
                    default=str,
                )[:500]
            )
        assert not laptop.store.integrity_problems()


def check_no_blob_lost(db: Any, laptops: list[Any], *, settled: bool = False) -> None:
    """P1 for attachments: every attachment a record on the server names is on the server, or its bytes
    are still on a laptop waiting to go up (never on neither side). `settled` (every laptop synced
    with the network quiet): all of them are on the server."""
    from fieldcase.server.models import Blob, Record
    from fieldcase.store.tables import attachment

    with db.read() as session:
        named: set[str] = set()
        for body in session.execute(select(Record.body).where(Record.deleted.is_(False))).scalars():
            for value in (body or {}).values():
                if isinstance(value, list):
                    named |= {
                        i["sha256"]
                        for i in value
                        if isinstance(i, dict) and isinstance(i.get("sha256"), str)
                    }
        on_server = (
            set(
                session.execute(select(Blob.sha256).where(Blob.sha256.in_(sorted(named)))).scalars()
            )
            if named
            else set()
        )
    waiting: set[str] = set()
    for laptop in laptops:
        with laptop.store.reading() as connection:
            waiting |= set(
                connection.execute(
                    select(attachment.c.sha256).where(
                        attachment.c.uploaded.is_(False), attachment.c.content.is_not(None)
                    )
                ).scalars()
            )
    lost = sorted(named - on_server - waiting)
    assert not lost, f"P1: attachments on neither side: {lost}"
    if settled:
        assert named <= on_server, f"P1: attachments never uploaded: {sorted(named - on_server)}"


def check_shadows_are_server_states(db: Any, store: Any) -> None:
    """A shadow is the server's state of its record at its revision (sync.md): read back whole —
    its body from the record row where store/shadows.py left it out — it equals what the server
    holds while the server is still at that revision. A body left to a row the user's work then
    rewrote would read back as the user's words."""
    from fieldcase.server.changes import build_changes
    from fieldcase.server.models import Record
    from fieldcase.store.sync_apply import SyncStore
    from fieldcase.store.tables import shadow

    with store.reading() as connection:
        ids = list(connection.execute(select(shadow.c.record_id)).scalars())
    held = SyncStore(store).shadow_changes(ids)
    with db.read() as session:
        records = list(session.execute(select(Record).where(Record.id.in_(ids))).scalars())
        current = {c.record_id: c for c in build_changes(session, records)}
    for record_id, change in held.items():
        server = current.get(record_id)
        if server is None or server.rev != change["rev"] or server.body is None:
            continue  # moved on since the laptop pulled it, or gone: nothing to compare
        assert _norm(change["record_kind"], change["body"]) == _norm(
            server.record_kind, server.body
        ), f"the shadow of {record_id} at rev {change['rev']} is not the server's state"
