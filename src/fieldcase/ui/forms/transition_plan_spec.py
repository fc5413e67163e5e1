"""The transition (independent-living) plan form (domain/transition_plans.py): the youth, when it
was written and when it is reviewed (with the case plan), a goal per row in the six areas — what,
the steps, who helps, by when, how it stands — the youth's own words and who took part."""

from __future__ import annotations

from fieldcase.domain.case_plans import ParticipantRole
from fieldcase.domain.transition_plans import GoalStatus, TransitionArea
from fieldcase.ui.forms.spec_types import Field, FormSpec, Rows, Section

TRANSITION_PLAN = FormSpec(
    "transition_plan",
    "Transition plan",
    (
        Section(
            "Plan",
            (
                Field("child_id", "Youth", "child"),
                Field("written_on", "Written on", "date"),
                Field("review_on", "Next review (with the case plan)", "date"),
                Field("written_by", "Written by", "user", read_only=True),
            ),
        ),
        Section(
            "Goals",
            (
                Rows(
                    "goals",
                    "Goals",
                    "Goal",
                    (
                        Field("area", "Area", "choice", TransitionArea),
                        Field("goal", "Goal", "text"),
                        Field("steps", "Steps", "multiline"),
                        Field("who_helps", "Who helps", "text"),
                        Field("by_when", "By when", "date"),
                        Field("status", "Goal status", "choice", GoalStatus),
                    ),
                    new_row={"goal": ""},
                ),
            ),
        ),
        Section(
            "In the youth's words",
            (Field("youth_words", "The youth's own words", "multiline", hint="Quote the youth."),),
        ),
        Section(
            "Who took part",
            (
                Rows(
                    "participants",
                    "Participants",
                    "Participant",
                    (
                        Field("person_id", "Person in the case", "person"),
                        Field("name", "Or name", "text"),
                        Field("role", "Role", "choice_or_typed", ParticipantRole),
                    ),
                ),
            ),
        ),
    ),
)
