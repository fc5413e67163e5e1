"""Attachments: content-addressed (SHA-256 of the plaintext), uploaded in hashed chunks, resumable,
committed idempotently after the whole content is verified; stored in the database in chunks so
SQLite and PostgreSQL deployments need no separate file store.

Access: a device may read a blob attached to a record in its caseload by a proven link, or one it
uploaded itself (it proved it holds the content); see attachment_links.py. Everything else is 404 — including "exists?" for a hash someone
else uploaded: a device that wants to attach it must upload the bytes (deduplicated on commit).
"""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from fieldcase.protocol import BlobCommitResponse, BlobStatus, BlobStatusRequest
from fieldcase.server import attachment_links
from fieldcase.server.apierrors import ApiError, not_found
from fieldcase.server.config import Limits
from fieldcase.server.db import Database
from fieldcase.server.devices import Principal
from fieldcase.server.models import Blob, BlobChunk, DeviceBlob, Upload, UploadChunk

_SHA = re.compile(r"^[0-9a-f]{64}$")


def check_sha(sha256: str) -> str:
    if not _SHA.match(sha256):
        raise not_found()
    return sha256


def readable(session: Session, principal: Principal, sha256: str) -> bool:
    """Uploaded by this device, or attached by a proven link in its scope (attachment_links.py)."""
    return attachment_links.holds(session, principal, sha256)


def status(
    db: Database, limits: Limits, principal: Principal, sha256: str, req: BlobStatusRequest
) -> BlobStatus:
    check_sha(sha256)
    if req.size > limits.max_attachment_bytes:
        raise ApiError(
            413,
            "payload_too_large",
            f"Attachments are limited to {limits.max_attachment_bytes // (1024 * 1024)} MiB.",
        )
    with db.write() as session:
        blob = session.get(Blob, sha256)
        if blob is not None and readable(session, principal, sha256):
            return BlobStatus(
                sha256=sha256,
                exists=True,
                received=blob.size,
                size=blob.size,
                chunk_max=limits.max_chunk_bytes,
            )
        upload = session.get(Upload, (principal.device_id, sha256))
        if upload is None or upload.size != req.size:
            if upload is not None:
                _drop_upload(session, principal.device_id, sha256)
            upload = Upload(
                device_id=principal.device_id,
                sha256=sha256,
                size=req.size,
                mime=req.mime,
                received=0,
            )
            session.add(upload)
        return BlobStatus(
            sha256=sha256,
            exists=False,
            received=upload.received,
            size=upload.size,
            chunk_max=limits.max_chunk_bytes,
        )


def _drop_upload(session: Session, device_id: str, sha256: str) -> None:
    session.execute(
        delete(UploadChunk).where(UploadChunk.device_id == device_id, UploadChunk.sha256 == sha256)
    )
    session.execute(delete(Upload).where(Upload.device_id == device_id, Upload.sha256 == sha256))


def put_chunk(
    db: Database,
    limits: Limits,
    principal: Principal,
    sha256: str,
    offset: int,
    data: bytes,
    chunk_sha: str | None,
) -> BlobStatus:
    check_sha(sha256)
    if len(data) > limits.max_chunk_bytes:
        raise ApiError(413, "payload_too_large", "A chunk may be at most 4 MiB.")
    if not chunk_sha or hashlib.sha256(data).hexdigest() != chunk_sha.lower():
        raise ApiError(
            422,
            "chunk_hash_mismatch",
            "The chunk arrived damaged; send it again.",
            fields=["X-FC-Chunk-SHA256"],
        )
    with db.write() as session:
        upload = session.get(Upload, (principal.device_id, sha256))
        if upload is None:
            raise not_found()
        if offset < upload.received:
            # A resent chunk (lost answer): already stored, nothing to do.
            return BlobStatus(
                sha256=sha256,
                exists=False,
                received=upload.received,
                size=upload.size,
                chunk_max=limits.max_chunk_bytes,
            )
        if offset != upload.received:
            raise ApiError(
                409, "wrong_offset", "Resume from the offset the server has.", fields=["offset"]
            )
        if not data or offset + len(data) > upload.size:
            raise ApiError(
                422,
                "invalid_request",
                "The chunk does not fit the announced size.",
                fields=["body"],
            )
        session.add(
            UploadChunk(device_id=principal.device_id, sha256=sha256, offset=offset, data=data)
        )
        upload.received = offset + len(data)
        return BlobStatus(
            sha256=sha256,
            exists=False,
            received=upload.received,
            size=upload.size,
            chunk_max=limits.max_chunk_bytes,
        )


