"""Which child restraint to prompt for, from age, weight and height (child passenger safety law)."""

from __future__ import annotations

import enum

from .rule_pack import DEFAULT_RULES, RulePack


class Restraint(enum.Enum):
    # Ordered from most to least protective; `is_at_least` relies on this order.
    REAR_FACING = "rear_facing"
    FORWARD_FACING = "forward_facing"
    BOOSTER = "booster"
    BELT = "belt"

    def is_at_least(self, other: Restraint) -> bool:
        """True when this restraint protects at least as much as `other`."""
        order = list(Restraint)
        return order.index(self) <= order.index(other)


def recommended_restraint(
    age: float | None,
    weight_lb: float | None,
    height_in: float | None,
    *,
    rules: RulePack = DEFAULT_RULES,
) -> Restraint:
    """The restraint to suggest. Missouri (RSMo 307.179): a car seat under 4 years or under 40 lb; a
    booster until 80 lb or 4'9" (57 in), whichever comes first. Unknown values are treated as the
    protective case, so a missing weight never talks the driver out of a seat.
    """
    if (
        age is None
        or age < rules.car_seat_under_years
        or weight_lb is None
        or weight_lb < rules.car_seat_under_lb
    ):
        if age is None or age < rules.rear_facing_under_years:
            return Restraint.REAR_FACING
        return Restraint.FORWARD_FACING
    outgrown_by_weight = weight_lb >= rules.booster_until_lb
    outgrown_by_height = height_in is not None and height_in >= rules.booster_until_height_in
    if outgrown_by_weight or outgrown_by_height:
        return Restraint.BELT
    return Restraint.BOOSTER
