"""English and Spanish: one gettext-style catalogue per language (resources/translations/<lang>.po),
plus Qt's own catalogue through a QTranslator so Qt's standard strings follow (Frescobaldi's way).

`_` looks a message up in the active catalogue; English is the msgid itself. The composition root
calls `install(app, language)` before building windows; switching language rebuilds the windows.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from fieldcase.words import LANGUAGES, load_catalogue, parse_po  # noqa: F401  (parse_po: used by tests)

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)

_catalogue: dict[str, str] = {}
_qt_translators: list[QTranslator] = []


def _(message: str) -> str:
    return _catalogue.get(message, message)


def said_words(said: object) -> str:
    """A `UserError` or a domain `Problem` in the reader's language — one path for both: each
    carries its message as `sentences` (template and values), worded sentence by sentence with its
    days written out; a message without them is looked up whole (English when the catalogue lacks it)."""
    sentences = getattr(said, "sentences", ())
    if sentences:
        return " ".join(
            sentence_words(text, values) for text, values in sentences
        )  # a sentence without values is not formatted
    return _(getattr(said, "message", str(said)))


#: the names the window's modules call it by (an error; a problem beside its field)
error_words = problem_words = said_words


def day_words(day: date) -> str:
    """A day written out in the reader's language ("March 5, 2025", "5 de marzo de 2025")."""
    return QLocale().toString(QDate(day.year, day.month, day.day), _("MMMM d, yyyy"))


def sentence_words(text: str, values: dict) -> str:
    """A template and its values in the reader's language; days are written out in it."""
    if not values:
        return _(text)
    return _(text).format(
        **{k: day_words(v) if isinstance(v, date) else v for k, v in values.items()}
    )


def current_language() -> str:
    return _current[0]


_current = ["en"]


def install(app: QApplication | None, language: str) -> None:
    global _catalogue
    language = language if language in LANGUAGES else "en"
    _catalogue = load_catalogue(language)
    _current[0] = language
    if app is None:
        return
    for translator in _qt_translators:
        app.removeTranslator(translator)
    _qt_translators.clear()
    QLocale.setDefault(QLocale(language))
    if language != "en":
        translator = QTranslator(app)
        if translator.load(
            QLocale(language),
            "qtbase",
            "_",
            QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        ):
            app.installTranslator(translator)
            _qt_translators.append(translator)
