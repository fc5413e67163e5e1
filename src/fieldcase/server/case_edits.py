"""Which case data a laptop may change (domain.md "Case data in and out"). The caseworker records
what is learnt in the field — people and their contact details, placement changes, visitation
plans, hearings, a child's exit from care — through the same mutations as field records. The case
itself is the office's: it is opened by the office (a laptop never creates one), and of its fields
a laptop sets only the dates the caseworker keeps (family support team meetings, case-plan due and
review, the next court date). The permanency and concurrent goals change only when the supervisor
approves a proposed change, never by an edit; the rest (number, county, custody and removal
dates, status, the reporter) comes from the agency's system of record through the import.
"""

from __future__ import annotations

from collections.abc import Iterable

#: the case's fields a laptop may set (services/case_data.py: the case-dates form, a hearing's next date)
CASE_FIELDS_FROM_LAPTOPS = frozenset({"family_support_team_meetings", "case_plan_due", "last_case_plan_review", "next_court_hearing"})
#: changed by the supervisor's approval of a proposed change, not by an edit
GOAL_FIELDS = frozenset({"permanency_goal", "concurrent_goal"})


class OfficeField(Exception):
    """A laptop's edit names a field that only the office (or an approval) changes. `code` and
    `reason` go to the client as a refused mutation (plain words, field names only)."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def check_client_fields(kind: str, names: Iterable[str]) -> None:
    """Raise `OfficeField` when a client's create or edit of `kind` names a field no laptop sets."""
    if kind != "case":
        return
    names = set(names)
    goals = sorted(names & GOAL_FIELDS)
    if goals:
        raise OfficeField(
            "needs_approval",
            "A change of permanency or concurrent goal is proposed to the supervisor, who approves it; "
            f"it is not changed by an edit (fields: {', '.join(goals)}).",
        )
    office = sorted(names - CASE_FIELDS_FROM_LAPTOPS)
    if office:
        raise OfficeField(
            "office_field",
            "The case's number, county, dates of custody and removal, status and reporter come from the agency office; "
            f"a laptop sets only meeting, case-plan and court dates (fields: {', '.join(office)}).",
        )
