"""Photos, documents and signatures, kept inside the encrypted store by content hash.

Names are cleaned (no path parts, control or bidi characters) because they are shown on screen and
printed; the bytes are hashed so the same photo attached twice is stored once.
"""

from __future__ import annotations

import hashlib
import mimetypes
import unicodedata
from pathlib import Path

from fieldcase.domain.attachments import AttachmentKind, AttachmentRef
from fieldcase.services.errors import AttachmentRefused
from fieldcase.store.store import Store

MAX_BYTES = 25 * 1024 * 1024
ALLOWED_MIME = ("image/png", "image/jpeg", "image/heic", "image/webp", "application/pdf", "text/plain")


def clean_name(name: str) -> str:
    base = name.replace("\\", "/").split("/")[-1]
    kept = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")  # controls, bidi overrides, NUL
    kept = kept.strip().lstrip(".")
    return kept[:120] or "attachment"


def attach_bytes(store: Store, *, content: bytes, name: str, mime: str | None = None, kind: AttachmentKind = AttachmentKind.DOCUMENT) -> AttachmentRef:
    if not content:
        raise AttachmentRefused("That file is empty; nothing was attached.")
    if len(content) > MAX_BYTES:
        raise AttachmentRefused(f"That file is larger than {MAX_BYTES // (1024 * 1024)} MB; attach a smaller copy.")
    name = clean_name(name)
    mime = mime or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if mime not in ALLOWED_MIME:
        raise AttachmentRefused("Only photos (PNG, JPEG, HEIC, WebP), PDF and text files can be attached.")
    digest = hashlib.sha256(content).hexdigest()
    store.put_attachment(sha256=digest, mime=mime, content=content)
    store.record_audit("attachment.add", detail={"sha256": digest, "bytes": len(content), "kind": kind.value})
    return AttachmentRef(sha256=digest, name=name, mime=mime, kind=kind)


def attach_file(store: Store, *, path: str | Path, kind: AttachmentKind = AttachmentKind.DOCUMENT) -> AttachmentRef:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise AttachmentRefused(f"That file is larger than {MAX_BYTES // (1024 * 1024)} MB; attach a smaller copy.")
        content = path.read_bytes()
    except OSError:
        raise AttachmentRefused("That file could not be read; check it is not open elsewhere.") from None
    return attach_bytes(store, content=content, name=path.name, kind=kind)


def read_attachment(store: Store, *, sha256: str) -> bytes | None:
    return store.get_attachment(sha256)
