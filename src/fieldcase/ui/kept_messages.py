"""What the caseworker is told when a sync approved or voided the record they had open and were
typing in: what they typed is kept (a proposed change, or in the voided record)."""

from __future__ import annotations

from collections.abc import Callable

from fieldcase.domain.workflow import Status
from fieldcase.ui.i18n import _

#: what the caseworker is told when a sync approved (True) or voided (False) the record as they
#: typed, by kind (tests/test_kind_dispatch.py: a row for every field-record kind; a kind left out
#: was told "This visit was approved"). Each sentence whole, not a noun slotted in, so that Spanish
#: can agree it ("la visita", "el traslado").
KEPT_MESSAGES: dict[str, Callable[[bool], str]] = {
    "home_visit": lambda approved: (
        _(
            "This visit was approved while you were typing. What you typed since was kept and will be sent to your "
            "supervisor as a proposed change; the approved visit is not changed."
        )
        if approved
        else _(
            "This visit was voided while you were typing. What you typed since was kept in the voided visit and will be sent "
            "at the next sync, where your supervisor can read it; the visit stays voided."
        )
    ),
    "visitation_entry": lambda approved: (
        _(
            "This family visit was approved while you were typing. What you typed since was kept and will be sent to your "
            "supervisor as a proposed change; the approved family visit is not changed."
        )
        if approved
        else _(
            "This family visit was voided while you were typing. What you typed since was kept in the voided family visit and "
            "will be sent at the next sync, where your supervisor can read it; the family visit stays voided."
        )
    ),
    "transport_trip": lambda approved: (
        _(
            "This trip was approved while you were typing. What you typed since was kept and will be sent to your "
            "supervisor as a proposed change; the approved trip is not changed."
        )
        if approved
        else _(
            "This trip was voided while you were typing. What you typed since was kept in the voided trip and will be sent "
            "at the next sync, where your supervisor can read it; the trip stays voided."
        )
    ),
    "team_meeting": lambda approved: (
        _(
            "This team meeting was approved while you were typing. What you typed since was kept and will be sent to your "
            "supervisor as a proposed change; the approved team meeting is not changed."
        )
        if approved
        else _(
            "This team meeting was voided while you were typing. What you typed since was kept in the voided team meeting and "
            "will be sent at the next sync, where your supervisor can read it; the team meeting stays voided."
        )
    ),
    "case_plan": lambda approved: (
        _(
            "This case plan was approved while you were typing. What you typed since was kept and will be sent to your "
            "supervisor as a proposed change; the approved case plan is not changed."
        )
        if approved
        else _(
            "This case plan was voided while you were typing. What you typed since was kept in the voided case plan and will be "
            "sent at the next sync, where your supervisor can read it; the case plan stays voided."
        )
    ),
    "court_report": lambda approved: (
        _(
            "This court report was approved while you were typing. What you typed since was kept and will be sent to your "
            "supervisor as a proposed change; the approved court report is not changed."
        )
        if approved
        else _(
            "This court report was voided while you were typing. What you typed since was kept in the voided court report and "
            "will be sent at the next sync, where your supervisor can read it; the court report stays voided."
        )
    ),
    "collateral_contact": lambda approved: (
        _(
            "This collateral contact was approved while you were typing. What you typed since was kept and will be sent to your "
            "supervisor as a proposed change; the approved collateral contact is not changed."
        )
        if approved
        else _(
            "This collateral contact was voided while you were typing. What you typed since was kept in the voided collateral "
            "contact and will be sent at the next sync, where your supervisor can read it; the collateral contact stays voided."
        )
    ),
    "referral": lambda approved: (
        _(
            "This referral was approved while you were typing. What you typed since was kept and will be sent to your "
            "supervisor as a proposed change; the approved referral is not changed."
        )
        if approved
        else _(
            "This referral was voided while you were typing. What you typed since was kept in the voided referral and will be "
            "sent at the next sync, where your supervisor can read it; the referral stays voided."
        )
    ),
    "assessment": lambda approved: (
        _(
            "This assessment was approved while you were typing. What you typed since was kept and will be sent to your "
            "supervisor as a proposed change; the approved assessment is not changed."
        )
        if approved
        else _(
            "This assessment was voided while you were typing. What you typed since was kept in the voided assessment and will "
            "be sent at the next sync, where your supervisor can read it; the assessment stays voided."
        )
    ),
    "transition_plan": lambda approved: (
        _(
            "This transition plan was approved while you were typing. What you typed since was kept and will be sent to your "
            "supervisor as a proposed change; the approved transition plan is not changed."
        )
        if approved
        else _(
            "This transition plan was voided while you were typing. What you typed since was kept in the voided transition plan "
            "and will be sent at the next sync, where your supervisor can read it; the transition plan stays voided."
        )
    ),
}


def kept_message(kept) -> str:
    """What the caseworker is told when a sync approved or voided the record as they typed."""
    return KEPT_MESSAGES[kept.kind](kept.status is Status.APPROVED)
