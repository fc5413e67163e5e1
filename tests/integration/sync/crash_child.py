"""Child process for the SIGKILL test: opens the store and syncs in a loop against a live server."""

from __future__ import annotations

import sys

from fieldcase.store.store import Store
from fieldcase.sync.engine import SyncEngine

data_dir, passphrase = sys.argv[1], sys.argv[2]
store = Store.unlock(data_dir, passphrase, full_check=False)
print("ready", flush=True)
while True:
    SyncEngine(store, push_batch=5).run()
