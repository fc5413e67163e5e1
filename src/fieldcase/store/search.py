"""Full-text search over narratives and names (FTS5).

User input is never FTS5 syntax: each word becomes a quoted literal ("" doubled inside), so
`' OR 1=1 --`, `"`, `NEAR(` or `*` are searched for as text and can never raise an SQL or FTS5
syntax error. Only the last word is matched as a prefix (the word still being typed): FTS5 cannot
stop early on a prefix query, so a prefix on every word made common-word searches slow.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, text

from fieldcase.store.tables import SEARCH_TABLE

# SQL naming the full-text table (a constant of tables.py); every value is bound
_INSERT = (
    f"INSERT INTO {SEARCH_TABLE} (record_id, kind, case_id, text) "  # noqa: S608
    "VALUES (:id, :kind, :case, :words)"
)
_DELETE = f"DELETE FROM {SEARCH_TABLE} WHERE rowid = :r"  # noqa: S608
_MATCH = f"SELECT record_id, kind, case_id FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :q"  # noqa: S608


@dataclass(frozen=True)
class SearchHit:
    record_id: str
    kind: str
    case_id: str | None


def literal_query(user_text: str, *, prefix_last: bool = True) -> str | None:
    """The FTS5 query for what the user typed: every word a quoted literal, all required; the last
    one also matches as a prefix unless the text ends in a space (the word is finished)."""
    words = [w for w in user_text.split() if any(ch.isalnum() for ch in w)]  # punctuation alone holds no token
    if not words:
        return None
    terms = ['"' + word.replace('"', '""') + '"' for word in words]
    if prefix_last and not user_text[-1:].isspace():
        terms[-1] += "*"
    return " ".join(terms)


def index_record(
    connection: Connection, old_rowid: int | None, record_id: str, kind: str, case_id: str | None, words: str
) -> int | None:
    """(Re)index a record's words; returns its new FTS rowid (None when it has no words)."""
    remove_entry(connection, old_rowid)
    if not words.strip():
        return None
    result = connection.execute(
        text(_INSERT),
        {"id": record_id, "kind": kind, "case": case_id, "words": words},
    )
    return result.lastrowid


def remove_entry(connection: Connection, rowid: int | None) -> None:
    # by rowid: FTS5 cannot look up its UNINDEXED columns without reading the whole table
    if rowid is not None:
        connection.execute(text(_DELETE), {"r": rowid})


def search(
    connection: Connection,
    user_text: str,
    *,
    kinds: Iterable[str] | None = None,
    case_id: str | None = None,
    limit: int = 100,
    prefix_last: bool = True,
) -> list[SearchHit]:
    query = literal_query(user_text, prefix_last=prefix_last)
    if query is None:
        return []
    sql = _MATCH
    params: dict[str, object] = {"q": query, "limit": limit}
    if case_id is not None:
        sql += " AND case_id = :case"
        params["case"] = case_id
    wanted = sorted(set(kinds)) if kinds is not None else None
    if wanted is not None:
        names = [f":k{i}" for i in range(len(wanted))]
        sql += f" AND kind IN ({', '.join(names) or 'NULL'})"
        params.update({f"k{i}": k for i, k in enumerate(wanted)})
    # newest entries first: FTS5 walks its doclists in rowid order and stops at the limit, where
    # ordering by rank would score every match (a common word matches thousands of narratives)
    sql += " ORDER BY rowid DESC LIMIT :limit"
    return [SearchHit(r.record_id, r.kind, r.case_id) for r in connection.execute(text(sql), params)]
