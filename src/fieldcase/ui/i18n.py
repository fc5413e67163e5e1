"""English and Spanish: one gettext-style catalogue per language (resources/translations/<lang>.po),
plus Qt's own catalogue through a QTranslator so Qt's standard strings follow (Frescobaldi's way).

`_` looks a message up in the active catalogue; English is the msgid itself. The composition root
calls `install(app, language)` before building windows; switching language rebuilds the windows.
"""

from __future__ import annotations

import ast
import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from fieldcase import bundled

log = logging.getLogger(__name__)

LANGUAGES = {"en": "English", "es": "Español"}

_catalogue: dict[str, str] = {}
_qt_translators: list[QTranslator] = []


def _unquote(quoted: str) -> str:
    """A .po string's text: escapes through `ast.literal_eval`, which is slow; most lines have none
    (the Spanish catalogue is read before the window is built)."""
    if "\\" not in quoted and len(quoted) >= 2 and quoted[0] == quoted[-1] == '"' and '"' not in quoted[1:-1]:
        return quoted[1:-1]
    return ast.literal_eval(quoted)


def parse_po(text: str) -> dict[str, str]:
    """msgid → msgstr of a .po file (no plurals or contexts: the app does not use them)."""
    found: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    current: list[str] | None = None

    def flush() -> None:
        if msgid is not None and msgstr is not None:
            key, value = "".join(msgid), "".join(msgstr)
            if key and value:
                found[key] = value

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("msgid "):
            flush()
            msgid, msgstr = [_unquote(line[6:])], None
            current = msgid
        elif line.startswith("msgstr "):
            msgstr = [_unquote(line[7:])]
            current = msgstr
        elif line.startswith('"') and current is not None:
            current.append(_unquote(line))
    flush()
    return found


def load_catalogue(language: str) -> dict[str, str]:
    if language == "en":
        return {}
    node = bundled.resource("translations", f"{language}.po")
    if not node.is_file():
        log.warning("no catalogue for language code %s", language)
        return {}
    return parse_po(node.read_text(encoding="utf-8"))


def _(message: str) -> str:
    return _catalogue.get(message, message)


def error_words(err: object) -> str:
    """A `UserError`'s message in the reader's language: sentence by sentence when it has values
    in it (`UserError.sentences`), else looked up whole (English when the catalogue lacks it)."""
    sentences = getattr(err, "sentences", ())
    if sentences:
        return " ".join(_(text).format(**values) for text, values in sentences)
    return _(getattr(err, "message", str(err)))


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
        if translator.load(QLocale(language), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
            _qt_translators.append(translator)
