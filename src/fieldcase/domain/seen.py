"""When a home visit counts as having seen a child: the one rule behind every "seen" the app shows.

A child is seen by a visit that records a completed, face-to-face contact with a start time, with
"Seen: yes" on the child's row, and that is not voided. Its paperwork state does not matter: a
draft, a submitted, a returned or an approved visit all record a contact that happened (whether the
paperwork was done on time is another rule, documentation timeliness). The caseload's "Last seen"
day and its "This month" column, the compliance engine's monthly visit and the store's
`record_child.seen` all read this rule, so they never disagree (docs/design/domain.md, "Seen").
"""

from __future__ import annotations

from .home_visits import ContactMethod, HomeVisit, VisitOutcome
from .workflow import Status


def visit_counts(visit: HomeVisit) -> bool:
    """The visit records a contact that can have seen a child (before looking at any child's row)."""
    return (
        visit.status is not Status.VOIDED
        and visit.outcome is VisitOutcome.COMPLETED
        and visit.method is ContactMethod.FACE_TO_FACE
        and visit.contact_start is not None
    )


def children_seen(visit: HomeVisit) -> frozenset[str]:
    """The children this visit saw, by the rule above."""
    if not visit_counts(visit):
        return frozenset()
    return frozenset(row.child_id for row in visit.children if row.seen is True)
