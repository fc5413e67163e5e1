"""a generation number per reference list, moved by triggers (issue 19: a no-op sync asks for no list)

The team directory, the resource directory and the instruments list are sent whole. A laptop used to
ask for all three at every sync; now the hello tells it each list's generation (server/list_versions.py)
and it asks only for a list that moved. The numbers are moved by the database itself, in the
writing transaction, so no writer can forget: the admin commands, the agency import, a hand-written
UPDATE. Only the columns a list shows move it (a password change or a sign-in does not).

Revision ID: 0010
Revises: 0009_instruments
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009_instruments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, the columns whose change the list shows, the list) as of this revision
_WATCHED = (
    ("app_user", "org_id, username, display_name, role, team_id, active", "directory"),
    ("team", "org_id, supervisor_id", "directory"),
    (
        "service_provider",
        "name, service_types, county, address, phone, notes, active",
        "providers",
    ),
    ("assessment_instrument", "instrument_id, version, sha256, active", "instruments"),
)
_LISTS = ("directory", "providers", "instruments")


def upgrade() -> None:
    op.create_table(
        "list_generation",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_list_generation")),
    )
    op.bulk_insert(
        sa.table("list_generation", sa.column("name"), sa.column("value")),
        [{"name": name, "value": 0} for name in _LISTS],
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    if not sqlite:
        op.execute(
            "CREATE FUNCTION fc_list_moved() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "UPDATE list_generation SET value = value + 1 WHERE name = TG_ARGV[0]; RETURN NULL; END $$"
        )
    for table, columns, name in _WATCHED:
        for event in ("INSERT", "DELETE", f"UPDATE OF {columns}"):
            trigger = f"fc_{table}_{event.split()[0].lower()}_moves_{name}"
            if sqlite:  # row triggers only; a bulk import moves the number once per row, harmlessly
                op.execute(
                    f"CREATE TRIGGER {trigger} AFTER {event} ON {table} BEGIN "  # noqa: S608 - this file's constants
                    f"UPDATE list_generation SET value = value + 1 WHERE name = '{name}'; END"
                )
            else:  # once per statement: an import of 5,000 providers takes the row lock once
                op.execute(
                    f"CREATE TRIGGER {trigger} AFTER {event} ON {table} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION fc_list_moved('{name}')"
                )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, _columns, name in _WATCHED:
        for event in ("insert", "delete", "update"):
            trigger = f"fc_{table}_{event}_moves_{name}"
            op.execute(
                f"DROP TRIGGER IF EXISTS {trigger}"
                if sqlite
                else f"DROP TRIGGER IF EXISTS {trigger} ON {table}"
            )
    if not sqlite:
        op.execute("DROP FUNCTION IF EXISTS fc_list_moved()")
    op.drop_table("list_generation")
