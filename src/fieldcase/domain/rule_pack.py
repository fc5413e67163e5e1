"""Jurisdiction rules as data (domain.md: "Rules are data-driven per jurisdiction").

Every number or code that comes from a statute or agency policy lives here, with its source, so a
second state is a second `RulePack` rather than edits scattered through the code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class RulePack:
    name: str
    #: APPLA (another planned permanent living arrangement) is only a goal for older youth.
    appla_minimum_age: int
    #: Child restraint law: a car seat below either limit, a booster until either upper limit.
    car_seat_under_years: float
    car_seat_under_lb: float
    booster_until_lb: float
    booster_until_height_in: float
    #: Not a statutory limit: AAP guidance to keep the youngest children rear-facing.
    rear_facing_under_years: float
    #: Reason codes an agency never accepts for a planned family visit not happening.
    forbidden_cancellation_reasons: frozenset[str]


MISSOURI = RulePack(
    name="Missouri",
    appla_minimum_age=16,
    # RSMo 307.179: under 4 years or under 40 lb in a child restraint; 40-80 lb in a booster unless
    # 4'9" (57 in) tall.
    car_seat_under_years=4,
    car_seat_under_lb=40,
    booster_until_lb=80,
    booster_until_height_in=57,
    rear_facing_under_years=2,
    # Children's Division policy: a visit is never cancelled because of the worker's schedule.
    forbidden_cancellation_reasons=frozenset({"worker_schedule"}),
)

DEFAULT_RULES = MISSOURI
