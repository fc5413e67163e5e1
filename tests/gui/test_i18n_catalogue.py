"""The .po reader takes plain strings as they are and escaped ones through Python's literal rules."""

from __future__ import annotations

from fieldcase.ui import i18n


def test_catalogue_strings_keep_their_escapes_and_quotes():
    text = (
        'msgid "Say \\"hi\\""\nmsgstr "Di \\"hola\\""\n\n'
        'msgid "Line\\n"\n"two"\nmsgstr "Línea\\n"\n"dos"\n\n'
        'msgid "Plain"\nmsgstr "Llano"\n'
    )
    assert i18n.parse_po(text) == {
        'Say "hi"': 'Di "hola"',
        "Line\ntwo": "Línea\ndos",
        "Plain": "Llano",
    }
