"""The version of each reference list the laptop holds, as the server's hello named it when the list
was last brought (sync/lists.py): a sync asks only for a list whose version moved. NULL: none held
yet (or an older server that names none), every list is asked for.

Revision ID: 0013_lists_seen
Revises: 0012_history_windows
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_lists_seen"
down_revision = "0012_history_windows"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("sync_state")}
    if "lists_seen" not in columns:
        with op.batch_alter_table("sync_state") as batch:
            batch.add_column(sa.Column("lists_seen", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        batch.drop_column("lists_seen")
