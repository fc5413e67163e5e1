"""Full-text search over narratives and names (FTS5).

User input is never FTS5 syntax: each word becomes a quoted literal ("" doubled inside), so
`' OR 1=1 --`, `"`, `NEAR(` or `*` are searched for as text and can never raise an SQL or FTS5
syntax error. Only the last word is matched as a prefix (the word still being typed).

Search as typed (issue 19): FTS5 reads a whole word's list of entries newest first and stops at the
limit, but a prefix with no prefix index of its length is answered by merging the lists of every
word that starts with it first — 0.2-9 s over 100k narratives, at every keystroke. The index has
prefix indexes of 1-3 characters (migration 0011), so a short prefix is one list read newest
first; a longer one is replaced by the words that start with it (`record_search_terms`, read by
range), searched as `("word1" OR "word2" ...)`, which FTS5 also reads newest first. The matches are
the same either way: a narrative has a word starting with the prefix exactly when it has one of
those words. Where the typed word is not plain ASCII letters and digits (what FTS5's tokenizer
would make of it is then not simply its lower case), or starts too many words, the prefix query
is left to FTS5 as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, text

from fieldcase.store.tables import SEARCH_TABLE, SEARCH_TERMS_TABLE

#: prefixes of up to this many characters have an FTS5 prefix index (migration 0011)
INDEXED_PREFIX = 3
#: a longer prefix is searched as its words when it starts at most this many (else FTS5's own prefix query)
MAX_WORDS = 64
_PLAIN_WORD = re.compile(r"[A-Za-z0-9]+\Z")
_WORDS_STARTING = (
    f"SELECT term FROM {SEARCH_TERMS_TABLE} WHERE term >= :low AND term < :high LIMIT :most"  # noqa: S608 - a constant table name; values bound
)

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


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def literal_query(
    user_text: str, *, prefix_last: bool = True, last_words: list[str] | None = None
) -> str | None:
    """The FTS5 query for what the user typed: every word a quoted literal, all required; the last
    one also matches as a prefix unless the text ends in a space (the word is finished).
    `last_words`: the words the last one is a prefix of (`prefix_words`), searched instead of the prefix."""
    words = [
        w for w in user_text.split() if any(ch.isalnum() for ch in w)
    ]  # punctuation alone holds no token
    if not words:
        return None
    terms = [_quoted(word) for word in words]
    if prefix_last and not user_text[-1:].isspace():
        if last_words is None:
            terms[-1] += "*"
        else:
            terms[-1] = "(" + " OR ".join(_quoted(w) for w in last_words) + ")"
            return " AND ".join(terms)  # FTS5 reads no implicit AND before a parenthesis
    return " ".join(terms)


def prefix_words(connection: Connection, user_text: str) -> list[str] | None:
    """The indexed words that the word being typed (the last one) starts, when they are better
    searched than the prefix itself (see the module's docstring); None to search the prefix."""
    words = user_text.split()
    if not words or user_text[-1:].isspace():
        return None
    last = words[-1]
    if len(last) <= INDEXED_PREFIX or not _PLAIN_WORD.match(last):
        return None
    low = last.lower()  # unicode61's token for ASCII letters and digits
    high = low[:-1] + chr(ord(low[-1]) + 1)
    found = [
        row[0]
        for row in connection.execute(
            text(_WORDS_STARTING), {"low": low, "high": high, "most": MAX_WORDS + 1}
        )
    ]
    return None if len(found) > MAX_WORDS else found


def index_record(
    connection: Connection,
    old_rowid: int | None,
    record_id: str,
    kind: str,
    case_id: str | None,
    words: str,
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
    last_words = prefix_words(connection, user_text) if prefix_last else None
    if last_words == []:
        return []  # no indexed word starts with what is being typed
    query = literal_query(user_text, prefix_last=prefix_last, last_words=last_words)
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
    return [
        SearchHit(r.record_id, r.kind, r.case_id) for r in connection.execute(text(sql), params)
    ]
