"""Photos, documents and signatures, kept inside the encrypted store by content hash.

Names are cleaned (no path parts, control or bidi characters) because they are shown on screen and
printed; the bytes are hashed so the same photo attached twice is stored once.
"""

from __future__ import annotations

import hashlib
import mimetypes
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from fieldcase.domain.attachments import AttachmentKind, AttachmentRef
from fieldcase.errors import UserError
from fieldcase.services.errors import AttachmentRefused

if TYPE_CHECKING:
    from fieldcase.reports.preview import PageImage
    from fieldcase.store.store import Store  # SQLAlchemy loads with the first unlock

MAX_BYTES = 25 * 1024 * 1024
ALLOWED_MIME = (
    "image/png",
    "image/jpeg",
    "image/heic",
    "image/webp",
    "application/pdf",
    "text/plain",
)


def clean_name(name: str) -> str:
    base = name.replace("\\", "/").split("/")[-1]
    kept = "".join(
        ch for ch in base if unicodedata.category(ch)[0] != "C"
    )  # controls, bidi overrides, NUL
    kept = kept.strip().lstrip(".")
    return kept[:120] or "attachment"


def attach_bytes(
    store: Store,
    *,
    content: bytes,
    name: str,
    mime: str | None = None,
    kind: AttachmentKind = AttachmentKind.DOCUMENT,
) -> AttachmentRef:
    if not content:
        raise AttachmentRefused("That file is empty; nothing was attached.")
    if len(content) > MAX_BYTES:
        raise AttachmentRefused(
            f"That file is larger than {MAX_BYTES // (1024 * 1024)} MB; attach a smaller copy."
        )
    name = clean_name(name)
    mime = mime or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if mime not in ALLOWED_MIME:
        raise AttachmentRefused(
            "Only photos (PNG, JPEG, HEIC, WebP), PDF and text files can be attached."
        )
    digest = hashlib.sha256(content).hexdigest()
    store.put_attachment(sha256=digest, mime=mime, content=content)
    store.record_audit(
        "attachment.add", detail={"sha256": digest, "bytes": len(content), "kind": kind.value}
    )
    return AttachmentRef(sha256=digest, name=name, mime=mime, kind=kind)


def attach_file(
    store: Store, *, path: str | Path, kind: AttachmentKind = AttachmentKind.DOCUMENT
) -> AttachmentRef:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise AttachmentRefused(
                f"That file is larger than {MAX_BYTES // (1024 * 1024)} MB; attach a smaller copy."
            )
        content = path.read_bytes()
    except OSError:
        raise AttachmentRefused(
            "That file could not be read; check it is not open elsewhere."
        ) from None
    return attach_bytes(store, content=content, name=path.name, kind=kind)


def read_attachment(store: Store, *, sha256: str) -> bytes | None:
    return store.get_attachment(sha256)


# signatures ---------------------------------------------------------------------------------------
#
# An `AttachmentRef` holds a name, a type and a hash, nothing else; who signed, in what role and
# when are kept in the signature's name, in one fixed pattern this module writes and reads back:
#     "Signature - <role> - <signer> - <YYYY-MM-DD HH.MM>.png"
# The role is one of `SIGNER_ROLES` in English, whatever the app's language, because it is read
# back for the printout (English) and for the redaction decision. Names from before the pattern
# ("Signature - caregiver.png") still give the signer; their role and time print as not recorded.

SIGNER_ROLES = (
    "Caseworker",
    "Supervisor",
    "Resource parent",
    "Parent",
    "Child",
    "Relative",
    "Other",
)
_SIGNED_AT = "%Y-%m-%d %H.%M"  # no ":" — the name may become a file name on Windows ("Save a copy")


@dataclass(frozen=True, slots=True)
class SignatureDetails:
    role: str | None  # one of SIGNER_ROLES, or None when the name does not say
    signer: str | None
    signed_at: datetime | None  # local wall time as captured (no zone)


