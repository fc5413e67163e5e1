"""The agency's choice of which kinds a supervisor approves, as the server last said it (the hello's
`approval_required`, domain/approval.py): kept so the laptop files or submits offline as the agency
decided. NULL: the server never said (an older server), the laptop's own rule pack decides.

Revision ID: 0010_agency_approval
Revises: 0009_instruments
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_agency_approval"
down_revision = "0009_instruments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("sync_state")}
    if "approval_required" not in columns:
        with op.batch_alter_table("sync_state") as batch:
            batch.add_column(sa.Column("approval_required", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        batch.drop_column("approval_required")
