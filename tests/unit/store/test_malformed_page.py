"""A pulled page with a body that does not fit its record's shape is refused as a whole: a clear error
naming kinds and fields (never values), and nothing of the page applied — no row, no shadow, no
search entry, the cursor where it was (the page comes again on the next pull)."""

from __future__ import annotations

import pytest

from fieldcase.domain.ids import new_id
from fieldcase.domain.serialization import MalformedRecord, to_dict
from fieldcase.store.sync_apply import SyncStore
from helpers.store import USER, a_child, a_visit

SECRET = "Zzcanarynarrative"


def _change(seq, kind, body):
    return {
        "seq": seq,
        "record_kind": kind,
        "record_id": body["id"],
        "case_id": body.get("case_id") or "",
        "rev": 1,
        "status": "active",
        "deleted": False,
        "body": body,
        "meta": {"created_by": USER},
        "conflicts": [],
        "addenda": [],
        "origin_device_id": None,
        "origin_mutation_id": None,
    }


def _counts(store):
    with store.reading() as connection:
        return [
            connection.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one()
            for t in ("record", "shadow", "record_search", "record_child")
        ]


@pytest.mark.parametrize(
    "damage",
    [
        {"contact_start": "yesterday " + SECRET},
        {"children": [{"child_id": "k", "seen": "yes " + SECRET}]},
        {"observations": 7},
        {"unknown_" + "field": SECRET},
    ],
    ids=["time", "nested", "type", "unknown"],
)
def test_a_page_with_a_malformed_body_is_refused_whole(store, damage):
    sync = SyncStore(store)
    case_id = new_id()
    child = a_child(case_id)
    good = [
        _change(1, "person", to_dict(child)),
        _change(2, "home_visit", to_dict(a_visit(case_id, child.id))),
    ]
    bad = _change(
        3, "home_visit", {**to_dict(a_visit(case_id, child.id, observations=SECRET)), **damage}
    )
    before = (_counts(store), sync.state().cursor)

    with pytest.raises(MalformedRecord) as refused:
        sync.apply_page(
            {
                "changes": [*good, bad],
                "scope_events": [],
                "next_cursor": "c1",
                "epoch": "e1",
                "has_more": False,
            }
        )

    assert "home_visit" in str(refused.value) and SECRET not in str(refused.value)
    assert (_counts(store), sync.state().cursor) == before
