"""The family support team meeting form (domain/team_meetings.py), in the order the meeting runs:
when and where, why, who was asked and who came, what was decided, what happens next. Signatures
are drawn on the pad below the form (the record's attachments), and each person's row says
whether they signed."""

from __future__ import annotations

from fieldcase.domain.case_plans import ParticipantRole
from fieldcase.domain.team_meetings import MeetingPurpose
from fieldcase.ui.forms.spec_types import Field, FormSpec, Rows, Section

_OTHER_PURPOSE = (
    "purpose",
    tuple(p.value for p in MeetingPurpose if p is not MeetingPurpose.OTHER),
)

TEAM_MEETING = FormSpec(
    "team_meeting",
    "Family support team meeting",
    (
        Section(
            "Meeting",
            (
                Field("held_at", "Meeting started", "datetime"),
                Field("ended_at", "Meeting ended", "datetime"),
                Field(
                    "place",
                    "Where it was held",
                    "text",
                    hint="Restricted: a resource family's home is not printed for the family or the court.",
                ),
                Field("facilitator", "Facilitator", "text"),
                Field("purpose", "Purpose", "choice", MeetingPurpose),
                Field("purpose_detail", "Purpose in detail", "text", hidden_when=_OTHER_PURPOSE),
                Field("child_ids", "Children the meeting is about", "people"),
                Field("recorded_by", "Recorded by", "user", read_only=True),
            ),
        ),
        Section(
            "Invited and present",
            (
                Rows(
                    "attendees",
                    "Invited and present",
                    "Person",
                    (
                        Field("person_id", "Person in the case", "person"),
                        Field("name", "Or a professional's name", "text"),
                        Field("organisation", "Organisation", "text"),
                        Field("role", "Role", "choice_or_typed", ParticipantRole),
                        Field("invited", "Invited", "yesno"),
                        Field("present", "Present", "yesno"),
                        Field(
                            "signed",
                            "Signed",
                            "yesno",
                            hint="Capture the signature on the pad with the button below the form.",
                        ),
                    ),
                    new_row={"invited": True},
                ),
            ),
        ),
        Section(
            "Decisions",
            (
                Field("decisions", "Decisions", "multiline"),
                Rows(
                    "services",
                    "Services agreed",
                    "Service",
                    (
                        Field("service", "Service", "text"),
                        Field("provider", "Provider", "text"),
                        Field("responsible", "Who is responsible", "text"),
                        Field("by", "By", "date"),
                    ),
                    new_row={"service": ""},
                ),
                Rows(
                    "plan_changes",
                    "Changes proposed to the case plan",
                    "Change",
                    (Field("change", "Proposed change", "multiline"),),
                    new_row={"change": ""},
                ),
                Field("next_meeting_on", "Next meeting", "date"),
            ),
        ),
    ),
)
