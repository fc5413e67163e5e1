"""When a family-time log entry is believable (always) and complete enough to submit."""

from __future__ import annotations

from .problems import Problem, blank
from .rule_pack import DEFAULT_RULES, RulePack
from .visitation_entries import NonOccurrenceReason, VisitationEntry, VisitationOutcome
from .visitation_plans import SupervisionLevel, VisitationPlan

_HAPPENED = {VisitationOutcome.OCCURRED, VisitationOutcome.ENDED_EARLY}
_OBSERVATIONS = (
    "greeting_and_departure",
    "activities",
    "meets_childs_needs",
    "interventions_and_response",
    "safety_concerns",
    "quotes",
)


def visitation_entry_problems(
    entry: VisitationEntry,
    *,
    for_submit: bool,
    plan: VisitationPlan | None = None,
    rules: RulePack = DEFAULT_RULES,
) -> list[Problem]:
    """`plan`, when given, is the entry's visitation plan: it adds the court-order checks."""
    found: list[Problem] = []
    add = lambda field, message, **values: found.append(Problem.of(field, message, **values))  # noqa: E731

    if (
        entry.scheduled_start
        and entry.scheduled_end
        and entry.scheduled_end < entry.scheduled_start
    ):
        add("scheduled_end", "The visit is scheduled to end before it starts; check the times.")
    persons: set[str] = set()
    for i, party in enumerate(entry.attendance):
        if party.person_id in persons:
            add(
                f"attendance[{i}].person_id",
                "Attendance row {number} repeats someone already listed.",
                number=i + 1,
            )
        persons.add(party.person_id)
        if party.arrived_at and party.departed_at and party.departed_at < party.arrived_at:
            add(
                f"attendance[{i}].departed_at",
                "Attendance row {number}: departure is before arrival.",
                number=i + 1,
            )
    if entry.reason is not None and entry.reason.value in rules.forbidden_cancellation_reasons:
        # Checked on drafts too: the agency never accepts this reason, so the worker should learn at
        # once that the visit must go ahead or be covered by someone else.
        add(
            "reason",
            "A family visit is never cancelled because of the worker's schedule; arrange coverage or choose the real reason.",
        )

    excluded = set(plan.excluded_persons) if plan is not None else set()
    for i, party in enumerate(entry.attendance):
        if party.person_id in excluded and party.expected:
            # A court no-contact order outranks any schedule: such a person is never invited.
            add(
                f"attendance[{i}].expected",
                "Attendance row {number}: this person is under a no-contact order and cannot be expected at the visit.",
                number=i + 1,
            )

    if not for_submit:
        return found

    came_despite_order = any(
        p.person_id in excluded and p.arrived_at is not None for p in entry.attendance
    )
    below_plan = (
        plan is not None
        and plan.supervision_level is not None
        and entry.supervision_level is not None
        and entry.supervision_level.rank < plan.supervision_level.rank
    )
    if (came_despite_order or below_plan) and blank(entry.safety_concerns):
        # Recorded, never refused: what happened must be documented, with what was done about it.
        add(
            "safety_concerns",
            "Describe the safety concern: someone under a no-contact order was present, and what you did about it."
            if came_despite_order
            else "Describe the safety concern: supervision was lower than the plan requires, and what you did about it.",
        )
    for name, message in (
        ("plan_id", "Choose the visitation plan this visit belongs to."),
        ("scheduled_start", "Enter when the visit was scheduled to start."),
        ("scheduled_end", "Enter when the visit was scheduled to end."),
        ("outcome", "Say what happened to the planned visit."),
    ):
        if blank(getattr(entry, name)):
            add(name, message)
    outcome = entry.outcome
    if outcome is None:
        return found
    if outcome is not VisitationOutcome.OCCURRED:
        # Missouri: reasons are documented whenever a planned visit does not happen (or is cut short).
        if entry.reason is None:
            add("reason", "Say why the visit did not happen as planned.")
        elif entry.reason is NonOccurrenceReason.OTHER and blank(entry.reason_detail):
            add("reason_detail", "Describe the reason the visit did not happen as planned.")
    if outcome.is_cancellation:
        if blank(entry.cancelled_by):
            add("cancelled_by", "Say who cancelled the visit.")
        if entry.cancelled_at is None:
            add("cancelled_at", "Enter when the visit was cancelled.")
    if outcome in _HAPPENED:
        if entry.supervision_level is None:
            add("supervision_level", "Choose the level of supervision actually provided.")
        elif entry.supervision_level is not SupervisionLevel.UNSUPERVISED and blank(
            entry.supervised_by
        ):
            add("supervised_by", "Say who supervised the visit.")
        if not entry.attendance:
            add("attendance", "Record who attended the visit.")
        if all(blank(getattr(entry, name)) for name in _OBSERVATIONS):
            add("activities", "Describe what you observed during the visit.")
        if entry.recommendation is None:
            add(
                "recommendation",
                "Recommend whether supervision should step up, stay the same or step down.",
            )
    return found
