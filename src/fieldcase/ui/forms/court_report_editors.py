"""The court report form's own field: the read-only preview of the sections composed from the
approved record, in the words the printout uses."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPlainTextEdit

from fieldcase.ui.forms.editors import Editor, FormContext
from fieldcase.ui.forms.spec_types import Field
from fieldcase.ui.i18n import current_language

COURT_REPORT_KINDS = ("court_sections",)


class SectionsPreview(Editor):
    """The snapshot, in words, never typed: a read-only text a keyboard or screen-reader user can
    still reach with Tab and read line by line (a disabled widget would be skipped)."""

    widget: QPlainTextEdit  # the control it makes below (Editor types it as any QWidget)

    def __init__(self, spec: Field, context: FormContext) -> None:
        widget = QPlainTextEdit()
        widget.setReadOnly(True)
        widget.setTabChangesFocus(True)
        widget.setMinimumHeight(260)
        widget.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        super().__init__(spec, widget)
        self.names = {person_id: name for person_id, name, _role in context.people}
        self.value: Any = None

    def get(self) -> Any:
        return self.value

    def set(self, value: Any) -> None:
        # with the first court report opened
        from fieldcase.services.court_reports import preview_text

        self.value = value
        self.widget.setPlainText(preview_text(value, names=self.names, language=current_language()))

    def set_read_only(self, read_only: bool) -> None:
        self.widget.setReadOnly(
            True
        )  # always: the sections come from the record, never from typing


def make_court_report_editor(spec: Field, context: FormContext) -> Editor:
    return SectionsPreview(spec, context)
