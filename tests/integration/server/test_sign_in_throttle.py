"""Sign-in back-off (issue 16, item 5): per account and per address, held in the database (every
process and host sees the same count), a cap on concurrent Argon2id checks, and an audited lockout
IT can lift. On SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import httpx
import pytest

from integration.conftest import PASSWORD, PG_URL, free_port

WRONG = "not the right password at all"


def _enroll(
    client, username: str, password: str, code: str = "0000-0000-0000-0000-0000-0000-0000-0000"
):
    body = {
        "username": username,
        "password": password,
        "enrollment_code": code,
        "device_label": "laptop",
    }
    return client.post("/auth/enroll", json=body)


def test_many_wrong_passwords_lock_the_account_even_for_the_right_one(server, monkeypatch):
    from fieldcase.security import passwords

    server.make_user("ana")
    running = [0]
    peak = [0]
    lock = threading.Lock()
    real = passwords.verify_password

    def counted(
        encoded: str, password: str
    ) -> bool:  # the real Argon2id check, with its concurrency noted
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        try:
            return real(encoded, password)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(passwords, "verify_password", counted)
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: _enroll(server.client, "ana", WRONG), range(40)))
    codes = [a.status_code for a in answers]
    free = server.settings.limits.account_backoff.free
    assert codes.count(401) == free and codes.count(429) == 40 - free, codes
    limited = next(a for a in answers if a.status_code == 429)
    assert (
        int(limited.headers["Retry-After"]) >= 1
        and limited.json()["error"]["code"] == "rate_limited"
    )
    assert peak[0] <= server.settings.limits.concurrent_hashes  # 64 MiB each: never more at once
    # the right password (and a valid code) is refused too while the lock holds
    right = server.enroll("ana")
    assert right.status_code == 429 and int(right.headers["Retry-After"]) > 1
    assert [r.outcome for r in server.audit_rows(action="sign_in_locked")] == ["denied"]


def test_the_lock_applies_to_unknown_usernames_alike(server):
    free = server.settings.limits.account_backoff.free
    codes = [_enroll(server.client, "nobody-here", WRONG).status_code for _ in range(free + 2)]
    assert codes == [401] * free + [429, 429]  # no difference that tells which usernames exist


class _ThrottleClock:
    """The sign-in throttle's clock, moved by the test alone. A lock is measured from the moment the
    attempt is charged, before its password is checked: on a loaded machine the check (Argon2id)
    and the next request can outlast a lock of a second, so with the real clock the attempt after
    the lock would be answered 401 or 429 depending on the machine's load."""

    def __init__(self) -> None:
        from fieldcase.server.models import utcnow

        self.now = utcnow()

    def __call__(self):
        return self.now

    def advance(self, seconds: float) -> None:
        from datetime import timedelta

        self.now += timedelta(seconds=seconds)


def test_the_lock_expires_and_doubles(server_factory, server_backend, monkeypatch):
    from fieldcase.server import throttle
    from fieldcase.server.config import Backoff, Limits

    clock = _ThrottleClock()
    monkeypatch.setattr(throttle, "utcnow", clock)
    limits = Limits(account_backoff=Backoff(free=3, first_lock=1, max_lock=4, forget_after=3600))
    server = server_factory(server_backend, limits=limits)
    server.make_user("ana")
    assert [_enroll(server.client, "ana", WRONG).status_code for _ in range(4)] == [
        401,
        401,
        401,
        429,
    ]
    clock.advance(1.2)
    assert _enroll(server.client, "ana", WRONG).status_code == 401  # one more try after the lock...
    locked = _enroll(server.client, "ana", WRONG)
    assert (
        locked.status_code == 429 and int(locked.headers["Retry-After"]) == 2
    )  # ...then twice as long
    clock.advance(1.9)
    assert _enroll(server.client, "ana", WRONG).status_code == 429  # not a moment before
    clock.advance(0.2)
    assert server.enroll("ana").status_code == 200  # the right password after expiry
    # a success starts the account afresh
    assert [_enroll(server.client, "ana", WRONG).status_code for _ in range(3)] == [401, 401, 401]


def test_wrong_enrollment_codes_count_like_wrong_passwords(server):
    server.make_user("ana")
    free = server.settings.limits.account_backoff.free
    codes = [
        _enroll(server.client, "ana", PASSWORD, code="ABCD-EFGH").status_code
        for _ in range(free + 1)
    ]
    assert codes == [401] * free + [429]


def test_one_address_is_throttled_across_accounts(server_factory, server_backend):
    from fieldcase.server.config import Backoff, Limits

    server = server_factory(
        server_backend,
        limits=Limits(
            address_backoff=Backoff(free=6, first_lock=60, max_lock=60, forget_after=3600)
        ),
    )
    codes = [
        _enroll(server.client, f"user{i}", WRONG).status_code for i in range(8)
    ]  # a password spray
    assert codes == [401] * 6 + [429, 429]


def test_admin_unlocks_the_account_with_an_audited_command(server, tmp_path):
    from fieldcase.server import cli

    server.make_user("ana")
    server.make_user("root", role="admin")
    free = server.settings.limits.account_backoff.free
    for _ in range(free + 1):
        _enroll(server.client, "ana", WRONG)
    assert server.enroll("ana").status_code == 429
    assert cli.main(["--db", _cli_url(server, tmp_path), "unlock-user", "--list"]) == 0
    assert cli.main(["--db", _cli_url(server, tmp_path), "unlock-user", "ana", "--by", "root"]) == 0
    assert server.enroll("ana").status_code == 200
    unlocked = server.audit_rows(action="sign_in_unlocked")
    assert len(unlocked) == 1 and unlocked[0].detail == {"failures": free}
    assert unlocked[0].actor_user_id is not None and unlocked[0].target_id is not None
    assert cli.main(["--db", _cli_url(server, tmp_path), "unlock-user", "nobody"]) == 1


