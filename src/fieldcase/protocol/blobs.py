"""Attachments: content-addressed by the SHA-256 of the plaintext, uploaded in chunks, resumable.

1. `POST /blobs/{sha256}` with `BlobStatusRequest` → `BlobStatus`: `exists` (nothing to do) or
   `received` (the offset to resume from).
2. `PUT /blobs/{sha256}/chunks/{offset}` with the raw bytes (≤ 4 MiB) and header
   `X-FC-Chunk-SHA256: <hex sha256 of the chunk>` → `BlobStatus` with the new `received`.
3. `POST /blobs/{sha256}/commit` → `BlobCommitResponse` (idempotent; the whole content is verified).
4. `GET /blobs/{sha256}` (with `Range: bytes=a-b` if wanted) → the bytes, only for blobs attached to a
   record in your caseload (or uploaded by this device); anything else is 404.
"""

from __future__ import annotations

from pydantic import Field

from fieldcase.protocol.base import WireInt, WireModel, WireRequest

HEADER_CHUNK_SHA256 = "X-FC-Chunk-SHA256"


class BlobStatusRequest(WireRequest):
    size: WireInt
    mime: str = Field(min_length=1, max_length=100)


class BlobStatus(WireModel):
    sha256: str
    exists: bool
    received: WireInt
    size: WireInt
    chunk_max: WireInt


class BlobCommitResponse(WireModel):
    sha256: str
    size: WireInt
    committed: bool
