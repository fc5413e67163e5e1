"""Unlocking and locking the laptop's store, and the inactivity auto-lock policy.

A `Session` owns the one open `Store`. Locking disposes the connection and zeroes the data key
(`Store.lock`); anything asking for the store afterwards gets `NotUnlocked`. The idle clock is
injectable so the policy is tested without waiting fifteen minutes.

The store (SQLAlchemy, SQLCipher) is imported when a store is first opened, not with this module:
the unlock screen needs only the passphrase rules and whether a store exists.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldcase.domain import approval
from fieldcase.domain.rule_pack import DEFAULT_RULES, RulePack
from fieldcase.security import policy
from fieldcase.services.errors import NotUnlocked
from fieldcase.store.paths import StorePaths

if TYPE_CHECKING:
    from fieldcase.security.keyfile import KdfParams
    from fieldcase.store.store import Store

log = logging.getLogger(__name__)

Clock = Callable[[], float]

#: security.md "Opening, locking": default 15 minutes, never more than 30.
DEFAULT_IDLE_MINUTES = 15
MAX_IDLE_MINUTES = 30
MIN_IDLE_MINUTES = 1


@dataclass(frozen=True)
class Unlocked:
    user_id: str
    device_id: str


@dataclass(frozen=True)
class PassphraseStrength:
    """For the meter: 0 (refused) … 4 (strong), a hint in plain words, and whether it is allowed."""

    score: int
    hint: str
    acceptable: bool


def assess_passphrase(passphrase: str, *, user_words: tuple[str, ...] = ()) -> PassphraseStrength:
    found = policy.assess(passphrase, user_words=user_words)
    return PassphraseStrength(found.score, found.hint, found.score > 0)


def check_passphrase(passphrase: str, *, user_words: tuple[str, ...] = ()) -> None:
    """Raise `WeakPassphrase` with the reason in words when the policy refuses it."""
    policy.check_passphrase(passphrase, user_words=user_words)


PASSPHRASE_RULES = (
    f"At least {policy.MIN_LENGTH} characters. Not a common password, keyboard pattern or your user "
    "name. Different from your agency password. Three or four unrelated words work well."
)


@dataclass(frozen=True)
class IdleState:
    idle_seconds: float
    seconds_left: float
    warn: bool
    lock: bool


class IdlePolicy:
    """When to warn and when to lock after inactivity. `touch()` on every user input."""

    def __init__(
        self,
        *,
        minutes: int = DEFAULT_IDLE_MINUTES,
        warn_seconds: int = 60,
        clock: Clock = time.monotonic,
    ) -> None:
        self.minutes = max(MIN_IDLE_MINUTES, min(MAX_IDLE_MINUTES, int(minutes)))
        self.warn_seconds = max(0, min(int(warn_seconds), self.minutes * 60 - 1))
        self._clock = clock
        self._last = clock()

    def touch(self) -> None:
        self._last = self._clock()

    def state(self) -> IdleState:
        idle = max(0.0, self._clock() - self._last)
        left = self.minutes * 60 - idle
        return IdleState(idle, max(0.0, left), 0 < left <= self.warn_seconds, left <= 0)


class Session:
    """The open store, or none. Not thread-safe by itself: the UI calls it only from its one store worker."""

    def __init__(
        self,
        *,
        data_dir: str | Path,
        clock: Clock | None = None,
        kdf: KdfParams | None = None,
        rules: RulePack = DEFAULT_RULES,
    ) -> None:
        self.data_dir = Path(data_dir)
        #: the rule pack this laptop was built with; `rules` adds the agency's own choice of what a
        #: supervisor approves, as its server last said it (domain/approval.py)
        self._rules = rules
        self._clock = clock
        self._kdf = kdf
        self._store: Store | None = None
        self._damaged = False  # a check after unlock found damage: the next unlock checks first
        #: every page's checksum verified since this store was opened (automatic sync waits for it)
        self.pages_checked = False

    @property
    def rules(self) -> RulePack:
        """The agency's rule pack as this laptop applies it: the built-in pack, with the kinds a
        supervisor approves as the server's last hello said (remembered on the store, so asking on
        the GUI thread does not wait for the store)."""
        if self._store is None or self._store.is_locked:
            return self._rules
        return approval.with_agency_choice(
            self._rules, self._store.agency_choice.approval_required()
        )

    @rules.setter
    def rules(self, rules: RulePack) -> None:
        self._rules = rules

    @property
    def is_enrolled(self) -> bool:
        paths = StorePaths.for_directory(
            self.data_dir
        )  # as `Store.exists`, without loading the store
        return paths.key_file.exists() or paths.database.exists()

    @property
    def is_locked(self) -> bool:
        return self._store is None or self._store.is_locked

    @property
    def store(self) -> Store:
        if self._store is None or self._store.is_locked:
            raise NotUnlocked()
        return self._store

    def _clock_args(self) -> dict[str, Any]:
        return {} if self._clock is None else {"clock": self._clock}

    def unlock(self, *, passphrase: str) -> Unlocked:
        """Open the store (slow: the key derivation). Raises WrongPassphrase, UnlockLockedOut, …"""
        if not self.is_locked:
            return self._identity()
        from fieldcase.store.store import Store

        # Opening proves the key and that the file is ours (schema and meta row read); the check of
        # every page's checksum reads the whole file (~1 s for a year's store), so it runs after the
        # caseload is on screen (`check_integrity`), unless damage was already found.
        self._store = Store.unlock(
            self.data_dir, passphrase, full_check=self._damaged, **self._clock_args()
        )
        self.pages_checked = self._damaged  # checked on opening when damage had been found before
        # read here, so `rules` never reads the store on the GUI thread
        self._store.agency_choice.approval_required()
        return self._identity()

    def check_integrity(self) -> None:
        """Every page's checksum, right after unlock (the app queues it before any edit can be). On
        damage: lock (nothing more is written; the file is kept as it is) and raise StoreDamaged."""
        from fieldcase.store.errors import StoreDamaged

        if self.store.integrity_problems(pages_only=True):
            self._damaged = True
            self.lock()
            raise StoreDamaged("some pages fail their checksum")
        self.pages_checked = True

    def create(
        self, *, passphrase: str, device_id: str, user_id: str, user_words: tuple[str, ...] = ()
    ) -> Unlocked:
        """A new store for an enrolled laptop (the enrollment service calls this)."""
        check_passphrase(passphrase, user_words=user_words)
        from fieldcase.store.store import Store

        extra: dict[str, Any] = self._clock_args()
        if self._kdf is not None:
            extra["kdf"] = self._kdf
        self._store = Store.create(
            self.data_dir, passphrase, device_id=device_id, user_id=user_id, **extra
        )
        self.pages_checked = True  # new: nothing to check
        return self._identity()

    def adopt(self, store: Store) -> Unlocked:
        """Take over a store opened elsewhere (by enrollment)."""
        self._store = store
        self.pages_checked = True  # opened (and checked) by whoever hands it over
        return self._identity()

    def _identity(self) -> Unlocked:
        header = self.store.header
        return Unlocked(user_id=header.user_id, device_id=header.device_id)

    def lock(self) -> None:
        """Dispose the connection and zero the key. Idempotent."""
        store, self._store = self._store, None
        self.pages_checked = False
        if store is not None:
            try:
                if not self._damaged:  # a damaged file gets no more writes (check_integrity)
                    store.forget_open_forms()  # a clean lock: the forms closed were not interrupted
            except Exception:  # a full disk or a damaged store must not keep it unlocked
                log.warning("could not clear the open forms before locking", exc_info=True)
            store.lock()


#: what unlocking and the first caseload import, besides the window's own modules: the store with
#: SQLCipher and the key file's cryptography, the compliance engine and the record types; then what
#: comes just after the caseload is painted and before the first edit: SQLAlchemy with the store's
#: writing half, and who is signed in. In that order, one module at a time: an Unlock pressed during
#: the warm-up waits for one import, and the caseload needs only the first ones (store/record_rows.py).
WARM_UP = (
    "fieldcase.store.store",
    "fieldcase.domain.compliance",
    "fieldcase.domain.serialization",
    "fieldcase.store.records",
    "fieldcase.store.engine",
    "fieldcase.store.credentials",
)


def warm_up(*names: str) -> None:
    """Import (without opening anything) `names`, by default all of WARM_UP: what an unlock and the
    first caseload need, so that after Unlock is pressed only the key derivation and the reads are
    left. The app calls this on the store worker while the unlock screen waits for the passphrase."""
    for name in names or WARM_UP:
        importlib.import_module(name)


# who is signed in (shown in forms and printed; the role picks the caseworker or supervisor view) -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignedInUser:
    """The laptop's user as the server told us at enrollment: id, account name and role."""

    user_id: str
    username: str | None
    role: str


def signed_in_user(store: Any) -> SignedInUser:
    from fieldcase.store.credentials import CredentialStore

    user_id = store.identity()["user_id"]
    creds = CredentialStore(store).load()
    return SignedInUser(
        user_id, creds.username if creds else None, creds.role if creds else "caseworker"
    )
