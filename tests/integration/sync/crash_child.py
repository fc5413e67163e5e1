"""The laptop process of the SIGKILL tests: opens the store and syncs in a loop against a live
server until the test kills it. An optional chunk size makes a photo's upload take many requests,
so a kill can land in the middle of it.

It runs from a fork server that has imported the app once (`syncing`): a process of its own, as a
crash needs (its own memory, its own SQLite connections and file locks, killed with SIGKILL), but
without Python's start-up and imports at each kill. Those cost half a second of each of the suite's
56 kills (issue 18: the suite's time)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path

_context: multiprocessing.context.ForkServerContext | None = None


def _sync_until_killed(
    data_dir: str, passphrase: str, chunk_bytes: int | None, ready: Connection
) -> None:
    from fieldcase.store.store import Store
    from fieldcase.sync.engine import SyncEngine

    store = Store.unlock(data_dir, passphrase, full_check=False)
    ready.send("ready")
    ready.close()
    while True:
        SyncEngine(
            store, push_batch=5, **({"chunk_bytes": chunk_bytes} if chunk_bytes else {})
        ).run()


def _fork_server() -> multiprocessing.context.ForkServerContext:
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        # what the child uses, imported once in the fork server: each child starts with it
        _context.set_forkserver_preload(
            ["fieldcase.store.store", "fieldcase.sync.engine", __name__]
        )
    return _context


@contextmanager
def syncing(data_dir: Path, passphrase: str, chunk_bytes: int | None = None) -> Iterator[None]:
    """A laptop process syncing the (locked) store in `data_dir`, from the moment it has opened the
    store; SIGKILLed when the block ends, however it ends."""
    context = _fork_server()
    here, there = context.Pipe(duplex=False)
    child = context.Process(
        target=_sync_until_killed, args=(str(data_dir), passphrase, chunk_bytes, there), daemon=True
    )
    child.start()
    there.close()
    try:
        assert here.poll(60), "the laptop process did not open its store within a minute"
        assert here.recv() == "ready"
        yield
    finally:
        child.kill()
        child.join()
        child.close()
        here.close()
