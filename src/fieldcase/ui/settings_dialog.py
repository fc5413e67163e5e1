"""Settings: language, auto-lock minutes, text size, default car. Nothing personal is stored."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QVBoxLayout, QWidget

from fieldcase.services.session import MAX_IDLE_MINUTES, MIN_IDLE_MINUTES
from fieldcase.services.settings import Settings
from fieldcase.ui.i18n import LANGUAGES, _
from fieldcase.ui.widgets import ChoiceCombo, labelled


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Settings"))
        self.original = settings
        column = QVBoxLayout(self)
        form = QFormLayout()
        self.language = ChoiceCombo(list(LANGUAGES.items()), empty=_("— choose —"))
        self.language.set_value(settings.language)
        labelled(form, _("&Language"), self.language)
        self.idle = QSpinBox()
        self.idle.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        self.idle.setSuffix(" " + _("min"))
        self.idle.setValue(settings.idle_lock_minutes)
        labelled(
            form,
            _("Lock after &inactivity"),
            self.idle,
            hint=_("At most 30 minutes (agency policy)."),
        )
        self.scale = QSpinBox()
        self.scale.setRange(80, 200)
        self.scale.setSingleStep(10)
        self.scale.setSuffix(" %")
        self.scale.setValue(settings.text_scale)
        labelled(form, _("&Text size"), self.scale, hint=_("On top of your system's text size."))
        self.vehicle = ChoiceCombo([("personal", _("Personal")), ("agency", _("Agency"))])
        self.vehicle.set_value(settings.default_vehicle)
        labelled(form, _("Usual &car for trips"), self.vehicle)
        column.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)

    def result_settings(self) -> Settings:
        language, vehicle = self.language.value(), self.vehicle.value()  # a code (text) or None
        return dataclasses.replace(
            self.original,
            language=language if isinstance(language, str) and language else self.original.language,
            idle_lock_minutes=self.idle.value(),
            text_scale=self.scale.value(),
            default_vehicle=vehicle if isinstance(vehicle, str) and vehicle else "personal",
        ).validated()
