"""record_child.seen: whether a home visit saw the child, so that the caseload's "last seen" day
is read from record_child alone (store/last_seen.py), without decoding a visit body per child.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# the visits already on the laptop: a child's row says seen when the visit's row for the child does
# (`metadata.children_seen`: "seen" true; a missing or null "seen" is not seen)
_FILL = """
UPDATE record_child SET seen = 1
 WHERE EXISTS (SELECT 1 FROM record, json_each(record.body, '$.children') AS row
                WHERE record.id = record_child.record_id AND record.kind = 'home_visit'
                  AND json_extract(row.value, '$.child_id') = record_child.child_id
                  AND json_extract(row.value, '$.seen') = 1)
"""


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("record_child")}
    if "seen" not in columns:
        op.add_column(
            "record_child",
            sa.Column("seen", sa.Boolean(), nullable=False, server_default=sa.false()),
        )
    op.execute(_FILL)


def downgrade() -> None:
    op.drop_column("record_child", "seen")
