"""A stolen database reveals no child's story (issue 16, item 10): narratives, addresses, reporters'
names, reasons, comments, conflict values and attachment bytes are encrypted at rest with a key
the server holds outside the database; the key can be rotated; an older database is encrypted on
upgrade; without a key the server refuses to start."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from fieldcase.domain.ids import new_id
from fieldcase.server import key_rotation
from fieldcase.server.cli import main as server_cli
from fieldcase.server.keyring import (
    KeyMismatch,
    Keyring,
    NoAtRestKey,
    fingerprint,
    new_kek_text,
    parse_keks,
)

NARRATIVE = "zzcanarynarrative: the child said the uncle hits her"
ADDRESS = "Zzcanaryaddress 12 Elm Street"
REPORTER = "Zzcanaryname Reporterson"
REASON = "Zzcanaryreason rewrite the second paragraph"
COMMENT = "Zzcanarycomment who drove her home?"
PHOTO = b"\xff\xd8ZZCANARYPHOTOBYTES of a bruised arm" * 200
CANARIES = (NARRATIVE, ADDRESS, REPORTER, REASON, COMMENT)


def _story(server) -> dict[str, str]:
    """One case holding every kind of content the dump must not reveal; returns ids."""
    team = server.make_team("A")
    server.make_user("ana", team=team)
    case = server.make_case("ana", reporter_name=REPORTER)
    ana = server.device("ana")
    person, visit = new_id(), new_id()
    ana.push_ok(
        ana.mutation(
            "create",
            "person",
            person,
            fields={
                "case_id": case,
                "role": "resource_parent",
                "family_name": REPORTER,
                "address": ADDRESS,
            },
        ),
        ana.mutation(
            "create", "home_visit", visit, fields={"case_id": case, "observations": NARRATIVE}
        ),
    )
    # a conflict keeps both values of the narrative
    laptop2 = server.device("ana")
    ana.push_ok(
        ana.mutation(
            "patch",
            "home_visit",
            visit,
            base_rev=1,
            patch={"observations": {"base": NARRATIVE, "new": NARRATIVE + " (ana)"}},
        )
    )
    laptop2.push_ok(
        laptop2.mutation(
            "patch",
            "home_visit",
            visit,
            base_rev=1,
            patch={"observations": {"base": NARRATIVE, "new": NARRATIVE + " (laptop2)"}},
        )
    )
    comment = ana.mutation(
        "command",
        "home_visit",
        visit,
        command="comment",
        args={"comment_id": new_id(), "text": COMMENT},
    )
    ana.push_ok(comment)
    sha = hashlib.sha256(PHOTO).hexdigest()
    ana.post(f"/blobs/{sha}", {"size": len(PHOTO), "mime": "image/jpeg"})
    ana.put(
        f"/blobs/{sha}/chunks/0",
        PHOTO,
        headers={"X-FC-Chunk-SHA256": sha, "Content-Type": "application/octet-stream"},
    )
    assert ana.post(f"/blobs/{sha}/commit").status_code == 200
    ana.push_ok(
        ana.mutation(
            "attach",
            "home_visit",
            visit,
            field="attachments",
            attachment={"sha256": sha, "size": len(PHOTO), "mime": "image/jpeg", "name": "arm.jpg"},
        )
    )
    # a half-uploaded second photo sits in the upload area
    half = PHOTO[::-1]
    half_sha = hashlib.sha256(half).hexdigest()
    ana.post(f"/blobs/{half_sha}", {"size": len(half), "mime": "image/jpeg"})
    ana.put(
        f"/blobs/{half_sha}/chunks/0",
        half[:3000],
        headers={
            "X-FC-Chunk-SHA256": hashlib.sha256(half[:3000]).hexdigest(),
            "Content-Type": "application/octet-stream",
        },
    )
    # a second visit, voided with a reason
    voided = new_id()
    ana.push_ok(ana.mutation("create", "home_visit", voided, fields={"case_id": case}))
    [r] = ana.push_ok(
        ana.mutation("command", "home_visit", voided, command="void", args={"reason": REASON})
    )
    assert r["result"] == "applied", r
    return {"case": case, "visit": visit, "person": person, "sha": sha, "ana": ana}


def _raw_dump(server) -> bytes:
    """What a thief gets: the SQLite file (with its WAL), or every row of every table and a pg_dump."""
    if server.backend == "sqlite":
        path = Path(server.db.url.removeprefix("sqlite:///"))
        server.db.dispose()
        return b"".join(
            p.read_bytes() for p in path.parent.iterdir() if p.name.startswith(path.name)
        )
    out = []
    with server.db.write_engine.connect() as conn:
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
        tables = (
            conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            )
            .scalars()
            .all()
        )
        for table in tables:
            out += [
                row.encode()
                for row in conn.execute(text(f'SELECT t::text FROM "{table}" t')).scalars()
            ]
    if shutil.which("pg_dump"):
        dump = subprocess.run(
            ["pg_dump", "-h", "127.0.0.1", "-U", "postgres", "-n", schema, "test"],
            capture_output=True,
            check=True,
        )
        out.append(dump.stdout)
    return b"\n".join(out)


def _assert_no_canary(dump: bytes, *, plaintext_seen: bytes | None = b"ana") -> None:
    lowered = dump.lower()
    if (
        plaintext_seen is not None
    ):  # the dump is readable: what stays plaintext (a username) is found
        assert plaintext_seen in dump
    for canary in CANARIES:
        assert canary.lower().encode() not in lowered, canary[:12]
    piece = b"ZZCANARYPHOTOBYTES"
    assert piece not in dump and piece.hex().encode() not in lowered, "attachment bytes"


def test_a_stolen_database_reveals_no_childs_story(server):
    ids = _story(server)
    ana = ids["ana"]
    # the server itself still reads everything
    assert ana.get(f"/records/{ids['visit']}").json()["body"]["observations"].startswith(NARRATIVE)
    assert ana.get(f"/records/{ids['person']}").json()["body"]["address"] == ADDRESS
    assert ana.get(f"/blobs/{ids['sha']}").content == PHOTO
    pulled = str(ana.pull_all())
    for canary in CANARIES:
        assert canary in pulled, canary[:12]
    _assert_no_canary(_raw_dump(server))


def test_without_a_key_the_server_refuses_to_start(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("FIELDCASE_SERVER_KEY", raising=False)
    monkeypatch.delenv("FIELDCASE_SERVER_KEY_FILE", raising=False)
    db = tmp_path / "server.sqlite3"
    for command in (["init-db"], ["run", "--port", "1"], ["seed-demo", "--children", "1"]):
        assert server_cli(["--db", str(db), *command]) == 1
        err = capsys.readouterr().err
        assert "No at-rest key is configured" in err and "fieldcase-server key new" in err
    assert not db.exists()
    # a key file others can read is refused too
    key_file = tmp_path / "server.key"
    key_file.write_text(new_kek_text() + "\n")
    key_file.chmod(0o644)
    monkeypatch.setenv("FIELDCASE_SERVER_KEY_FILE", str(key_file))
    assert server_cli(["--db", str(db), "init-db"]) == 1
    assert "chmod 600" in capsys.readouterr().err


def _same_database(server, keys: list[str]):
    """Another handle on the harness's database, with these at-rest keys."""
    from fieldcase.server.db import Database

    keyring = Keyring(parse_keks("\n".join(keys), "test keys"))
    if server.backend == "sqlite":
        return Database(server.db.url, keyring=keyring)
    from tests.integration.conftest import PG_URL

    with server.db.write_engine.connect() as conn:
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    return Database(PG_URL, connect_args={"options": f"-csearch_path={schema}"}, keyring=keyring)