def signature_name(
    *, role: str, signer: str, signed_at: datetime, prefix: str = "Signature"
) -> str:
    if role not in SIGNER_ROLES:
        raise ValueError("unknown signer role")
    who = " ".join(clean_name(signer.replace(" - ", " ")).split())[:60] if signer.strip() else "—"
    return clean_name(f"{prefix} - {role} - {who} - {signed_at:{_SIGNED_AT}}.png")


def signature_details(name: str) -> SignatureDetails:
    stem = name.removesuffix(".png").removesuffix(".PNG")
    parts = [p.strip() for p in stem.split(" - ")]
    if len(parts) >= 4 and parts[1] in SIGNER_ROLES:
        try:
            when = datetime.strptime(parts[-1], _SIGNED_AT)  # noqa: DTZ007 - local wall time, as written
        except ValueError:
            when = None
        if when is not None:
            signer = " - ".join(parts[2:-1]).strip()
            return SignatureDetails(parts[1], None if signer in ("", "—") else signer, when)
    if len(parts) == 2 and parts[1]:
        return SignatureDetails(None, parts[1], None)
    return SignatureDetails(None, None, None)


# opening and copying ------------------------------------------------------------------------------


class AttachmentUnavailable(UserError):
    code = "attachment_unavailable"

    def __init__(self) -> None:
        super().__init__(
            "This attachment is not on this laptop yet. It is downloaded at the next sync."
        )


class AttachmentDamaged(UserError):
    code = "attachment_damaged"

    def __init__(self) -> None:
        super().__init__(
            "This attachment is damaged and cannot be shown. The record and its other attachments are unchanged."
        )


class CopyNotSaved(UserError):
    code = "attachment_copy_not_saved"

    def __init__(self) -> None:
        super().__init__("The copy could not be saved there. Choose another folder.")


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class OpenedAttachment:
    """An attachment's decrypted bytes, in memory only (security.md "Leaks")."""

    ref: AttachmentRef
    content: bytes
    record_kind: str | None
    record_id: str | None

    def __repr__(self) -> str:  # never the bytes or the name in a log or a traceback
        return f"OpenedAttachment(sha256={self.ref.sha256[:12]}…, mime={self.ref.mime!r}, bytes={len(self.content)})"


def open_attachment(
    store: Store,
    *,
    ref: AttachmentRef,
    record_kind: str | None = None,
    record_id: str | None = None,
) -> OpenedAttachment:
    """The bytes to show, checked against the hash the record holds; the viewing is audited like
    opening the record itself (security.md "Audit": record view)."""
    content = store.get_attachment(ref.sha256)
    if content is None:
        raise AttachmentUnavailable()
    if hashlib.sha256(content).hexdigest() != ref.sha256:
        raise AttachmentDamaged()
    store.record_audit(
        "attachment.view",
        record_kind=record_kind,
        record_id=record_id,
        detail={"sha256": ref.sha256, "kind": ref.kind.value},
    )
    return OpenedAttachment(ref=ref, content=content, record_kind=record_kind, record_id=record_id)


def save_copy(store: Store, *, attachment: OpenedAttachment, path: str | Path) -> None:
    """Write an unencrypted copy where the user chose, then audit the export with its hash (as a
    saved PDF is: security.md "exporting or printing is an explicit action, recorded")."""
    try:
        Path(path).write_bytes(attachment.content)
    except OSError:
        raise CopyNotSaved() from None
    store.record_audit(
        "export",
        record_kind=attachment.record_kind,
        record_id=attachment.record_id,
        detail={"sha256": attachment.ref.sha256, "kind": attachment.ref.kind.value, "count": 1},
    )


def pdf_pages(
    content: bytes, *, dpi: float, should_stop: Callable[[], bool] | None = None
) -> list[PageImage]:
    """A PDF attachment's pages as images, from memory (the print preview's renderer)."""
    from fieldcase.reports.preview import PdfUnreadable, render_pages  # pdfium loads on first use

    try:
        return render_pages(content, dpi=dpi, should_stop=should_stop)
    except PdfUnreadable:  # a PDF PDFium cannot load: say so, keep the bytes as they are
        raise AttachmentDamaged() from None
