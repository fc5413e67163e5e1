"""Announcements for screen readers: what the app does by itself (an autosave, a refused submit, a
wrong passphrase, the end of a sync) is spoken, as a sighted person sees it happen. Qt 6.8+ sends
QAccessibleAnnouncementEvent to the platform (AT-SPI's "announcement", what Orca reads aloud).

`announced` also fires for each one, so tests (and a future spoken log) can hear them."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget

from fieldcase.ui.accessible_text import plain


class _Announcer(QObject):
    announced = Signal(str, bool)  # message, assertive


_announcer: _Announcer | None = None


def announcer() -> _Announcer:
    global _announcer  # one per process, like the application object
    if _announcer is None:
        _announcer = _Announcer()
    return _announcer


def announce(widget: QWidget, message: str, *, assertive: bool = False) -> None:
    """Speak `message` (plain words) on behalf of `widget`. Assertive interrupts the reader: for what
    needs action now (a refused submit, a wrong passphrase); polite waits its turn (a save, a sync)."""
    words = plain(message)
    if not words:
        return
    event = QAccessibleAnnouncementEvent(widget, words)
    event.setPoliteness(
        QAccessible.AnnouncementPoliteness.Assertive
        if assertive
        else QAccessible.AnnouncementPoliteness.Polite
    )
    QAccessible.updateAccessibility(event)
    announcer().announced.emit(words, assertive)
