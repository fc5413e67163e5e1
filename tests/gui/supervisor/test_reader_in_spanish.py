"""Issue 22 item 5: the supervisor's reader in Spanish says nothing of its own in English, for every
kind it reads. A court report's composed sections were worded in English whatever the window's
language; lists a form titles ("Attendees", "Status changes"), rows' headings ("Service") and
fields the form does not show ("Review of") were English too."""

from __future__ import annotations

import dataclasses
import re
from html import unescape

from fieldcase.domain import kinds
from fieldcase.domain.ids import new_id
from fieldcase.domain.serialization import to_dict
from fieldcase.services.review_words import sections
from fieldcase.ui import i18n
from fieldcase.ui.supervisor import review_html
from gui.supervisor.conftest import settle_view
from gui.supervisor.test_reader_reads_like_the_summary import _at, _loaded, _open, _pull
from helpers.filled_records import filled_record, variants

_SYNTHETIC = re.compile(r"Zq \w+")


def _lines(html: str) -> list[str]:
    """Every heading, label and value of the reader, one line each."""
    found = []
    for cell in re.findall(r"<(th|td|h3|h4)[^>]*>(.*?)</\1>", html, flags=re.S):
        found += [unescape(re.sub(r"<[^>]+>", " ", line)).strip() for line in cell[1].split("<br>")]
    return found


def _english_left(english: str, spanish: str, catalogue: dict[str, str]) -> str:
    """What of a line is still English in Spanish: its words when the line is the same in both
    languages, less what a person wrote (synthetic "Zq …") and words spelled alike in both
    ("Dental", "Personal": the catalogue says so)."""
    if english != spanish:
        return ""
    rest = _SYNTHETIC.sub("", english)
    for part in re.split(r" · |: | — |, |^• ", english):
        if part and catalogue.get(part) == part:
            rest = rest.replace(part, "")
    return rest if re.search(r"[A-Za-z]{3,}", rest) else ""


def test_every_kind_reads_in_spanish_in_the_reader(monkeypatch):
    catalogue = i18n.load_catalogue("es")
    english: dict[str, set[str]] = {}
    for kind in kinds.WORKFLOW_KINDS:
        for variant in range(variants(kind)):  # every value of every choice list
            item = filled_record(kind, variant)
            body = to_dict(item)
            monkeypatch.setattr(i18n, "_catalogue", {})
            in_english = _lines(
                review_html.sections_html(sections(kind, item, body, {}, "en"), kind)
            )
            monkeypatch.setattr(i18n, "_catalogue", catalogue)
            in_spanish = _lines(
                review_html.sections_html(sections(kind, item, body, {}, "es"), kind)
            )
            assert len(in_english) == len(in_spanish), kind
            for en, es in zip(in_english, in_spanish, strict=True):
                if _english_left(en, es, catalogue):
                    english.setdefault(kind, set()).add(en)
    assert english == {}


def test_a_court_report_opened_in_the_spanish_reader_reads_in_spanish(
    qtbot, supervisor_view, team_store, monkeypatch
):
    """Through the view as the supervisor opens it: the composed sections in the window's language."""
    family = team_store.namespace.families[0]
    report = dataclasses.replace(
        filled_record("court_report"),
        id=new_id(),
        case_id=family.case_id,
        child_ids=family.child_ids,
        hearing_id=None,
    )
    _pull(
        team_store,
        report,
        seq=95,
        status="submitted",
        meta={
            "created_by": "worker-1",
            "created_at": _at(30),
            "submitted_by": "worker-1",
            "submitted_at": _at(1),
        },
    )
    monkeypatch.setattr(i18n, "_catalogue", i18n.load_catalogue("es"))
    monkeypatch.setattr(i18n, "_current", ["es"])  # as i18n.install("es") leaves it
    _loaded(qtbot, supervisor_view)
    text = _open(qtbot, supervisor_view, report.id)
    settle_view(qtbot, supervisor_view)
    assert "Colocación y estabilidad" in text, text
    assert "Placement and stability" not in text and "Visits and family time" not in text
