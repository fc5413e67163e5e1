"""The caseload header and the team dashboard word the compliance counts in the reader's language
(ui/compliance_words.py); in English exactly as the compliance engine does (the command line and the
print-outs use the engine's words)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldcase.domain.compliance.caseload import CaseloadCounts, summary_lines
from fieldcase.ui import compliance_words, i18n

FIELDS = [f.name for f in dataclasses.fields(CaseloadCounts)]


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({name: st.sampled_from([0, 1, 2, 17]) for name in FIELDS}))
def test_in_english_the_words_are_the_engines(values):
    counts = CaseloadCounts(**values)
    assert (compliance_words.headline(counts), compliance_words.lines(counts)) == summary_lines(counts)


@pytest.fixture
def spanish(monkeypatch):
    monkeypatch.setattr(i18n, "_catalogue", i18n.load_catalogue("es"))


def test_in_spanish_one_and_many_agree(spanish):
    one = CaseloadCounts(children_in_care=5, not_yet_seen_this_month=1, at_risk_this_month=1, odometer_flags=1)
    many = CaseloadCounts(children_in_care=5, not_yet_seen_this_month=3, at_risk_this_month=2, at_risk_of_missing_majority=1)
    assert compliance_words.headline(one) == "1 niño aún no visto este mes"
    assert compliance_words.headline(many) == "3 niños aún no vistos este mes, 1 en riesgo de no lograr la mayoría de visitas en la residencia"
    assert compliance_words.lines(one) == (
        "1 niño aún no visto este mes", "1 niño en riesgo: quedan 7 días o menos para visitarlo", "1 lectura del odómetro por revisar")
    assert compliance_words.headline(CaseloadCounts()) == "Ningún niño bajo cuidado"


def test_every_sentence_has_its_spanish(spanish):
    every = CaseloadCounts(**{name: 1 for name in FIELDS})
    several = CaseloadCounts(**{name: 2 for name in FIELDS})
    catalogue = i18n.load_catalogue("es")
    english = summary_lines(every)[1] + summary_lines(several)[1]
    spanish_lines = compliance_words.lines(every) + compliance_words.lines(several)
    assert len(spanish_lines) == len(english) and not set(spanish_lines) & set(english)
    assert catalogue  # the catalogue was read
