"""A signature pad: draw with the mouse, a stylus or a finger; saved as a PNG attachment whose
name records the signer's role, name and the time of signing (read back for the printed summary)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent, QPainter, QPainterPath, QPen, QTabletEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldcase.services.attachments import SIGNER_ROLES, signature_name
from fieldcase.ui.i18n import _
from fieldcase.ui.widgets import labelled


class SignaturePad(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(480, 180)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(_("Signature pad"))
        self.setAccessibleDescription(_("Sign with the mouse, a stylus or a finger."))
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.strokes: list[QPainterPath] = []
        self._current: QPainterPath | None = None

    @property
    def is_empty(self) -> bool:
        return not any(path.elementCount() > 1 for path in self.strokes)

    def clear(self) -> None:
        self.strokes = []
        self.update()

    def _begin(self, point: QPointF) -> None:
        self._current = QPainterPath(point)
        self.strokes.append(self._current)

    def _extend(self, point: QPointF) -> None:
        if self._current is not None:
            self._current.lineTo(point)
            self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._current = None

    def tabletEvent(self, event: QTabletEvent) -> None:
        if event.type() == QTabletEvent.Type.TabletPress:
            self._begin(event.position())
        elif event.type() == QTabletEvent.Type.TabletMove:
            self._extend(event.position())
        else:
            self._current = None
        event.accept()

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        painter.setPen(QPen(Qt.GlobalColor.gray, 1, Qt.PenStyle.DashLine))
        baseline = self.height() - 40
        painter.drawLine(20, baseline, self.width() - 20, baseline)
        self._draw(painter)
        painter.end()

    def _draw(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(
            QPen(
                Qt.GlobalColor.black,
                2.5,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        for path in self.strokes:
            painter.drawPath(path)

    def to_png(self) -> bytes:
        image = QImage(self.size(), QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        self._draw(painter)
        painter.end()
        return png_bytes(image)


def png_bytes(image: QImage) -> bytes:
    """An image as PNG bytes, in memory (never a file: the bytes go into the encrypted store)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide6's stub says bytes; only a str works
    return bytes(data.data())


class SignatureDialog(QDialog):
    def __init__(
        self, parent: QWidget | None = None, *, now: Callable[[], datetime] = datetime.now
    ) -> None:
        super().__init__(parent)
        self.now = now
        self.signed_at: datetime | None = None
        self.setWindowTitle(_("Capture a signature"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.role = QComboBox()
        for role in SIGNER_ROLES:
            self.role.addItem(
                _(role), role
            )  # shown translated, recorded in English (services.attachments)
        self.who = QLineEdit()
        labelled(form, _("Signing &as"), self.role)
        labelled(form, _("&Who is signing"), self.who)
        layout.addLayout(form)
        prompt = QLabel(_("Sign in the box below."))
        layout.addWidget(prompt)
        self.pad = SignaturePad(self)
        prompt.setBuddy(self.pad)
        layout.addWidget(self.pad, 1)
        clear = QPushButton(_("Clear signature"))
        clear.clicked.connect(self.pad.clear)
        layout.addWidget(clear)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        self.signed_at = (
            self.now()
        )  # the moment the signer pressed Save, printed beside the signature
        super().accept()

    def file_name(self) -> str:
        who = "".join(ch for ch in self.who.text() if ch.isalnum() or ch in " -_.'").strip()
        return signature_name(
            role=self.role.currentData(),
            signer=who,
            signed_at=self.signed_at or self.now(),
            prefix=_("Signature"),
        )
