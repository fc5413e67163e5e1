"""attachment links open only when proven; case content encrypted at rest (issue 16 items 4, 10)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # At rest: the data keys (wrapped; the key that wraps them is never in the database), and the
    # mark that values written before encryption may remain. The encrypted columns keep their types:
    # Database.migrate encrypts the values right after this (key_rotation.encrypt_existing).
    op.create_table(
        "data_key",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kek_id", sa.String(length=16), nullable=False),
        sa.Column("wrapped", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_key")),
    )
    state = op.create_table(
        "at_rest_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plaintext_left", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_at_rest_state")),
    )
    op.bulk_insert(state, [{"id": 1, "plaintext_left": True}])
    # Links made before this revision were made without a proof of holding; they stay open (an
    # agency that fears one was abused finds the attach in its audit log) — see docs/server.md.
    with op.batch_alter_table("record_attachment", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("proven", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(sa.Column("linked_by_device", sa.String(length=36), nullable=True))


def downgrade() -> None:
    # (a downgrade leaves encrypted values encrypted: restore the backup taken before the upgrade)
    op.drop_table("at_rest_state")
    op.drop_table("data_key")
    with op.batch_alter_table("record_attachment", schema=None) as batch_op:
        batch_op.drop_column("linked_by_device")
        batch_op.drop_column("proven")
