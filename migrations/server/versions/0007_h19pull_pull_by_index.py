"""pull by index: a device's held cases in grant order (issue 19 item 1)

Revision ID: 0007_h19pull
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007_h19pull"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # the changes feed walks a device's grants in seq order (server/changes.py _granted_part)
    op.create_index("ix_device_case_scope_device_granted", "device_case_scope", ["device_id", "granted_seq"])


def downgrade() -> None:
    op.drop_index("ix_device_case_scope_device_granted", table_name="device_case_scope")
