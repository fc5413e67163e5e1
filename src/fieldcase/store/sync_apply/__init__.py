"""The store side of sync (sync.md "Client tables"): claiming outbox batches, recording push results,
applying pulled pages, scope purges and the 410 re-download — each one transaction.

The sync engine (`fieldcase.sync`) talks HTTP and never SQL; everything it changes on the laptop goes
through `SyncStore`. Wire objects arrive here already validated by the strict protocol models; this
package takes them as plain dicts (`model_dump(mode="json")`) so the store does not depend on the protocol's
pydantic models (it uses pydantic_core's JSON writer only: `_dumps_change`).

How a record on the laptop is made (`_materialize_many`): the `shadow` holds the last server state of the
record (the whole pulled change, as JSON); the `record` row the UI reads is that state with every
pending or in-flight local mutation of the record re-applied on top, in device_seq order (P8, read
your writes). When the server state was made by one of our own mutations (its echo:
`origin_mutation_id`), that mutation and our earlier ones on the record are already inside it and are
not applied twice.

One concept a module, each a part of `SyncStore`: common (outbox states, results, the base), state
(cursor, audit chain head, sync log), notices (attention items in words), materialize (records
rebuilt from shadows), packing (one-statement bulk inserts), scope (purges, the 410 re-download),
push (outbox batches and answers), pull (page apply) and attachments.
"""

from __future__ import annotations

from fieldcase.store.outbox import INFLIGHT, PENDING
from fieldcase.store.sync_apply.attachments import AttachmentTransfer
from fieldcase.store.sync_apply.common import (
    ACKED,
    CONFLICT,
    CONVERTED,
    QUARANTINED,
    REPUSH,
    RETRY_CODES,
    UNSENT,
    Attention,
    PageApplied,
    ResultsRecorded,
    SyncState,
)
from fieldcase.store.sync_apply.packing import _PackedInsert
from fieldcase.store.sync_apply.pull import Pull, _dumps_change, no_cyclic_gc
from fieldcase.store.sync_apply.push import Push, _plus_seconds, _shadow_includes
from fieldcase.store.sync_apply.state import SyncStateLog

__all__ = [
    "ACKED",
    "CONFLICT",
    "CONVERTED",
    "INFLIGHT",
    "PENDING",
    "QUARANTINED",
    "REPUSH",
    "RETRY_CODES",
    "UNSENT",
    "Attention",
    "PageApplied",
    "ResultsRecorded",
    "SyncState",
    "SyncStore",
    "_PackedInsert",
    "_dumps_change",
    "_plus_seconds",
    "_shadow_includes",
    "no_cyclic_gc",
]


class SyncStore(SyncStateLog, Push, Pull, AttachmentTransfer):
    """Sync-side operations on an unlocked `Store` (one transaction each)."""
