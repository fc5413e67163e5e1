"""Full-text search over narratives and names (FTS5).

Diacritics are folded so "Jose" finds "José"; FTS5's own secure-delete makes a purge remove the
words from the index too, not just the row.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE record_search USING fts5("
        "record_id UNINDEXED, kind UNINDEXED, case_id UNINDEXED, text, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    op.execute("INSERT INTO record_search(record_search, rank) VALUES ('secure-delete', 1)")


def downgrade() -> None:
    raise RuntimeError("a laptop store is never downgraded: its outbox may hold unsynced work")
