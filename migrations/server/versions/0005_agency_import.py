"""the agency import's memory: per state id, the record it made and digests of what it wrote

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "agency_import_row",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("state_id", sa.String(length=200), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=True),
        sa.Column("row_hash", sa.String(length=64), nullable=False),
        sa.Column("digests", sa.JSON(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kind", "state_id", name=op.f("pk_agency_import_row")),
    )
    with op.batch_alter_table("agency_import_row", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agency_import_row_record_id"), ["record_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("agency_import_row", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agency_import_row_record_id"))
    op.drop_table("agency_import_row")
