"""pull by index (a device's held cases in grant order); audit retention by permit (issue 19)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_APPEND_ONLY = "the audit log is append-only"


def upgrade() -> None:
    # the changes feed walks a device's grants in seq order (server/changes.py granted_part)
    op.create_index(
        "ix_device_case_scope_device_granted", "device_case_scope", ["device_id", "granted_seq"]
    )
    # `prune-audit` (server/audit_retention.py): a delete of an audit row is refused unless a permit
    # row, written and removed inside the pruning transaction, says the row is older than its cutoff
    op.create_table(
        "audit_prune_permit",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("cutoff", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_prune_permit")),
    )
    _refuse_deletes(permitted=True)


def downgrade() -> None:
    _refuse_deletes(permitted=False)
    op.drop_table("audit_prune_permit")
    op.drop_index("ix_device_case_scope_device_granted", table_name="device_case_scope")


def _refuse_deletes(*, permitted: bool) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        when = (
            " WHEN NOT EXISTS (SELECT 1 FROM audit_prune_permit WHERE OLD.at < audit_prune_permit.cutoff)"
            if permitted
            else ""
        )
        op.execute(
            f"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log{when} BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY}'); END"
        )
        return
    if permitted:
        body = (
            "BEGIN IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_prune_permit p WHERE OLD.at < p.cutoff) "  # noqa: S608 - this file's constants
            f"THEN RETURN OLD; END IF; RAISE EXCEPTION '{_APPEND_ONLY}'; END"
        )
    else:
        body = f"BEGIN RAISE EXCEPTION '{_APPEND_ONLY}'; END"
    op.execute(
        f"CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ {body} $$"
    )
