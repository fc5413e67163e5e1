"""Search as typed: the full-text index gains prefix indexes of 1, 2 and 3 characters and a list of
its words (issue 19: the word still being typed, matched as a prefix, took 0.2-9 s over 100k
narratives).

FTS5 answers a prefix with no prefix index of its length by merging the lists of every word that
starts with it before it can return the first match, where a whole word is read newest first and
the search stops at its limit. With prefix indexes, a prefix of 1-3 characters is one list read
that way; a longer one is turned into its words (read from `record_search_terms`, an fts5vocab
view of the index that stores nothing) searched with OR, which FTS5 also reads newest first
(store/search.py).

The table is made again with the option (FTS5 cannot add a prefix index to an existing table), its
entries copied under the same rowids (record.search_rowid names them) and secure-delete set again;
the old table is dropped, its pages overwritten (the store's secure_delete pragma).

Revision ID: 0011_search_as_typed
Revises: 0010_agency_approval
Create Date: 2026-12-07
"""

from alembic import op

revision = "0011_search_as_typed"
down_revision = "0010_agency_approval"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE record_search_new USING fts5("
        "record_id UNINDEXED, kind UNINDEXED, case_id UNINDEXED, text, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
    )
    op.execute("INSERT INTO record_search_new(record_search_new, rank) VALUES ('secure-delete', 1)")
    op.execute(
        "INSERT INTO record_search_new (rowid, record_id, kind, case_id, text) "
        "SELECT rowid, record_id, kind, case_id, text FROM record_search ORDER BY rowid"
    )
    op.execute("DROP TABLE record_search")
    op.execute("ALTER TABLE record_search_new RENAME TO record_search")
    op.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS record_search_terms USING fts5vocab(record_search, 'row')"
    )


def downgrade() -> None:
    raise RuntimeError("a laptop store is never downgraded: its outbox may hold unsynced work")
