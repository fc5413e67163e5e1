"""What each form shows: every field of domain.md's home visit, visitation entry and transport trip,
in the order a caseworker fills them in (tab order follows this order).

Labels are English msgids, translated when the widgets are built. `name` is the field's key in the
record's dict form (domain.serialization), so a problem's field path finds its widget.
"""

from __future__ import annotations

from fieldcase.domain.home_visits import (
    ContactMethod,
    LocationType,
    Topic,
    VisitOutcome,
    VisitPurpose,
)
from fieldcase.domain.restraints import Restraint
from fieldcase.domain.transport_trips import PassengerKind, TripPurpose, VehicleKind
from fieldcase.domain.visitation_entries import (
    NonOccurrenceReason,
    SupervisionRecommendation,
    VisitationOutcome,
)
from fieldcase.domain.visitation_plans import SupervisionLevel
from fieldcase.ui.forms.assessment_spec import ASSESSMENT
from fieldcase.ui.forms.case_plan_spec import CASE_PLAN
from fieldcase.ui.forms.collateral_contact_spec import COLLATERAL_CONTACT
from fieldcase.ui.forms.court_report_spec import COURT_REPORT
from fieldcase.ui.forms.referral_spec import REFERRAL
from fieldcase.ui.forms.spec_types import FOLLOW_UP_TASKS, Field, FormSpec, Rows, Section
from fieldcase.ui.forms.team_meeting_spec import TEAM_MEETING
from fieldcase.ui.forms.transition_plan_spec import TRANSITION_PLAN

__all__ = ["SPECS", "Field", "FormSpec", "Rows", "Section"]


#: the "why not in the residence" questions do not apply to a visit in the child's residence
_AT_THE_RESIDENCE = ("location_type", ("child_residence",))


HOME_VISIT = FormSpec(
    "home_visit",
    "Home visit",
    (
        Section(
            "Contact",
            (
                Field("contact_start", "Contact started", "datetime"),
                Field("contact_end", "Contact ended", "datetime"),
                Field("method", "How the contact was made", "choice", ContactMethod),
                Field("purpose", "Purpose", "choice", VisitPurpose),
                Field("outcome", "Outcome", "choice", VisitOutcome),
                Field("conducted_by", "Conducted by", "user", read_only=True),
            ),
        ),
        Section(
            "Where",
            (
                Field("location_type", "Location", "choice", LocationType),
                Field(
                    "address",
                    "Address of the visit",
                    "text",
                    hint="Restricted when it is a resource family's home.",
                ),
                Field("placement_id", "Child's placement at the time", "placement"),
                Field(
                    "reason_not_in_residence",
                    "Why not in the child's residence",
                    "multiline",
                    hidden_when=_AT_THE_RESIDENCE,
                ),
                Field(
                    "benefit_not_in_residence",
                    "How meeting elsewhere helped the child",
                    "multiline",
                    hidden_when=_AT_THE_RESIDENCE,
                ),
            ),
        ),
        Section(
            "Children",
            (
                Rows(
                    "children",
                    "Children seen",
                    "Child",
                    (
                        Field("child_id", "Child", "child"),
                        Field("seen", "Seen", "yesno"),
                        Field("reason_not_seen", "Why not seen", "text"),
                        Field("seen_privately", "Seen privately", "yesno"),
                        Field(
                            "reason_not_private",
                            "Why not privately",
                            "text",
                            hint="For example, a non-verbal infant.",
                        ),
                        Field("topics", "Topics covered", "topics", Topic),
                        Field("present_danger", "Present danger", "yesno"),
                        Field("safety_narrative", "Present danger observed", "multiline"),
                        Field("safety_plan_triggered", "Safety plan triggered", "check"),
                        Field("well_being_notes", "Well-being notes", "multiline"),
                        Field(
                            "child_statements",
                            "Child's own words",
                            "multiline",
                            hint="Quote the child.",
                        ),
                    ),
                ),
            ),
        ),
        Section(
            "Participants",
            (
                Rows(
                    "participants",
                    "Participants",
                    "Participant",
                    (
                        Field("person_id", "Person in the case", "person"),
                        Field("name", "Or name", "text"),
                        Field("role", "Role", "text"),
                        Field("present", "Present", "check"),
                    ),
                    new_row={"present": True},
                ),
            ),
        ),
        Section(
            "Notes",
            (
                Field("observations", "Observations", "multiline"),
                Field("home_conditions", "Home conditions", "multiline"),
                Field("services_status", "Services status", "multiline"),
                Field("caregiver_needs", "Caregiver needs", "multiline"),
            ),
        ),
        Section(
            "Follow-up",
            (
                FOLLOW_UP_TASKS,
                Field("next_visit_planned", "Next visit planned", "date"),
            ),
        ),
    ),
)

