"""Sync engine: credentials, revoked cases waiting for their uploads, resync leftovers, sync log.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _create_table(name, *columns):
    # tolerate a store where the table exists already (a store whose version row was rewound)
    if not sa.inspect(op.get_bind()).has_table(name):
        op.create_table(name, *columns)


def upgrade() -> None:
    _create_table(
        "credential",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("server_url", sa.Text(), nullable=False),
        sa.Column("username", sa.String(length=150), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("access_token", sa.Text(), nullable=False),
        sa.Column("access_expires_at", sa.String(length=40), nullable=False),
        sa.Column("refresh_token", sa.Text(), nullable=False),
        sa.Column("refresh_expires_at", sa.String(length=40), nullable=False),
        sa.Column("server_public_key", sa.Text(), nullable=False),
        sa.Column("ca_bundle", sa.Text(), nullable=True),
        sa.Column("paused_reason", sa.Text(), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_credential_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credential")),
    )
    _create_table(
        "revoked_case",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("revoked_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_revoked_case")),
    )
    _create_table(
        "resync_leftover",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_resync_leftover")),
    )
    _create_table(
        "sync_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("started_at", sa.String(length=32), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_log")),
    )


def downgrade() -> None:
    raise RuntimeError("a laptop store is never downgraded: its outbox may hold unsynced work")
