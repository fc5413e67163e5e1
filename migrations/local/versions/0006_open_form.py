"""open_form: the forms open on the laptop, so a draft open when the app died is reopened.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if (
        "open_form" in sa.inspect(op.get_bind()).get_table_names()
    ):  # a store made at this revision's tables
        return
    op.create_table(
        "open_form",
        sa.Column("record_id", sa.String(36), primary_key=True),
        sa.Column("opened_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("open_form")