def _reads_the_story(db, ids) -> None:
    from fieldcase.server.models import BlobChunk, Record

    with db.read() as session:
        assert session.get(Record, ids["visit"]).body["observations"].startswith(NARRATIVE)
        chunks = session.query(BlobChunk).filter_by(sha256=ids["sha"]).order_by(BlobChunk.offset)
        assert b"".join(c.data for c in chunks) == PHOTO


def test_key_rotation_rewraps_and_the_old_key_can_go(server):
    ids = _story(server)
    old_key, new_key = os.environ["FIELDCASE_SERVER_KEY"], new_kek_text()
    both = _same_database(server, [new_key, old_key])
    assert key_rotation.rotate(both, new_data_key=True) == {
        "encrypted": 0,
        "rewrapped": 1,
        "reencrypted": both_count(both),
    }
    found = key_rotation.status(both)
    assert found.data_keys == 2 and found.active_data_key == 2 and not found.plaintext_left
    assert found.wrapped_by == {fingerprint(parse_keks(new_key, "k")[0]): 2}
    assert key_rotation.rotate(both) == {
        "encrypted": 0,
        "rewrapped": 0,
    }  # again: nothing left to do
    both.dispose()
    server.db.dispose()

    new_only = _same_database(server, [new_key])
    _reads_the_story(new_only, ids)
    new_only.dispose()
    old_only = _same_database(server, [old_key])
    with pytest.raises(KeyMismatch, match="wrapped by a key the server was not given"):
        _reads_the_story(old_only, ids)
    old_only.dispose()
    _assert_no_canary(_raw_dump(server))


def both_count(db) -> int:
    """How many encrypted values the database holds (all of them are re-encrypted)."""
    total = 0
    with db.read() as session:
        for table, column in key_rotation.encrypted_columns():
            total += session.execute(
                select(func.count()).select_from(table).where(column.is_not(None))
            ).scalar_one()
    return total


