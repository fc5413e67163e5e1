"""Attachment bytes going up and coming down (retention rules: store/attachment_retention.py)."""

from __future__ import annotations

from sqlalchemy import insert, select, update

from fieldcase.store import attachment_retention as retention
from fieldcase.store.sync_apply.common import SyncStoreBase
from fieldcase.store.tables import attachment


class AttachmentTransfer(SyncStoreBase):
    # attachments -----------------------------------------------------------------------------

    def attachments_to_upload(self) -> list[tuple[str, int, str]]:
        with self._store.reading() as connection:
            return retention.to_upload(connection)

    def attachment_chunk(self, sha256: str, offset: int, size: int) -> bytes:
        with self._store.reading() as connection:
            return retention.chunk(connection, sha256, offset, size)

    def mark_uploaded(self, sha256: str) -> None:
        with self._store.transaction() as connection:
            retention.uploaded(connection, sha256)

    def keep_refused_attachment(self, sha256: str, code: str) -> None:
        """The server refused these bytes for good: kept here, and said so (attachment_retention.py)."""
        with self._store.transaction() as connection:
            retention.keep_refused(connection, sha256, code, self._now().iso)

    def attachment_content(self, sha256: str) -> bytes | None:
        return self._store.get_attachment(sha256)

    def store_downloaded(self, sha256: str, content: bytes, mime: str) -> None:
        with self._store.transaction() as connection:
            found = connection.execute(
                select(attachment.c.sha256).where(attachment.c.sha256 == sha256)
            ).first()
            if found is None:
                connection.execute(
                    insert(attachment).values(
                        sha256=sha256,
                        mime=mime,
                        size=len(content),
                        content=content,
                        uploaded=True,
                        created_at=self._now().iso,
                    )
                )
            else:
                connection.execute(
                    update(attachment)
                    .where(attachment.c.sha256 == sha256)
                    .values(content=content, size=len(content))
                )
