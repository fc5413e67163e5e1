"""Print or export one document: choose who the copy is for (internal / court / family — the
renderer prints it on every page) and the paper, look at the pages inside the app (rendered from
memory), then print through the system's print dialog or save a PDF where the user chooses. Every
print and save is audited with the document's SHA-256. A batch (the month's approved visits) renders
with a progress bar and Cancel while the window stays usable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape

from PySide6.QtCore import QDate, QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fieldcase.services import printing
from fieldcase.services.printing import PageImage, PageSize, Profile
from fieldcase.ui.accessible_text import heading as make_heading
from fieldcase.ui.i18n import LANGUAGES, _, current_language
from fieldcase.ui.printing import Preview, PrintViewModel

PROFILES = (
    (Profile.INTERNAL, "Internal — the case file, everything"),
    (Profile.COURT, "Court — restricted information withheld"),
    (Profile.FAMILY, "Family and parents — restricted information withheld"),
)
PAPERS = ((PageSize.LETTER, "Letter"), (PageSize.A4, "A4"))


@dataclass(frozen=True)
class DocumentChoice:
    """What the dialog prints; the options it offers depend on `kind`."""

    kind: str  # record | rollup | mileage | court | batch
    title: str
    record_id: str | None = None
    plans: tuple[tuple[str, str], ...] = ()  # (plan id, description) for a roll-up
    children: tuple[tuple[str, str], ...] = ()  # (child id, name) for a court packet
    today: date = field(default_factory=date.today)
    profile: Profile = Profile.INTERNAL


def _month_start(day: date) -> QDate:
    return QDate(day.year, day.month, 1)


def _day(day: QDate) -> date:
    """The QDate as a date (PySide types QDate.toPython() as any object)."""
    return date(day.year(), day.month(), day.day())


def qimage(page: PageImage) -> QImage:
    # copy(): the QImage must own its pixels once `page` goes away
    return QImage(
        page.pixels, page.width, page.height, page.stride, QImage.Format.Format_RGBX8888
    ).copy()


class PrintDialog(QDialog):
    def __init__(
        self,
        choice: DocumentChoice,
        model: PrintViewModel,
        *,
        now: datetime,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.choice, self.model, self.now = choice, model, now
        self.preview_result: Preview | None = None
        self.printed = 0  # pages sent to the printer (tests read it)
        self.setWindowTitle(_("Print or export: {title}").format(title=_(choice.title)))
        self.resize(900, 860)
        column = QVBoxLayout(self)
        heading = make_heading(escape(_(choice.title)), 2)
        column.addWidget(heading)

        form = QFormLayout()
        self.profile = QComboBox()
        for profile, words in PROFILES:
            self.profile.addItem(_(words), profile)
        self.profile.setCurrentIndex([p for p, _w in PROFILES].index(choice.profile))
        # The family copy is read by the family: in their language (the case's people carry it);
        # the others by the caseworker, the court or the agency: in the caseworker's choice.
        self.language = QComboBox()
        self.language.addItem(_("The family's language"), None)
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self._default_language()
        self.paper = QComboBox()
        for paper, words in PAPERS:
            self.paper.addItem(_(words), paper)
        self.plan = QComboBox()
        for plan_id, words in choice.plans:
            self.plan.addItem(words, plan_id)
        self.child = QComboBox()
        for child_id, name in choice.children:
            self.child.addItem(name, child_id)
        first = _month_start(choice.today)
        self.month = self._date(first, "MMMM yyyy")
        self.date_from = self._date(first, "yyyy-MM-dd")
        self.date_to = self._date(
            QDate(choice.today.year, choice.today.month, choice.today.day), "yyyy-MM-dd"
        )
        rows: list[tuple[str, QWidget]] = [
            (_("Copy &for"), self.profile),
            (_("Lan&guage"), self.language),
            (_("&Paper"), self.paper),
        ]
        if choice.kind == "rollup":
            rows += [(_("Visitation p&lan"), self.plan), (_("&Month"), self.month)]
        elif choice.kind == "batch":
            rows += [(_("&Month"), self.month)]
        elif choice.kind == "court":
            rows += [
                (_("C&hild"), self.child),
                (_("Fro&m"), self.date_from),
                (_("&To"), self.date_to),
            ]
        elif choice.kind == "mileage":
            rows += [(_("Fro&m"), self.date_from), (_("&To"), self.date_to)]
        self.option_names: list[str] = []
        asked = {id(widget) for _text, widget in rows}
        for text, widget in rows:
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            form.addRow(label, widget)
            self.option_names.append(text.replace("&", ""))
        unused = {
            self.plan: _("Visitation p&lan"),
            self.child: _("C&hild"),
            self.month: _("&Month"),
            self.date_from: _("Fro&m"),
            self.date_to: _("&To"),
        }
        for widget, text in unused.items():
            # not asked for this document: kept (simpler code), hidden, still named. Decided by the
            # rows above, not by `widget.parent()`: the form has no parent widget yet, so the fields
            # it holds had none either, and every document's own fields were hidden with the rest
            # (the labels Child, From, To, Visitation plan and Month stood beside nothing)
            if id(widget) not in asked:
                label = QLabel(text, self)
                label.setBuddy(widget)
                label.hide()
                widget.setParent(self)
                widget.setAccessibleName(text.replace("&", ""))
                widget.hide()
        column.addLayout(form)

        status_row = QHBoxLayout()
        self.status = QLabel(_("Preparing the preview…"))
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Rendering progress"))
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.cancel_button = QPushButton(_("Ca&ncel"))
        self.cancel_button.hide()
        self.refresh_button = QPushButton(_("&Update preview"))
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.progress)
        status_row.addWidget(self.cancel_button)
        status_row.addWidget(self.refresh_button)
        column.addLayout(status_row)

        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.pages_layout.setSpacing(14)
        self.preview_area = QScrollArea()  # not `scroll`: that is QWidget.scroll()
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setWidget(self.pages)
        self.preview_area.setAccessibleName(_("Print preview"))
        self.preview_area.setStyleSheet(
            "QScrollArea { background: #8a8f98; } QScrollArea > QWidget > QWidget { background: #8a8f98; }"
        )
        column.addWidget(self.preview_area, 1)

        buttons = QHBoxLayout()
        self.print_button = QPushButton(_("Pr&int…"))
        self.save_button = QPushButton(_("&Save as PDF…"))
        close = QPushButton(_("&Close"))
        for button in (self.print_button, self.save_button):
            button.setEnabled(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        column.addLayout(buttons)

        self.refresh_button.clicked.connect(self.refresh)
        self.cancel_button.clicked.connect(model.cancel)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_pdf)
        close.clicked.connect(self.reject)
        self.profile.currentIndexChanged.connect(
            lambda _i: self._default_language()
        )  # before the refresh below
        for combo in (self.profile, self.language, self.paper, self.plan, self.child):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        model.previewed.connect(self._previewed)
        model.progressed.connect(self._progressed)
        model.failed.connect(self._failed)
        model.printed_pages.connect(self._paint)
        model.output_recorded.connect(self._recorded)
        self.refresh()

    def _default_language(self) -> None:
        """The family's language for a family copy, the window's language for the others."""
        wanted = None if self.profile.currentData() is Profile.FAMILY else current_language()
        self.language.blockSignals(True)  # the profile's own change refreshes the preview once
        self.language.setCurrentIndex(
            0 if wanted is None else max(0, self.language.findData(wanted))
        )
        self.language.blockSignals(False)

    @staticmethod
    def _date(value: QDate, display: str) -> QDateEdit:
        edit = QDateEdit(value)
        edit.setDisplayFormat(display)
        edit.setCalendarPopup(True)
        return edit

    # building the request ----------------------------------------------------------------------

    def prepare(self):  # a function of the store, run on the store worker
        choice = self.choice
        request = printing.PrintRequest(
            now=self.now,
            profile=self.profile.currentData(),
            page_size=self.paper.currentData(),
            language=self.language.currentData(),
            reader=current_language(),
        )
        month, start, end = (
            _day(self.month.date()),
            _day(self.date_from.date()),
            _day(self.date_to.date()),
        )
        if choice.kind == "record":
            record_id = choice.record_id
            assert record_id is not None  # a record's choice names it
            return lambda store: printing.prepare_record(
                store, record_id=record_id, request=request
            )
        if choice.kind == "rollup":
            plan_id = self.plan.currentData()
            return lambda store: printing.prepare_rollup(
                store, plan_id=plan_id, year=month.year, month=month.month, request=request
            )
        if choice.kind == "batch":
            return lambda store: printing.prepare_month_batch(
                store, year=month.year, month=month.month, request=request
            )
        if choice.kind == "court":
            child_id = self.child.currentData()
            return lambda store: printing.prepare_court_packet(
                store, child_id=child_id, date_from=start, date_to=end, request=request
            )
        return lambda store: printing.prepare_mileage_log(
            store, period_start=start, period_end=end, request=request
        )

    def refresh(self) -> None:
        self.print_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.status.setText(_("Preparing the preview…"))
        if self.choice.kind == "batch":
            self.progress.setRange(0, 0)
            self.progress.show()
            self.cancel_button.show()
        self.model.preview(self.prepare())

    # results ----------------------------------------------------------------------------------

    def _progressed(self, done: int, total: int) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.status.setText(_("Rendering {done} of {total}…").format(done=done, total=total))

    def _previewed(self, preview: Preview) -> None:
        self.preview_result = preview
        self.progress.hide()
        self.cancel_button.hide()
        self._clear_pages()
        width = max(1, self.preview_area.viewport().width() - 40)
        for n, page in enumerate(preview.images, start=1):
            label = QLabel()
            pixmap = QPixmap.fromImage(qimage(page))
            if pixmap.width() > width:
                pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            label.setPixmap(pixmap)
            label.setAccessibleName(_("Page {n} of {total}").format(n=n, total=len(preview.images)))
            label.setStyleSheet("border: 1px solid #50545c;")
            self.pages_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        profile = Profile(preview.document.profile)
        # one page is said in the singular (the catalogue has no plural forms: two messages)
        pages = (
            _("1 page · {profile}")
            if preview.document.pages == 1
            else _("{pages} pages · {profile}")
        )
        words = pages.format(pages=preview.document.pages, profile=_(profile.banner))
        if preview.count > 1:
            words = _("{count} documents · ").format(count=preview.count) + words
        self.status.setText(words)
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)

    def _failed(self, message: str) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self._clear_pages()
        self.status.setText(_("Problem: {message}").format(message=_(message)))

    def _clear_pages(self) -> None:
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            if item is not None and (page := item.widget()) is not None:
                page.deleteLater()

    def page_count(self) -> int:
        return self.pages_layout.count()

    # print and save -------------------------------------------------------------------------------

    def make_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(_(self.choice.title))  # no names of people in a print queue
        return printer

    def print_document(self) -> None:
        if self.preview_result is None:
            return
        self.printer = self.make_printer()
        dialog = QPrintDialog(self.printer, self)
        dialog.setWindowTitle(_("Print"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.status.setText(_("Sending to the printer…"))
        self.model.pages_for_printer(self.preview_result)

    def _paint(self, images: Sequence[PageImage]) -> None:
        painter = QPainter()
        if not painter.begin(self.printer):
            self.status.setText(
                _("Problem: {message}").format(message=_("The printer could not be opened."))
            )
            return
        try:
            for n, page in enumerate(images):
                if n:
                    self.printer.newPage()
                image = qimage(page)
                target = painter.viewport()
                size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(
                    QRect(target.topLeft(), QSize(size.width(), size.height())), image
                )
                self.printed += 1
        finally:
            painter.end()
        if self.preview_result is not None:
            self.model.record(self.preview_result, "print")

    def save_pdf(self) -> None:
        if self.preview_result is None:
            return
        # no child's name in a file name or a recent-files list (security.md "Leaks")
        suggested = self.preview_result.file_name
        # Qt's own dialog: a native one may add the file to the desktop's recent-files list
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save as PDF"),
            suggested,
            _("PDF documents (*.pdf)"),
            options=QFileDialog.Option.DontUseNativeDialog,
        )
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        self.status.setText(_("Saving…"))
        self.model.save_pdf(self.preview_result, path)

    def _recorded(self, action: str) -> None:
        self.status.setText(
            _("Printed; the print is recorded in the audit log.")
            if action == "print"
            else _("Saved; the export is recorded in the audit log.")
        )

    def done(self, result: int) -> None:  # closing: stop a running batch, drop the pages
        self.model.cancel()
        for signal, slot in (
            (self.model.previewed, self._previewed),
            (self.model.progressed, self._progressed),
            (self.model.failed, self._failed),
            (self.model.printed_pages, self._paint),
            (self.model.output_recorded, self._recorded),
        ):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        self._clear_pages()
        self.preview_result = None
        super().done(result)
