"""The errors of the key hierarchy, each a `UserError` a caseworker (or IT) can act on.

Messages never contain passphrases, key material, user names or file paths (a path can hold a
person's name); only what happened and what to do next. Each class has its own stable `code`.
"""

from __future__ import annotations

from fieldcase.errors import UserError


class WrongPassphrase(UserError):
    code = "wrong_passphrase"

    def __init__(self, *, tries_left: int | None = None, lockout_seconds: int = 0) -> None:
        #: wrong passphrases still allowed before unlocking pauses for `lockout_seconds` (None: not counted)
        self.tries_left = tries_left
        self.lockout_seconds = lockout_seconds
        sentences: list[tuple[str, dict]] = [
            (
                "That passphrase is not right. Check Caps Lock and the keyboard layout, then try again.",
                {},
            )
        ]
        if tries_left is not None:
            values = {"n": tries_left, "minutes": -(-lockout_seconds // 60)}
            sentences.append(
                (
                    "1 more try before unlocking pauses for {minutes} minutes."
                    if tries_left == 1
                    else "{n} more tries before unlocking pauses for {minutes} minutes.",
                    values,
                )
            )
        self.sentences = tuple(sentences)
        super().__init__(" ".join(text.format(**values) for text, values in sentences))


class KeyFileMissing(UserError):
    code = "key_file_missing"

    def __init__(self) -> None:
        super().__init__(
            "The key file for this store is missing, so the store cannot be opened. "
            "Do not create a new store: your unsynced work may still be recoverable. Contact IT."
        )


class KeyFileDamaged(UserError):
    code = "key_file_damaged"

    def __init__(self) -> None:
        super().__init__(
            "The key file for this store was changed or damaged, so the store cannot be opened. "
            "Do not create a new store: your unsynced work may still be recoverable. Contact IT."
        )


class KeyFileExists(UserError):
    code = "key_file_exists"

    def __init__(self) -> None:
        super().__init__(
            "A key file already exists here, so a new one was not created. "
            "Nothing was changed. Contact IT if you need to set this laptop up again."
        )


class WeakPassphrase(UserError):
    """`reason` is a short, stable tag (e.g. "too_short") for tests and the UI meter."""

    code = "weak_passphrase"

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class UnlockLockedOut(UserError):
    code = "unlock_locked_out"

    def __init__(self, seconds_left: int) -> None:
        self.seconds_left = max(1, int(seconds_left))
        minutes = -(-self.seconds_left // 60)
        text = (
            "Too many wrong passphrases. Try again in 1 minute."
            if minutes == 1
            else "Too many wrong passphrases. Try again in {minutes} minutes."
        )
        self.sentences = ((text, {"minutes": minutes}),)
        super().__init__(text.format(minutes=minutes))


class EscrowError(UserError):
    code = "escrow_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
