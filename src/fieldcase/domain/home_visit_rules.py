"""When a home visit is believable (always) and when it is complete enough to submit."""

from __future__ import annotations

import re

from .home_visits import ContactMethod, HomeVisit, LocationType, VisitOutcome
from .problems import Problem, blank

_SHA256 = re.compile(r"[0-9a-f]{64}")


def home_visit_problems(visit: HomeVisit, *, for_submit: bool) -> list[Problem]:
    found: list[Problem] = []
    add = lambda field, message, **values: found.append(Problem.of(field, message, **values))  # noqa: E731

    if visit.contact_start and visit.contact_end and visit.contact_end < visit.contact_start:
        add("contact_end", "The contact ends before it starts; check the start and end times.")
    seen_children: set[str] = set()
    for i, child in enumerate(visit.children):
        if child.child_id in seen_children:
            add(
                f"children[{i}].child_id",
                "The same child is listed twice (child {number}); remove one row.",
                number=i + 1,
            )
        seen_children.add(child.child_id)
        if child.seen is False and child.seen_privately is True:
            add(
                f"children[{i}].seen_privately",
                "For child {number}: a child who was not seen cannot have been seen privately.",
                number=i + 1,
            )
    for i, attachment in enumerate(visit.attachments):
        if not _SHA256.fullmatch(attachment.sha256):
            add(f"attachments[{i}].sha256", "An attachment is damaged; attach the file again.")

    if not for_submit:
        return found

    for name, message in (
        ("conducted_by", "Say who conducted the visit."),
        ("contact_start", "Enter when the contact started."),
        ("contact_end", "Enter when the contact ended."),
        ("method", "Choose how the contact was made (face to face, video, phone…)."),
        ("purpose", "Choose the purpose of the visit."),
        ("outcome", "Say whether the visit was completed, attempted, cancelled or a no-show."),
    ):
        if blank(getattr(visit, name)):
            add(name, message)
    if visit.method is ContactMethod.FACE_TO_FACE and visit.location_type is None:
        add("location_type", "Choose where the visit took place.")
    # Federal monthly-visit rule: visits away from the child's residence must be justified.
    away = (
        visit.location_type is not None and visit.location_type is not LocationType.CHILD_RESIDENCE
    )
    if away and (blank(visit.reason_not_in_residence) or blank(visit.benefit_not_in_residence)):
        field = (
            "reason_not_in_residence"
            if blank(visit.reason_not_in_residence)
            else "benefit_not_in_residence"
        )
        add(
            field,
            "Say why the visit was not in the child's home and how meeting elsewhere helped the child.",
        )
    if not visit.children:
        add("children", "Add a row for each child the visit concerns.")
    for i, child in enumerate(visit.children):
        number = i + 1
        at = f"children[{i}]"
        if child.seen is None:
            add(f"{at}.seen", "For child {number}: say whether the child was seen.", number=number)
        elif not child.seen:
            if blank(child.reason_not_seen):
                add(
                    f"{at}.reason_not_seen",
                    "For child {number}: say why the child was not seen.",
                    number=number,
                )
            continue
        if child.seen_privately is None:
            add(
                f"{at}.seen_privately",
                "For child {number}: say whether you spoke with the child privately.",
                number=number,
            )
        elif not child.seen_privately and blank(child.reason_not_private):
            add(
                f"{at}.reason_not_private",
                "For child {number}: say why the child was not seen privately (for example, a non-verbal infant).",
                number=number,
            )
        if child.present_danger is None:
            add(
                f"{at}.present_danger",
                "For child {number}: answer whether there is present danger.",
                number=number,
            )
        elif child.present_danger and blank(child.safety_narrative):
            add(
                f"{at}.safety_narrative",
                "For child {number}: describe the present danger you observed.",
                number=number,
            )
    # What the visit found is the record: a completed visit says it (the observations, the home's
    # conditions or a child's well-being), a visit that did not happen says what happened instead.
    if visit.outcome is VisitOutcome.COMPLETED:
        if all(
            blank(v)
            for v in (
                visit.observations,
                visit.home_conditions,
                *(c.well_being_notes for c in visit.children),
            )
        ):
            add(
                "observations",
                "Write what you observed: the observations, the home's conditions or each child's well-being.",
            )
    elif visit.outcome is not None and blank(visit.observations):
        add(
            "observations",
            "Write in the observations what happened (who you tried to reach, and why the visit did not take place).",
        )
    for i, person in enumerate(visit.participants):
        if blank(person.person_id) and blank(person.name):
            add(
                f"participants[{i}]",
                "Participant {number} has neither a person nor a name; fill one in or remove the row.",
                number=i + 1,
            )
    for i, task in enumerate(visit.follow_up_tasks):
        if blank(task.action):
            add(
                f"follow_up_tasks[{i}].action",
                "Follow-up task {number} needs an action, or remove it.",
                number=i + 1,
            )
    return found
