"""A child's ratings over time with one instrument, on the assessment's page: a small line chart
(QPainter; no charting library) of the mean rating per domain at each assessment that happened,
the instrument's actionable rating drawn as a dashed line, and the same facts in words under it
(a screen reader reads the words; the lines also differ by their marker, never by colour alone)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from fieldcase.ui import tab_order
from fieldcase.ui.i18n import _

#: colours that stay apart for the common colour-vision deficiencies (Okabe–Ito), and a marker each
_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#999933")
_MARKERS = ("circle", "square", "triangle", "diamond", "cross", "circle", "square", "triangle")


class RatingChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history: Any = None
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("Ratings over time"))

    def set_history(self, history: Any) -> None:  # services.assessments.RatingHistory
        self.history = history
        self.setAccessibleDescription(chart_words(history))
        self.update()

    def paintEvent(self, _event: Any) -> None:  # Qt's name
        history = self.history
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        text = QColor("#222222")
        painter.setPen(text)
        if history is None or not history.points:
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter,
                _("No ratings yet: the chart starts with the first assessment submitted."),
            )
            return
        metrics = painter.fontMetrics()
        names = [d.name for d in history.points[-1].domains]
        legend_rows = (len(names) + 3) // 4
        left, right, top = metrics.horizontalAdvance("0.0") + 14, 12, 10
        bottom = metrics.height() * (legend_rows + 1) + 16
        plot = QRectF(
            left, top, max(10, self.width() - left - right), max(10, self.height() - top - bottom)
        )
        low, high = history.lowest, history.highest
        span = max(1, high - low)

        def y(value: float) -> float:
            return plot.bottom() - (value - low) / span * plot.height()

        count = len(history.points)

        def x(i: int) -> float:
            return plot.center().x() if count == 1 else plot.left() + i * plot.width() / (count - 1)

        painter.setPen(QPen(QColor("#bbbbbb"), 1))
        for value in range(low, high + 1):
            painter.drawLine(QPointF(plot.left(), y(value)), QPointF(plot.right(), y(value)))
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y(value) - metrics.height() / 2, left - 6, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(value),
            )
            painter.setPen(QPen(QColor("#bbbbbb"), 1))
        painter.setPen(
            QPen(QColor("#a4262c"), 1.5, Qt.PenStyle.DashLine)
        )  # actionable from here up
        painter.drawLine(
            QPointF(plot.left(), y(history.actionable_from)),
            QPointF(plot.right(), y(history.actionable_from)),
        )
        painter.setPen(text)
        for i, point in enumerate(history.points):
            label = point.on.isoformat()
            width = metrics.horizontalAdvance(label)
            painter.drawText(
                QPointF(
                    min(max(0, x(i) - width / 2), self.width() - width),
                    plot.bottom() + metrics.ascent() + 4,
                ),
                label,
            )
        for d in range(len(names)):
            colour = QColor(_COLOURS[d % len(_COLOURS)])
            pen = QPen(colour, 2)
            painter.setPen(pen)
            path, started = QPainterPath(), False
            for i, point in enumerate(history.points):
                mean = point.domains[d].mean if d < len(point.domains) else None
                if mean is None:
                    started = False
                    continue
                spot = QPointF(x(i), y(mean))
                path.lineTo(spot) if started else path.moveTo(spot)
                started = True
                _marker(painter, spot, _MARKERS[d % len(_MARKERS)], colour)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        # legend: the marker and the domain's name, four to a row
        column_width = self.width() / 4
        for d, name in enumerate(names):
            row, col = divmod(d, 4)
            base = QPointF(
                col * column_width + 10, plot.bottom() + metrics.height() * (row + 1) + 10
            )
            colour = QColor(_COLOURS[d % len(_COLOURS)])
            _marker(painter, base, _MARKERS[d % len(_MARKERS)], colour)
            painter.setPen(text)
            painter.drawText(
                QPointF(base.x() + 9, base.y() + metrics.ascent() / 2 - 1),
                metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(column_width - 24)),
            )


def _marker(painter: QPainter, at: QPointF, shape: str, colour: QColor) -> None:
    painter.setPen(QPen(colour, 1.5))
    painter.setBrush(colour)
    r = 4.0
    if shape == "square":
        painter.drawRect(QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r))
    elif shape == "triangle":
        path = QPainterPath(QPointF(at.x(), at.y() - r))
        path.lineTo(at.x() + r, at.y() + r)
        path.lineTo(at.x() - r, at.y() + r)
        path.closeSubpath()
        painter.drawPath(path)
    elif shape == "diamond":
        path = QPainterPath(QPointF(at.x(), at.y() - r))
        for dx, dy in ((r, 0), (0, r), (-r, 0)):
            path.lineTo(at.x() + dx, at.y() + dy)
        path.closeSubpath()
        painter.drawPath(path)
    elif shape == "cross":
        painter.drawLine(QPointF(at.x() - r, at.y() - r), QPointF(at.x() + r, at.y() + r))
        painter.drawLine(QPointF(at.x() - r, at.y() + r), QPointF(at.x() + r, at.y() - r))
    else:
        painter.drawEllipse(at, r, r)


def chart_words(history: Any) -> str:
    """The chart in words: per assessment, its day, how many items are actionable and each domain's mean."""
    if history is None or not history.points:
        return _("No ratings yet: the chart starts with the first assessment submitted.")
    lines = []
    for point in history.points:
        domains = ", ".join(f"{d.name} {d.mean:.1f}" for d in point.domains if d.mean is not None)
        lines.append(
            _("{day}: {count} actionable items ({domains})").format(
                day=point.on.isoformat(), count=point.actionable, domains=domains
            )
        )
    return "\n".join(lines)


class RatingsOverTime(QWidget):
    """The chart with its heading and its words, for the assessment's page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel(
            _("Ratings over time (mean per domain; the dashed line: actionable from here up)")
        )
        self.heading.setWordWrap(True)
        self.chart = RatingChart(self)
        self.words = QLabel()
        self.words.setWordWrap(True)
        self.words.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.words.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.words.setAccessibleName(_("Ratings over time"))
        column.addWidget(self.heading)
        column.addWidget(self.chart)
        column.addWidget(self.words)

    def set_history(self, history: Any) -> None:
        self.chart.set_history(history)
        self.words.setText(chart_words(history))
        self.words.setAccessibleDescription(self.words.text())


def attach(page: Any, context: Any) -> RatingsOverTime:
    """Put the chart on an assessment's page: the instrument's rules go to the editor (unrated items
    named as typed), and the child's history is read on the store worker, again after each save."""
    from fieldcase.domain.instruments import find
    from fieldcase.services import assessments

    editor = page.editor
    body = editor.body
    instrument = find(
        context.instruments, body.get("instrument_id") or "", body.get("instrument_version") or None
    )
    if instrument is not None:
        editor.rule_context = {"instrument": instrument}
    widget = RatingsOverTime(page)
    # inside the form's scroll, under the notes: the items keep the page's height
    column = page.form.widget().layout()
    column.insertWidget(column.count() - 1, widget)
    tab_order.follow_the_layout(page.form)

    def load() -> None:
        child = editor.body.get("child_id")
        if instrument is None or not child:
            widget.set_history(None)
            return
        session, language = editor.session, context.language
        editor.worker.run(
            lambda: assessments.rating_history(
                session.store, child, instrument=instrument, language=language
            ),
            on_done=widget.set_history,
            on_error=lambda _e: None,
        )

    editor.state_changed.connect(load)  # submitted, approved, read again after a sync
    load()
    return widget
