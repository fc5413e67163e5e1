"""The mouse wheel scrolls forms; it never changes an answer the person did not pick.

A combo box, spin box or date field under the pointer takes the wheel by default, so scrolling a
long form turned "How the contact was made" from Face to face to Collateral and autosave stored
it. One guard on the application covers every such control of every form and dialog, present and
future: it lets a control take the wheel only while the control has the keyboard focus (a person
clicked or tabbed into it), and otherwise hands the wheel to the scroll area around the control,
which scrolls the form. Because Qt gives focus on a wheel to controls whose focus policy
includes the wheel (before any filter sees the event), the guard also takes the wheel out of those
controls' focus policy as they are polished.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

#: the controls whose value a wheel turn changes
GUARDED = (QComboBox, QAbstractSpinBox)


def _no_wheel_focus(widget: QWidget) -> None:
    if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def _scroll_instead(control: QWidget, event: QWheelEvent) -> None:
    """Give the wheel to the scroll area around `control` (if any) and take it from the control.

    Handed over explicitly rather than by ignoring the event: Qt propagates only wheels that come
    from the window system, and this must hold for every wheel the control gets."""
    area = control.parentWidget()
    while area is not None and not isinstance(area, QAbstractScrollArea):
        area = area.parentWidget()
    if area is not None:
        viewport = area.viewport()
        at = QPointF(control.mapTo(viewport, event.position().toPoint()))
        handed = QWheelEvent(
            at,
            event.globalPosition(),
            event.pixelDelta(),
            event.angleDelta(),
            event.buttons(),
            event.modifiers(),
            event.phase(),
            event.inverted(),
            event.source(),
        )
        QApplication.sendEvent(viewport, handed)
    event.accept()


class WheelGuard(QObject):
    """Installed once on the application (`install`)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        kind = event.type()
        if kind == QEvent.Type.Wheel:
            if isinstance(watched, GUARDED) and not watched.hasFocus():
                assert isinstance(event, QWheelEvent)  # PySide hands a wheel over as its own class
                _scroll_instead(watched, event)
                return True
        elif kind == QEvent.Type.Polish and isinstance(watched, GUARDED):
            _no_wheel_focus(watched)
        return False


_guard: WheelGuard | None = None


def install(app: QApplication) -> WheelGuard:
    """Guard every control of `app`, those that exist already and those made later. Idempotent."""
    global _guard
    if _guard is None:
        _guard = WheelGuard()
        app.installEventFilter(_guard)
        for widget in app.allWidgets():
            if isinstance(widget, GUARDED):
                _no_wheel_focus(widget)
    return _guard
