"""The assessment instruments the office loaded on the server (GET /instruments,
store/held_instruments.py): held on the laptop for offline assessments.

Revision ID: 0009_instruments
Revises: 0008_resource_directory
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_instruments"
down_revision = "0008_resource_directory"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if not sa.inspect(op.get_bind()).has_table("held_instrument"):
        op.create_table(
            "held_instrument",
            sa.Column("instrument_id", sa.String(length=64), nullable=False),
            sa.Column("version", sa.String(length=32), nullable=False),
            sa.Column("sha256", sa.String(length=64), nullable=False),
            sa.Column("content", sa.Text(), nullable=False),
            sa.Column("retired", sa.Boolean(), nullable=False),
            sa.Column("updated_at", sa.String(length=32), nullable=False),
            sa.PrimaryKeyConstraint("instrument_id", "version", name=op.f("pk_held_instrument")),
        )


def downgrade() -> None:
    op.drop_table("held_instrument")
