"""A signature pad: draw with the mouse, a stylus or a finger; saved as a PNG attachment."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent, QPainter, QPainterPath, QPen, QTabletEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QPushButton, QFormLayout, QVBoxLayout, QWidget

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

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._current = None

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802
        if event.type() == QTabletEvent.Type.TabletPress:
            self._begin(event.position())
        elif event.type() == QTabletEvent.Type.TabletMove:
            self._extend(event.position())
        else:
            self._current = None
        event.accept()

    def paintEvent(self, _event: object) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        painter.setPen(QPen(Qt.GlobalColor.gray, 1, Qt.PenStyle.DashLine))
        baseline = self.height() - 40
        painter.drawLine(20, baseline, self.width() - 20, baseline)
        self._draw(painter)
        painter.end()

    def _draw(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(Qt.GlobalColor.black, 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        for path in self.strokes:
            painter.drawPath(path)

    def to_png(self) -> bytes:
        image = QImage(self.size(), QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        self._draw(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        return bytes(data.data())


class SignatureDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Capture a signature"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.who = QLineEdit()
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def file_name(self) -> str:
        who = "".join(ch for ch in self.who.text() if ch.isalnum() or ch in " -_").strip() or _("signature")
        return f"{_('Signature')} - {who}.png"
