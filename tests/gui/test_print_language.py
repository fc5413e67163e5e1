"""The print dialog offers the language: the family copy defaults to the family's language (from
the case's people), the other copies to the window's; a saved PDF is named by what it is, the case
number and the day — no id fragment, no name."""

from __future__ import annotations

import dataclasses
import io
import re

from pypdf import PdfReader

from fieldcase.domain.people import PersonRole
from fieldcase.reports import Profile
from helpers.gui import open_first_case, settle


def _on_worker(qtbot, app, fn):
    box = {}
    app.worker.run(lambda: box.setdefault("value", fn(app.session.store)))
    settle(qtbot, app, lambda: "value" in box)
    return box["value"]


def _wait_preview(qtbot, app, dialog, previous=None):
    qtbot.waitUntil(
        lambda: dialog.preview_result is not None and dialog.preview_result is not previous,
        timeout=20000,
    )
    settle(qtbot, app)
    return dialog.preview_result


def _text(preview) -> str:
    return " ".join(
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(io.BytesIO(preview.document.pdf)).pages
    )


def test_the_family_copy_prints_in_the_family_language(unlocked, qtbot, monkeypatch):
    app, window = unlocked, unlocked.window
    detail = open_first_case(qtbot, app)

    def parents_speak_spanish(store):
        people = store.repository("person")
        for person in people.list(case_id=detail.case_id):
            if person.role is PersonRole.PARENT:
                store.save(dataclasses.replace(person, languages=("Spanish", "English")))
        return True

    _on_worker(qtbot, app, parents_speak_spanish)
    visit_id = next(e.record_id for e in detail.timeline if e.kind == "home_visit")
    window.workspace.open_record(visit_id)
    settle(qtbot, app, lambda: window.current_page() is not None)
    window.print_actions[0].trigger()
    dialog = window.print_dialog
    preview = _wait_preview(qtbot, app, dialog)
    assert dialog.language.currentData() == "en"  # an internal copy: the window's language
    assert "Home visit summary" in _text(preview)

    dialog.profile.setCurrentIndex(
        [dialog.profile.itemData(i) for i in range(dialog.profile.count())].index(Profile.FAMILY)
    )
    family = _wait_preview(qtbot, app, dialog, preview)
    assert dialog.language.currentData() is None  # "the family's language"
    words = _text(family)
    assert (
        "Resumen de visita domiciliaria" in words
        and "COPIA PARA LA FAMILIA" in words
        and "Home visit summary" not in words
    )

    dialog.language.setCurrentIndex(
        dialog.language.findData("en")
    )  # the caseworker may choose otherwise
    english = _wait_preview(qtbot, app, dialog, family)
    assert "Home visit summary" in _text(english) and "FAMILY COPY" in _text(english)

    offered = {}

    def save_dialog(_parent, _title, suggested, *_args, **_kwargs):
        offered["name"] = suggested
        return "", ""  # cancelled

    monkeypatch.setattr("fieldcase.ui.print_dialog.QFileDialog.getSaveFileName", save_dialog)
    dialog.save_button.click()
    case = re.sub(r"[^0-9A-Za-z]+", "-", detail.case_number).strip("-")
    assert re.fullmatch(
        rf"home-visit-summary_{re.escape(case)}_\d{{4}}-\d{{2}}-\d{{2}}\.pdf", offered["name"]
    ), offered
    dialog.reject()
