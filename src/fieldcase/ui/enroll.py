"""First run: enroll this laptop (server address, user name, agency password, one-time code from IT)
and choose the laptop passphrase, with the strength meter and the policy explained."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from fieldcase.errors import UserError
from fieldcase.ui.accessible_text import heading
from fieldcase.ui.i18n import _, error_words
from fieldcase.ui.unlock import PassphraseSetup
from fieldcase.ui.widgets import Banner, labelled
from fieldcase.ui.worker import StoreWorker


class EnrollViewModel(QObject):
    enrolled = Signal(object)  # enrollment.Enrolled (its store unlocked)
    failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, worker: StoreWorker, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.data_dir = data_dir

    def enroll(
        self, *, server_url: str, username: str, password: str, code: str, passphrase: str
    ) -> None:
        # httpx and the protocol: only on a laptop being enrolled
        from fieldcase.services import enrollment

        try:
            # before anything is sent: the agency password never travels unprotected
            server_url = enrollment.check_server_address(server_url)
        except UserError as err:
            self.failed.emit(in_words(err))
            return
        self.busy_changed.emit(True)
        self.worker.run(
            lambda: enrollment.enroll(
                data_dir=self.data_dir,
                server_url=server_url.strip(),
                username=username.strip(),
                password=password,
                enrollment_code=code.strip(),
                passphrase=passphrase,
            ),
            on_done=self._done,
            on_error=self._failed,
        )

    def _done(self, done) -> None:
        self.busy_changed.emit(False)
        self.enrolled.emit(done)

    def _failed(self, err: UserError) -> None:
        self.busy_changed.emit(False)
        self.failed.emit(in_words(err))


def in_words(err: UserError) -> str:
    """The message in the user's language for the errors of the address rule (security/server_address.py)."""
    known = {
        "insecure_server_address": _(
            "The server address must start with https:// — plain http:// would send your password unprotected. "
            "Only a server on this computer may use http://."
        ),
        "invalid_server_address": _(
            "The server address is not valid. It looks like https://fieldcase.agency.example"
        ),
    }
    return known.get(err.code) or error_words(err)


class EnrollScreen(QWidget):
    def __init__(self, model: EnrollViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        outer = QVBoxLayout(self)
        panel = QWidget(self)
        panel.setMaximumWidth(640)
        column = QVBoxLayout(panel)
        column.addWidget(heading(escape(_("Set up this laptop")), 1))
        intro = QLabel(
            _(
                "IT gives you the server address and a one-time enrollment code. Your user name and password are your agency account."
            )
        )
        intro.setWordWrap(True)
        column.addWidget(intro)
        form = QFormLayout()
        self.server = QLineEdit()
        self.server.setPlaceholderText("https://fieldcase.agency.example")
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.code = QLineEdit()
        labelled(form, _("Server &address"), self.server)
        labelled(form, _("User &name"), self.username)
        labelled(form, _("Agency pass&word"), self.password)
        labelled(form, _("Enrollment &code"), self.code)
        column.addLayout(form)
        self.passphrase = PassphraseSetup()
        column.addWidget(self.passphrase)
        self.message = Banner(panel)
        column.addWidget(self.message)
        outer.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        self.username.textChanged.connect(
            lambda text: setattr(self.passphrase, "user_words", (text,))
        )
        self.passphrase.accepted.connect(self._submit)
        model.failed.connect(
            lambda message: self.message.show_message(
                _("Problem: {message}").format(message=message), "error"
            )
        )
        model.busy_changed.connect(self._busy)

    def _busy(self, busy: bool) -> None:
        self.setEnabled(not busy)
        if busy:
            self.message.show_message(_("Enrolling this laptop…"), "info")

    def _submit(self, passphrase: str) -> None:
        self.model.enroll(
            server_url=self.server.text(),
            username=self.username.text(),
            password=self.password.text(),
            code=self.code.text(),
            passphrase=passphrase,
        )
        self.password.clear()
        self.passphrase.first.clear()
        self.passphrase.second.clear()
