from __future__ import annotations

import subprocess
import sys

import pytest

from fieldcase.security.errors import UnlockLockedOut, WeakPassphrase, WrongPassphrase
from fieldcase.services.errors import NotUnlocked
from fieldcase.services.session import IdlePolicy, Session, assess_passphrase
from helpers.store import PASSPHRASE, USER, FakeClock


def test_unlock_then_lock_disposes_the_store(data_dir):
    session = Session(data_dir=data_dir)
    assert session.is_enrolled and session.is_locked
    who = session.unlock(passphrase=PASSPHRASE)
    assert who.user_id == USER
    store = session.store
    session.lock()
    assert session.is_locked and store.is_locked
    assert store._key is None  # the data key is zeroed and dropped
    with pytest.raises(NotUnlocked):
        _ = session.store
    session.lock()  # idempotent


def test_wrong_passphrase_then_lockout(data_dir):
    clock = FakeClock()
    session = Session(data_dir=data_dir, clock=clock)
    for _ in range(4):
        with pytest.raises(WrongPassphrase):
            session.unlock(passphrase="not the passphrase at all")
    with pytest.raises(UnlockLockedOut):  # the fifth wrong one starts the lockout at once
        session.unlock(passphrase="not the passphrase at all")
    with pytest.raises(UnlockLockedOut) as refused:
        session.unlock(passphrase=PASSPHRASE)
    assert refused.value.seconds_left > 0
    assert "Try again in" in refused.value.message


def test_idle_policy_warns_then_locks():
    clock = FakeClock()
    idle = IdlePolicy(minutes=15, warn_seconds=60, clock=clock)
    clock.advance(14 * 60 - 1)
    assert not idle.state().warn and not idle.state().lock
    clock.advance(2)
    assert idle.state().warn and not idle.state().lock
    idle.touch()
    assert not idle.state().warn
    clock.advance(15 * 60)
    assert idle.state().lock


def test_idle_policy_never_exceeds_thirty_minutes():
    assert IdlePolicy(minutes=90).minutes == 30
    assert IdlePolicy(minutes=0).minutes == 1


def test_passphrase_meter_and_refusal(tmp_path):
    assert assess_passphrase("short").score == 0
    assert not assess_passphrase("password123456").acceptable
    good = assess_passphrase("violet tractor under seven moons")
    assert good.acceptable and good.score >= 3
    session = Session(data_dir=tmp_path / "new")
    with pytest.raises(WeakPassphrase):
        session.create(passphrase="password1234", device_id="d", user_id="u")


def test_the_session_module_loads_the_store_only_when_a_store_is_opened(data_dir):
    # the unlock screen needs the passphrase rules and whether a store exists, not SQLAlchemy
    probe = (
        "import sys\n"
        "from fieldcase.services.session import Session\n"
        f"session = Session(data_dir={str(data_dir)!r})\n"
        "before = sorted(m for m in ('sqlalchemy', 'sqlcipher3', 'fieldcase.store.store') if m in sys.modules)\n"
        "enrolled = session.is_enrolled\n"
        "during = sorted(m for m in ('sqlalchemy', 'sqlcipher3', 'fieldcase.store.store') if m in sys.modules)\n"
        f"session.unlock(passphrase={PASSPHRASE!r})\n"
        "print(before, during, enrolled, 'fieldcase.store.store' in sys.modules)\n"
        "session.lock()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split("\n")[0] == "[] [] True True"
