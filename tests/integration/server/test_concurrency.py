"""Commit-ordered change numbers: with concurrent writers, a reader paging changes never skips a
committed change (sync.md P6). A plain sequence would fail this on PostgreSQL (airbyte #14732)."""

from __future__ import annotations

import threading

import pytest

from fieldcase.domain.ids import new_id


@pytest.mark.postgres
@pytest.mark.slow
def test_reader_never_skips_a_change_under_concurrent_writers(pg_server):
    server = pg_server
    server.make_user("ana")
    case = server.make_case("ana")
    writers = [server.device("ana") for _ in range(4)]
    reader = server.device("ana")
    final_rev: dict[str, int] = {}
    lock = threading.Lock()
    done = threading.Event()
    errors: list[BaseException] = []

    def write(device) -> None:
        try:
            for _ in range(15):
                ids = [new_id() for _ in range(3)]
                results = device.push_ok(
                    *[
                        device.mutation("create", "home_visit", rid, fields={"case_id": case})
                        for rid in ids
                    ]
                )
                patch = device.push_ok(
                    *[
                        device.mutation(
                            "patch",
                            "home_visit",
                            rid,
                            base_rev=1,
                            patch={"observations": {"base": None, "new": "n"}},
                        )
                        for rid in ids
                    ]
                )
                with lock:
                    for r in results + patch:
                        assert r["result"] == "applied", r
                        final_rev[r["record_id"]] = max(final_rev.get(r["record_id"], 0), r["rev"])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    def read() -> None:
        try:
            while not done.is_set():
                reader.pull_all(limit=7)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in writers]
    pulling = threading.Thread(target=read)
    pulling.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    pulling.join()
    assert not errors, errors
    reader.pull_all(limit=7)
    held = {rid: c["rev"] for rid, c in reader.held.items() if c["record_kind"] == "home_visit"}
    assert held == final_rev
    assert len(held) == 4 * 15 * 3


def test_seq_numbers_are_unique_and_increasing(server):
    server.make_user("ana")
    case = server.make_case("ana")
    ana = server.device("ana")
    results = ana.push_ok(
        *[
            ana.mutation("create", "home_visit", new_id(), fields={"case_id": case})
            for _ in range(10)
        ]
    )
    seqs = [r["seq"] for r in results]
    assert seqs == sorted(seqs) and len(set(seqs)) == 10
