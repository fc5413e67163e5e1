"""Needs attention's sentences for each kind of record, each written whole so Spanish agrees with
its noun (a visit is feminine, a trip masculine: "esta visita … ábrala", "este traslado … ábralo").

Every workflow kind of domain/kinds.py has its sentence for every topic here; a kind with no workflow
(case data: a person, a placement) is worded as a record. Written out rather than composed from the
noun because the article, the pronoun and the participle change with it. A new record kind adds
its lines here (tests/gui/test_attention_wording.py walks the registry and fails on a missing one).
"""

from __future__ import annotations

from collections.abc import Callable

from fieldcase.ui.i18n import _

Words = Callable[[], str]

#: topic → kind → the sentence ("conflict_text": two versions of a narrative; "kept": a change kept
#: as a proposed change because it reached the server after the approval)
SENTENCES: dict[str, dict[str, Words]] = {
    "approved": {
        "home_visit": lambda: _("Your supervisor approved this visit; it is now read-only."),
        "visitation_entry": lambda: _(
            "Your supervisor approved this family visit; it is now read-only."
        ),
        "transport_trip": lambda: _("Your supervisor approved this trip; it is now read-only."),
        "case_plan": lambda: _("Your supervisor approved this case plan; it is now read-only."),
        "court_report": lambda: _(
            "Your supervisor approved this court report; it is now read-only."
        ),
        "collateral_contact": lambda: _(
            "Your supervisor approved this collateral contact; it is now read-only."
        ),
        "referral": lambda: _("Your supervisor approved this referral; it is now read-only."),
        "assessment": lambda: _("Your supervisor approved this assessment; it is now read-only."),
        "transition_plan": lambda: _(
            "Your supervisor approved this transition plan; it is now read-only."
        ),
        "team_meeting": lambda: _(
            "Your supervisor approved this team meeting; it is now read-only."
        ),
        "record": lambda: _("Your supervisor approved this record; it is now read-only."),
    },
    "returned": {
        "home_visit": lambda: _(
            "Your supervisor returned this visit. Reopen it as a draft, make the changes and submit it again."
        ),
        "visitation_entry": lambda: _(
            "Your supervisor returned this family visit. Reopen it as a draft, make the changes and submit it again."
        ),
        "transport_trip": lambda: _(
            "Your supervisor returned this trip. Reopen it as a draft, make the changes and submit it again."
        ),
        "case_plan": lambda: _(
            "Your supervisor returned this case plan. Reopen it as a draft, make the changes and submit it again."
        ),
        "court_report": lambda: _(
            "Your supervisor returned this court report. Reopen it as a draft, make the changes and submit it again."
        ),
        "collateral_contact": lambda: _(
            "Your supervisor returned this collateral contact. Reopen it as a draft, make the changes and submit it again."
        ),
        "referral": lambda: _(
            "Your supervisor returned this referral. Reopen it as a draft, make the changes and submit it again."
        ),
        "assessment": lambda: _(
            "Your supervisor returned this assessment. Reopen it as a draft, make the changes and submit it again."
        ),
        "transition_plan": lambda: _(
            "Your supervisor returned this transition plan. Reopen it as a draft, make the changes and submit it again."
        ),
        "team_meeting": lambda: _(
            "Your supervisor returned this team meeting. Reopen it as a draft, make the changes and submit it again."
        ),
        "record": lambda: _(
            "Your supervisor returned this record. Reopen it as a draft, make the changes and submit it again."
        ),
    },
    "voided": {
        "home_visit": lambda: _("The change was saved, but this visit was voided."),
        "visitation_entry": lambda: _("The change was saved, but this family visit was voided."),
        "transport_trip": lambda: _("The change was saved, but this trip was voided."),
        "case_plan": lambda: _("The change was saved, but this case plan was voided."),
        "court_report": lambda: _("The change was saved, but this court report was voided."),
        "collateral_contact": lambda: _(
            "The change was saved, but this collateral contact was voided."
        ),
        "referral": lambda: _("The change was saved, but this referral was voided."),
        "assessment": lambda: _("The change was saved, but this assessment was voided."),
        "transition_plan": lambda: _("The change was saved, but this transition plan was voided."),
        "team_meeting": lambda: _("The change was saved, but this team meeting was voided."),
        "goal_change": lambda: _("The change was saved, but this goal change was voided."),
        "record": lambda: _("The change was saved, but this record was voided."),
    },
    "question": {
        "home_visit": lambda: _(
            "A question about your approved visit. Open it to read and answer the question."
        ),
        "visitation_entry": lambda: _(
            "A question about your approved family visit. Open it to read and answer the question."
        ),
        "transport_trip": lambda: _(
            "A question about your approved trip. Open it to read and answer the question."
        ),
        "case_plan": lambda: _(
            "A question about your approved case plan. Open it to read and answer the question."
        ),
        "court_report": lambda: _(
            "A question about your approved court report. Open it to read and answer the question."
        ),
        "collateral_contact": lambda: _(
            "A question about your approved collateral contact. Open it to read and answer the question."
        ),
        "referral": lambda: _(
            "A question about your approved referral. Open it to read and answer the question."
        ),
        "assessment": lambda: _(
            "A question about your approved assessment. Open it to read and answer the question."
        ),
        "transition_plan": lambda: _(
            "A question about your approved transition plan. Open it to read and answer the question."
        ),
        "team_meeting": lambda: _(
            "A question about your approved team meeting. Open it to read and answer the question."
        ),
        "goal_change": lambda: _(
            "A question about your approved goal change. Open it to read and answer the question."
        ),
        "record": lambda: _(
            "A question about your approved record. Open it to read and answer the question."
        ),
    },
    "conflict_text": {
        "home_visit": lambda: _(
            "Two different versions of the same text in this visit were written; both are kept. Choose one or combine them."
        ),
        "visitation_entry": lambda: _(
            "Two different versions of the same text in this family visit were written; both are kept. Choose one or combine them."
        ),
        "transport_trip": lambda: _(
            "Two different versions of the same text in this trip were written; both are kept. Choose one or combine them."
        ),
        "case_plan": lambda: _(
            "Two different versions of the same text in this case plan were written; both are kept. Choose one or combine them."
        ),
        "court_report": lambda: _(
            "Two different versions of the same text in this court report were written; both are kept. Choose one or combine them."
        ),
        "collateral_contact": lambda: _(
            "Two different versions of the same text in this collateral contact were written; both are kept. Choose one or combine them."
        ),
        "referral": lambda: _(
            "Two different versions of the same text in this referral were written; both are kept. Choose one or combine them."
        ),
        "assessment": lambda: _(
            "Two different versions of the same text in this assessment were written; both are kept. Choose one or combine them."
        ),
        "transition_plan": lambda: _(
            "Two different versions of the same text in this transition plan were written; both are kept. Choose one or combine them."
        ),
        "team_meeting": lambda: _(
            "Two different versions of the same text in this team meeting were written; both are kept. Choose one or combine them."
        ),
        "goal_change": lambda: _(
            "Two different versions of the same text in this goal change were written; both are kept. Choose one or combine them."
        ),
        "record": lambda: _(
            "Two different versions of the same text in this record were written; both are kept. Choose one or combine them."
        ),
    },
    "conflict_field": {
        "home_visit": lambda: _(
            "Someone else changed the same field of this visit; the server kept their value and yours is kept here."
        ),
        "visitation_entry": lambda: _(
            "Someone else changed the same field of this family visit; the server kept their value and yours is kept here."
        ),
        "transport_trip": lambda: _(
            "Someone else changed the same field of this trip; the server kept their value and yours is kept here."
        ),
        "case_plan": lambda: _(
            "Someone else changed the same field of this case plan; the server kept their value and yours is kept here."
        ),
        "court_report": lambda: _(
            "Someone else changed the same field of this court report; the server kept their value and yours is kept here."
        ),
        "collateral_contact": lambda: _(
            "Someone else changed the same field of this collateral contact; the server kept their value and yours is kept here."
        ),
        "referral": lambda: _(
            "Someone else changed the same field of this referral; the server kept their value and yours is kept here."
        ),
        "assessment": lambda: _(
            "Someone else changed the same field of this assessment; the server kept their value and yours is kept here."
        ),
        "transition_plan": lambda: _(
            "Someone else changed the same field of this transition plan; the server kept their value and yours is kept here."
        ),
        "team_meeting": lambda: _(
            "Someone else changed the same field of this team meeting; the server kept their value and yours is kept here."
        ),
        "goal_change": lambda: _(
            "Someone else changed the same field of this goal change; the server kept their value and yours is kept here."
        ),
        "record": lambda: _(
            "Someone else changed the same field of this record; the server kept their value and yours is kept here."
        ),
    },
    "stale": {
        "home_visit": lambda: _(
            "The visit changed after you reviewed it; review the latest version before approving."
        ),
        "visitation_entry": lambda: _(
            "The family visit changed after you reviewed it; review the latest version before approving."
        ),
        "transport_trip": lambda: _(
            "The trip changed after you reviewed it; review the latest version before approving."
        ),
        "case_plan": lambda: _(
            "The case plan changed after you reviewed it; review the latest version before approving."
        ),
        "court_report": lambda: _(
            "The court report changed after you reviewed it; review the latest version before approving."
        ),
        "collateral_contact": lambda: _(
            "The collateral contact changed after you reviewed it; review the latest version before approving."
        ),
        "referral": lambda: _(
            "The referral changed after you reviewed it; review the latest version before approving."
        ),
        "assessment": lambda: _(
            "The assessment changed after you reviewed it; review the latest version before approving."
        ),
        "transition_plan": lambda: _(
            "The transition plan changed after you reviewed it; review the latest version before approving."
        ),
        "team_meeting": lambda: _(
            "The team meeting changed after you reviewed it; review the latest version before approving."
        ),
        "goal_change": lambda: _(
            "The goal change changed after you reviewed it; review the latest version before approving."
        ),
        "record": lambda: _(
            "The record changed after you reviewed it; review the latest version before approving."
        ),
    },
    "kept": {
        "home_visit": lambda: _(
            "Your change reached the server after this visit was approved. It was kept as a proposed change for your supervisor; the approved visit is not changed."
        ),
        "visitation_entry": lambda: _(
            "Your change reached the server after this family visit was approved. It was kept as a proposed change for your supervisor; the approved family visit is not changed."
        ),
        "transport_trip": lambda: _(
            "Your change reached the server after this trip was approved. It was kept as a proposed change for your supervisor; the approved trip is not changed."
        ),
        "case_plan": lambda: _(
            "Your change reached the server after this case plan was approved. It was kept as a proposed change for your supervisor; the approved case plan is not changed."
        ),
        "court_report": lambda: _(
            "Your change reached the server after this court report was approved. It was kept as a proposed change for your supervisor; the approved court report is not changed."
        ),
        "collateral_contact": lambda: _(
            "Your change reached the server after this collateral contact was approved. It was kept as a proposed change for your supervisor; the approved collateral contact is not changed."
        ),
        "referral": lambda: _(
            "Your change reached the server after this referral was approved. It was kept as a proposed change for your supervisor; the approved referral is not changed."
        ),
        "assessment": lambda: _(
            "Your change reached the server after this assessment was approved. It was kept as a proposed change for your supervisor; the approved assessment is not changed."
        ),
        "transition_plan": lambda: _(
            "Your change reached the server after this transition plan was approved. It was kept as a proposed change for your supervisor; the approved transition plan is not changed."
        ),
        "team_meeting": lambda: _(
            "Your change reached the server after this team meeting was approved. It was kept as a proposed change for your supervisor; the approved team meeting is not changed."
        ),
        "goal_change": lambda: _(
            "Your change reached the server after this goal change was approved. It was kept as a proposed change for your supervisor; the approved goal change is not changed."
        ),
        "record": lambda: _(
            "Your change reached the server after this record was approved. It was kept as a proposed change for your supervisor; the approved record is not changed."
        ),
    },
}

