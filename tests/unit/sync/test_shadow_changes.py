"""Reading many shadows at once gives exactly what reading them one by one gives."""

import json

from fieldcase.domain.ids import new_id
from fieldcase.store.sync_apply import SyncStore
from fieldcase.store.tables import shadow


def test_shadow_changes_matches_shadow_change_for_every_record(store):
    ids = [new_id() for _ in range(1203)]  # more than two chunks of 500
    with store.transaction() as connection:
        connection.execute(
            shadow.insert(),
            [
                {
                    "record_id": i,
                    "kind": "home_visit",
                    "rev": n,
                    "change": json.dumps({"rev": n, "meta": {"n": n}}),
                    "body": json.dumps({"n": n}),
                }
                for n, i in enumerate(ids)
            ],
        )
    sync = SyncStore(store)
    missing = new_id()
    found = sync.shadow_changes([*ids, missing, ids[0]])
    assert set(found) == set(ids)
    assert all(found[i] == sync.shadow_change(i) for i in ids[::97])
    assert sync.shadow_change(missing) is None
