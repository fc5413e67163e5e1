"""Attachments on their own queue (sync.md "Attachments"): content-addressed, sent in hashed chunks,
resumed from the offset the server reports after any interruption, committed idempotently; a failure
here never holds back case notes. Downloads are lazy, by hash, and checked against the hash."""

from __future__ import annotations

import hashlib
import logging

from pydantic import ValidationError

from fieldcase.protocol import BlobCommitResponse, BlobStatus, BlobStatusRequest
from fieldcase.protocol.blobs import HEADER_CHUNK_SHA256
from fieldcase.protocol.version import MAX_CHUNK_BYTES
from fieldcase.store.sync_apply import SyncStore
from fieldcase.sync.errors import HttpError, ProtocolViolation
from fieldcase.sync.progress import Cancel, Progress
from fieldcase.sync.session import Session

log = logging.getLogger("fieldcase.sync.attachments")

DEFAULT_CHUNK = 1024 * 1024


def upload_one(
    session: Session,
    sync_store: SyncStore,
    sha256: str,
    size: int,
    mime: str,
    *,
    chunk_bytes: int = DEFAULT_CHUNK,
    cancel: Cancel | None = None,
) -> bool:
    """Send one attachment (resuming where the server stopped); True once the server has it whole."""
    status = session.call(
        "POST",
        f"/blobs/{sha256}",
        BlobStatus,
        json_body=BlobStatusRequest(size=size, mime=mime).model_dump(),
    )
    step = max(1, min(chunk_bytes, status.chunk_max, MAX_CHUNK_BYTES))
    offset = status.received
    while not status.exists and offset < size:
        if cancel is not None:
            cancel.check()
        data = sync_store.attachment_chunk(sha256, offset, step)
        try:
            status = _put(session, sha256, offset, data)
        except HttpError as error:
            if error.code == "wrong_offset":
                status = session.call(
                    "POST",
                    f"/blobs/{sha256}",
                    BlobStatus,
                    json_body=BlobStatusRequest(size=size, mime=mime).model_dump(),
                )
                offset = status.received
                continue
            raise
        if status.received <= offset:
            raise ProtocolViolation("the server did not move forward")
        offset = status.received
    if not status.exists:
        committed = session.call("POST", f"/blobs/{sha256}/commit", BlobCommitResponse)
        if not committed.committed or committed.sha256 != sha256:
            return False
    sync_store.mark_uploaded(sha256)
    return True


def _put(session: Session, sha256: str, offset: int, data: bytes) -> BlobStatus:
    status, _headers, body = session.send(
        "PUT",
        f"/blobs/{sha256}/chunks/{offset}",
        content=data,
        headers={
            HEADER_CHUNK_SHA256: hashlib.sha256(data).hexdigest(),
            "Content-Type": "application/octet-stream",
        },
    )
    if status >= 400:
        from fieldcase.sync.transport import _http_error

        raise _http_error(status, body)
    try:
        return BlobStatus.model_validate_json(body)
    except (
        ValidationError
    ):  # a cut-off answer: the upload resumes from the server's offset next time
        raise ProtocolViolation("an attachment chunk's answer does not fit the protocol") from None


def upload_all(
    session: Session,
    sync_store: SyncStore,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    chunk_bytes: int = DEFAULT_CHUNK,
) -> tuple[int, int]:
    """(uploaded, failed). A failing attachment is logged and retried next sync; the others go on.
    Bytes are never dropped here: one the server refuses is kept and put in "needs attention"."""
    uploaded = failed = 0
    for sha256, size, mime in sync_store.attachments_to_upload():
        if cancel is not None:
            cancel.check()
        try:
            if upload_one(
                session, sync_store, sha256, size, mime, chunk_bytes=chunk_bytes, cancel=cancel
            ):
                uploaded += 1
                if progress is not None:
                    progress.add(attachments=1)
            else:
                failed += 1
        except HttpError as error:
            failed += 1
            log.warning("attachment upload failed (%s); retried next sync", error.code)
            if _refused_for_good(error):
                sync_store.keep_refused_attachment(sha256, error.code)
        except ProtocolViolation as error:  # a garbled answer: this one waits, the others go on
            failed += 1
            log.warning("attachment upload failed (%s); retried next sync", error.code)
    return uploaded, failed


#: answers that mean "sign in again", "try later" or "start the upload over", not a refusal
_NOT_A_REFUSAL = frozenset({401, 403, 404, 408, 409, 425, 429})


def _refused_for_good(error: HttpError) -> bool:
    """The server will not take these bytes as they are (too large, damaged, not accepted): asking
    again at every sync will not change that, so the laptop keeps them and says so; its case no
    longer waits on them (store/attachment_retention.py). Anything else is retried quietly."""
    return (
        400 <= error.status < 500
        and error.status not in _NOT_A_REFUSAL
        and error.code not in _SENT_AGAIN
    )


#: a chunk damaged on the way: sent again, not a refusal of the bytes
_SENT_AGAIN = frozenset({"chunk_hash_mismatch"})


def download(
    session: Session, sync_store: SyncStore, sha256: str, mime: str = "application/octet-stream"
) -> bytes:
    """Fetch an attachment by hash (lazily, when the user opens it), verify it, keep it encrypted."""
    held = sync_store.attachment_content(sha256)
    if held is not None:
        return held
    status, headers, body = session.send("GET", f"/blobs/{sha256}")
    if status >= 400:
        from fieldcase.sync.transport import _http_error

        raise _http_error(status, body)
    if hashlib.sha256(body).hexdigest() != sha256:
        raise ProtocolViolation("the attachment arrived damaged")
    sync_store.store_downloaded(sha256, body, headers.get("content-type", mime).split(";")[0])
    return body
