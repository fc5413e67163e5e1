# ruff: noqa: F401, PLE0605 - the names under TYPE_CHECKING are for type checkers; __all__ is computed from _WHERE below
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
- `visit_figures`: the federal caseworker-visit figures of a fiscal year (42 USC 624(f)).

The names below load their submodule when first asked for (PEP 562): the caseload at unlock
needs the monthly visits only, and waits for nothing else of the engine (issue 5's start-up).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
        case_plan_deadlines,
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

#: each public name and the submodule that defines it
_WHERE = {
    "CarePeriod": "care",
    "CaseCompliance": "caseload",
    "CaseloadCompliance": "caseload",
    "CaseloadCounts": "caseload",
    "CaseworkerCompliance": "caseload",
    "ChildCompliance": "caseload",
    "Deadline": "deadlines",
    "DeadlineKind": "deadlines",
    "DeadlineState": "deadlines",
    "DocumentationTimeliness": "documentation",
    "FiscalYear": "periods",
    "Month": "periods",
    "MonthState": "monthly_visits",
    "MonthlyVisitStatus": "monthly_visits",
    "OdometerFlag": "mileage",
    "OdometerFlagKind": "mileage",
    "ResidenceMajority": "monthly_visits",
    "TeamCompliance": "caseload",
    "VisitationAdherence": "visitation",
    "add_business_days": "periods",
    "add_months": "periods",
    "care_periods": "care",
    "case_plan_deadline": "deadlines",
    "case_plan_deadlines": "deadlines",
    "caseload_compliance": "caseload",
    "documentation_timeliness": "documentation",
    "family_support_team_deadlines": "deadlines",
    "initial_placement_visit_deadline": "deadlines",
    "late_documentation": "documentation",
    "monthly_visit_status": "monthly_visits",
    "odometer_flags": "mileage",
    "planned_visits": "visitation",
    "provider_contact_deadline": "deadlines",
    "residence_majority": "monthly_visits",
    "residence_months_required": "monthly_visits",
    "summary_lines": "caseload",
    "team_compliance": "caseload",
    "visitation_adherence": "visitation",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # asked once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})
