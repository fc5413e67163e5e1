"""A store made with a passphrase holds no plaintext anywhere on disk."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from fieldcase.domain.ids import new_id
from helpers.store import a_child, a_visit

NAME = "Zzcanaryname"
NARRATIVE = "zzcanarynarrative"


def _all_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _plant(store) -> None:
    case_id = new_id()
    child = a_child(case_id, given=NAME)
    store.save(child)
    for _ in range(20):  # enough rows to spill across pages and into the WAL
        store.save(a_visit(case_id, child.id, observations=f"The child said {NARRATIVE} twice."))


def test_no_plaintext_in_the_database_wal_shm_or_temp_files(store, data_dir: Path):
    before_tmp = set(Path(tempfile.gettempdir()).iterdir())
    _plant(store)
    assert store.search(NARRATIVE), "the canary must really be in the store"
    while_open = _all_bytes(data_dir)
    assert any(name.endswith("-wal") for name in while_open), "the WAL should hold recent pages"
    store.lock()
    after_lock = _all_bytes(data_dir)
    new_tmp = [p for p in set(Path(tempfile.gettempdir()).iterdir()) - before_tmp if p.is_file()]
    for label, files in (("open", while_open), ("locked", after_lock)):
        for name, content in files.items():
            for canary in (NAME, NARRATIVE, "Pérez"):
                for encoded in (canary.encode(), canary.encode("utf-16-le")):
                    assert encoded not in content, f"plaintext in {Path(name).name} while {label}"
    for path in new_tmp:
        try:  # the temp folder is shared with the suite's other workers, whose files come and go
            content = path.read_bytes()
        except OSError:
            continue
        assert NARRATIVE.encode() not in content
    assert not (data_dir / "fieldcase.db").read_bytes().startswith(b"SQLite format 3")


def test_sql_errors_never_carry_the_values(store):
    child = a_child(new_id(), given=NAME)
    store.save(child)
    with pytest.raises(IntegrityError) as caught, store.transaction() as connection:
        connection.execute(
            text(
                "INSERT INTO record (id, kind, rev, version, body, updated_at) VALUES (:i, 'person', 0, 1, :b, 'x')"
            ),
            {"i": child.id, "b": NAME},
        )
    assert NAME not in str(caught.value)
