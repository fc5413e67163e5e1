"""The shadow keeps the server's body once: `change` holds the pulled change without its body, and
`body` the server's body only where the record row does not already hold it (NULL then). A first
download used to write every body twice — the record row and, inside the whole change, the
shadow — and a supervisor's store was a quarter shadows (issue 19; store/shadows.py).

Whether a row holds the shadow's body is a comparison of records, made in Python before the new
table is filled: the row is the server's record as the store writes every record (fields sorted,
defaults written out), where the server leaves its own fields out of a body. The new table
starts with no bodies and takes back only those that differ: built beside the old one with every
body, it left the old table's pages free in the file, which grew by the size of every shadow
(179 -> 251 MB for 19,696 records); this way it grows by the new table's few megabytes.

Revision ID: 0014_shadow_body_once
Revises: 0013_lists_seen
Create Date: 2026-12-07
"""

import json

import sqlalchemy as sa
from alembic import op

from fieldcase.domain.serialization import from_dict

revision = "0014_shadow_body_once"
down_revision = "0013_lists_seen"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("shadow")}
    if "change" in columns:
        return  # split already (a store taken back to an older revision by hand, as in the tests)
    differ = _bodies_the_rows_do_not_hold()
    op.execute(
        "CREATE TABLE shadow_new ("
        "record_id VARCHAR(36) NOT NULL, kind VARCHAR(32) NOT NULL, rev INTEGER NOT NULL, "
        "change TEXT NOT NULL, body TEXT, CONSTRAINT pk_shadow PRIMARY KEY (record_id))"
    )
    op.execute(
        "INSERT INTO shadow_new (record_id, kind, rev, change) "
        "SELECT record_id, kind, rev, json_remove(body, '$.body') FROM shadow ORDER BY record_id"
    )
    # a body of JSON null (never stored: a deletion removes the shadow) stays the text 'null', so
    # that no row reads as "the same as the record" by accident
    bind = op.get_bind()
    for start in range(0, len(differ), 500):
        bind.exec_driver_sql(
            "UPDATE shadow_new SET body = (SELECT coalesce(json_extract(shadow.body, '$.body'), "
            "'null') FROM shadow WHERE shadow.record_id = shadow_new.record_id) "
            "WHERE record_id IN (SELECT value FROM json_each(?))",
            (json.dumps(differ[start : start + 500]),),
        )
    op.execute("DROP TABLE shadow")  # its pages overwritten: the store's secure_delete pragma
    op.execute("ALTER TABLE shadow_new RENAME TO shadow")


def _bodies_the_rows_do_not_hold() -> list[str]:
    """The shadows whose body is not the record row's record, a thousand rows at a time."""
    bind = op.get_bind()
    differ: list[str] = []
    after = ""
    while True:
        rows = bind.exec_driver_sql(
            "SELECT shadow.record_id, shadow.kind, json_extract(shadow.body, '$.body'), "
            "record.body FROM shadow LEFT JOIN record ON record.id = shadow.record_id "
            "WHERE shadow.record_id > ? ORDER BY shadow.record_id LIMIT 1000",
            (after,),
        ).all()
        if not rows:
            return differ
        differ += [rid for rid, kind, server, held in rows if not _same(kind, server, held)]
        after = rows[-1][0]


def _same(kind: str, server: str | None, held: str | None) -> bool:
    if server is None or held is None:
        return False
    try:
        return from_dict(kind, json.loads(server)) == from_dict(kind, json.loads(held))
    except (ValueError, TypeError):  # a body this build cannot read: kept as it is
        return False


def downgrade() -> None:
    raise RuntimeError("a laptop store is never downgraded: its outbox may hold unsynced work")
