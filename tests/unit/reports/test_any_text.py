"""Whatever a caseworker types prints: markup characters, control characters, any Latin text."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldcase.reports import HomeVisitSummary, render_home_visit_summary
from fieldcase.reports import specimen as s

from .conftest import text

typed = st.text(alphabet=st.characters(codec="latin-1", exclude_categories=("Cs",)), max_size=200)


@settings(max_examples=30, deadline=None)
@given(observations=typed, name=typed)
def test_any_typed_text_renders(observations, name):
    from fieldcase.domain.home_visits import Participant

    visit = replace(
        s.home_visit(),
        observations=observations,
        participants=(Participant(name=name, role="Relative"),),
    )
    doc = render_home_visit_summary(HomeVisitSummary(visit=visit), s.context())
    assert doc.pages >= 1
    words = [w for w in observations.split() if w.isalnum() and w.isascii()]
    got = text(doc)
    for word in words[:5]:
        assert word in got