def test_key_commands_on_a_key_file(sqlite_server, tmp_path, monkeypatch, capsys):
    _story(sqlite_server)
    sqlite_server.db.dispose()
    key_file = tmp_path / "server.key"
    key_file.write_text(os.environ["FIELDCASE_SERVER_KEY"] + "\n")
    key_file.chmod(0o600)
    monkeypatch.delenv("FIELDCASE_SERVER_KEY")
    monkeypatch.setenv("FIELDCASE_SERVER_KEY_FILE", str(key_file))
    args = ["--db", sqlite_server.db.url.removeprefix("sqlite:///")]
    assert server_cli([*args, "key", "new", str(key_file)]) == 0
    assert (
        len(parse_keks(key_file.read_text(), "f")) == 2
        and (key_file.stat().st_mode & 0o777) == 0o600
    )
    assert server_cli([*args, "key", "status"]) == 0
    assert "Run `fieldcase-server key rotate` before removing" in capsys.readouterr().out
    assert server_cli([*args, "rotate-key"]) == 0
    said = capsys.readouterr().out
    assert "re-wrapped 1 data key" in said and "remove the older keys" in said
    key_file.write_text(key_file.read_text().splitlines()[1] + "\n")  # the old key leaves the file
    assert server_cli([*args, "key", "status"]) == 0
    assert server_cli([*args, "device", "list"]) == 0


def _empty_database(backend: str, tmp_path: Path, request):
    from fieldcase.server.db import Database

    if backend == "sqlite":
        return Database(f"sqlite:///{tmp_path / 'old.sqlite3'}"), None
    from tests.integration.conftest import PG_URL, _pg_reachable

    if not _pg_reachable():
        pytest.skip("PostgreSQL is not reachable")
    import psycopg

    schema = f"fc_old_{uuid.uuid4().hex[:10]}"
    plain = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")

    def drop() -> None:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")

    request.addfinalizer(drop)
    return Database(PG_URL, connect_args={"options": f"-csearch_path={schema}"}), schema


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_an_older_database_is_encrypted_on_upgrade(backend, tmp_path, request):
    """A database from before encryption: its plaintext rows are encrypted by the upgrade
    (`init-db`, which `run` performs too), and still read the same."""
    db, _schema = _empty_database(backend, tmp_path, request)
    db.migrate("0003")
    body = '{"id": "r1", "case_id": "c1", "observations": "' + NARRATIVE + '"}'
    with db.write_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO record (id, kind, case_id, rev, status, deleted, body, field_authors, created_at, updated_at, last_seq, return_reason) "
                "VALUES ('r1', 'home_visit', 'c1', 1, 'returned', false, :body, '{}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0, :reason)"
            ),
            {"body": body, "reason": REASON},
        )
        conn.execute(
            text(
                "INSERT INTO blob (sha256, size, mime, created_at) VALUES ('ab', :n, 'image/jpeg', CURRENT_TIMESTAMP)"
            ),
            {"n": len(PHOTO)},
        )
        conn.execute(
            text("INSERT INTO blob_chunk (sha256, \"offset\", data) VALUES ('ab', 0, :data)"),
            {"data": PHOTO},
        )
    db.migrate()  # what init-db and run do
    with db.read() as session:
        from fieldcase.server.models import BlobChunk, Record

        record = session.get(Record, "r1")
        assert record.body["observations"] == NARRATIVE and record.return_reason == REASON
        assert session.get(BlobChunk, ("ab", 0)).data == PHOTO
    with db.write_engine.connect() as conn:
        raw = [
            str(row)
            for table in ("record", "blob_chunk")
            for row in conn.execute(text(f"SELECT * FROM {table}")).all()
        ]
    dump = "\n".join(raw).encode()
    _assert_no_canary(dump, plaintext_seen=b"home_visit")
    assert key_rotation.encrypt_existing(db) == 0  # done once; the next start costs one read
    db.dispose()


def test_no_key_error_names_no_key_material(monkeypatch):
    monkeypatch.setenv("FIELDCASE_SERVER_KEY", "not-a-key")
    from fieldcase.server.keyring import keyring_from_settings

    with pytest.raises(NoAtRestKey) as caught:
        keyring_from_settings()
    assert "not-a-key" not in str(caught.value)


def test_a_running_server_takes_up_a_new_data_key_and_survives_one_it_cannot_open(server):
    from fieldcase.server.models import Record

    ids = _story(server)
    other = _same_database(server, [os.environ["FIELDCASE_SERVER_KEY"]])
    assert (
        key_rotation.ensure_data_key(other, new=True) == 2
    )  # `key rotate --new-data-key` elsewhere
    other.dispose()
    server.db._key_checked = 0.0  # a minute later
    with server.db.write() as session:
        session.get(Record, ids["visit"]).return_reason = REASON
    assert server.db.keyring.active_id == 2
    # a data key wrapped by a key this process was not started with: it keeps writing with its own
    stranger = _same_database(server, [new_kek_text(), os.environ["FIELDCASE_SERVER_KEY"]])
    assert (
        key_rotation.ensure_data_key(stranger, new=True) == 3
    )  # wrapped by the stranger's new key
    stranger.dispose()
    server.db._key_checked = 0.0
    with server.db.write() as session:
        session.get(Record, ids["visit"]).void_reason = REASON
    assert server.db.keyring.active_id == 2
    with server.db.read() as session:
        assert session.get(Record, ids["visit"]).void_reason == REASON


def test_key_new_into_a_missing_folder_says_so(tmp_path, capsys):
    assert server_cli(["key", "new", str(tmp_path / "missing" / "server.key")]) == 1
    assert "Cannot write a key file" in capsys.readouterr().err
