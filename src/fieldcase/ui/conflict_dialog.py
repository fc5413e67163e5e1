"""A conflict side by side: my value and the value the server kept, each with its author and time;
narratives in full. Keep mine, keep theirs, or edit (an editor prefilled with mine, e.g. to combine
both). The choice goes back through `services.conflicts.resolve_conflict` on the store worker."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from html import escape
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldcase.domain import kinds
from fieldcase.services.conflicts import ConflictItem
from fieldcase.services.printing import worker_label
from fieldcase.ui.accessible_text import heading as make_heading
from fieldcase.ui.i18n import _


def value_text(value: Any) -> str:
    if value is None or value == "":
        return _("(empty)")
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return json.dumps(value, ensure_ascii=False, indent=1)


def when_text(value: str | None) -> str:
    if not value:
        return _("time not known")
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return value


def field_label(field: str) -> str:
    return field.replace("_", " ").capitalize()


class ConflictDialog(QDialog):
    #: conflict id, "mine" | "theirs" | "edit", the edited value (for "edit")
    resolved = Signal(str, str, object)

    def __init__(
        self,
        conflict: ConflictItem,
        *,
        names: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.conflict = conflict
        names = dict(names or {})
        # the team directory's display names (synced from the server) over what the window knows,
        # which for the signed-in user is only the sign-in name
        for user, name in (
            (conflict.my_author, conflict.my_author_name),
            (conflict.their_author, conflict.their_author_name),
        ):
            if user and name:
                names[user] = name
        self.setWindowTitle(_("Resolve a conflict"))
        self.resize(980, 560)
        column = QVBoxLayout(self)
        noun = _(kinds.noun(conflict.record_kind))
        heading = make_heading(
            escape(
                _("Two versions of “{field}” in this {noun}").format(
                    field=_(field_label(conflict.field)), noun=noun
                )
            ),
            3,
        )
        heading.setWordWrap(True)
        column.addWidget(heading)
        explain = QLabel(_(conflict.message))
        explain.setWordWrap(True)
        column.addWidget(explain)

        grid = QGridLayout()
        self.mine_label = QLabel(
            _("&Mine — written by {who} on {when}").format(
                who=worker_label(conflict.my_author, names) or _("me"),
                when=when_text(conflict.my_time),
            )
        )
        self.theirs_label = QLabel(
            _("&Theirs (kept on the server) — written by {who} on {when}").format(
                who=worker_label(conflict.their_author, names) or _("someone else"),
                when=when_text(conflict.their_time),
            )
        )
        self.mine = self._reader(value_text(conflict.mine), _("My version"))
        self.theirs = self._reader(value_text(conflict.theirs), _("Their version"))
        for label, view in ((self.mine_label, self.mine), (self.theirs_label, self.theirs)):
            label.setWordWrap(True)
            label.setBuddy(view)
        grid.addWidget(self.mine_label, 0, 0)
        grid.addWidget(self.theirs_label, 0, 1)
        grid.addWidget(self.mine, 1, 0)
        grid.addWidget(self.theirs, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(1, 1)
        column.addLayout(grid, 1)

        self.editor_label = QLabel(_("&Your combined text (starts as yours)"))
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName(_("Your combined text"))
        self.editor.setTabChangesFocus(True)
        self.editor_label.setBuddy(self.editor)
        self.editor.setPlainText(conflict.mine if isinstance(conflict.mine, str) else "")
        column.addWidget(self.editor_label)
        column.addWidget(self.editor, 1)
        self.editor_label.hide()
        self.editor.hide()

        row = QHBoxLayout()
        self.keep_mine = QPushButton(_("Keep m&ine"))
        self.keep_theirs = QPushButton(_("Keep t&heirs"))
        self.edit = QPushButton(_("&Edit…"))
        self.save_edit = QPushButton(_("&Save my text"))
        self.save_edit.hide()
        cancel = QPushButton(_("Decide &later"))
        for button in (self.keep_mine, self.keep_theirs, self.edit, self.save_edit):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(cancel)
        column.addLayout(row)
        # only text can be combined by hand; a date or a choice is one or the other
        textual = all(isinstance(v, str) or v is None for v in (conflict.mine, conflict.theirs))
        self.edit.setEnabled(textual)
        if not textual:
            self.edit.setToolTip(_("Only text can be edited here; keep one of the two values."))
        self.keep_mine.clicked.connect(lambda: self._choose("mine"))
        self.keep_theirs.clicked.connect(lambda: self._choose("theirs"))
        self.edit.clicked.connect(self._start_edit)
        self.save_edit.clicked.connect(lambda: self._choose("edit", self.editor.toPlainText()))
        cancel.clicked.connect(self.reject)

    @staticmethod
    def _reader(text: str, name: str) -> QPlainTextEdit:
        view = QPlainTextEdit()
        view.setReadOnly(True)  # still selectable, and read by screen readers
        view.setPlainText(text)
        view.setAccessibleName(name)
        view.setTabChangesFocus(True)
        return view

    def _start_edit(self) -> None:
        self.editor_label.show()
        self.editor.show()
        self.save_edit.show()
        self.edit.setEnabled(False)
        self.editor.setFocus()

    def _choose(self, choice: str, value: Any = None) -> None:
        self.resolved.emit(self.conflict.conflict_id, choice, value)
        self.accept()
