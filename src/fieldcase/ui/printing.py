"""The print view-model: reads a document's inputs on the store worker, renders it and its page
images on the render worker, and records the audit event (store worker) when the user prints or
saves. The window never waits: each step hands the next one its result by queued signal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from fieldcase.errors import UserError
from fieldcase.services.session import Session
from fieldcase.ui.i18n import error_words
from fieldcase.ui.worker import RenderWorker, StoreWorker

if TYPE_CHECKING:
    from fieldcase.services import printing
    from fieldcase.services.printing import PageImage, RenderedDocument


def _printing() -> ModuleType:
    """The printing service (reportlab and pdfium behind it), loaded on first use: the app starts
    without it, and most sessions never print."""
    from fieldcase.services import printing as service

    return service


#: reads the store, returns one job or a batch of jobs (runs on the store worker)
Prepare = Callable[[Any], "printing.PrintJob | list[printing.PrintJob]"]

PREVIEW_DPI = 96
PRINT_DPI = 200


@dataclass(frozen=True)
class Preview:
    document: RenderedDocument
    images: tuple[PageImage, ...]
    record_kind: str | None
    record_id: str | None
    count: int  # documents in it (a batch holds many)
    title: str
    file_name: str = "fieldcase.pdf"  # offered when saving: kind, case number, day (no names)


class PrintViewModel(QObject):
    previewed = Signal(object)  # Preview
    progressed = Signal(int, int)  # done, total (batches)
    printed_pages = Signal(object)  # tuple[PageImage, ...] at print resolution, for the painter
    output_recorded = Signal(str)  # "print" | "export"
    failed = Signal(str)

    def __init__(
        self,
        worker: StoreWorker,
        renderer: RenderWorker,
        session: Session,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.renderer = renderer
        self.session = session
        self.progress: printing.Progress | None = None
        self.cancel_token: printing.Cancel | None = None
        self.busy = False
        self._generation = 0  # a newer preview request makes an older result moot
        self.sampler = QTimer(self)
        self.sampler.setInterval(150)
        self.sampler.timeout.connect(self._sample)

    def _fail(self, err) -> None:
        self._stop()
        self.failed.emit(error_words(err))

    def preview(self, prepare: Prepare) -> None:
        self._generation += 1
        generation, session = self._generation, self.session
        self.busy = True
        self.worker.run(
            lambda: prepare(session.store),
            on_done=lambda jobs: self._render(jobs, generation),
            on_error=self._fail,
        )

    def _render(self, jobs: printing.PrintJob | list[printing.PrintJob], generation: int) -> None:
        if generation != self._generation:
            return
        self.progress, self.cancel_token = _printing().Progress(), _printing().Cancel()
        progress, cancel = self.progress, self.cancel_token

        def work() -> Preview:
            if isinstance(jobs, list):
                document = _printing().render_batch(jobs, progress=progress, cancel=cancel)
                first = jobs[0]
                title, kind, record_id, count = first.title, None, None, len(jobs)
            else:
                document = _printing().render(jobs)
                title, kind, record_id, count = jobs.title, jobs.record_kind, jobs.record_id, 1
            images = _printing().page_images(
                document.pdf, dpi=PREVIEW_DPI, should_stop=lambda: cancel.requested
            )
            if cancel.requested:
                raise _printing().BatchCancelled()
            return Preview(
                document, tuple(images), kind, record_id, count, title, _printing().file_name(jobs)
            )

        if isinstance(jobs, list):
            self.sampler.start()
        self.renderer.run(
            work, on_done=lambda p: self._previewed(p, generation), on_error=self._fail
        )

    def _previewed(self, preview: Preview, generation: int) -> None:
        self._stop()
        if generation == self._generation:
            self.previewed.emit(preview)

    def _sample(self) -> None:
        if self.progress is not None:
            self.progressed.emit(self.progress.done, self.progress.total)

    def _stop(self) -> None:
        self.busy = False
        self.sampler.stop()
        self._sample()

    def cancel(self) -> None:
        if self.cancel_token is not None:
            self.cancel_token.cancel()

    # output --------------------------------------------------------------------------------------

    def pages_for_printer(self, preview: Preview, dpi: int = PRINT_DPI) -> None:
        """Page images at printer resolution, rendered off the GUI thread; painted by the dialog."""
        self.renderer.run(
            lambda: tuple(_printing().page_images(preview.document.pdf, dpi=dpi)),
            on_done=self.printed_pages.emit,
            on_error=self._fail,
        )

    def save_pdf(self, preview: Preview, path: str) -> None:
        """Write the bytes where the user chose (render worker), then audit the export (store worker)."""
        data = preview.document.pdf

        def write() -> None:
            try:
                Path(path).write_bytes(data)
            except OSError:
                raise UserError(
                    "The PDF could not be saved there. Choose another folder."
                ) from None

        self.renderer.run(
            write, on_done=lambda _r: self.record(preview, "export"), on_error=self._fail
        )

    def record(self, preview: Preview, action: str) -> None:
        session = self.session
        self.worker.run(
            lambda: _printing().record_output(
                session.store,
                preview.document,
                action=action,
                record_kind=preview.record_kind,
                record_id=preview.record_id,
                count=preview.count,
            ),
            on_done=lambda _r: self.output_recorded.emit(action),
            on_error=self._fail,
        )
