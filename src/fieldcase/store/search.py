"""Full-text search over narratives and names (FTS5).

User input is never FTS5 syntax: each word becomes a quoted literal ("" doubled inside) matched as
a prefix, so `' OR 1=1 --`, `"`, `NEAR(` or `*` are searched for as text and can never raise an
SQL or FTS5 syntax error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, text

from fieldcase.store.tables import SEARCH_TABLE


@dataclass(frozen=True)
class SearchHit:
    record_id: str
    kind: str
    case_id: str | None


def literal_query(user_text: str) -> str | None:
    """The FTS5 query for what the user typed: every word a quoted literal prefix, all required."""
    terms = []
    for word in user_text.split():
        if not any(ch.isalnum() for ch in word):
            continue  # punctuation alone holds no searchable token
        terms.append('"' + word.replace('"', '""') + '"*')
    return " ".join(terms) if terms else None


def index_record(
    connection: Connection, old_rowid: int | None, record_id: str, kind: str, case_id: str | None, words: str
) -> int | None:
    """(Re)index a record's words; returns its new FTS rowid (None when it has no words)."""
    remove_entry(connection, old_rowid)
    if not words.strip():
        return None
    result = connection.execute(
        text(f"INSERT INTO {SEARCH_TABLE} (record_id, kind, case_id, text) VALUES (:id, :kind, :case, :words)"),
        {"id": record_id, "kind": kind, "case": case_id, "words": words},
    )
    return result.lastrowid


def remove_entry(connection: Connection, rowid: int | None) -> None:
    # by rowid: FTS5 cannot look up its UNINDEXED columns without reading the whole table
    if rowid is not None:
        connection.execute(text(f"DELETE FROM {SEARCH_TABLE} WHERE rowid = :r"), {"r": rowid})


def search(
    connection: Connection,
    user_text: str,
    *,
    kinds: Iterable[str] | None = None,
    case_id: str | None = None,
    limit: int = 100,
) -> list[SearchHit]:
    query = literal_query(user_text)
    if query is None:
        return []
    sql = f"SELECT record_id, kind, case_id FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :q"
    params: dict[str, object] = {"q": query, "limit": limit}
    if case_id is not None:
        sql += " AND case_id = :case"
        params["case"] = case_id
    wanted = sorted(set(kinds)) if kinds is not None else None
    if wanted is not None:
        names = [f":k{i}" for i in range(len(wanted))]
        sql += f" AND kind IN ({', '.join(names) or 'NULL'})"
        params.update({f"k{i}": k for i, k in enumerate(wanted)})
    sql += " ORDER BY rank LIMIT :limit"
    return [SearchHit(r.record_id, r.kind, r.case_id) for r in connection.execute(text(sql), params)]
