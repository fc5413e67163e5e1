"""The caseload header and the team dashboard give the compliance counts in the reader's language
(ui/compliance_words.py over the engine's own table of sentences); the engine's English stays for
the command line and the print-outs."""

from __future__ import annotations

import dataclasses
import re

import pytest

from fieldcase.domain.compliance import caseload as engine
from fieldcase.domain.compliance.caseload import CaseloadCounts, summary_lines
from fieldcase.ui import compliance_words, i18n

FIELDS = [f.name for f in dataclasses.fields(CaseloadCounts)]


@pytest.fixture
def spanish(monkeypatch):
    monkeypatch.setattr(i18n, "_catalogue", i18n.load_catalogue("es"))


def test_every_sentence_of_the_engine_has_its_spanish():
    catalogue = i18n.load_catalogue("es")
    sentences = [s for _field, one, many in engine.SUMMARY_SENTENCES for s in (one, many)]
    sentences += [
        engine.HEADLINE_NONE,
        *engine.HEADLINE_NOT_SEEN,
        engine.HEADLINE_ALL_SEEN,
        engine.HEADLINE_MAJORITY,
    ]
    assert [s for s in sentences if s not in catalogue] == []
    assert all(
        sorted(re.findall(r"{\w+}", s)) == sorted(re.findall(r"{\w+}", catalogue[s]))
        for s in sentences
    )
    assert {field for field, _one, _many in engine.SUMMARY_SENTENCES} <= set(FIELDS)


def test_in_spanish_one_and_many_agree(spanish):
    one = CaseloadCounts(
        children_in_care=5, not_yet_seen_this_month=1, at_risk_this_month=1, odometer_flags=1
    )
    many = CaseloadCounts(
        children_in_care=5,
        not_yet_seen_this_month=3,
        at_risk_this_month=2,
        at_risk_of_missing_majority=1,
    )
    headline, lines = compliance_words.summary(one)
    assert headline == "1 niño aún no visto este mes"
    assert lines == (
        "1 niño aún no visto este mes",
        "1 niño en riesgo: quedan 7 días o menos para visitarlo",
        "1 lectura del odómetro por revisar",
    )
    assert (
        compliance_words.summary(many)[0]
        == "3 niños aún no vistos este mes, 1 en riesgo de no lograr la mayoría de visitas en la residencia"
    )
    assert compliance_words.summary(CaseloadCounts())[0] == "Ningún niño bajo cuidado"


def test_the_engine_keeps_its_english_for_the_command_line_and_print_outs(spanish):
    counts = CaseloadCounts(
        children_in_care=4, not_yet_seen_this_month=2, case_plans_due_soon=1, documentation_late=3
    )
    assert summary_lines(counts) == (
        "2 children not yet seen this month",
        (
            "2 children not yet seen this month",
            "1 case plan or review due within 7 days",
            "3 visit notes recorded late or overdue (due within 48 hours)",
        ),
    )
