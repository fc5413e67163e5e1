"""Pull by index (issue 19 item 1, sync.md "Pull by index"): on PostgreSQL a page of the changes feed
reads about as many record rows as it returns, however many cases the scope holds, and a pull with
nothing new reads no record at all. Measured with EXPLAIN (ANALYZE) on the feed's own statements."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select, text

from fieldcase.domain.ids import new_id
from fieldcase.server import admin
from fieldcase.server import feed_statements as feed
from fieldcase.server.changes import decode_cursor
from fieldcase.server.db import current_seq
from fieldcase.server.devices import Principal
from fieldcase.server.models import Base, Record

pytestmark = pytest.mark.postgres

WORKERS, CASES_EACH, RECORDS_EACH, PAGE = 4, 15, 60, 100  # 60 cases, 3,600 records


def _fill_caseloads(server: Any) -> None:
    server.make_user("sup", role="supervisor")
    team = server.make_team("Team North", supervisor="sup")
    for w in range(WORKERS):
        server.make_user(f"worker{w}", team=team)
        for _ in range(CASES_EACH):
            case_id = server.make_case(f"worker{w}")
            with (
                server.db.write() as session
            ):  # one transaction per case: thousands of records quickly
                for _ in range(RECORDS_EACH):
                    record = Record(
                        id=new_id(),
                        kind="home_visit",
                        case_id=case_id,
                        rev=1,
                        status="draft",
                        body={"observations": "routine"},
                        field_authors={},
                    )
                    session.add(record)
                    admin._record_change(session, record)
    _analyze(server)


def granted_part(principal: Principal, after_seq: int, after_id: str, top: int, limit: int) -> Any:
    """The feed's "what grants brought" statement for one page, its values bound (as a pull binds them)."""
    statement = feed.granted(principal.role, after_id == feed.ALL_DONE, "postgresql")
    return statement.params(feed.values(principal, after_seq, after_id, top, limit))


def updated_part(principal: Principal, after_seq: int, after_id: str, top: int, limit: int) -> Any:
    """The feed's "what changed since its grant" statement for one page, its values bound."""
    statement = feed.updated(principal.role, after_id == feed.ALL_DONE)
    return statement.params(feed.values(principal, after_seq, after_id, top, limit))


def _analyze(server: Any) -> None:
    """Statistics for this worker's own tables only. A bare ANALYZE walks every schema of the shared
    database and takes its lock on the other xdist worker's tables too, which deadlocked against that
    worker's TRUNCATE between tests (seen in CI)."""
    with server.db.write() as session:
        tables = ", ".join(table.name for table in Base.metadata.sorted_tables)  # search_path: ours
        session.execute(text(f"ANALYZE {tables}"))


def _record_rows_read(server: Any, statement: Any) -> int:
    """Rows the plan read from the record table (every scan node on it, times its loops)."""
    with server.db.read() as session:
        compiled = statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        plan = session.execute(text(f"EXPLAIN (ANALYZE, FORMAT JSON) {compiled}")).scalar_one()
    plan = plan if isinstance(plan, list) else json.loads(plan)
    total = 0

    def walk(node: dict) -> None:
        nonlocal total
        if node.get("Relation Name") == "record":
            total += int(node.get("Actual Rows", 0)) * int(node.get("Actual Loops", 1)) + int(
                node.get("Rows Removed by Filter", 0)
            )
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return total


def test_pages_read_about_what_they_return_and_a_no_op_reads_nothing(pg_server: Any) -> None:
    server = pg_server
    _fill_caseloads(server)
    device = server.device("sup")
    principal = Principal(
        user_id=device.user_id,
        device_id=device.device_id,
        role="supervisor",
        team_id=None,
        org_id=server.org_id,
    )

    first = device.pull(limit=PAGE, cursor=None)  # grants the 60 cases (scope events), first page
    assert first.status_code == 200, first.text
    cursor, pages, seen = first.json()["next_cursor"], 1, len(first.json()["changes"])
    _analyze(server)  # what autovacuum does on a live server: the grants counted
    reads: list[int] = []
    while True:
        with server.db.read() as session:
            top = current_seq(session)
        _epoch, after_seq, after_id = decode_cursor(cursor)
        reads.append(
            _record_rows_read(server, granted_part(principal, after_seq, after_id, top, PAGE))
            + _record_rows_read(server, updated_part(principal, after_seq, after_id, top, PAGE))
        )
        page = device.pull(limit=PAGE, cursor=cursor).json()
        seen += len(page["changes"])
        cursor, pages = page["next_cursor"], pages + 1
        if not page["has_more"]:
            break
    assert (
        seen == WORKERS * CASES_EACH * RECORDS_EACH + WORKERS * CASES_EACH
    )  # every record and every case file
    # the old feed read the whole scope (3,660 rows) for every page; now a page reads at most its
    # own rows plus one case's worth (the sort by id inside one grant)
    assert max(reads) <= 2 * PAGE + RECORDS_EACH, reads

    # nothing new: the next pull reads no record (index probes only), however big the scope
    with server.db.read() as session:
        top = current_seq(session)
    _epoch, after_seq, after_id = decode_cursor(cursor)
    assert _record_rows_read(server, granted_part(principal, after_seq, after_id, top, PAGE)) == 0
    assert _record_rows_read(server, updated_part(principal, after_seq, after_id, top, PAGE)) == 0
    again = device.pull(limit=PAGE, cursor=cursor).json()
    assert again["changes"] == [] and not again["has_more"]

    # a few edits after the pull: the next page reads those rows, not the scope
    with server.db.write() as session:
        for record in session.execute(select(Record).limit(5)).scalars():
            record.rev += 1
            admin._record_change(session, record)
    with server.db.read() as session:
        top = current_seq(session)
    assert _record_rows_read(server, updated_part(principal, after_seq, after_id, top, PAGE)) <= 5
    assert len(device.pull(limit=PAGE, cursor=cursor).json()["changes"]) == 5
