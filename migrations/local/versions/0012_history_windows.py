"""Two indexes so that the compliance screens read a bounded window of the history, not all of it
(store/compliance_facts.py, "History-proof screens"):

- `ix_record_kind_occurred_on`: the home visits and collateral contacts of this fiscal year, found
  by kind and day without walking the older years;
- `ix_record_late_note` (partial): the contacts of any age whose note may be late — not recorded, or
  recorded more than 12 hours after the contact ended — which documentation timeliness counts
  whatever their age. SQLite keeps both on every write, the sync's included: no write path changes.

Revision ID: 0012_history_windows
Revises: 0011_search_as_typed
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

# tables.LATE_NOTE_WHERE as of this revision (a migration keeps its own copy: it must not follow
# later edits); store/compliance_facts.py repeats it in its query so that SQLite uses the index
LATE_NOTE_WHERE = (
    "kind IN ('home_visit', 'collateral_contact') AND coalesce(julianday(json_extract(body, '$.recorded_at'))"
    " - julianday(json_extract(body, '$.contact_end')), 1) > 0.5"
)

revision = "0012_history_windows"
down_revision = "0011_search_as_typed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    existing = {i["name"] for i in sa.inspect(op.get_bind()).get_indexes("record")}
    if "ix_record_kind_occurred_on" not in existing:
        op.create_index("ix_record_kind_occurred_on", "record", ["kind", "occurred_on"])
    if "ix_record_late_note" not in existing:
        op.create_index(
            "ix_record_late_note",
            "record",
            ["kind", "occurred_on"],
            sqlite_where=sa.text(LATE_NOTE_WHERE),
        )


def downgrade() -> None:
    op.drop_index("ix_record_late_note", table_name="record")
    op.drop_index("ix_record_kind_occurred_on", table_name="record")
