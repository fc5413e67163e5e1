"""The case plan's form: the contents 13 CSR 40-30.010 lists, in the order the plan is written with
the family (domain/case_plans.py). A 6-month review shows the same form with its progress rows."""

from __future__ import annotations

from fieldcase.domain.case_plans import ParticipantRole, Progress, ServiceFor
from fieldcase.domain.cases import PermanencyGoal
from fieldcase.domain.visitation_plans import SupervisionLevel, VisitFrequency
from fieldcase.ui.forms.spec_types import Field, FormSpec, Rows, Section

#: the placement questions do not apply to a child kept at home with the parents
_AT_HOME = ("permanency_goal", ("maintain_with_parents",))

CASE_PLAN = FormSpec(
    "case_plan",
    "Case plan",
    (
        Section(
            "Plan",
            (
                Field("plan_date", "Date written with the family", "date"),
                Field("period_starts", "Plan period starts", "date"),
                Field("period_ends", "Plan period ends", "date"),
                # filled in by the app: after the fields typed, so the keyboard starts on the plan's date
                Field("version", "Version", "int", read_only=True),
                Field("written_by", "Written by", "user", read_only=True),
            ),
        ),
        Section(
            "Child and family",
            (
                Field("child_ids", "Children", "people"),
                Field("family_ids", "Immediate and extended family in the case", "everyone"),
                Field("family_notes", "Other family (names, relationship, contact)", "multiline"),
            ),
        ),
        Section(
            "Why services or care are needed",
            (
                Field("conditions", "Conditions that made services or care necessary", "multiline"),
                Field("judicial_determination", "Court's finding", "multiline"),
                Field("psychological_needs", "The child's psychological needs", "multiline"),
            ),
        ),
        Section(
            "Efforts made",
            (
                Field("efforts_prevent_removal", "To prevent removal", "multiline"),
                Field("efforts_reunify", "To reunify the family", "multiline"),
                Field("efforts_permanency", "To reach a permanent home", "multiline"),
            ),
        ),
        Section(
            "Permanency",
            (
                Field(
                    "permanency_goal",
                    "Permanency plan",
                    "choice",
                    PermanencyGoal,
                    hint="Appla, a long-term arrangement with the care provider, only for youth aged 16 or older.",
                ),
                Field("concurrent_goal", "Concurrent plan", "choice", PermanencyGoal),
                Field("goal_rationale", "Why these goals", "multiline"),
            ),
        ),
        Section(
            "Services",
            (
                Rows(
                    "services",
                    "Services",
                    "Service",
                    (
                        Field("description", "Service", "text"),
                        Field("provider", "Provided by", "text"),
                        Field("responsible", "Responsible", "text"),
                        Field("service_for", "For", "choice", ServiceFor),
                        Field("person_id", "Person it is for", "person"),
                        Field("starts_on", "Starts", "date"),
                        Field("ends_by", "To be done by", "date"),
                        Field("court_ordered", "Ordered by the court", "yesno"),
                    ),
                    new_row={"description": ""},
                ),
                Field("court_order_requirements", "What the court order requires", "multiline"),
                Field("parent_responsibilities", "The parents' responsibilities", "multiline"),
                Field(
                    "behaviours_ending_services",
                    "Behaviours that will show services are no longer needed",
                    "multiline",
                ),
            ),
        ),
        Section(
            "Placement",
            (
                Field(
                    "least_restrictive",
                    "Least restrictive, most family-like setting",
                    "yesno",
                    hidden_when=_AT_HOME,
                ),
                Field(
                    "placement_appropriateness",
                    "Why the placement is appropriate",
                    "multiline",
                    hidden_when=_AT_HOME,
                ),
                Field(
                    "proximity_to_parents",
                    "Distance from the parents' home",
                    "multiline",
                    hidden_when=_AT_HOME,
                ),
                Field("needs_met", "How the child's needs are met", "multiline"),
            ),
        ),
        Section(
            "Parental visiting schedule",
            (
                Rows(
                    "visiting",
                    "Visiting arrangements",
                    "Arrangement",
                    (
                        Field("who", "Who visits", "text"),
                        Field("frequency", "How often", "choice", VisitFrequency),
                        Field("duration_minutes", "Length (minutes)", "int"),
                        Field("location", "Where", "text"),
                        Field("supervision", "Supervision", "choice", SupervisionLevel),
                        Field("arrangements", "Transport and supervisor", "text"),
                        Field("documented_by", "Visits documented by", "text"),
                    ),
                ),
            ),
        ),
        Section(
            "Six-month review",
            (
                Rows(
                    "progress",
                    "Progress on services and goals",
                    "Progress",
                    (
                        Field("item", "Service or goal", "text"),
                        Field("is_goal", "A goal", "check"),
                        Field("progress", "Progress", "choice", Progress),
                        Field("notes", "Notes", "multiline"),
                    ),
                    new_row={"item": ""},
                ),
                Field("plan_changes", "Changes to the plan and why", "multiline"),
            ),
        ),
        Section(
            "Evaluation of achievement",
            (
                Field("evaluation", "Evaluation by all parties", "multiline"),
                Field("evaluation_from", "Evaluation period from", "date"),
                Field("evaluation_to", "Evaluation period to", "date"),
            ),
        ),
        Section(
            "Participants and signatures",
            (
                Rows(
                    "participants",
                    "Participants",
                    "Participant",
                    (
                        Field("person_id", "Person in the case", "person"),
                        Field("name", "Or name", "text"),
                        Field("role", "Role", "choice_or_typed", ParticipantRole),
                        Field("signed", "Signed", "yesno"),
                        Field("signed_on", "Signed on", "date"),
                    ),
                ),
            ),
        ),
    ),
)
