"""Test helpers for the store: a fake clock, a passphrase, synthetic records (all made up)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fieldcase.domain.home_visits import ChildSeen, HomeVisit, LocationType
from fieldcase.domain.ids import new_id
from fieldcase.domain.people import Person, PersonRole

PASSPHRASE = "Canary-Passphrase correct horse 42"
DEVICE = "0190f3a0-0000-7000-8000-00000000d001"
USER = "worker-1"


class FakeClock:
    def __init__(self, start: float = 1_780_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def a_child(case_id: str, *, given: str = "Ana", family: str = "Pérez") -> Person:
    return Person(
        id=new_id(), case_id=case_id, role=PersonRole.CHILD, given_name=given, family_name=family
    )


def a_visit(
    case_id: str, child_id: str, *, observations: str = "Calm afternoon; homework done."
) -> HomeVisit:
    return HomeVisit(
        id=new_id(),
        case_id=case_id,
        contact_start=datetime(2026, 11, 3, 15, 0, tzinfo=UTC),
        contact_end=datetime(2026, 11, 3, 16, 0, tzinfo=UTC),
        location_type=LocationType.CHILD_RESIDENCE,
        children=(ChildSeen(child_id=child_id, seen=True, seen_privately=True),),
        observations=observations,
    )


def pulled_change(
    seq: int,
    item: Any,
    *,
    rev: int = 1,
    status: str | None = None,
    body: dict | None = None,
    meta: dict | None = None,
) -> dict:
    """A record as the server's changes feed sends it (the wire `Change` as a dict): its body is
    the record's (with `rev`, and `status` when given) unless `body` is given whole."""
    from fieldcase.domain.serialization import kind_of, to_dict

    kind = kind_of(item)
    if body is None:
        body = to_dict(item)
        if status is not None:
            body["status"] = status
        body["rev"] = rev
    return {
        "seq": seq,
        "record_kind": kind,
        "record_id": item.id,
        "case_id": item.id if kind == "case" else item.case_id,
        "rev": rev,
        "status": body.get("status") or "active",
        "deleted": False,
        "body": body,
        "meta": meta if meta is not None else {"created_by": USER},
        "conflicts": [],
        "addenda": [],
        "origin_device_id": None,
        "origin_mutation_id": None,
    }
