"""PDF bytes → page images for the in-app preview and for painting onto a printer, in memory.

Why pypdfium2 and not QtPdf (security.md "Leaks"; the first design said QtPdf): QtPdf ships in
PySide6-Addons, which we do not install — Addons would push the installer bundle far past its
250 MB target, for one widget. pypdfium2 (PDFium's renderer, ~4 MB wheel) rasterises a page from
bytes in memory without a temp file, and keeps Qt out of `reports` (the UI wraps the pixels in a
QImage). PDFium is not thread-safe: call these from one thread at a time (the render executor).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import ParamSpec, TypeVar

import pypdfium2 as pdfium

#: what PDFium raises for bytes it cannot load (callers catch this name, not pypdfium2's module)
PdfUnreadable = pdfium.PdfiumError

# PDFium is not thread-safe: the print preview renders on the render executor while an attachment
# viewer may show a PDF from its own thread, so every call into it here takes this lock.
_PDFIUM = threading.Lock()
_P = ParamSpec("_P")
_R = TypeVar("_R")


def _one_at_a_time(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    @functools.wraps(fn)
    def locked(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with _PDFIUM:
            return fn(*args, **kwargs)

    return locked


@dataclass(frozen=True, repr=False)
class PageImage:
    """One rendered page: RGBX, 4 bytes per pixel, `stride` bytes per row (QImage.Format_RGBX8888)."""

    width: int
    height: int
    stride: int
    pixels: bytes
    dpi: float

    def __repr__(self) -> str:
        return f"PageImage({self.width}x{self.height} @ {self.dpi:g} dpi)"


@_one_at_a_time
def page_count(pdf: bytes) -> int:
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


@_one_at_a_time
def render_pages(
    pdf: bytes,
    *,
    dpi: float = 110,
    pages: Sequence[int] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> list[PageImage]:
    """Every page (or those listed, 0-based) at `dpi`; stops early when `should_stop()` says so."""
    document = pdfium.PdfDocument(pdf)
    out: list[PageImage] = []
    try:
        wanted = range(len(document)) if pages is None else pages
        for index in wanted:
            if should_stop is not None and should_stop():
                break
            page = document[index]
            try:
                bitmap = page.render(scale=dpi / 72, rev_byteorder=True, prefer_bgrx=True)
                try:
                    out.append(
                        PageImage(
                            bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer), dpi
                        )
                    )
                finally:
                    bitmap.close()
            finally:
                page.close()
    finally:
        document.close()
    return out


@_one_at_a_time
def combine_pdfs(pdfs: Sequence[bytes]) -> tuple[bytes, int]:
    """Bind several PDFs into one (a batch), in memory; returns the bytes and the page count."""
    combined = pdfium.PdfDocument.new()
    try:
        for pdf in pdfs:
            source = pdfium.PdfDocument(pdf)
            try:
                combined.import_pages(source)
            finally:
                source.close()
        pages = len(combined)
        buffer = BytesIO()
        combined.save(buffer)
        return buffer.getvalue(), pages
    finally:
        combined.close()
