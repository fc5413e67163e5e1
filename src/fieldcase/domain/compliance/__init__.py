"""The compliance engine (domain.md "Rules the app computes"): pure functions from plain records and
an `as_of` day to frozen results, with every number taken from the rule pack.

- `monthly_visits`: seen / in residence / privately / at risk per child-month; the in-residence
  majority over the federal fiscal year.
- `deadlines`: case plan and reviews, family support team meetings, initial placement visit,
  monthly contact with the placement provider.
- `visitation`: visitation plan adherence. `documentation`: note timeliness. `mileage`: odometer
  continuity.
- `caseload`: all of it for a caseload and a team, with plain-language lines.
- `periods`, `care`: calendar months, fiscal years, business days; time in care.
"""

from .care import CarePeriod, care_periods
from .caseload import (
    CaseCompliance,
    CaseloadCompliance,
    CaseloadCounts,
    CaseworkerCompliance,
    ChildCompliance,
    TeamCompliance,
    caseload_compliance,
    summary_lines,
    team_compliance,
)
from .deadlines import (
    Deadline,
    DeadlineKind,
    DeadlineState,
    case_plan_deadline,
    family_support_team_deadlines,
    initial_placement_visit_deadline,
    provider_contact_deadline,
)
from .documentation import DocumentationTimeliness, documentation_timeliness, late_documentation
from .mileage import OdometerFlag, OdometerFlagKind, odometer_flags
from .monthly_visits import (
    MonthlyVisitStatus,
    MonthState,
    ResidenceMajority,
    monthly_visit_status,
    residence_majority,
    residence_months_required,
)
from .periods import FiscalYear, Month, add_business_days, add_months
from .visitation import VisitationAdherence, planned_visits, visitation_adherence

__all__ = [
    "CarePeriod",
    "CaseCompliance",
    "CaseloadCompliance",
    "CaseloadCounts",
    "CaseworkerCompliance",
    "ChildCompliance",
    "Deadline",
    "DeadlineKind",
    "DeadlineState",
    "DocumentationTimeliness",
    "FiscalYear",
    "Month",
    "MonthState",
    "MonthlyVisitStatus",
    "OdometerFlag",
    "OdometerFlagKind",
    "ResidenceMajority",
    "TeamCompliance",
    "VisitationAdherence",
    "add_business_days",
    "add_months",
    "care_periods",
    "case_plan_deadline",
    "caseload_compliance",
    "documentation_timeliness",
    "family_support_team_deadlines",
    "initial_placement_visit_deadline",
    "late_documentation",
    "monthly_visit_status",
    "odometer_flags",
    "planned_visits",
    "provider_contact_deadline",
    "residence_majority",
    "residence_months_required",
    "summary_lines",
    "team_compliance",
    "visitation_adherence",
]