#: kind → (one, many) for counting what the agency removed ("2 visits and a person")
COUNTED: dict[str, tuple[Words, Words]] = {
    "person": (lambda: _("a person"), lambda: _("{n} people")),
    "placement": (lambda: _("a placement"), lambda: _("{n} placements")),
    "visitation_plan": (lambda: _("a visitation plan"), lambda: _("{n} visitation plans")),
    "home_visit": (lambda: _("a visit"), lambda: _("{n} visits")),
    "visitation_entry": (lambda: _("a family visit"), lambda: _("{n} family visits")),
    "transport_trip": (lambda: _("a trip"), lambda: _("{n} trips")),
    "court_report": (lambda: _("a court report"), lambda: _("{n} court reports")),
    "collateral_contact": (lambda: _("a collateral contact"), lambda: _("{n} collateral contacts")),
    "referral": (lambda: _("a referral"), lambda: _("{n} referrals")),
    "assessment": (lambda: _("an assessment"), lambda: _("{n} assessments")),
    "transition_plan": (lambda: _("a transition plan"), lambda: _("{n} transition plans")),
    "team_meeting": (lambda: _("a team meeting"), lambda: _("{n} team meetings")),
    "case_plan": (lambda: _("a case plan"), lambda: _("{n} case plans")),
    "hearing": (lambda: _("a hearing"), lambda: _("{n} hearings")),
    "task": (lambda: _("a task"), lambda: _("{n} tasks")),
    "goal_change": (lambda: _("a goal change"), lambda: _("{n} goal changes")),
}
RECORD_COUNTED: tuple[Words, Words] = (lambda: _("a record"), lambda: _("{n} records"))


def sentence(topic: str, kind: str | None) -> str | None:
    """The topic's sentence for the kind in the reader's language; a kind of the registry without a
    sentence of its own (case data) reads as a record; None for a kind not known here."""
    from fieldcase.domain.kinds import KIND_TABLE

    by_kind = SENTENCES.get(topic, {})
    words = by_kind.get(kind or "") or (by_kind.get("record") if kind in KIND_TABLE else None)
    return words() if words is not None else None
