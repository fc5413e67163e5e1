"""What an import would change: each record new, changed or unchanged, against what the import
wrote last time (agency_import_row), without writing anything. A re-import of unchanged files reads
one row hash per record and stops there; per-field digests are read only for the changed ones."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldcase.server.models import AgencyImportRow, ServerState, User

from .columns import KINDS
from .validation import WORKER, Item, Known


def digest_key(session: Session) -> bytes:
    """A key of this server's own: a digest of a low-entropy value (a birth date) cannot be looked up
    in a table made elsewhere."""
    private = session.execute(
        select(ServerState.signing_private_key).where(ServerState.id == 1)
    ).scalar_one()
    return hashlib.sha256(b"fieldcase agency import digests\x00" + bytes(private)).digest()


def digest(key: bytes, value: Any) -> str:
    """A keyed BLAKE2b digest (a MAC: fast, and without the key a value cannot be confirmed)."""
    if isinstance(value, str):
        data = b"s" + value.encode("utf-8")
    elif value is None:
        data = b"n"
    elif isinstance(value, bool):
        data = b"t" if value else b"f"
    elif isinstance(value, int):
        data = b"i" + str(value).encode()
    else:
        data = b"j" + json.dumps(value, sort_keys=True, separators=(",", ":"), default=str).encode(
            "utf-8"
        )
    return hashlib.blake2b(
        data, key=key, digest_size=8
    ).hexdigest()  # 64 bits: one field's old value against its new one


def field_values(item: Item) -> dict[str, Any]:
    """What the import writes for the item, the case's worker included."""
    values = dict(item.fields)
    if item.worker is not None:
        values[WORKER] = item.worker
    return values


def row_hash(key: bytes, item: Item) -> str:
    return digest(key, field_values(item))


def load_known(session: Session) -> Known:
    records, hashes = {}, {}
    for kind, state_id, record_id, case_id, role, hashed in session.execute(
        select(
            AgencyImportRow.kind,
            AgencyImportRow.state_id,
            AgencyImportRow.record_id,
            AgencyImportRow.case_id,
            AgencyImportRow.role,
            AgencyImportRow.row_hash,
        )
    ):
        records[(kind, state_id)] = (record_id, case_id, role)
        hashes[(kind, state_id)] = hashed
    users = dict(session.execute(select(User.username, User.id)).all())
    return Known(records, users, hashes)


@dataclass
class Plan:
    new: list[Item] = field(default_factory=list)
    changed: list[Item] = field(default_factory=list)
    unchanged: int = 0
    counts: dict[str, Counter] = field(default_factory=dict)  # kind -> new/changed/unchanged

    def count(self, kind: str, what: str) -> None:
        self.counts.setdefault(kind, Counter())[what] += 1


def make_plan(
    session: Session, items: dict[tuple[str, str], Item], known: Known, key: bytes
) -> Plan:
    hashes = known.hashes
    plan = Plan()
    for kind in KINDS:
        plan.counts[kind] = Counter(new=0, changed=0, unchanged=0)
    for ident, item in items.items():
        item.hash = row_hash(key, item)
        old = hashes.get(ident)
        if old is None and ident not in known.records:
            plan.new.append(item)
            plan.count(item.kind, "new")
        elif old == item.hash:
            plan.unchanged += 1
            plan.count(item.kind, "unchanged")
        else:
            plan.changed.append(
                item
            )  # maybe: apply compares field by field and may find nothing to do
    return plan
