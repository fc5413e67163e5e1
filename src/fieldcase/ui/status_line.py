"""The main window's passing messages ("Diagnostics copied", "Conflict settled", a problem), on the
left of the status bar. Qt's own status message is painted up to 2 px from the sync text and cut
mid-word; this one keeps a gap, ends in "…" when it does not fit, carries the whole message in its
tooltip and accessible name, and is announced to a screen reader."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from fieldcase.ui.announce import announce

#: space between the message and the sync text, in the font's average character widths
GAP_CHARS = 3


class StatusLine(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full_text = ""
        # it may shrink to nothing: the sync status beside it is never pushed aside by a message
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(0)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.clear_message)

    def show_message(self, text: str, timeout_ms: int = 0) -> None:
        self.full_text = text
        self.setToolTip(text)
        self.setAccessibleName(text)
        self._elide()
        announce(self, text)
        if timeout_ms:
            self.timer.start(timeout_ms)

    def clear_message(self) -> None:
        self.timer.stop()
        self.full_text = ""
        self.setToolTip("")
        self.setAccessibleName("")
        self.setText("")

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt's name
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        room = max(0, self.contentsRect().width() - GAP_CHARS * metrics.averageCharWidth())
        self.setText(metrics.elidedText(self.full_text, Qt.TextElideMode.ElideRight, room))