VISITATION_ENTRY = FormSpec(
    "visitation_entry",
    "Family visit",
    (
        Section(
            "Plan and time",
            (
                Field("plan_id", "Visitation plan", "plan"),
                Field("child_ids", "Children", "people"),
                Field("scheduled_start", "Scheduled start", "datetime"),
                Field("scheduled_end", "Scheduled end", "datetime"),
                Field("actual_location", "Actual location", "text"),
                Field("supervision_level", "Supervision (actual)", "choice", SupervisionLevel),
                Field("supervised_by", "Supervised by", "text"),
                Field("trip_ids", "Trips for this visit", "trips"),
            ),
        ),
        Section(
            "Attendance",
            (
                Rows(
                    "attendance",
                    "Attendance",
                    "Person",
                    (
                        Field("person_id", "Person", "person"),
                        Field("expected", "Expected", "check"),
                        Field("arrived_at", "Arrived at", "datetime"),
                        Field("departed_at", "Departed at", "datetime"),
                    ),
                    new_row={"person_id": "", "expected": True},
                ),
            ),
        ),
        Section(
            "Outcome",
            (
                Field("outcome", "Outcome", "choice", VisitationOutcome),
                Field(
                    "reason", "Reason it did not happen as planned", "choice", NonOccurrenceReason
                ),
                Field("reason_detail", "Reason in detail", "multiline"),
                Field("cancelled_by", "Cancelled by", "text"),
                Field("cancelled_at", "Cancelled at", "datetime"),
            ),
        ),
        Section(
            "Observations",
            (
                Field("greeting_and_departure", "Greeting and departure", "multiline"),
                Field("activities", "Activities", "multiline"),
                Field("meets_childs_needs", "Parent meets the child's needs", "multiline"),
                Field(
                    "interventions_and_response",
                    "Interventions and the parent's response",
                    "multiline",
                ),
                Field("safety_concerns", "Safety concerns", "multiline"),
                Field("quotes", "Quotes", "multiline"),
                Field("strengths", "Strengths", "multiline"),
                Field("concerns", "Concerns", "multiline"),
                Field(
                    "tasks_for_parent", "Tasks for the parent before the next visit", "multiline"
                ),
                Field(
                    "recommendation",
                    "Supervision recommendation",
                    "choice",
                    SupervisionRecommendation,
                ),
                Field("caregiver_handoff_report", "Caregiver hand-off report", "multiline"),
            ),
        ),
    ),
)

TRANSPORT_TRIP = FormSpec(
    "transport_trip",
    "Transport trip",
    (
        Section(
            "Trip",
            (
                Field("trip_date", "Date", "date"),
                Field("driver_id", "Driver", "user", read_only=True),
                Field("vehicle_kind", "Vehicle", "choice", VehicleKind),
                Field("plate", "Plate", "text"),
                Field("odometer_start", "Odometer at start", "decimal"),
                Field("odometer_end", "Odometer at end", "decimal"),
                Field("purpose", "Business purpose", "choice", TripPurpose),
                Field("purpose_detail", "Purpose in detail", "text"),
                Field(
                    "linked_record_id",
                    "Family visit this trip was for",
                    "family_visit",
                    hint="Offered when the purpose is a family visit: the family visits of this case on the trip's date.",
                ),
            ),
        ),
        Section(
            "Legs",
            (
                Rows(
                    "legs",
                    "Legs",
                    "Leg",
                    (
                        Field("origin", "From", "text"),
                        Field("destination", "To", "text"),
                        Field("depart_at", "Departed", "datetime"),
                        Field("arrive_at", "Arrived", "datetime"),
                        Field("stop_purpose", "Stop purpose", "text"),
                    ),
                ),
            ),
        ),
        Section(
            "Passengers",
            (
                Rows(
                    "passengers",
                    "Passengers",
                    "Passenger",
                    (
                        Field("person_id", "Passenger", "person"),
                        Field("kind", "Passenger is", "choice", PassengerKind),
                        Field("restraint", "Restraint used", "choice", Restraint),
                        Field("weight_lb", "Weight (lb)", "decimal"),
                        Field("height_in", "Height (in)", "decimal"),
                    ),
                    new_row={"person_id": "", "kind": "child"},
                ),
            ),
        ),
        Section(
            "Custody and care",
            (
                Rows(
                    "handoffs",
                    "Custody hand-offs",
                    "Hand-off",
                    (
                        Field("child_id", "Child", "child"),
                        Field("from_party", "From", "text"),
                        Field("to_party", "To", "text"),
                        Field("at", "At", "datetime"),
                    ),
                ),
                Rows(
                    "medications",
                    "Medications handed over",
                    "Medication",
                    (
                        Field("medication", "Medication", "text"),
                        Field("quantity", "Quantity", "text"),
                        Field("handed_to", "Handed to", "text"),
                        Field("at", "At", "datetime"),
                    ),
                    new_row={"medication": ""},
                ),
                Rows(
                    "incidents",
                    "Incidents",
                    "Incident",
                    (
                        Field("at", "At", "datetime"),
                        Field("description", "What happened", "multiline"),
                        Field("supervisor_notified_at", "Supervisor notified at", "datetime"),
                    ),
                ),
                Field("child_statements", "Child statements in the car", "multiline"),
            ),
        ),
        Section(
            "Reimbursement",
            (
                Field("rate_per_mile", "Rate per mile ($)", "decimal"),
                Field("miles_claimed", "Miles claimed", "decimal"),
                Field("commute_deduction_miles", "Commute deduction (miles)", "decimal"),
                Field("claim_period", "Claim period (YYYY-MM)", "text"),
            ),
        ),
    ),
)

SPECS = {
    spec.kind: spec
    for spec in (
        HOME_VISIT,
        VISITATION_ENTRY,
        TRANSPORT_TRIP,
        CASE_PLAN,
        TEAM_MEETING,
        COURT_REPORT,
        COLLATERAL_CONTACT,
        REFERRAL,
        ASSESSMENT,
        TRANSITION_PLAN,
    )
}
