"""FIELDCASE_DB_POOL (issue 19 item 2): every server process of every host opens its own PostgreSQL
connections, 40 each when fixed at 10 per pool, so four processes behind the proxy and the agency's
other clients went past PostgreSQL's default max_connections of 100 ("too many clients", requests
answered 500, bench/server_sync.py --hosts 2 --workers 2). The agency now chooses the pool."""

from __future__ import annotations

import pytest

from integration.conftest import PG_URL


@pytest.mark.postgres
def test_each_process_keeps_the_pool_the_agency_chose(monkeypatch):
    from fieldcase.server.app import app_from_env
    from fieldcase.server.db import ENV_DB

    monkeypatch.setenv(ENV_DB, PG_URL)
    monkeypatch.setenv("FIELDCASE_DB_POOL", "3")
    db = app_from_env().state.db  # what every `run` worker builds
    try:
        for engine in (db.read_engine, db.write_engine):
            assert engine.pool.size() == 3
            assert (
                engine.pool._max_overflow == 3
            )  # at peaks as many again: 4 x 3 connections at most
    finally:
        db.dispose()
