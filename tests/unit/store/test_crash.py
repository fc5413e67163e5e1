"""A process killed (SIGKILL) while saving drafts loses at most the edit in progress."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from fieldcase.store.store import Store
from helpers.store import PASSPHRASE

WRITER = textwrap.dedent(
    """
    import dataclasses, sys
    sys.path.insert(0, {tests!r})
    from fieldcase.domain.ids import new_id
    from fieldcase.store.store import Store
    from helpers.store import PASSPHRASE, a_child, a_visit

    store = Store.unlock({data!r}, PASSPHRASE)
    case_id = new_id()
    child = a_child(case_id)
    store.save(child)
    n = 0
    while True:
        visit = a_visit(case_id, child.id, observations="start")
        saved = store.save(visit)
        for i in range(5):
            n += 1
            saved = store.save(dataclasses.replace(visit, observations="typed " * n))
            print(visit.id, saved.record.version, n, flush=True)
    """
)


@pytest.mark.slow
def test_sigkill_while_autosaving_loses_nothing_committed(data_dir: Path, clock):
    tests_dir = str(Path(__file__).resolve().parents[2])
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER.format(tests=tests_dir, data=str(data_dir))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    acknowledged: dict[str, tuple[int, int]] = {}
    try:
        for line in proc.stdout:
            record_id, version, n = line.split()
            acknowledged[record_id] = (int(version), int(n))
            if sum(1 for _ in acknowledged) >= 6:
                break
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
        errors = proc.stderr.read()
        proc.stdout.close()  # closed here, not left to the garbage collector (a ResourceWarning)
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, errors

    store = Store.unlock(data_dir, PASSPHRASE, clock=clock)
    try:
        assert store.integrity_problems() == []
        assert store.first_broken_audit_link() is None
        events = store.audit_events()
        entries = store.outbox_entries()
        for record_id, (version, n) in acknowledged.items():
            stored = store.get(record_id)
            # every acknowledged save is there (a later, unacknowledged one may be too)
            assert stored.version >= version
            assert len(stored.body["observations"]) >= len("typed " * n)
            # and it is queued for the server: the create row carries the latest text
            [create] = [e for e in entries if e.record_id == record_id]
            assert create.payload["fields"]["observations"] == stored.body["observations"]
            mine = [e.action for e in events if e.record_id == record_id]
            assert mine.count("record.create") == 1
            assert mine.count("record.update") == stored.version - 1
        assert [e.device_seq for e in entries] == list(range(1, len(entries) + 1))
    finally:
        store.lock()
