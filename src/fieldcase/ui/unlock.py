"""The unlock screen (with the lockout countdown) and the passphrase chooser used by enrollment."""

from __future__ import annotations

from html import escape
from typing import ClassVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldcase.services.session import PASSPHRASE_RULES, assess_passphrase
from fieldcase.ui.accessible_text import heading as make_heading
from fieldcase.ui.announce import announce
from fieldcase.ui.i18n import _
from fieldcase.ui.widgets import Banner, labelled


class UnlockScreen(QWidget):
    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        panel = QWidget(self)
        panel.setMinimumWidth(420)
        panel.setMaximumWidth(560)
        column = QVBoxLayout(panel)
        heading = make_heading(escape(_("fieldcase is locked")), 1)
        column.addWidget(heading)
        intro = QLabel(
            _("Your records are encrypted on this laptop. Enter your passphrase to open them.")
        )
        intro.setWordWrap(True)
        column.addWidget(intro)
        form = QFormLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        labelled(form, _("P&assphrase"), self.passphrase)
        column.addLayout(form)
        self.unlock_button = QPushButton(_("&Unlock"))
        self.unlock_button.setDefault(True)
        column.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignRight)
        self.message = Banner(panel)
        column.addWidget(self.message)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(_("Unlocking"))
        self.progress.setTextVisible(False)
        self.progress.hide()
        column.addWidget(self.progress)
        # centred by stretches, not by an alignment flag: a widget placed with an alignment gets its
        # size hint's height, which ignores text wrapped at its width (the explanation, every message
        # and the lockout countdown were cut to one line)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(panel, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.unlock_button.clicked.connect(self._submit)
        self.passphrase.returnPressed.connect(self._submit)
        self._seconds_left = 0
        self._message = ""
        self.countdown = QTimer(self)
        self.countdown.setInterval(1000)
        self.countdown.timeout.connect(self._tick)

    def _submit(self) -> None:
        if self._seconds_left > 0 or not self.passphrase.text():
            return
        text = self.passphrase.text()
        self.passphrase.clear()  # never keep the passphrase in a widget longer than needed
        self.unlock_requested.emit(text)

    def set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.unlock_button.setEnabled(not busy and self._seconds_left == 0)
        self.passphrase.setEnabled(not busy and self._seconds_left == 0)
        if busy:
            self.message.show_message(_("Unlocking…"), "info")

    def show_failure(self, message: str, seconds_left: int) -> None:
        self._message = message
        self._seconds_left = seconds_left
        if seconds_left > 0:
            self.countdown.start()
            self._tick(advance=False)
            announce(
                self.message, self.message.label.text(), assertive=True
            )  # once, not each second
        else:
            self.message.show_message(_("Problem: {message}").format(message=message), "error")
            announce(self.message, self.message.label.text(), assertive=True)
            self.passphrase.setEnabled(True)
            self.passphrase.setFocus()

    def _tick(self, advance: bool = True) -> None:
        if advance:
            self._seconds_left -= 1
        if self._seconds_left <= 0:
            self._seconds_left = 0
            self.countdown.stop()
            self.message.show_message(_("You can try again now."), "info")
            announce(self.message, self.message.label.text())
            self.passphrase.setEnabled(True)
            self.unlock_button.setEnabled(True)
            self.passphrase.setFocus()
            return
        minutes, seconds = divmod(self._seconds_left, 60)
        self.passphrase.setEnabled(False)
        self.unlock_button.setEnabled(False)
        self.message.show_message(
            _("Locked out: too many wrong passphrases. Try again in {time}.").format(
                time=f"{minutes}:{seconds:02d}"
            ),
            "error",
        )

    def reset(self) -> None:
        self.passphrase.clear()
        self.message.clear()
        self.set_busy(False)
        self.passphrase.setFocus()


class PassphraseSetup(QWidget):
    """Choose a passphrase: strength meter with a hint in words, the policy explained, typed twice."""

    accepted = Signal(str)

    def __init__(self, *, user_words: tuple[str, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user_words = user_words
        column = QVBoxLayout(self)
        column.addWidget(make_heading(escape(_("Choose a passphrase for this laptop")), 2))
        rules = QLabel(_(PASSPHRASE_RULES))
        rules.setWordWrap(True)
        column.addWidget(rules)
        form = QFormLayout()
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        labelled(form, _("&New passphrase"), self.first)
        labelled(form, _("&Type it again"), self.second)
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setFormat("")
        labelled(form, _("Strength"), self.meter)
        column.addLayout(form)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        column.addWidget(self.hint)
        self.ok = QPushButton(_("Use this &passphrase"))
        self.ok.setEnabled(False)
        column.addWidget(self.ok, 0, Qt.AlignmentFlag.AlignRight)
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self.ok.clicked.connect(lambda: self.accepted.emit(self.first.text()))
        self._update()

    WORDS: ClassVar[dict[int, str]] = {
        0: "Not allowed",
        1: "Weak",
        2: "Fair",
        3: "Good",
        4: "Strong",
    }

    def _update(self) -> None:
        text = self.first.text()
        strength = assess_passphrase(text, user_words=self.user_words)
        self.meter.setValue(strength.score)
        word = _(self.WORDS[strength.score])
        self.meter.setFormat(word)
        self.meter.setTextVisible(True)
        self.meter.setAccessibleDescription(word)
        matches = text == self.second.text()
        hint = _(strength.hint) if text else _("Type a passphrase.")
        if text and self.second.text() and not matches:
            hint += " " + _("The two passphrases are different.")
        self.hint.setText(f"{word}: {hint}" if text else hint)
        self.ok.setEnabled(strength.acceptable and matches)
