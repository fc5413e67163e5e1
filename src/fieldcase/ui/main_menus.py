"""The main window's menus, shortcuts and printing: the Record menu's "New …" actions come from
one list (ui/new_records.py), a record's printout from another (services/printouts.py), so a new
kind of record adds a row to each. A mixin of `MainWindow` (ui/main_window.py), which owns the widgets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from fieldcase.services.printouts import PRINTOUTS
from fieldcase.ui.i18n import _
from fieldcase.ui.new_records import NEW_RECORDS, with_instrument

if TYPE_CHECKING:  # imported where first used: most sessions never print
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QMainWindow

    from fieldcase.ui.case_view import CaseView
    from fieldcase.ui.caseload_view import CaseloadView
    from fieldcase.ui.print_dialog import DocumentChoice, PrintDialog
    from fieldcase.ui.printing import PrintViewModel
    from fieldcase.ui.record_page import RecordPage
    from fieldcase.ui.session import SessionViewModel
    from fieldcase.ui.sync_bar import SyncViewModel
    from fieldcase.ui.workspace import WorkspaceViewModel

    _Window = QMainWindow  # for the checker, the mixin is the window it is mixed into
else:
    _Window = object


class MainMenus(_Window):
    if TYPE_CHECKING:  # what MainWindow provides, said for the checker (never run)
        settings_requested: Signal
        session_vm: SessionViewModel
        sync_vm: SyncViewModel
        workspace: WorkspaceViewModel
        print_vm: PrintViewModel | None
        print_dialog: PrintDialog | None
        caseload: CaseloadView
        case_view: CaseView

        def current_page(self) -> RecordPage | None: ...
        def _close_current(self) -> None: ...
        def _copy_diagnostics(self) -> None: ...
        def _show_error(self, message: str) -> None: ...

    # menus and shortcuts ------------------------------------------------------------------------

    def _action(self, menu, text: str, shortcut: str | None, slot) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(_("&File"))
        self.lock_action = self._action(file, _("&Lock now"), "Ctrl+L", self.session_vm.lock)
        self.sync_action = self._action(file, _("S&ync now"), "F5", self.sync_vm.sync_now)
        self.settings_action = self._action(
            file, _("&Settings…"), "Ctrl+,", self.settings_requested.emit
        )
        file.addSeparator()
        self._action(file, _("&Quit"), "Ctrl+Q", self.close)
        record = self.record_menu = bar.addMenu(_("&Record"))
        self.find_action = self._action(record, _("&Find a child"), "Ctrl+F", self._focus_filter)
        for new in NEW_RECORDS:
            self._action(
                record, new.text(), new.shortcut, lambda _checked=False, k=new.kind: self._new(k)
            )
        self._action(record, _("&Close record"), None, self._close_current)
        print_menu = bar.addMenu(_("&Print"))
        self.print_actions = [
            self._action(print_menu, _("&This record…"), "Ctrl+P", self._print_record),
            self._action(
                print_menu,
                _("Family-visit &roll-up for a month…"),
                None,
                lambda: self._print_case("rollup"),
            ),
            self._action(
                print_menu, _("&Court packet for a child…"), None, lambda: self._print_case("court")
            ),
            self._action(
                print_menu,
                _("&Mileage log…"),
                None,
                lambda: self._open_print(_choice("mileage", "Mileage log", today=self._today())),
            ),
            self._action(
                print_menu,
                _("&Approved visits of a month…"),
                None,
                lambda: self._open_print(
                    _choice("batch", "Approved home visits of a month", today=self._today())
                ),
            ),
        ]
        help_menu = bar.addMenu(_("&Help"))
        self._action(help_menu, _("&Keyboard shortcuts"), "F1", self._shortcuts)
        self.diagnostics_action = self._action(
            help_menu, _("Copy &diagnostics for IT"), None, self._copy_diagnostics
        )
        self.record_actions = record.actions()
        self._set_workspace_enabled(False)

    def _set_workspace_enabled(self, enabled: bool) -> None:
        for action in (
            self.record_actions + self.print_actions + [self.lock_action, self.sync_action]
        ):
            action.setEnabled(enabled)

    def _focus_filter(self) -> None:
        self.caseload.filter.setFocus()
        self.caseload.filter.selectAll()

    def _new(self, kind: str) -> None:
        if self.case_view.detail is not None:
            if chosen := with_instrument(self, kind):
                self.workspace.new_record(chosen, self.case_view.detail.case_id)
        else:
            self._show_error(_("Open a child's case first (Ctrl+F to find one)."))

    def _shortcuts(self) -> None:
        QMessageBox.information(
            self,
            _("Keyboard shortcuts"),
            "\n".join(
                [
                    _("Ctrl+L  Lock now"),
                    _("Ctrl+F  Find a child"),
                    _("Ctrl+N  New home visit"),
                    _("Ctrl+T  New trip"),
                    _("Ctrl+Shift+W  Week ahead"),
                    _("Ctrl+Shift+M  New family support team meeting"),
                    _("Ctrl+Enter  Submit the open record"),
                    _("Ctrl+W  Close the open record"),
                    _("F5  Sync now"),
                    _("Alt + underlined letter  Go to that field or button"),
                ]
            ),
        )

    # printing ---------------------------------------------------------------------------------------

    def _today(self):
        return self.workspace.now().date()

    def _open_print(self, choice: DocumentChoice) -> PrintDialog | None:
        if self.print_vm is None or self.session_vm.is_locked:
            return None
        if self.print_dialog is not None:
            self.print_dialog.reject()
        from fieldcase.ui.print_dialog import PrintDialog

        dialog = PrintDialog(choice, self.print_vm, now=self.workspace.now(), parent=self)
        dialog.finished.connect(lambda _r, d=dialog: self._print_closed(d))
        self.print_dialog = dialog
        dialog.open()
        return dialog

    def _print_closed(self, dialog: PrintDialog) -> None:
        if self.print_dialog is dialog:
            self.print_dialog = None
        dialog.deleteLater()

    def _print_record(self) -> None:
        page = self.current_page()
        if page is None or page.editor.kind not in PRINTOUTS:
            self._show_error(
                _(
                    "Open the record to print first (a visit, a plan, a meeting, a contact, a referral, a report…); trips print in the mileage log (Print menu)."
                )
            )
            return
        page.editor.flush()  # print what is on screen (the save runs on the store worker before the read)
        printout = PRINTOUTS[page.editor.kind]
        options = {}
        if printout.profile is not None:
            from fieldcase.ui.print_dialog import Profile

            options["profile"] = Profile(printout.profile)
        self._open_print(
            _choice(
                "record",
                printout.title,
                record_id=page.editor.record_id,
                today=self._today(),
                **options,
            )
        )

    def _print_case(self, kind: str) -> None:
        detail = self.case_view.detail
        if detail is None:
            self._show_error(_("Open a child's case first (Ctrl+F to find one)."))
            return
        if kind == "rollup":
            plans = tuple(
                (p.id, ", ".join(p.participants) + (f" · {p.frequency}" if p.frequency else ""))
                for p in detail.plans
            )
            if not plans:
                self._show_error(_("This case has no visitation plan."))
                return
            self._open_print(
                _choice("rollup", "Monthly visitation roll-up", plans=plans, today=self._today())
            )
        else:
            children = tuple((p.id, p.name) for p in detail.people if p.role == "child")
            from fieldcase.ui.print_dialog import Profile

            self._open_print(
                _choice(
                    "court",
                    "Court packet",
                    children=children,
                    today=self._today(),
                    profile=Profile.COURT,
                )
            )


def _choice(kind: str, title: str, **options) -> DocumentChoice:
    """A print dialog's document (the print dialog, and reportlab behind it, load on first use)."""
    from fieldcase.ui.print_dialog import DocumentChoice

    return DocumentChoice(kind, title, **options)
