"""Attachments, content-addressed by SHA-256 (server/blobs.py): POST /blobs/{sha256} (what the server
holds of it), PUT …/chunks/{offset} (one chunk of an upload), POST …/commit (the upload is whole),
GET /blobs/{sha256} (the bytes, or one byte range)."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Body, Header, Path
from fastapi.responses import Response

from fieldcase.protocol import BlobCommitResponse, BlobStatus, BlobStatusRequest
from fieldcase.protocol.base import MAX_WIRE_INT, SHA256_PATTERN
from fieldcase.protocol.blobs import HEADER_CHUNK_SHA256
from fieldcase.server import blobs
from fieldcase.server.apierrors import ApiError
from fieldcase.server.routes.deps import Caller, DatabaseDep, SettingsDep, Trail

router = APIRouter(tags=["attachments"])

#: path parameters obey the protocol's hash and number rules (a 2^64 never reaches a query)
BlobHash = Annotated[
    str,
    Path(
        min_length=64,
        max_length=64,
        pattern=SHA256_PATTERN,
        description="SHA-256 of the content, hex",
    ),
]
ChunkOffset = Annotated[
    int, Path(ge=0, le=MAX_WIRE_INT, description="where the chunk starts, in bytes")
]


@router.post("/blobs/{sha256}", response_model=BlobStatus)
def blob_status(
    sha256: BlobHash, body: BlobStatusRequest, who: Caller, db: DatabaseDep, settings: SettingsDep
) -> BlobStatus:
    return blobs.status(db, settings.limits, who, sha256, body)


@router.put("/blobs/{sha256}/chunks/{offset}", response_model=BlobStatus)
def blob_chunk(
    sha256: BlobHash,
    offset: ChunkOffset,
    who: Caller,
    db: DatabaseDep,
    settings: SettingsDep,
    data: bytes = Body(default=b"", media_type="application/octet-stream"),
    chunk_sha: str | None = Header(default=None, alias=HEADER_CHUNK_SHA256, pattern=SHA256_PATTERN),
) -> BlobStatus:
    return blobs.put_chunk(db, settings.limits, who, sha256, offset, data, chunk_sha)


@router.post("/blobs/{sha256}/commit", response_model=BlobCommitResponse)
def blob_commit(sha256: BlobHash, who: Caller, db: DatabaseDep, audit: Trail) -> BlobCommitResponse:
    result = blobs.commit(db, who, sha256)
    audit.add("blob_commit", target_kind="blob", target_id=sha256)
    return result


@router.get("/blobs/{sha256}")
def blob_get(
    sha256: BlobHash,
    who: Caller,
    db: DatabaseDep,
    audit: Trail,
    range_header: str | None = Header(default=None, alias="Range"),
) -> Response:
    start, end = 0, None
    if range_header:
        found = re.fullmatch(
            r"bytes=(\d{1,18})-(\d{0,18})", range_header.strip()
        )  # < 2^63: the wire's integer rule
        if not found:
            raise ApiError(
                416, "range_not_satisfiable", "Only one byte range (bytes=a-b) is supported."
            )
        start, end = int(found.group(1)), int(found.group(2)) if found.group(2) else None
    try:
        data, size, mime = blobs.read(db, who, sha256, start, end)
    except ApiError as error:
        if error.status == 404:
            audit.add("blob_read", outcome="denied", target_kind="blob", target_id=sha256[:64])
        raise
    audit.add("blob_read", target_kind="blob", target_id=sha256)
    headers = {"Accept-Ranges": "bytes", "ETag": f'"{sha256}"'}
    if range_header:
        headers["Content-Range"] = f"bytes {start}-{start + len(data) - 1}/{size}"
        return Response(data, status_code=206, media_type=mime, headers=headers)
    return Response(data, media_type=mime, headers=headers)
