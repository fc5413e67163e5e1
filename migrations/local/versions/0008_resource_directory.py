"""The office's resource directory on the laptop (GET /providers, store/resource_directory.py):
community providers to refer parents and children to, searched offline.

Revision ID: 0008_resource_directory
Revises: 0007
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_resource_directory"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if not sa.inspect(op.get_bind()).has_table("resource_provider"):
        op.create_table(
            "resource_provider",
            sa.Column("provider_id", sa.String(length=36), nullable=False),
            sa.Column("name", sa.String(length=200), nullable=False),
            sa.Column("service_types", sa.String(length=400), nullable=False),
            sa.Column("county", sa.String(length=100), nullable=False),
            sa.Column("address", sa.String(length=400), nullable=False),
            sa.Column("phone", sa.String(length=50), nullable=False),
            sa.Column("notes", sa.Text(), nullable=False),
            sa.Column("updated_at", sa.String(length=32), nullable=False),
            sa.PrimaryKeyConstraint("provider_id", name=op.f("pk_resource_provider")),
        )


def downgrade() -> None:
    op.drop_table("resource_provider")
