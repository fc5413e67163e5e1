"""Errors of the application layer, in words a caseworker can act on (never personal data)."""

from __future__ import annotations

from fieldcase.errors import UserError


class NotUnlocked(UserError):
    code = "not_unlocked"

    def __init__(self) -> None:
        super().__init__("fieldcase is locked. Unlock it with your passphrase to continue.")


class RevealNeedsReason(UserError):
    code = "reveal_reason"

    def __init__(self) -> None:
        super().__init__(
            "Say why you need to see this restricted information; the reason is recorded."
        )


class AttachmentRefused(UserError):
    code = "attachment_refused"

    def __init__(self, message: str) -> None:
        super().__init__(message)


class SettingsUnreadable(UserError):
    code = "settings_unreadable"

    def __init__(self) -> None:
        super().__init__(
            "Your fieldcase settings could not be read; the defaults are used instead."
        )
