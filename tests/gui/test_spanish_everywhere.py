"""In Spanish, a caseworker reads no English sentence the app wrote: the problems beside the fields
and in the summary of a refused submit, the read-only banner of an approved visit (with its day
written out), the needs-attention list. Data the caseworker typed stays as typed."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QLabel

from fieldcase.domain.validation import problems
from fieldcase.domain.workflow import Status
from fieldcase.ui import i18n
from helpers.gui import new_record, open_first_case, settle
from helpers.store import PASSPHRASE


def _complete_visit(page) -> None:
    """As tests/gui/test_forms.py: a visit that may be submitted."""
    form = page.form
    form.editor("outcome").widget.set_value("completed")
    form.editor("outcome").changed.emit()
    form.editor("contact_end").widget.set_value(
        form.editor("contact_start").widget.value().replace(hour=11)
    )
    form.editor("observations").widget.setPlainText("Synthetic note: the child showed a drawing.")
    for _frame, fields, _remove in form.rows["children"].rows:
        fields["seen"].editor.widget.set_value(True)
        fields["seen_privately"].editor.widget.set_value(True)
        fields["present_danger"].editor.widget.set_value(False)


def _spanish_app(make_app, qtbot):
    app = make_app()
    app.window.show()
    app.session_vm.unlock(PASSPHRASE)
    settle(qtbot, app, lambda: app.window.caseload_model.rowCount() > 0)
    settle(qtbot, app)
    qtbot.wait(200)  # the caseload's follow-up reads land in the window they were made for
    settle(qtbot, app)
    app.apply_settings(dataclasses.replace(app.settings, language="es"))
    settle(qtbot, app, lambda: app.window.caseload_model.rowCount() > 0)
    app.window.show()
    return app


def _visible_texts(widget) -> list[str]:
    return [
        label.text()
        for label in widget.findChildren(QLabel)
        if label.isVisibleTo(widget) and label.text().strip()
    ]


def _english_in(texts: list[str], english: set[str]) -> list[str]:
    """The English sentences (msgids the Spanish catalogue translates differently) found in `texts`."""
    return sorted({e for t in texts for e in english if e in t})


def _english_sentences(extra: set[str]) -> set[str]:
    catalogue = i18n.load_catalogue("es")
    # whole sentences only: a short word ("No", "Total") may be Spanish too
    return {
        k for k, v in catalogue.items() if k != v and k.endswith(".") and " " in k and "{" not in k
    } | extra


def test_a_refused_home_visit_speaks_spanish(make_app, qtbot):
    app = _spanish_app(make_app, qtbot)
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    page.form.editor("observations").widget.setPlainText("")
    page.submit_button.click()
    settle(qtbot, app, lambda: page.summary.label.text() != "")
    found = problems(page.editor.record, for_submit=True)
    assert found
    texts = _visible_texts(page)
    assert _english_in(texts, _english_sentences({p.message for p in found})) == []
    joined = "\n".join(texts)
    assert "Aún no se envió. Corrija primero:" in joined
    assert "Indique si la visita se realizó, se intentó, se canceló o nadie se presentó." in joined


def test_a_refused_case_plan_speaks_spanish(make_app, qtbot):
    app = _spanish_app(make_app, qtbot)
    open_first_case(qtbot, app)
    assert app.window.case_view.case_plan.text() == "&Nuevo plan del caso"
    page = new_record(qtbot, app, "case_plan")
    page.submit_button.click()
    settle(qtbot, app, lambda: page.summary.label.text() != "")
    found = problems(page.editor.record, for_submit=True)
    assert found
    texts = _visible_texts(page)
    assert _english_in(texts, _english_sentences({p.message for p in found})) == []
    joined = "\n".join(texts)
    assert "Describa las condiciones que hicieron necesarios los servicios o el cuidado." in joined
    labels = joined.replace("&", "")  # a field's label carries its Alt+letter
    assert "Plan de permanencia" in labels and "Necesidades psicológicas del niño" in labels


def test_the_read_only_banner_speaks_spanish(make_app, qtbot):
    app = _spanish_app(make_app, qtbot)
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    _complete_visit(page)
    page.submit_button.click()
    settle(qtbot, app, lambda: page.editor.status is Status.SUBMITTED)
    app.worker.run(lambda: app.session.store.command(page.editor.record_id, "approve"))
    settle(qtbot, app)
    page.editor.reload()
    settle(qtbot, app, lambda: page.editor.read_only)
    banner = page.banner.label.text()
    assert banner.startswith("Solo lectura: Esta visita se aprobó ")
    assert "y ya no se puede cambiar; agregue un anexo." in banner
    assert (
        "approved" not in banner and "May" not in banner
    )  # neither the English sentence nor its month
    assert _english_in(_visible_texts(page), _english_sentences(set())) == []


def test_the_attention_list_speaks_spanish(qtbot, monkeypatch):
    from fieldcase.services.sync import AttentionItem
    from fieldcase.ui.attention import AttentionDialog

    monkeypatch.setattr(i18n, "_catalogue", i18n.load_catalogue("es"))
    when = "2026-05-28T16:40:00+00:00"
    items = [
        AttentionItem("a1", "approved", "home_visit", "r1", "stored English", when, {}),
        AttentionItem("a2", "returned", "transport_trip", "r2", "stored English", when, {}),
        AttentionItem(
            "a3", "stale", "home_visit", "r3", "stored English", when, {"code": "stale_revision"}
        ),
        AttentionItem(
            "a4",
            "quarantined",
            "visitation_entry",
            "r4",
            "stored English",
            when,
            {"code": "not_found"},
        ),
    ]
    dialog = AttentionDialog(items)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = (
        _visible_texts(dialog)
        + [dialog.list.item(i).text() for i in range(dialog.list.count())]
        + [dialog.windowTitle()]
    )
    assert "stored English" not in " ".join(texts)
    assert _english_in(texts, _english_sentences(set())) == []
    assert dialog.windowTitle() != "Needs attention"
