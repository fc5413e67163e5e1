"""attachment links open only when proven (issue 16 item 4)

Revision ID: 0004_h16crypto
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_h16crypto"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Links made before this revision were made without a proof of holding; they stay open (an
    # agency that fears one was abused finds the attach in its audit log) — see docs/server.md.
    with op.batch_alter_table("record_attachment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("proven", sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column("linked_by_device", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("record_attachment", schema=None) as batch_op:
        batch_op.drop_column("linked_by_device")
        batch_op.drop_column("proven")
