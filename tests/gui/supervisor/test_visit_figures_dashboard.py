"""The supervisor's dashboard shows the federal caseworker-visit figures of the fiscal year so far,
counted on the laptop from the synced approved visits as the server's `visit-figures` counts them."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from PySide6.QtCore import QObject

from fieldcase.domain.home_visits import LocationType
from gui.supervisor.conftest import settle_view
from helpers.services import seen_visit


def test_the_dashboard_shows_the_teams_federal_visit_figures(qtbot, supervisor_view, team_store):
    family = team_store.namespace.families[
        3
    ]  # worker-2's three children, in care since January 2025
    pull = team_store.namespace.pull
    # approved: November in the residence, December at school; a visit at the parent's home in
    # January without a trial home visit is made but not in the residence
    for day, where in (
        (datetime(2025, 11, 6, 15, tzinfo=UTC), True),
        (datetime(2025, 12, 9, 15, tzinfo=UTC), False),
    ):
        pull(
            seen_visit(family.case_id, family.child_ids, on=day, residence=where),
            rev=3,
            status="approved",
            author="worker-2",
        )
    parent_home = dataclasses.replace(
        seen_visit(family.case_id, family.child_ids, on=datetime(2026, 1, 13, 15, tzinfo=UTC)),
        location_type=LocationType.PARENT_HOME,
        reason_not_in_residence="Family meeting",
        benefit_not_in_residence="Saw the parent too",
    )
    pull(parent_home, rev=3, status="approved", author="worker-2")
    # a visit still waiting for approval is not counted
    pull(
        seen_visit(family.case_id, family.child_ids, on=datetime(2026, 2, 10, 15, tzinfo=UTC)),
        rev=2,
        status="submitted",
        author="worker-2",
    )

    view = supervisor_view
    view.show()
    view.refresh()
    settle_view(qtbot, view, lambda: view.dashboard.dashboard is not None)
    figures = view.dashboard.dashboard.visit_figures
    # NOW is 25 May 2026: fiscal year 2026, October .. April have ended: 7 months x 3 children
    assert figures.fiscal_year == 2026 and figures.counted_through.isoformat() == "2026-04-30"
    worker_2 = dict(figures.caseworkers)["Caseworker 1"]
    assert (worker_2.expected, worker_2.made, worker_2.in_residence) == (21, 9, 3)
    assert str(worker_2.percent_made) == "42.9" and str(worker_2.percent_in_residence) == "33.3"
    text = view.dashboard.federal.text()
    assert "Federal visit figures, fiscal year 2026" in text and "42 USC 624(f)" in text
    assert (
        "<td>Caseworker 1</td><td>21</td><td>9</td><td>42.9%</td><td>3</td><td>33.3%</td>" in text
    )
    assert view.dashboard.federal.accessibleName() == "Federal visit figures"
    # reachable from the keyboard (a screen reader reads it on focus)
    assert view.dashboard.federal.focusPolicy() & view.dashboard.federal.focusPolicy().TabFocus
    view.dashboard.clear()
    assert view.dashboard.federal.text() == ""
    # still a QObject with its children (an attribute named `children` once hid QObject.children())
    assert view.dashboard.children() and all(
        isinstance(c, QObject) for c in view.dashboard.children()
    )
