"""The embedded Unicode fonts (DejaVu Sans, shipped in resources/fonts): Spanish names with accents
print the same on every machine, which the 14 standard PDF fonts cannot promise."""

from __future__ import annotations

import io
import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from fieldcase.bundled import resource

REGULAR = "FieldcaseSans"
BOLD = "FieldcaseSans-Bold"

_lock = threading.Lock()
_registered = False


def register() -> None:
    """Register the fonts once per process (rendering runs on a worker thread, hence the lock)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, file in ((REGULAR, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf")):
            data = resource("fonts", file).read_bytes()
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
        # <b> inside a Paragraph picks the bold face; there is no italic face, so <i> stays upright.
        for bold, italic, face in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, REGULAR), (1, 1, BOLD)):
            addMapping(REGULAR, bold, italic, face)
        _registered = True
