"""Errors of the local store, in words a caseworker (or the IT desk they call) can act on.

None of these messages ever contains a path fragment typed by a user, a name or a key.
"""

from __future__ import annotations

from fieldcase.errors import UserError


class StoreNotFound(UserError):
    code = "store_not_found"

    def __init__(self) -> None:
        super().__init__("This laptop has no fieldcase data yet. Enroll it with your agency first.")


class StoreMissing(UserError):
    """The key file exists but the database is gone or empty: never create a new one silently."""

    code = "store_missing"

    def __init__(self) -> None:
        super().__init__(
            "Your fieldcase data file is missing or empty although this laptop was set up. "
            "Nothing was changed. Do not re-enroll: call your IT help desk so unsynced work can be recovered."
        )


class StoreDamaged(UserError):
    code = "store_damaged"

    #: on screen without the detail (a technical phrase, English only); the detail stays in `message`
    sentences = (
        (
            (
                "Your fieldcase data file is damaged. Nothing was changed and nothing new will be written. "
                "Call your IT help desk; a backup copy may be recovered."
            ),
            {},
        ),
    )

    def __init__(self, detail: str = "it failed its integrity check") -> None:
        super().__init__(
            f"Your fieldcase data file is damaged ({detail}). Nothing was changed and nothing new will "
            "be written. Call your IT help desk; a backup copy may be recovered."
        )


class ForeignStore(UserError):
    code = "store_foreign"

    def __init__(self) -> None:
        super().__init__(
            "The data file in this folder belongs to another laptop or another enrollment, not to this "
            "key file. Nothing was changed. Call your IT help desk."
        )


class PlainDatabase(UserError):
    code = "store_plain"

    def __init__(self) -> None:
        super().__init__(
            "The data file in this folder is not encrypted, so it is not a fieldcase store. "
            "Nothing was changed. Call your IT help desk."
        )


class StoreLocked(UserError):
    code = "store_locked"

    def __init__(self) -> None:
        super().__init__("fieldcase is locked. Unlock it with your passphrase to continue.")


class StoreExists(UserError):
    code = "store_exists"

    def __init__(self) -> None:
        super().__init__("This laptop already has fieldcase data; it was not replaced.")


class RecordNotFound(UserError):
    code = "record_not_found"

    def __init__(self) -> None:
        super().__init__(
            "That record is not on this laptop (it may have been moved off your caseload)."
        )


class StaleEdit(UserError):
    """An edit was based on an older version of the record than the one now stored."""

    code = "stale_edit"

    def __init__(self) -> None:
        super().__init__(
            "This record changed since you opened it. Reopen it to see the latest version."
        )