def commit(db: Database, principal: Principal, sha256: str) -> BlobCommitResponse:
    check_sha(sha256)
    with db.write() as session:
        blob = session.get(Blob, sha256)
        upload = session.get(Upload, (principal.device_id, sha256))
        if blob is not None and (upload is None and readable(session, principal, sha256)):
            attachment_links.prove_pending(session, principal.device_id, sha256)
            return BlobCommitResponse(sha256=sha256, size=blob.size, committed=True)
        if upload is None:
            raise not_found()
        if upload.received != upload.size:
            raise ApiError(409, "incomplete_upload", "Not all of the attachment has arrived yet.")
        digest = hashlib.sha256()
        chunks = session.execute(
            select(UploadChunk)
            .where(UploadChunk.device_id == principal.device_id, UploadChunk.sha256 == sha256)
            .order_by(UploadChunk.offset)
        ).scalars()
        pieces = []
        for chunk in chunks:
            digest.update(chunk.data)
            pieces.append((chunk.offset, chunk.data))
        if digest.hexdigest() != sha256:
            _drop_upload(session, principal.device_id, sha256)
            raise ApiError(
                422,
                "content_hash_mismatch",
                "The attachment arrived damaged; it will be uploaded again.",
            )
        if blob is None:
            session.add(Blob(sha256=sha256, size=upload.size, mime=upload.mime))
            session.flush()
            for offset, data in pieces:
                session.add(BlobChunk(sha256=sha256, offset=offset, data=data))
        if session.get(DeviceBlob, (principal.device_id, sha256)) is None:
            session.add(DeviceBlob(device_id=principal.device_id, sha256=sha256))
            session.flush()
        # the links this device made before its upload arrived (sync.md: attach first, upload later)
        attachment_links.prove_pending(session, principal.device_id, sha256)
        _drop_upload(session, principal.device_id, sha256)
        return BlobCommitResponse(sha256=sha256, size=upload.size, committed=True)


def read(
    db: Database, principal: Principal, sha256: str, start: int, end: int | None
) -> tuple[bytes, int, str]:
    """Bytes [start, end] (inclusive) of a readable blob, its total size and mime type."""
    check_sha(sha256)
    with db.read() as session:
        blob = session.get(Blob, sha256)
        if blob is None or not readable(session, principal, sha256):
            raise not_found()
        last = blob.size - 1 if end is None else min(end, blob.size - 1)
        if blob.size and (start > last or start < 0):
            raise ApiError(
                416, "range_not_satisfiable", "The requested range is outside the attachment."
            )
        out = bytearray()
        first_chunk = (
            session.execute(
                select(func.max(BlobChunk.offset)).where(
                    BlobChunk.sha256 == sha256, BlobChunk.offset <= start
                )
            ).scalar_one_or_none()
            or 0
        )
        for chunk in session.execute(
            select(BlobChunk)
            .where(
                BlobChunk.sha256 == sha256,
                BlobChunk.offset >= first_chunk,
                BlobChunk.offset <= last,
            )
            .order_by(BlobChunk.offset)
        ).scalars():
            lo = max(start - chunk.offset, 0)
            hi = min(last - chunk.offset + 1, len(chunk.data))
            out += chunk.data[lo:hi]
        return bytes(out), blob.size, blob.mime
