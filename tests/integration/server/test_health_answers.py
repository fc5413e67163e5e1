"""GET /health asks the database at most once a second (`routes/health.py` ANSWERED_FOR): every
laptop asks before each automatic sync, and a morning burst of them made one database check each.
A database that stops answering is seen within that second, and a failed check is never kept."""

from __future__ import annotations

from typing import Any

import pytest

from fieldcase.server.routes import health


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    asked: list[Any] = []
    real = health._database_answers

    def database_answers(db: Any) -> None:
        asked.append(db)
        real(db)

    monkeypatch.setattr(health, "_database_answers", database_answers)
    return asked


class _Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def monotonic(self) -> float:
        return self.now


def test_the_database_is_asked_once_a_second_however_many_ask(server, monkeypatch):
    asked = _counting(monkeypatch)
    clock = _Clock()
    monkeypatch.setattr(health.time, "monotonic", clock.monotonic)
    for _ in range(20):
        assert server.client.get("/health").status_code == 200
    assert len(asked) == 1
    clock.now += health.ANSWERED_FOR
    assert server.client.get("/health").status_code == 200
    assert len(asked) == 2


def test_a_database_that_stops_answering_is_reported_within_the_second(server, monkeypatch):
    clock = _Clock()
    monkeypatch.setattr(health.time, "monotonic", clock.monotonic)
    assert server.client.get("/health").status_code == 200
    clock.now += health.ANSWERED_FOR

    def refuses(db: Any) -> None:
        raise ConnectionError("database gone")

    monkeypatch.setattr(health, "_database_answers", refuses)
    assert server.client.get("/health").status_code >= 500
    assert server.client.get("/health").status_code >= 500  # the failure was not kept as an answer
    asked: list[Any] = []
    monkeypatch.setattr(health, "_database_answers", asked.append)  # it answers again
    assert server.client.get("/health").status_code == 200
    assert len(asked) == 1
