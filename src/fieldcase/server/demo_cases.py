"""The demo caseworker's shaped cases: the shapes seed-demo makes them to (demo_agency.Shape), and what
a case so made names, for the week's records (demo_week.py) and written plans (demo_plans.py)."""

from __future__ import annotations

from dataclasses import dataclass

from fieldcase.domain.cases import Case, PermanencyGoal
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.placements import Placement
from fieldcase.domain.visitation_plans import VisitationPlan
from fieldcase.server.demo_agency import Shape

#: the demo caseworker's cases made to a shape, in the order seed-demo makes them
SHAPES = (
    # in care half a year; plan written 22 days after removal: its 6-month review is due in 5 days
    Shape(
        removed_days_ago=200,
        ages=(15, 9),
        plan_written_days_ago=178,
        concurrent_goal=PermanencyGoal.RELATIVE_PLACEMENT,
    ),
    # in its first month: the 30-day meeting and the first case plan are due within the week
    Shape(removed_days_ago=26, ages=(16,)),
    # in care over a year; the plan was reviewed three months ago
    Shape(
        removed_days_ago=420,
        ages=(7, 4),
        plan_written_days_ago=95,
        concurrent_goal=PermanencyGoal.GUARDIANSHIP,
    ),
)
SHAPED_CHILDREN = sum(len(s.ages) for s in SHAPES)


@dataclass(frozen=True)
class ShapedCase:
    """A case of the demo caseworker as DemoAgency made it: what this week's records name."""

    case: Case
    parent: Person
    resource: Person
    children: tuple[Person, ...]
    placements: tuple[Placement, ...]
    plan: VisitationPlan

    @classmethod
    def of(cls, records: list) -> ShapedCase:
        people = [r for r in records if isinstance(r, Person)]
        return cls(
            case=next(r for r in records if isinstance(r, Case)),
            parent=next(p for p in people if p.role is PersonRole.PARENT),
            resource=next(p for p in people if p.role is PersonRole.RESOURCE_PARENT),
            children=tuple(p for p in people if p.role is PersonRole.CHILD),
            placements=tuple(r for r in records if isinstance(r, Placement)),
            plan=next(r for r in records if isinstance(r, VisitationPlan)),
        )

    def name(self, person: Person) -> str:
        return f"{person.given_name} {person.family_name}"
