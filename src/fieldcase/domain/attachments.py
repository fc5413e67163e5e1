"""References to photos, documents and signatures. The bytes travel on their own queue by hash
(sync.md "Attachments"); a record only holds the reference."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class AttachmentKind(enum.Enum):
    PHOTO = "photo"
    DOCUMENT = "document"
    SIGNATURE = "signature"


@dataclass(frozen=True, slots=True, kw_only=True)
class AttachmentRef:
    sha256: str  # of the plaintext content, lower-case hex
    name: str
    mime: str
    kind: AttachmentKind = AttachmentKind.DOCUMENT
