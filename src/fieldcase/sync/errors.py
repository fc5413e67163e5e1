"""Why a sync stopped, in words a caseworker can act on (never a token, a name or a narrative)."""

from __future__ import annotations

from fieldcase.errors import UserError


class SyncError(UserError):
    code = "sync_failed"


class ServerUnreachable(SyncError):
    code = "server_unreachable"

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "The agency server cannot be reached right now. Your work is safe on this laptop and will be "
            "sent automatically when the connection is back." + (f" ({detail})" if detail else "")
        )


class SyncPaused(SyncError):
    """The server refused our sign-in (expired or revoked tokens): nothing is deleted, sync waits."""

    code = "sync_paused"

    def __init__(self, reason: str = "") -> None:
        super().__init__(
            "Sync is paused: sign in again to continue. Everything you recorded is kept on this laptop."
            + (f" ({reason})" if reason else "")
        )


class DeviceSuspended(SyncError):
    code = "device_suspended"

    def __init__(self) -> None:
        super().__init__(
            "This laptop was suspended by the agency; call your supervisor or IT. Your work is kept on this laptop."
        )


class DeviceWiped(SyncError):
    code = "device_wiped"

    def __init__(self) -> None:
        super().__init__(
            "This device was wiped by the agency. Its fieldcase data has been erased; enroll it again to use it."
        )


class UpgradeRequired(SyncError):
    code = "upgrade_required"

    def __init__(self) -> None:
        super().__init__(
            "This version of fieldcase is too old for the server. Install the update; your work is kept."
        )


class SyncCancelled(SyncError):
    code = "sync_cancelled"

    def __init__(self) -> None:
        super().__init__(
            "Sync was cancelled. Everything done so far is saved; the rest is sent next time."
        )


class NotEnrolled(SyncError):
    code = "not_enrolled"

    def __init__(self) -> None:
        super().__init__("This laptop is not enrolled with an agency server yet.")


class ProtocolViolation(SyncError):
    """The server answered something that does not fit the protocol: nothing of it was applied."""

    code = "protocol_violation"

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "The server sent an answer this version of fieldcase does not understand; nothing of it was applied."
            + (f" ({detail})" if detail else "")
        )


class HttpError(SyncError):
    """A non-retryable answer from the server, with its stable error code."""

    def __init__(self, status: int, code: str, message: str, body: dict | None = None) -> None:
        super().__init__(message or f"The server answered {status}.", code=code)
        self.status = status
        self.body = body or {}
