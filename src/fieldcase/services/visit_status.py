"""This month's caseworker-visit status per child, as the caseload column shows it.

The facts come from the domain's compliance engine (`fieldcase.domain.compliance`, federal monthly
caseworker visit, SSA §424(e)); this module only names the combinations the screen shows, from best
to worst, so the UI can word them (and never rely on colour alone).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date


class MonthStatus(enum.Enum):
    SEEN_IN_RESIDENCE_PRIVATELY = "seen_in_residence_privately"
    SEEN_PRIVATELY = "seen_privately"
    SEEN = "seen"
    NOT_YET = "not_yet"
    AT_RISK = "at_risk"
    LEFT_CARE = "left_care"  # the child's exit from care came before this month's visit was due: nothing is due


@dataclass(frozen=True)
class ChildMonth:
    seen: bool = False
    in_residence: bool = False
    privately: bool = False
    at_risk: bool = False
    last_seen: date | None = None
    left_care: bool = False

    @property
    def status(self) -> MonthStatus:
        if self.left_care and not self.seen:
            return MonthStatus.LEFT_CARE
        if self.seen and self.privately and self.in_residence:
            return MonthStatus.SEEN_IN_RESIDENCE_PRIVATELY
        if self.seen and self.privately:
            return MonthStatus.SEEN_PRIVATELY
        if self.seen:
            return MonthStatus.SEEN
        return MonthStatus.AT_RISK if self.at_risk else MonthStatus.NOT_YET
