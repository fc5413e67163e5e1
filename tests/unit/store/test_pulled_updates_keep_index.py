"""A pulled change of a record the laptop holds keeps the record's full-text entry and record_child rows
when they would come out the same (status, revision or unindexed fields changed): the FTS5 table runs
with secure-delete, so deleting and adding the entry again cost ~4 ms a record (22 s for the 4,886
echoes of a 60-day push). Whatever the path, the index and the child rows must equal what rebuilding
them from the stored records gives, and search must find the new words, not the old ones."""

from __future__ import annotations

import dataclasses

from fieldcase.domain import metadata as record_facts
from fieldcase.domain.home_visits import ContactMethod, VisitOutcome
from fieldcase.domain.ids import new_id
from fieldcase.domain.serialization import from_dict
from fieldcase.store.sync_apply import SyncStore
from helpers.store import a_child, a_visit, pulled_change


def _page(changes, cursor):
    return {
        "changes": changes,
        "scope_events": [],
        "next_cursor": cursor,
        "epoch": "e1",
        "has_more": False,
    }


def _index(store):
    """(the full-text entries, the record_child rows, rowid by record) as stored."""
    with store.reading() as connection:
        entries = sorted(
            map(
                tuple,
                connection.exec_driver_sql(
                    "SELECT record_id, kind, case_id, text FROM record_search"
                ).all(),
            )
        )
        links = sorted(
            map(
                tuple,
                connection.exec_driver_sql(
                    "SELECT record_id, child_id, occurred_on, seen FROM record_child"
                ).all(),
            )
        )
        rowids = dict(
            map(tuple, connection.exec_driver_sql("SELECT id, search_rowid FROM record").all())
        )
        linked_rowids = connection.exec_driver_sql(
            "SELECT count(*) FROM record JOIN record_search ON record_search.rowid = record.search_rowid AND record_search.record_id = record.id"
        ).scalar_one()
    assert linked_rowids == len(entries)  # every entry is the one its record points at
    return entries, links, rowids


def _rebuilt(store):
    """The same, made from the stored record bodies."""
    entries, links = [], []
    for stored in store.list():
        item = from_dict(stored.kind, stored.body)
        words = record_facts.search_text(item)
        if words.strip():
            entries.append((stored.id, stored.kind, stored.body.get("case_id") or stored.id, words))
        day = record_facts.occurred_on(item)
        seen = record_facts.children_seen(item)
        links += [
            (stored.id, c, day.isoformat() if day else None, int(c in seen))
            for c in set(record_facts.children_of(item))
        ]
    return sorted(entries), sorted(links)


def test_unchanged_words_and_children_are_kept_changed_ones_replaced(store):
    sync = SyncStore(store)
    case_id = new_id()
    ana, bea = a_child(case_id, given="Anaxa"), a_child(case_id, given="Beaxa")
    # completed face-to-face visits: the ones that can see a child (domain/seen.py)
    approved, edited, moved, not_seen = (
        dataclasses.replace(
            a_visit(case_id, ana.id, observations=f"Zebra{i} drew a kite."),
            method=ContactMethod.FACE_TO_FACE,
            outcome=VisitOutcome.COMPLETED,
        )
        for i in range(4)
    )
    sync.apply_page(
        _page(
            [
                pulled_change(i + 1, r, rev=1)
                for i, r in enumerate([ana, bea, approved, edited, moved, not_seen])
            ],
            "c1",
        )
    )
    _, _, before = _index(store)

    second = _page(
        [
            pulled_change(10, approved, rev=2, status="approved"),  # status and revision only
            pulled_change(11, dataclasses.replace(edited, observations="Quokka sang."), rev=2),
            pulled_change(
                12,
                dataclasses.replace(
                    moved, children=(dataclasses.replace(moved.children[0], child_id=bea.id),)
                ),
                rev=2,
            ),
            pulled_change(13, dataclasses.replace(ana, given_name="Anoxo"), rev=2),
            # the child's row now says not seen: the same child and day, so only `seen` tells them apart
            pulled_change(
                14,
                dataclasses.replace(
                    not_seen, children=(dataclasses.replace(not_seen.children[0], seen=False),)
                ),
                rev=2,
            ),
        ],
        "c2",
    )
    sync.apply_page(second)

    entries, links, rowids = _index(store)
    assert (entries, links) == _rebuilt(store)
    assert (
        rowids[approved.id] == before[approved.id] and rowids[moved.id] == before[moved.id]
    )  # kept
    assert rowids[edited.id] != before[edited.id] and rowids[ana.id] != before[ana.id]  # replaced
    assert store.get(approved.id).status == "approved"
    found = {
        word: [h.record_id for h in store.search(word)]
        for word in ("Zebra0", "Zebra1", "Quokka", "Anaxa", "Anoxo", "Beaxa")
    }
    assert found == {
        "Zebra0": [approved.id],
        "Zebra1": [],
        "Quokka": [edited.id],
        "Anaxa": [],
        "Anoxo": [ana.id],
        "Beaxa": [bea.id],
    }
    assert (moved.id, bea.id) in {(r, c) for r, c, *_ in links} and (moved.id, ana.id) not in {
        (r, c) for r, c, *_ in links
    }
    assert (not_seen.id, ana.id, "2026-11-03", 0) in links and (
        edited.id,
        ana.id,
        "2026-11-03",
        1,
    ) in links

    sync.apply_page(second)  # P7
    assert _index(store) == (entries, links, rowids)
