"""Which case data a laptop may change (domain.md "Case data in and out"). The caseworker records
what is learnt in the field — people and their contact details, placement changes, visitation
plans, hearings, a child's exit from care — through the same mutations as field records. The case
itself is the office's: it is opened by the office (a laptop never creates one), and of its fields
a laptop sets only the dates the caseworker keeps (family support team meetings, case-plan due and
review, the next court date). The permanency and concurrent goals change only with the supervisor's
approval of a proposed `goal_change` (server/goal_changes.py), never by an edit; the rest
(number, county, custody and removal dates, status, the reporter) comes from the agency's system
of record through the import.
"""

from __future__ import annotations

from collections.abc import Iterable

from fieldcase.server.refusals import Refused

#: the case's fields a laptop may set (services/case_data.py: the case-dates form, a hearing's next date)
CASE_FIELDS_FROM_LAPTOPS = frozenset(
    {"family_support_team_meetings", "case_plan_due", "last_case_plan_review", "next_court_hearing"}
)
#: changed by the supervisor's approval of a proposed change, not by an edit
GOAL_FIELDS = frozenset({"permanency_goal", "concurrent_goal"})


def check_client_fields(kind: str, names: Iterable[str]) -> None:
    """Refuse (Refused: a rejected mutation, plain words, field names only) a client's create
    or edit of `kind` that names a field no laptop sets."""
    if kind != "case":
        return
    names = set(names)
    goals = sorted(names & GOAL_FIELDS)
    if goals:
        raise Refused(
            "needs_approval",
            "The permanency and concurrent goals change only with the supervisor's approval of a proposed goal change, "
            f"not by an edit from a laptop (fields: {', '.join(goals)}).",
        )
    office = sorted(names - CASE_FIELDS_FROM_LAPTOPS)
    if office:
        raise Refused(
            "office_field",
            "The case's number, county, dates of custody and removal, status and reporter come from the agency office; "
            f"a laptop sets only meeting, case-plan and court dates (fields: {', '.join(office)}).",
        )
