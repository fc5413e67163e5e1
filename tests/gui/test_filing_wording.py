"""The submit button says what the agency's rule pack does with the record (domain/approval.py):
"Submit for approval" for a kind a supervisor approves, "File" for a kind the caseworker files —
in English and Spanish — and filing makes the record final on the spot, saying so."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from fieldcase.domain.rule_pack import MISSOURI
from fieldcase.domain.workflow import Status
from fieldcase.store.store import Store
from helpers.gui import mnemonic_clashes, new_record, open_first_case, settle
from helpers.store import PASSPHRASE

#: an agency whose caseworkers file their collateral contacts; every other kind is approved
CONTACTS_FILED = dataclasses.replace(
    MISSOURI,
    name="Contacts filed",
    approval_required=MISSOURI.approval_required - {"collateral_contact"},
)

WORDS = {
    "en": ("Su&bmit for approval", "Fi&le", "Filed (no supervisor review)"),
    "es": ("&Enviar para aprobación", "Re&gistrar", "Registrado (sin revisión de supervisor/a)"),
}


def _opened(make_app, qtbot, language: str):
    app = make_app()
    app.session.rules = CONTACTS_FILED  # the pack this laptop runs
    if language == "es":
        app.apply_settings(dataclasses.replace(app.settings, language="es"))
    app.window.show()
    app.session_vm.unlock(PASSPHRASE)
    settle(qtbot, app, lambda: app.window.caseload_model.rowCount() > 0)
    open_first_case(qtbot, app)
    return app


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_button_says_submit_for_approval_or_file_as_the_pack_says(make_app, qtbot, language):
    submit_words, file_words, _status = WORDS[language]
    app = _opened(make_app, qtbot, language)
    visit = new_record(qtbot, app, "home_visit")
    assert visit.submit_button.text() == submit_words
    contact = new_record(qtbot, app, "collateral_contact")
    assert contact.submit_button.text() == file_words
    assert (
        "Ctrl+" in contact.submit_button.toolTip()
        and contact.submit_button.toolTip() != visit.submit_button.toolTip()
    )
    assert not mnemonic_clashes(app.window), mnemonic_clashes(app.window)


def test_by_default_every_record_is_submitted_for_approval(unlocked, qtbot):
    open_first_case(qtbot, unlocked)
    assert (
        new_record(qtbot, unlocked, "collateral_contact").submit_button.text()
        == "Su&bmit for approval"
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_filing_makes_the_record_final_and_says_so(make_app, qtbot, data_dir, language):
    _submit, _file, filed_words = WORDS[language]
    app = _opened(make_app, qtbot, language)
    page = new_record(qtbot, app, "collateral_contact")
    form = page.form
    # what is still needed speaks of filing, not of submitting
    page.submit_button.click()
    settle(qtbot, app)
    assert page.summary.label.text().startswith(
        "Not filed yet. Fix these first:"
        if language == "en"
        else "Aún no se registró. Corrija primero:"
    )
    assert page.editor.status is Status.DRAFT
    start = form.editor("contact_start").widget.value()
    form.editor("contact_end").widget.set_value(start + timedelta(minutes=10))
    form.editor("party_role").widget.set_value("school")
    form.editor("party_role").changed.emit()
    qtbot.keyClicks(form.editor("party_organisation").widget, "Synthetic Elementary")
    qtbot.keyClicks(form.editor("summary").widget, "Synthetic: attendance back to normal.")
    page.submit_button.click()
    settle(qtbot, app, lambda: page.editor.status is Status.APPROVED and page.editor.read_only)

    assert page.editor.filed and filed_words in page.status.text()
    assert not page.submit_button.isVisibleTo(page) and page.addendum_button.isVisibleTo(page)
    assert page.summary.label.text() == (
        "Filed. It is final now: corrections are addenda. It reaches the office at the next sync."
        if language == "en"
        else "Registrado. Ya es definitivo: las correcciones son adendas. Llega a la oficina en la próxima sincronización."
    )
    record_id = page.editor.record_id
    store = Store.unlock(data_dir, PASSPHRASE)
    try:
        stored = store.get(record_id)
        assert (stored.status, stored.body["approved_by"]) == ("approved", store.header.user_id)
        assert [
            e.payload["name"]
            for e in store.outbox_entries()
            if e.record_id == record_id and e.kind == "command"
        ] == ["file"]
    finally:
        store.lock()