def test_the_list_names_locked_accounts(server, capsys, tmp_path):
    from fieldcase.server import cli

    server.make_user("ana")
    for _ in range(server.settings.limits.account_backoff.free):
        _enroll(server.client, "ana", WRONG)
    capsys.readouterr()
    assert cli.main(["--db", _cli_url(server, tmp_path), "unlock-user", "--list"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ana\t5 failed sign-in(s)\tlocked until") and WRONG not in out


def test_two_app_instances_on_one_database_share_the_count(server):
    """What an in-memory limiter cannot do: a second app (another worker or host) sees the lock."""
    from fastapi.testclient import TestClient

    from fieldcase.server.app import create_app

    server.make_user("ana")
    other = create_app(server.settings, server.db)
    with TestClient(other, raise_server_exceptions=False) as second:
        free = server.settings.limits.account_backoff.free
        clients = [server.client, second]
        codes = [_enroll(clients[i % 2], "ana", WRONG).status_code for i in range(free + 2)]
    assert codes == [401] * free + [429, 429]


# ---------------------------------------------------------------------- two real server processes


def _cli_url(server, tmp_path: Path) -> str:
    if server.backend == "sqlite":
        return server.db.url
    with server.db.write_engine.connect() as conn:  # the test's own schema (its search_path)
        schema = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
    return f"{PG_URL}?options=-csearch_path%3D{schema}"


def _start(url: str, tmp_path: Path, name: str) -> tuple[subprocess.Popen, str, Path]:
    port = free_port()
    log = tmp_path / f"{name}.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "fieldcase.server.cli", "--db", url, "run", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return proc, f"http://127.0.0.1:{port}", log


def _wait_healthy(proc: subprocess.Popen, base: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        assert proc.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")
        time.sleep(0.2)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.mark.slow
def test_two_server_processes_share_the_count(server, tmp_path):
    server.make_user("ana")
    url = _cli_url(server, tmp_path)
    started = [_start(url, tmp_path, "one"), _start(url, tmp_path, "two")]
    try:
        for proc, base, log in started:
            _wait_healthy(proc, base, log)
        free = server.settings.limits.account_backoff.free
        codes = []
        for i in range(free + 2):
            with httpx.Client(base_url=started[i % 2][1], timeout=30) as client:
                codes.append(_enroll(client, "ana", WRONG).status_code)
        assert codes == [401] * free + [429, 429]
        with httpx.Client(base_url=started[0][1], timeout=30) as client:
            assert (
                _enroll(client, "ana", PASSWORD, code=server.enrollment_code()).status_code == 429
            )
    finally:
        for proc, _, _ in started:
            _stop(proc)


def test_password_checks_beyond_the_cap_wait_then_get_503_with_retry_after(
    server_factory, monkeypatch
):
    from fieldcase.security import passwords
    from fieldcase.server.config import Limits

    server = server_factory("sqlite", limits=Limits(concurrent_hashes=1, hash_wait_seconds=0.2))
    server.make_user("ana")
    real = passwords.verify_password
    release = threading.Event()

    def held(
        encoded: str, password: str
    ) -> bool:  # keeps the one turn until a sign-in was turned away
        release.wait(60)
        return real(encoded, password)

    monkeypatch.setattr(passwords, "verify_password", held)
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(_enroll, server.client, "ana", WRONG) for _ in range(4)]
        next(as_completed(futures))  # while the turn is held, only a sign-in turned away can finish
        release.set()
    answers = [f.result() for f in futures]
    busy = [a for a in answers if a.status_code == 503]
    assert busy and all(
        a.json()["error"]["code"] == "server_busy" and int(a.headers["Retry-After"]) >= 1
        for a in busy
    )
    assert 401 in [a.status_code for a in answers]


def test_guessed_refresh_tokens_are_throttled_per_address(server_factory, server_backend):
    from fieldcase.server.config import Backoff, Limits

    server = server_factory(
        server_backend,
        limits=Limits(
            address_backoff=Backoff(free=4, first_lock=60, max_lock=60, forget_after=3600)
        ),
    )
    server.make_user("ana")
    ana = server.device("ana")
    guess = {"device_id": ana.device_id, "refresh_token": "x" * 43}
    codes = [server.client.post("/auth/refresh", json=guess).status_code for _ in range(6)]
    assert codes == [401] * 4 + [429, 429]
    right = server.client.post(
        "/auth/refresh", json={"device_id": ana.device_id, "refresh_token": ana.refresh_token}
    )
    assert right.status_code == 429 and int(right.headers["Retry-After"]) >= 1


def test_counts_forgotten_long_ago_are_swept_away(server, monkeypatch):
    """A spray of made-up usernames must not grow the table for ever."""
    from datetime import timedelta

    from sqlalchemy import func, select, update

    from fieldcase.server import throttle
    from fieldcase.server.models import SignInThrottle, utcnow

    for i in range(3):
        _enroll(server.client, f"made-up-{i}", WRONG)
    with server.db.write() as session:
        session.execute(
            update(SignInThrottle).values(last_failure_at=utcnow() - timedelta(days=30))
        )
    monkeypatch.setattr(throttle, "_SWEEP_ONE_IN", 1)
    _enroll(server.client, "someone-else", WRONG)
    with server.db.read() as session:
        assert (
            session.execute(select(func.count()).select_from(SignInThrottle)).scalar_one() == 2
        )  # the new account + address
