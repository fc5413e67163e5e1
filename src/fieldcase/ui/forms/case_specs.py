"""The case-data forms opened from the case view (a person, a placement change, a hearing, a
visitation plan, the case's dates, a child's exit from care, a proposed goal change), declared like the field-record forms
(spec.py) and built by the same engine (form.py): fields in the order they are filled in, which is
the Tab order. `name` is the key in the body the form edits: the record's dict form, or for a
placement change, services.placement_change.change_body."""

from __future__ import annotations

from fieldcase.domain.cases import PermanencyGoal
from fieldcase.domain.hearings import HearingType
from fieldcase.domain.people import ExitReason, PersonRole
from fieldcase.domain.placements import PlacementType, ProviderKind
from fieldcase.domain.visitation_plans import SupervisionLevel, VisitFrequency
from fieldcase.ui.forms.spec import Field, FormSpec, Rows, Section

PERSON = FormSpec(
    "person",
    "Person",
    (
        Section(
            "Who",
            (
                Field("role", "Role in the case", "choice", PersonRole),
                Field("given_name", "Given name", "text"),
                Field("family_name", "Family name", "text"),
                Field("date_of_birth", "Date of birth", "date"),
            ),
        ),
        Section(
            "Contact details",
            (
                Field("phone", "Phone", "text"),
                Field("email", "Email", "text"),
                Field(
                    "address",
                    "Address",
                    "text",
                    hint="Restricted for resource parents: withheld from birth families and printed copies.",
                ),
            ),
        ),
    ),
)

PLACEMENT_CHANGE = FormSpec(
    "placement_change",
    "Placement change",
    (
        Section(
            "The move",
            (
                Field("child_id", "Child", "child", read_only=True),
                Field(
                    "moved_on",
                    "Day of the move",
                    "date",
                    hint="The current placement ends and the new one starts this day.",
                ),
                Field("reason_for_change", "Why the placement changed", "multiline"),
            ),
        ),
        Section(
            "The new placement",
            (
                Field("provider_kind", "Kind of provider", "choice", ProviderKind),
                Field("provider_name", "Provider's name", "text"),
                Field("placement_type", "Type of placement", "choice", PlacementType),
                Field(
                    "address",
                    "Address of the new home",
                    "text",
                    hint="Restricted: withheld from birth families and printed copies.",
                ),
            ),
        ),
    ),
)

HEARING = FormSpec(
    "hearing",
    "Court hearing",
    (
        Section(
            "Hearing",
            (
                Field("scheduled_at", "Date and time", "datetime"),
                Field("court", "Court", "text"),
                Field("hearing_type", "Kind of hearing", "choice", HearingType),
                Field(
                    "child_ids",
                    "Children the hearing is about",
                    "people",
                    hint="None ticked: every child of the case.",
                ),
            ),
        ),
        Section(
            "Outcome",
            (
                Field("outcome", "What the court decided", "multiline"),
                Field(
                    "next_hearing_on",
                    "Next hearing on",
                    "date",
                    hint="Becomes the case's next court date.",
                ),
            ),
        ),
    ),
)

VISITATION_PLAN = FormSpec(
    "visitation_plan",
    "Visitation plan",
    (
        Section(
            "Who",
            (
                Field("participants", "Who takes part", "everyone"),
                Field("excluded_persons", "No contact (court order)", "everyone"),
            ),
        ),
        Section(
            "How",
            (
                Field("frequency", "How often", "choice", VisitFrequency),
                Field("duration_minutes", "Length (minutes)", "int"),
                Field("supervision_level", "Supervision", "choice", SupervisionLevel),
                Field("supervisor", "Who supervises", "text"),
                Field("transporter", "Who transports", "text"),
                Field("location_preference", "Where", "multiline"),
                Field("backup_plan", "Backup plan", "multiline"),
            ),
        ),
        Section(
            "Court order",
            (
                Field("court_order_reference", "Court order", "text"),
                Field("effective_from", "In effect from", "date"),
                Field("effective_until", "In effect until", "date"),
            ),
        ),
    ),
)

CASE_DATES = FormSpec(
    "case_dates",
    "Case dates",
    (
        Section(
            "Case plan",
            (
                Field("case_plan_due", "Case plan due", "date"),
                Field("last_case_plan_review", "Last case plan review", "date"),
            ),
        ),
        Section(
            "Family support team",
            (
                Rows(
                    "family_support_team_meetings",
                    "Family support team meetings",
                    "Meeting",
                    (Field("on", "Held on", "date"),),
                ),
            ),
        ),
    ),
)

EXIT = FormSpec(
    "exit",
    "Exit from care",
    (
        Section(
            "Exit from care",
            (
                Field("child_id", "Child", "child"),
                Field("exit_date", "Day the child left care", "date"),
                Field("exit_reason", "Why the child left care", "choice", ExitReason),
            ),
        ),
    ),
)

GOAL_CHANGE = FormSpec(
    "goal_change",
    "Propose goal change",
    (
        Section(
            "The case's goals now",
            (
                Field(
                    "current_permanency_goal",
                    "Permanency goal now",
                    "choice",
                    PermanencyGoal,
                    read_only=True,
                ),
                Field(
                    "current_concurrent_goal",
                    "Concurrent goal now",
                    "choice",
                    PermanencyGoal,
                    read_only=True,
                ),
            ),
        ),
        Section(
            "Proposed goals",
            (
                Field(
                    "proposed_permanency_goal",
                    "Proposed permanency goal",
                    "choice",
                    PermanencyGoal,
                    hint="APPLA only for a youth aged 16 or older.",
                ),
                Field(
                    "proposed_concurrent_goal",
                    "Proposed concurrent goal",
                    "choice",
                    PermanencyGoal,
                    hint="Left blank: no concurrent goal.",
                ),
                Field("reason", "Why the goal should change", "multiline"),
            ),
        ),
    ),
)

TASK = FormSpec(
    "task",
    "Task",
    (
        Section(
            "Task",
            (
                Field("action", "What is to be done", "multiline"),
                Field("owner", "Who does it", "user"),
                Field("due", "Due", "date"),
                Field(
                    "remind_at",
                    "Remind me at",
                    "datetime",
                    hint="Left blank: the reminder comes when the app starts on the due day.",
                ),
                Field(
                    "child_ids",
                    "Children the task is about",
                    "people",
                    hint="None ticked: the whole case.",
                ),
            ),
        ),
        Section(
            "Done",
            (
                Field("done", "Done", "check"),
                Field("done_on", "Done on", "date"),
            ),
        ),
    ),
)

CASE_SPECS = {
    spec.kind: spec
    for spec in (
        PERSON,
        PLACEMENT_CHANGE,
        HEARING,
        VISITATION_PLAN,
        CASE_DATES,
        EXIT,
        GOAL_CHANGE,
        TASK,
    )
}
