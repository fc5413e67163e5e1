"""The client audit log: HMAC-chained events, written in the same transaction as what they record.

Details are allow-listed codes and counts: never a name, address, narrative or passphrase.
Plain SQL on the DB-API connection (`tables.audit_event`'s columns), inside a SQLAlchemy transaction
or outside one: unlocking writes its event before SQLAlchemy is loaded (store/record_rows.py says why).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fieldcase.security.audit_mac import GENESIS, chain_mac, verify_chain
from fieldcase.store.record_rows import driver_connection

# keys a detail may carry; values must be numbers, booleans or short codes
ALLOWED_DETAIL_KEYS = frozenset(
    {
        "count",
        "code",
        "outcome",
        "state",
        "from_status",
        "to_status",
        "revision",
        "fields",
        "profile",
        "sha256",
        "seconds",
        "failures",
        "mutations",
        "changes",
        "bytes",
        "from_revision",
        "to_revision",
        "reason_code",
        "kind",
    }
)
_MAX_CODE = 64


@dataclass(frozen=True)
class AuditEvent:
    seq: int
    at: str
    action: str
    record_kind: str | None
    record_id: str | None
    detail: dict
    mac: str


def _check_detail(detail: dict) -> dict:
    for key, value in detail.items():
        if key not in ALLOWED_DETAIL_KEYS:
            raise ValueError(f"audit detail key {key!r} is not allow-listed")
        values = list(value) if isinstance(value, (list, tuple)) else [value]
        for item in values:
            if isinstance(item, str) and (len(item) > _MAX_CODE or " " in item):
                raise ValueError("audit details hold codes, not free text")
            if not isinstance(item, (str, int, float, bool)) and item is not None:
                raise ValueError("audit details hold codes and numbers only")
    return detail


def _payload(
    seq: int, at: str, action: str, kind: str | None, record_id: str | None, detail_json: str
) -> bytes:
    return json.dumps(
        [seq, at, action, kind, record_id, detail_json], separators=(",", ":")
    ).encode()


class AuditLog:
    def __init__(self, mac_key: bytes) -> None:
        self._key = mac_key

    def append(
        self,
        connection: Any,
        at: str,
        action: str,
        *,
        record_kind: str | None = None,
        record_id: str | None = None,
        detail: dict | None = None,
    ) -> AuditEvent:
        detail_json = json.dumps(
            _check_detail(dict(detail or {})), sort_keys=True, separators=(",", ":")
        )
        driver = driver_connection(connection)
        last = driver.execute(
            "SELECT seq, mac FROM audit_event ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        seq = 1 if last is None else last[0] + 1
        prev = GENESIS if last is None else bytes.fromhex(last[1])
        mac = chain_mac(
            self._key, prev, _payload(seq, at, action, record_kind, record_id, detail_json)
        ).hex()
        driver.execute(
            "INSERT INTO audit_event (seq, at, action, record_kind, record_id, detail, mac, uploaded) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
            (seq, at, action, record_kind, record_id, detail_json, mac),
        )
        return AuditEvent(seq, at, action, record_kind, record_id, json.loads(detail_json), mac)

    def events(self, connection: Any, *, after_seq: int = 0) -> list[AuditEvent]:
        rows = (
            driver_connection(connection)
            .execute(
                "SELECT seq, at, action, record_kind, record_id, detail, mac FROM audit_event WHERE seq > ? ORDER BY seq",
                (after_seq,),
            )
            .fetchall()
        )
        return [AuditEvent(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6]) for r in rows]

    def first_broken_link(self, connection: Any) -> int | None:
        """The seq of the first event whose MAC does not follow from the chain, or None if intact."""
        events = self.events(connection)
        entries = [
            (
                _payload(
                    e.seq,
                    e.at,
                    e.action,
                    e.record_kind,
                    e.record_id,
                    json.dumps(e.detail, sort_keys=True, separators=(",", ":")),
                ),
                bytes.fromhex(e.mac),
            )
            for e in events
        ]
        expected_seq = 1
        for event in events:  # a removed row leaves a gap in seq even if the MACs were recomputed
            if event.seq != expected_seq:
                return expected_seq
            expected_seq += 1
        bad = verify_chain(self._key, entries)
        return None if bad is None else events[bad].seq
