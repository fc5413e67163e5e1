"""record_child.seen by the one rule of when a visit saw a child (domain/seen.py): a completed,
face-to-face contact with a start, not voided, "seen": yes on the child's row. Before, a child's
row said seen whenever the row said so, so the caseload's "Last seen" counted a draft with no
outcome (or a phone call) that "This month" did not.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_RECOUNT = """
UPDATE record_child SET seen = EXISTS (
  SELECT 1 FROM record, json_each(record.body, '$.children') AS row
   WHERE record.id = record_child.record_id AND record.kind = 'home_visit'
     AND record.status <> 'voided'
     AND json_extract(record.body, '$.outcome') = 'completed'
     AND json_extract(record.body, '$.method') = 'face_to_face'
     AND json_extract(record.body, '$.contact_start') IS NOT NULL
     AND json_extract(row.value, '$.child_id') = record_child.child_id
     AND json_extract(row.value, '$.seen') = 1)
"""


def upgrade() -> None:
    op.execute(_RECOUNT)


def downgrade() -> None:
    pass  # the looser count is not worth restoring: the column stays, its rows keep the rule
