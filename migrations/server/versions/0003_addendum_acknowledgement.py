"""addenda acknowledged by the supervisor (who and when); comments share the addendum table

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("addendum", schema=None) as batch_op:
        batch_op.add_column(sa.Column("acknowledged_by", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("addendum", schema=None) as batch_op:
        batch_op.drop_column("acknowledged_at")
        batch_op.drop_column("acknowledged_by")
