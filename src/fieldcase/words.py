"""The app's words in English and Spanish without Qt: one gettext-style catalogue per language
(resources/translations/<lang>.po). English is the msgid itself.

The window (ui.i18n) and the printed documents (reports) read the same catalogues: the window in the
language the caseworker chose, a document in the language of the person who reads it (a family copy
in the family's language), so a document's language is passed, never taken from the window.
"""

from __future__ import annotations

import ast
import functools
import logging

from fieldcase import bundled

log = logging.getLogger(__name__)

LANGUAGES = {"en": "English", "es": "Español"}


def _unquote(quoted: str) -> str:
    """A .po string's text: escapes through `ast.literal_eval`, which is slow; most lines have none
    (the Spanish catalogue is read before the window is built)."""
    if (
        "\\" not in quoted
        and len(quoted) >= 2
        and quoted[0] == quoted[-1] == '"'
        and '"' not in quoted[1:-1]
    ):
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


@functools.lru_cache(maxsize=4)
def _cached(language: str) -> dict[str, str]:
    return load_catalogue(language)


def translator(language: str):
    """`_` for one language: a message in `language` (the English msgid when the catalogue lacks it).
    Unknown languages read English."""
    catalogue = _cached(language if language in LANGUAGES else "en")

    def _(message: str) -> str:
        return catalogue.get(message, message)

    return _


#: how a person's languages are written in the case (agency import: "English;Spanish"; typed: "es")
_LANGUAGE_NAMES = {
    "en": "en",
    "eng": "en",
    "english": "en",
    "inglés": "en",
    "ingles": "en",
    "es": "es",
    "spa": "es",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
    "castellano": "es",
}


def language_code(name: str) -> str | None:
    """The catalogue a language as written in a case reads ("Spanish", "es-MX" → "es"); None when
    the app has no catalogue for it."""
    key = name.strip().casefold()
    return _LANGUAGE_NAMES.get(key) or _LANGUAGE_NAMES.get(key.split("-")[0].split("_")[0])
