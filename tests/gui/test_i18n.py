from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

from fieldcase.domain.agenda import TITLES as AGENDA_TITLES
from fieldcase.domain.kinds import KIND_TABLE
from fieldcase.ui import i18n, week_ahead
from fieldcase.ui.forms.case_specs import CASE_SPECS
from fieldcase.ui.forms.spec import SPECS, Rows
from helpers.gui import open_first_case, settle
from helpers.store import PASSPHRASE

UI = Path(__file__).resolve().parents[2] / "src" / "fieldcase" / "ui"


def _msgids() -> set[str]:
    found = set()
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
            # a table's column, ("Header", lambda row: …): TableModel translates the header (the team
            # dashboard's "At home / privately" was English in Spanish)
            if (
                isinstance(node, ast.Tuple)
                and len(node.elts) == 2
                and isinstance(node.elts[1], ast.Lambda)
                and isinstance(node.elts[0], ast.Constant)
                and isinstance(node.elts[0].value, str)
            ):
                found.add(node.elts[0].value)
    for record_kind in KIND_TABLE.values():  # the window shows each kind's title and nouns
        found |= {record_kind.title, record_kind.noun, record_kind.plural}
    # the week ahead's lines (domain/agenda.py), kinds and columns, translated by ui/week_ahead.py
    found |= set(AGENDA_TITLES) | set(week_ahead.KIND_WORDS.values()) | set(week_ahead.HEADERS)
    for spec in (*SPECS.values(), *CASE_SPECS.values()):
        found.add(spec.title)
        for section in spec.sections:
            found.add(section.title)
            for item in section.items:
                fields = item.fields if isinstance(item, Rows) else (item,)
                found |= {item.label} | ({item.item} if isinstance(item, Rows) else set())
                found |= {item.hint} if getattr(item, "hint", None) else set()
                for field in fields:
                    found.add(field.label)
                    found |= {m.value.replace("_", " ").capitalize() for m in (field.choices or ())}
    return found


def test_every_message_has_a_spanish_translation():
    catalogue = i18n.load_catalogue("es")
    missing = sorted(m for m in _msgids() if m not in catalogue)
    assert missing == []
    for msgid, msgstr in catalogue.items():
        assert sorted(re.findall(r"{\w+}", msgid)) == sorted(re.findall(r"{\w+}", msgstr)), (
            msgid
        )  # same placeholders


def test_po_parser_joins_continued_lines():
    text = 'msgid ""\nmsgstr ""\n"Language: es\\n"\n\n# c\nmsgid "Hello "\n"world"\nmsgstr "Hola "\n"mundo"\n'
    assert i18n.parse_po(text) == {"Hello world": "Hola mundo"}


def test_switching_to_spanish_rebuilds_the_window(make_app, qtbot):
    app = make_app()
    app.session_vm.unlock(PASSPHRASE)
    settle(qtbot, app, lambda: app.window.caseload_model.rowCount() > 0)
    app.apply_settings(dataclasses.replace(app.settings, language="es"))
    window = app.window
    settle(qtbot, app, lambda: window.caseload_model.rowCount() > 0)
    assert window.caseload.heading.text() == "<h2>Mi carga de casos</h2>"
    assert (
        window.caseload_model.headerData(
            2, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal
        )
        == "Este mes"
    )
    assert "En riesgo" in window.caseload_model.data(window.caseload_model.index(0, 2))
    assert [a.text() for a in window.menuBar().actions()] == [
        "&Archivo",
        "&Registro",
        "&Imprimir",
        "A&yuda",
    ]
    open_first_case(qtbot, app)
    assert window.case_view.new_visit.text() == "Nueva visita al &hogar"
    assert app.settings_file.load().language == "es"  # the choice is kept
    # Qt's own strings follow the language too
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"


def test_the_catalogue_names_each_message_once():
    """Branches append their messages; a message added twice would be translated by whichever came last."""
    text = (Path(__file__).resolve().parents[2] / "resources" / "translations" / "es.po").read_text(
        encoding="utf-8"
    )
    ids = re.findall(r'^msgid "(.*)"$', text, flags=re.MULTILINE)
    assert sorted({i for i in ids if ids.count(i) > 1 and i}) == []


def test_a_problem_and_an_error_are_worded_by_one_path(monkeypatch):
    """Issue 22: `Problem.of` and `UserError.sentences` were worded by two functions (a problem's days
    stayed ISO in Spanish while an error's were written out). One path now: the same sentence reads
    the same from either."""
    from datetime import date

    from PySide6.QtCore import QLocale

    from fieldcase.domain.problems import Problem
    from fieldcase.errors import UserError

    spanish = i18n.load_catalogue("es")
    monkeypatch.setattr(
        i18n,
        "_catalogue",
        {
            "MMMM d, yyyy": spanish["MMMM d, yyyy"],
            "The visit is dated {day}, in the future.": "La visita tiene fecha {day}, en el futuro.",
        },
    )
    QLocale.setDefault(QLocale("es"))
    try:
        problem = Problem.of(
            "contact_start", "The visit is dated {day}, in the future.", day=date(2026, 5, 4)
        )
        error = UserError(problem.message)
        error.sentences = problem.sentences
        assert (
            i18n.problem_words(problem)
            == i18n.error_words(error)
            == "La visita tiene fecha 4 de mayo de 2026, en el futuro."
        )
    finally:
        QLocale.setDefault(QLocale("en"))
