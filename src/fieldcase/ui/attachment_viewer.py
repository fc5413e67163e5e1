"""Look at an attachment: photos (and signatures) in a zoomable view that fits the window, PDFs as
page images through the print preview's renderer, text as text; anything else can only be saved as
a copy — after a warning that the copy is not encrypted, and audited as an export.

The bytes are decrypted into memory only (security.md "Leaks"): QImage.fromData, never a temp file.
Opening is audited like opening a record (services.attachments.open_attachment). A viewer belongs
to the page that opened it; `close_viewers(page)` runs when the page drops its personal data (on
lock and when the record is closed), so no viewer outlives the unlocked session.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QAction, QImage, QImageReader, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from fieldcase.domain.attachments import AttachmentKind, AttachmentRef
from fieldcase.errors import UserError
from fieldcase.services import attachments as service
from fieldcase.services.attachments import OpenedAttachment
from fieldcase.services.session import Session
from fieldcase.ui.i18n import _, error_words
from fieldcase.ui.widgets import Banner
from fieldcase.ui.worker import RenderWorker, StoreWorker

KIND_TEXT = {
    AttachmentKind.PHOTO: "Photo",
    AttachmentKind.DOCUMENT: "Document",
    AttachmentKind.SIGNATURE: "Signature",
}
PDF_DPI = 110
PAGE_GAP = 16
MIN_ZOOM, MAX_ZOOM, ZOOM_STEP = 0.05, 8.0, 1.25


def as_ref(ref: AttachmentRef | Mapping[str, Any]) -> AttachmentRef:
    """A record body holds its attachments as plain dicts (`to_dict(ref)`)."""
    if isinstance(ref, AttachmentRef):
        return ref
    return AttachmentRef(
        sha256=ref["sha256"], name=ref["name"], mime=ref["mime"], kind=AttachmentKind(ref["kind"])
    )


class AttachmentViewer(QDialog):
    """One attachment. States: opening → shown (image, pages or text) | save-only | problem."""

    def __init__(
        self,
        ref: AttachmentRef | Mapping[str, Any],
        *,
        worker: StoreWorker,
        session: Session,
        record_kind: str | None = None,
        record_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ref = as_ref(ref)
        self.worker, self.session = worker, session
        self.record_kind, self.record_id = record_kind, record_id
        self.opened: OpenedAttachment | None = None
        self.image: QImage | None = None  # the photo, or the first PDF page
        self.pages: list[QImage] = []
        self.zoom = 1.0
        self.fitting = True  # follow the window's size until the user zooms
        self._renderer: RenderWorker | None = None
        self._stopping = False
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        kind = _(KIND_TEXT[self.ref.kind])
        # the file's name stays inside the window: titles show up in task switchers and screen sharing
        self.setWindowTitle(_("Attachment: {kind}").format(kind=kind))
        self.resize(900, 700)

        column = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setText(f"{kind}: {self.ref.name}")
        self.heading.setWordWrap(True)
        column.addWidget(self.heading)
        self.banner = Banner(self)
        column.addWidget(self.banner)

        self.scene = QGraphicsScene(self)
        self.view = QGraphicsView(self.scene)
        self.view.setAccessibleName(_("Attachment view"))
        self.view.setAccessibleDescription(
            _(
                "Arrow keys scroll. Ctrl+Plus and Ctrl+Minus zoom, Ctrl+0 fits the window, Ctrl+1 shows the actual size."
            )
        )
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.view.setBackgroundBrush(Qt.GlobalColor.darkGray)
        self.view.viewport().installEventFilter(self)
        column.addWidget(self.view, 1)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName(_("Attachment text"))
        self.text.hide()
        column.addWidget(self.text, 1)
        self.heading.setBuddy(self.text)

        buttons = QHBoxLayout()
        self.zoom_out_button = self._button(
            buttons, _("Zoom &out"), QKeySequence.StandardKey.ZoomOut, self.zoom_out
        )
        self.zoom_in_button = self._button(
            buttons, _("Zoom &in"), QKeySequence.StandardKey.ZoomIn, self.zoom_in
        )
        self.fit_button = self._button(
            buttons, _("&Fit to window"), QKeySequence("Ctrl+0"), self.fit
        )
        self.actual_button = self._button(
            buttons, _("&Actual size"), QKeySequence("Ctrl+1"), self.actual_size
        )
        buttons.addStretch(1)
        self.save_button = self._button(buttons, _("&Save a copy…"), None, self.save_copy)
        self.save_button.setToolTip(
            _(
                "The copy is not encrypted; you are asked to confirm, and the copy is recorded in the audit log."
            )
        )
        self.close_button = self._button(buttons, _("&Close"), None, self.close)
        column.addLayout(buttons)
        self._set_zoomable(False)
        self.save_button.setEnabled(False)
        self.status(_("Opening…"))

        record_kind, record_id, store_ref = self.record_kind, self.record_id, self.ref
        worker.run(
            lambda: service.open_attachment(
                session.store, ref=store_ref, record_kind=record_kind, record_id=record_id
            ),
            on_done=self._opened,
            on_error=self._failed,
        )

    def _button(self, row: QHBoxLayout, text: str, key, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)  # Enter in the viewer must not save a copy
        if key is not None:
            # an action, not the button's own shortcut: that one "animates" a click and acts 100 ms later
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(slot)
            self.addAction(action)
            button.setToolTip(
                f"{text.replace('&', '')} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
            )
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def status(self, message: str, kind: str = "info") -> None:
        self.banner.show_message(message, kind)

    def _set_zoomable(self, on: bool) -> None:
        for button in (
            self.zoom_out_button,
            self.zoom_in_button,
            self.fit_button,
            self.actual_button,
        ):
            button.setEnabled(on)

    # showing ----------------------------------------------------------------------------------

    def _opened(self, opened: OpenedAttachment) -> None:
        self.opened = opened
        self.save_button.setEnabled(True)
        mime = opened.ref.mime
        if mime.startswith("image/"):
            self._show_image(opened)
        elif mime == "application/pdf":
            self.status(_("Preparing the pages…"))
            self._renderer = RenderWorker(self)
            content = opened.content
            self._renderer.run(
                lambda: service.pdf_pages(content, dpi=PDF_DPI, should_stop=lambda: self._stopping),
                on_done=self._pages_ready,
                on_error=self._failed,
            )
        elif mime == "text/plain":
            self.view.hide()
            self.text.setPlainText(opened.content.decode("utf-8", errors="replace"))
            self.text.show()
            self.text.setFocus()
            self.banner.clear()
        else:
            self.view.hide()
            self.status(
                _(
                    "This kind of file cannot be shown here. Use “Save a copy…” to open it in another program."
                )
            )

    def _show_image(self, opened: OpenedAttachment) -> None:
        image = QImage.fromData(opened.content)
        if image.isNull():
            known = opened.ref.mime.encode() in {
                bytes(m.data()) for m in QImageReader.supportedMimeTypes()
            }
            if known:  # a PNG or JPEG Qt reads every day: these bytes are broken
                self._failed(service.AttachmentDamaged(), keep_save=True)
            else:  # HEIC on a system without a reader for it
                self.status(
                    _(
                        "This kind of photo cannot be shown here. Use “Save a copy…” to open it in another program."
                    )
                )
            return
        self.image = image
        self._place([image])
        self.banner.clear()

    def _pages_ready(self, pages: list) -> None:  # services PageImage
        images = [
            QImage(p.pixels, p.width, p.height, p.stride, QImage.Format.Format_RGBX8888).copy()
            for p in pages
        ]
        if not images:
            self._failed(service.AttachmentDamaged(), keep_save=True)
            return
        self.pages = images
        self.image = images[0]
        self._place(images)
        self.banner.clear()

    def _place(self, images: list[QImage]) -> None:
        self.scene.clear()
        y = 0.0
        width = max(i.width() for i in images)
        for image in images:
            item = QGraphicsPixmapItem(QPixmap.fromImage(image))
            item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
            item.setPos((width - image.width()) / 2, y)
            self.scene.addItem(item)
            y += image.height() + PAGE_GAP
        self.scene.setSceneRect(QRectF(0, 0, width, y - PAGE_GAP))
        self._set_zoomable(True)
        self.fit()
        self.view.setFocus()

    def _failed(self, err: UserError, *, keep_save: bool = False) -> None:
        if not shiboken6.isValid(self):
            return
        self.scene.clear()
        self._set_zoomable(False)
        self.save_button.setEnabled(keep_save and self.opened is not None)
        self.status(_("Problem: {message}").format(message=error_words(err)), "error")
        self.close_button.setFocus()

    # zoom -------------------------------------------------------------------------------------

    def _apply(self, zoom: float) -> None:
        self.zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self.view.resetTransform()
        self.view.scale(self.zoom, self.zoom)

    def fit(self) -> None:
        """The whole photo in the window; a PDF's pages as wide as the window. Never enlarged past
        the actual size: a small photo blown up only looks blurred."""
        rect = self.scene.sceneRect()
        if rect.isEmpty():
            return
        self.fitting = True
        area = self.view.viewport().rect().adjusted(4, 4, -4, -4)
        if len(self.pages) > 1 and not self.view.verticalScrollBar().isVisible():
            # pages as wide as the window need the vertical scroll bar, which takes its width from them
            area.setWidth(
                area.width() - self.view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
            )
        across = area.width() / rect.width()
        self._apply(
            min(1.0, across if len(self.pages) > 1 else min(across, area.height() / rect.height()))
        )

    def zoom_in(self) -> None:
        self.fitting = False
        self._apply(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.fitting = False
        self._apply(self.zoom / ZOOM_STEP)

    def actual_size(self) -> None:
        self.fitting = False
        self._apply(1.0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # the view's own size, not the window's: a banner coming or going resizes it too
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize and self.fitting:
            self.fit()
        return False

    # a copy outside the store -----------------------------------------------------------------

    def confirm_unencrypted(self) -> bool:
        answer = QMessageBox.warning(
            self,
            _("Save an unencrypted copy?"),
            _(
                "The copy is not encrypted: anyone who can open that folder or drive can see it. Save it only where your agency allows, "
                "and delete it when you are done. The copy is recorded in the audit log."
            ),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Save

    def ask_path(self) -> str:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save a copy of the attachment"), self.ref.name
        )
        return path

    def save_copy(self) -> None:
        if self.opened is None or not self.confirm_unencrypted():
            return
        path = self.ask_path()
        if path:
            self.save_copy_to(path)

    def save_copy_to(self, path: str) -> None:
        opened, session = self.opened, self.session
        if opened is None:
            return
        self.worker.run(
            lambda: service.save_copy(session.store, attachment=opened, path=path),
            on_done=self._saved,
            on_error=self._save_failed,
        )

    def _saved(self, _result: object) -> None:
        self.status(_("Saved an unencrypted copy. Delete it when you no longer need it."), "ok")

    def _save_failed(self, err: UserError) -> None:
        self.status(_("Problem: {message}").format(message=error_words(err)), "error")

    # personal data out --------------------------------------------------------------------------

    def clear(self) -> None:
        """Drop the decrypted bytes and every picture of them (lock, record closed)."""
        self._stopping = True
        self.opened = None
        self.image = None
        self.pages = []
        self.scene.clear()
        self.text.clear()
        self.heading.clear()
        self.banner.clear()
        self.save_button.setEnabled(False)
        self._set_zoomable(False)

    def done(self, result: int) -> None:
        self.clear()
        if self._renderer is not None:
            self._renderer.shutdown()  # waits for at most the page being rendered (`_stopping`)
            self._renderer = None
        super().done(result)


def open_viewer(
    ref: AttachmentRef | Mapping[str, Any],
    *,
    worker: StoreWorker,
    session: Session,
    record_kind: str | None,
    record_id: str | None,
    parent: QWidget,
) -> AttachmentViewer:
    viewer = AttachmentViewer(
        ref,
        worker=worker,
        session=session,
        record_kind=record_kind,
        record_id=record_id,
        parent=parent,
    )
    viewer.show()  # not modal: the caseworker can look at the photo while writing the visit
    return viewer


def close_viewers(owner: QWidget) -> None:
    """Close and clear every viewer `owner` opened (its personal data is going: lock, close)."""
    for viewer in owner.findChildren(AttachmentViewer):
        viewer.reject()
