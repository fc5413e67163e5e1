"""Plain horizontal bar charts drawn with QPainter (no chart library). Each segment carries its
number, a fill pattern and a legend entry, so colour is never the only signal; the chart's
accessible description says the same in words for screen readers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


@dataclass(frozen=True)
class Segment:
    name: str
    colour: str
    pattern: Qt.BrushStyle = Qt.BrushStyle.SolidPattern


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[int, ...]  # one per segment


class BarChart(QWidget):
    ROW = 24
    GAP = 8

    def __init__(
        self, title: str, segments: Sequence[Segment], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.segments = tuple(segments)
        self.bars: tuple[Bar, ...] = ()
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName(title)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._update_size()

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self.bars = tuple(bars)
        self.setAccessibleDescription(self.describe())
        self._update_size()
        self.update()

    def describe(self) -> str:
        if not self.bars:
            return "No data."
        return " ".join(
            f"{bar.label}: "
            + ", ".join(
                f"{v} {s.name.lower()}" for s, v in zip(self.segments, bar.values, strict=True)
            )
            + "."
            for bar in self.bars
        )

    def _update_size(self) -> None:
        height = 28 + 24 + max(1, len(self.bars)) * (self.ROW + self.GAP) + 8
        self.setFixedHeight(height)

    def sizeHint(self) -> QSize:
        return QSize(520, self.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().windowText().color()
        metrics = QFontMetrics(self.font())
        bold = self.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text)
        painter.drawText(
            QRectF(0, 0, self.width(), 22),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.title,
        )
        painter.setFont(self.font())
        # legend: swatch (pattern + colour) and word
        x = 0.0
        for segment in self.segments:
            self._fill(painter, QRectF(x, 30, 16, 14), segment)
            painter.setPen(text)
            painter.drawText(
                QRectF(x + 20, 26, 200, 22), Qt.AlignmentFlag.AlignVCenter, segment.name
            )
            x += 20 + metrics.horizontalAdvance(segment.name) + 18
        label_w = max([metrics.horizontalAdvance(b.label) for b in self.bars] + [60]) + 12
        total = max([sum(b.values) for b in self.bars] + [1])
        width = max(40.0, self.width() - label_w - 50)
        y = 56.0
        if not self.bars:
            painter.drawText(
                QRectF(0, y, self.width(), self.ROW), Qt.AlignmentFlag.AlignVCenter, "No data."
            )
        for bar in self.bars:
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y, label_w - 8, self.ROW),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                bar.label,
            )
            x = float(label_w)
            for segment, value in zip(self.segments, bar.values, strict=True):
                if value <= 0:
                    continue
                w = width * value / total
                rect = QRectF(x, y, w, self.ROW)
                self._fill(painter, rect, segment)
                number = str(value)
                tw = metrics.horizontalAdvance(number) + 8
                if tw + 2 < w:
                    # the number on a plain chip, readable over any pattern
                    chip = QRectF(rect.center().x() - tw / 2, rect.center().y() - 9, tw, 18)
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(QColor("#ffffff"))
                    painter.drawRoundedRect(chip, 3, 3)
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.setPen(QColor("#1b1b1b"))
                    painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, number)
                x += w
            painter.setPen(text)
            painter.drawText(
                QRectF(x + 6, y, 44, self.ROW), Qt.AlignmentFlag.AlignVCenter, str(sum(bar.values))
            )
            y += self.ROW + self.GAP
        painter.end()

    @staticmethod
    def _fill(painter: QPainter, rect: QRectF, segment: Segment) -> None:
        painter.setPen(QPen(QColor("#555555"), 1))
        painter.setBrush(QBrush(QColor(segment.colour)))
        painter.drawRect(rect)
        if segment.pattern != Qt.BrushStyle.SolidPattern:
            painter.setBrush(QBrush(QColor("#555555"), segment.pattern))
            painter.drawRect(rect)
        painter.setBrush(Qt.BrushStyle.NoBrush)
