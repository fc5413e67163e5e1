"""Child process for the SIGKILL tests: opens the store and syncs in a loop against a live server.
An optional third argument is the attachment chunk size, so a photo's upload takes many requests
and a kill can land in the middle of it."""

from __future__ import annotations

import sys

from fieldcase.store.store import Store
from fieldcase.sync.engine import SyncEngine

data_dir, passphrase = sys.argv[1], sys.argv[2]
chunk_bytes = int(sys.argv[3]) if len(sys.argv) > 3 else None
store = Store.unlock(data_dir, passphrase, full_check=False)
print("ready", flush=True)
while True:
    SyncEngine(store, push_batch=5, **({"chunk_bytes": chunk_bytes} if chunk_bytes else {})).run()
