"""Jurisdiction rules as data (domain.md: "Rules are data-driven per jurisdiction").

Every number or code that comes from a statute or agency policy lives here, with its source, so a
second state is a second `RulePack` rather than edits scattered through the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from . import kinds


class RulePackError(ValueError):
    """A rule pack that cannot be right (an unknown kind of record, a rule it may not drop): the
    message names the pack and the value, so whoever wrote it sees what to fix."""


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

    # --- Compliance (domain.md "Rules the app computes"; see domain/compliance/). Defaults are the
    # federal rules, so a pack written before these existed still builds; a state overrides them.
    #: The federal fiscal year starts on the 1st of this month (October) and is named by the
    #: calendar year it ends in (FFY 2025 = 1 Oct 2024 – 30 Sep 2025).
    fiscal_year_start_month: int = 10
    #: A month in which the child was in care for even one day counts as a month in care (short
    #: stays count); False counts only calendar months the child spent entirely in care.
    partial_month_counts_as_in_care: bool = True
    #: Which reading of "a month in care" the federal caseworker-visit figures use
    #: (compliance/visit_figures.py, docs/visit-figures.md). False, the federal reading: only
    #: calendar months the child spent entirely in care count, in the visits expected as in the
    #: visits made (42 USC 624(f)(1); ACYF-CB-PI-12-01). True: a month with any day in care counts
    #: too — for a state's own tracking, never for the numbers it reports.
    visit_figures_count_partial_months: bool = False
    #: SSA §424(e): visits in the child's residence in *more than* this share of the months in care
    #: (more than half: 4 of 6, 2 of 2, 1 of 1).
    residence_majority_more_than: Fraction = Fraction(1, 2)
    #: Warn when the months still open leave no more than this many spare months for the majority
    #: (0: every remaining month must have a visit in the residence, or it is already out of reach).
    residence_majority_at_risk_spare_months: int = 0
    #: "At risk this month": a child not yet seen with this many days of the month left (today counts).
    monthly_visit_at_risk_days_left: int = 7
    #: Case plan after custody / protective services, and its periodic review.
    case_plan_due_days_after_custody: int = 30
    case_plan_review_months: int = 6
    #: Contracted case management: plan due this many days after the referral.
    contracted_case_plan_due_days_after_referral: int = 14
    #: Family support team meetings, in days after custody (72 hours, 30 days), each a separate meeting.
    family_support_team_days_after_custody: tuple[int, ...] = (3, 30)
    #: A child's move to another placement calls a family support team meeting within this many days
    #: of the move (the first placement is the custody one, answered by the meetings above) ...
    family_support_team_days_after_placement_change: int = 3
    #: ... or held up to this many days before it (a planned move is discussed before it happens).
    family_support_team_days_before_placement_change: int = 7
    #: The worker sees the child in a new placement by this many business days after it starts.
    initial_placement_visit_business_days: int = 1
    #: Days off besides Saturday and Sunday, for "next business day" (state holidays).
    holidays: frozenset[date] = frozenset()
    #: Contact methods that count as the monthly contact with the placement provider.
    provider_contact_methods: frozenset[str] = frozenset({"face_to_face", "video", "phone"})
    #: Family time: fewest visits that must occur in each calendar month, whatever the plan says.
    visitation_minimum_per_month: int = 1
    #: Documentation timeliness: hours from the end of a contact until its note is recorded.
    documentation_due_hours: int = 48
    #: Mileage integrity: flag more miles than this between one trip's end and the next one's start
    #: (personal driving in between is normal, so this only flags for review) ...
    odometer_gap_flag_miles: int = 150
    #: ... and a next trip starting more than this many miles *before* the last one ended (overlap).
    odometer_overlap_flag_miles: int = 1
    #: A deadline is "due soon" this many days ahead.
    due_soon_days: int = 7
    #: Assessments (compliance/assessments.py): the first one with an instrument is due this many
    #: days after the child enters care (or reaches the instrument's minimum age in care), unless
    #: the instrument names its own number; then every instrument's interval.
    assessment_first_due_days: int = 30
    #: Transition planning (42 USC 675(1)(D), (5)(C)): a youth in care of this age or older has a
    #: written transition / independent-living plan ...
    transition_plan_minimum_age: int = 14
    #: ... approved within this many days of the 14th birthday in care, or of entering care at 14+.
    transition_plan_due_days: int = 30
    #: The week ahead (domain/agenda.py) shows what falls due within this many days from today.
    week_ahead_days: int = 7
    #: Agency practice, not statute: a visit's follow-up tasks older than this are taken as dealt
    #: with (five years of visits would otherwise list every follow-up ever written as overdue).
    follow_up_lookback_days: int = 180
    #: Service referrals: days without the provider's answer before the worker follows up
    #: (agency practice, not a statute; domain/referrals.py `referral_follow_ups`).
    referral_answer_days: int = 10
    #: Agency policy: the kinds of record a supervisor approves (submitted to the approval queue).
    #: A kind left out is *filed* by the caseworker: final on submit (approved, no review), never in
    #: the queue (domain/approval.py). Default: every kind with a workflow, as before this existed.
    approval_required: frozenset[str] = frozenset(kinds.WORKFLOW_KINDS)

    def __post_init__(self) -> None:
        _check_approval_required(self.name, self.approval_required)


def _check_approval_required(pack: str, named: frozenset[str]) -> None:
    """Refuse, when the pack is made, a name that is no kind with a workflow or a proposal left out."""
    for kind in sorted(named):
        if kind not in kinds.KIND_TABLE:
            raise RulePackError(
                f"Rule pack {pack!r}: approval_required names {kind!r}, which is not a kind of record "
                f"(the kinds a supervisor can approve: {', '.join(sorted(kinds.WORKFLOW_KINDS))})."
            )
        if kind not in kinds.WORKFLOW_KINDS:
            raise RulePackError(
                f"Rule pack {pack!r}: approval_required names {kind!r}, which is case data and has no "
                f"approval (it is changed by edits)."
            )
    for kind in sorted(frozenset(kinds.APPROVAL_KINDS) - named):
        raise RulePackError(
            f"Rule pack {pack!r}: approval_required must keep {kind!r}: a {kinds.noun(kind)} changes "
            f"the case only once a supervisor approves it."
        )


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
    # Children's Division: short stays count, so a partial month in care is a month in care.
    partial_month_counts_as_in_care=True,
    # ... but the figures Missouri reports to the Children's Bureau count full calendar months only.
    visit_figures_count_partial_months=False,
    residence_majority_more_than=Fraction(1, 2),
    residence_majority_at_risk_spare_months=0,
    monthly_visit_at_risk_days_left=7,
    # 13 CSR 35-35.050: case plan within 30 days of custody / protective services, reviewed every
    # 6 months; RSMo 210.112: contracted case-management plans within 14 days of referral.
    case_plan_due_days_after_custody=30,
    case_plan_review_months=6,
    contracted_case_plan_due_days_after_referral=14,
    # Family support team meetings within 72 hours and within 30 days of custody.
    family_support_team_days_after_custody=(3, 30),
    # RSMo 210.110 and Children's Division policy: the team meets on a placement change — before a
    # planned move, or within 72 hours of an emergency one.
    family_support_team_days_after_placement_change=3,
    family_support_team_days_before_placement_change=7,
    initial_placement_visit_business_days=1,
    # State holidays are agency calendar data; the agency fills these in per year.
    holidays=frozenset(),
    provider_contact_methods=frozenset({"face_to_face", "video", "phone"}),
    # Visitation: weekly recommended, monthly minimum.
    visitation_minimum_per_month=1,
    documentation_due_hours=48,
    odometer_gap_flag_miles=150,
    odometer_overlap_flag_miles=1,
    due_soon_days=7,
    # Children's Division: the first assessment within 30 days of entering care; independent-living
    # (transition) planning from age 14 (the federal age; the plan is part of the case plan, due like it).
    assessment_first_due_days=30,
    transition_plan_minimum_age=14,
    transition_plan_due_days=30,
)

DEFAULT_RULES = MISSOURI
