"""Local migrations: they match the tables, run on the encrypted connection at unlock (after a
backup), and never touch outbox rows."""

from __future__ import annotations

import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from fieldcase.domain.ids import new_id
from fieldcase.store import migrate
from fieldcase.store.store import Store
from fieldcase.store.tables import SEARCH_TABLE, metadata, outbox
from helpers.store import PASSPHRASE, a_visit


def _include(name, type_, parent_names):
    return not (type_ == "table" and name and name.startswith(SEARCH_TABLE))


def test_models_and_migrations_agree(store):
    with store.reading() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": _include, "compare_type": True}
        )
        assert compare_metadata(context, metadata) == []
        assert migrate.current_revision(connection) == migrate.head_revision()
        assert migrate.stored_revision(connection) == migrate.HEAD_REVISION and migrate.is_current(
            connection
        )


def test_the_head_constant_is_alembics_head():
    # unlock compares the stored revision with this constant before it would load alembic
    assert migrate.head_revision() == migrate.HEAD_REVISION


def test_unlocking_an_up_to_date_store_does_not_load_alembic(data_dir):
    script = (
        "import sys\n"
        "from fieldcase.store.store import Store\n"
        f"store = Store.unlock({str(data_dir)!r}, {PASSPHRASE!r})\n"
        "store.lock()\n"
        "print(sorted(m for m in sys.modules if m == 'alembic' or m.startswith('alembic.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[]"


def test_unlock_upgrades_an_older_store_after_a_backup_and_keeps_the_outbox(data_dir, clock):
    store = Store.unlock(data_dir, PASSPHRASE, clock=clock)
    for _ in range(3):
        store.save(a_visit(new_id(), new_id()))
    # make it look like a store written by a build that only knew revision 0001
    with store.transaction() as connection:
        connection.exec_driver_sql(f"DROP TABLE {SEARCH_TABLE}")
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")
    with store.reading() as connection:
        before = connection.execute(select(outbox).order_by(outbox.c.device_seq)).all()
    store.lock()

    upgraded = Store.unlock(data_dir, PASSPHRASE, clock=clock)
    with upgraded.reading() as connection:
        assert migrate.current_revision(connection) == migrate.head_revision()
        assert migrate.stored_revision(connection) == migrate.HEAD_REVISION
        after = connection.execute(select(outbox).order_by(outbox.c.device_seq)).all()
    assert len(before) >= 3 and after == before
    backups = list((data_dir / "backups").glob("fieldcase-*.db"))
    # the backup is the store as it was BEFORE the upgrade, readable with the same key (comparing the
    # files' first 16 bytes, the salt both always share, could not tell a copy taken after from one before)
    assert len(backups) == 1
    assert _revision_and_outbox(data_dir, backups[0]) == ("0001", len(before))
    assert any(e.action == "store.upgrade" for e in upgraded.audit_events())
    # the index made anew by the upgrade holds the records written before it
    assert len(upgraded.search("Calm")) == 3
    upgraded.lock()


def _revision_and_outbox(data_dir, database) -> tuple[str, int]:
    """The alembic revision and outbox row count of `database`, a copy of the store in `data_dir`,
    opened with the store's key without migrating it."""
    import shutil

    from fieldcase.security import keyfile
    from fieldcase.store.connection import connect_keyed
    from fieldcase.store.paths import StorePaths

    copy = data_dir.parent / "backup-opened"
    copy.mkdir()
    try:
        paths = StorePaths.for_directory(copy)
        shutil.copy2(database, paths.database)
        header, key = keyfile.unlock_key_file(
            StorePaths.for_directory(data_dir).key_file, PASSPHRASE
        )
        connection = connect_keyed(paths, key, header.db_uuid)
        try:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            rows = connection.execute("SELECT count(*) FROM outbox").fetchone()[0]
        finally:
            connection.close()
            key.wipe()
        return revision, rows
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def test_migration_scripts_never_write_to_the_outbox():
    from fieldcase.bundled import migrations_path

    with migrations_path("local") as path:
        scripts = sorted((path / "versions").glob("*.py"))
        assert len(scripts) >= 5  # a wrong folder would check nothing and pass
        for script in scripts:
            source = script.read_text().lower()
            if script.name.startswith("0001"):
                continue  # creates it
            for verb in (
                "update outbox",
                "delete from outbox",
                'drop_table("outbox"',
                "drop table outbox",
            ):
                assert verb not in source, f"{script.name} touches outbox rows"


def test_upgrading_to_0005_marks_the_children_the_visits_already_on_the_laptop_saw(data_dir, clock):
    import dataclasses
    from datetime import date

    from fieldcase.domain.home_visits import ContactMethod, VisitOutcome

    store = Store.unlock(data_dir, PASSPHRASE, clock=clock)
    # completed, face to face: visits that can see a child (domain/seen.py, recounted by 0007)
    seen, not_seen, unrecorded = (
        dataclasses.replace(
            a_visit(new_id(), new_id()),
            method=ContactMethod.FACE_TO_FACE,
            outcome=VisitOutcome.COMPLETED,
        )
        for _ in range(3)
    )
    store.save(seen)
    store.save(
        dataclasses.replace(
            not_seen, children=(dataclasses.replace(not_seen.children[0], seen=False),)
        )
    )
    store.save(
        dataclasses.replace(
            unrecorded, children=(dataclasses.replace(unrecorded.children[0], seen=None),)
        )
    )
    with store.transaction() as connection:  # as a build that only knew revision 0004 left it
        connection.exec_driver_sql("ALTER TABLE record_child DROP COLUMN seen")
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0004'")
    store.lock()

    upgraded = Store.unlock(data_dir, PASSPHRASE, clock=clock)
    try:
        children = [v.children[0].child_id for v in (seen, not_seen, unrecorded)]
        assert upgraded.last_seen(children, until="2026-12-31") == {children[0]: date(2026, 11, 3)}
        with upgraded.reading() as connection:
            marks = dict(
                connection.exec_driver_sql("SELECT child_id, seen FROM record_child").all()
            )
        assert marks == {children[0]: 1, children[1]: 0, children[2]: 0}
    finally:
        upgraded.lock()


def test_upgrading_to_0007_counts_only_visits_that_saw_the_child(data_dir, clock):
    """A draft saying "seen" with no outcome yet saw no one (domain/seen.py): its record_child row,
    marked seen by an older build, is recounted; a completed face-to-face visit keeps its mark."""
    import dataclasses
    from datetime import date

    from fieldcase.domain.home_visits import ContactMethod, VisitOutcome

    store = Store.unlock(data_dir, PASSPHRASE, clock=clock)
    done, draft = (
        dataclasses.replace(a_visit(new_id(), new_id()), method=ContactMethod.FACE_TO_FACE)
        for _ in range(2)
    )
    store.save(dataclasses.replace(done, outcome=VisitOutcome.COMPLETED))
    store.save(draft)  # no outcome yet
    with store.transaction() as connection:  # as a build before the one rule left it
        connection.exec_driver_sql("UPDATE record_child SET seen = 1")
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0006'")
    store.lock()

    upgraded = Store.unlock(data_dir, PASSPHRASE, clock=clock)
    try:
        children = [done.children[0].child_id, draft.children[0].child_id]
        assert upgraded.last_seen(children, until="2026-12-31") == {children[0]: date(2026, 11, 3)}
    finally:
        upgraded.lock()
