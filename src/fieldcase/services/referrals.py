"""Service referrals on the laptop (domain/referrals.py): a new referral, its status updated as
the provider answers, and the follow-ups due (`follow_ups`, for the week ahead).

A referral stays open — a draft, synced at every save like every draft — while the service goes
on; each status update is an edit that adds a status row, so it can be updated any number of times
offline, and it is submitted for approval once the service has ended. An approved referral is
corrected by an addendum (domain.md "Service referrals")."""

from __future__ import annotations

from datetime import date
from typing import Any

from fieldcase.domain.ids import new_id
from fieldcase.domain.referrals import (
    Referral,
    ReferralFollowUp,
    ReferralStatus,
    ServiceType,
    referral_follow_ups,
    with_status,
)
from fieldcase.domain.rule_pack import DEFAULT_RULES, RulePack
from fieldcase.services import field_records, resource_directory
from fieldcase.services.field_records import DraftSaved

KIND = "referral"


def new_referral(
    store: Any,
    *,
    case_id: str,
    user_id: str,
    today: date,
    person_id: str | None = None,
    service_type: ServiceType | None = None,
    provider_id: str | None = None,
) -> Referral:
    """An unsaved referral made today; a provider from the directory brings its name along."""
    found = resource_directory.provider(store, provider_id)
    return Referral(
        id=new_id(),
        case_id=case_id,
        created_by=user_id,
        referred_by=user_id,
        referred_on=today,
        person_id=person_id,
        service_type=service_type,
        provider_id=found.provider_id if found else None,
        provider_name=found.name if found else None,
    )


def update_status(
    store: Any, *, record_id: str, status: ReferralStatus | str, on: date, note: str | None = None
) -> DraftSaved:
    """Add a status row to an open referral and save it (offline; it syncs like any edit).
    `WorkflowError` when the referral was approved meanwhile (an addendum then)."""
    stored = store.get(record_id)
    referral: Referral = stored.to_domain()
    updated = with_status(referral, ReferralStatus(status), on=on, note=note)
    return field_records.save_draft(store, record=updated, expected_version=stored.version)


def follow_ups(
    store: Any, *, today: date, case_id: str | None = None, rules: RulePack = DEFAULT_RULES
) -> list[ReferralFollowUp]:
    """The referrals on this laptop the provider has not answered in time (tasks of the week ahead)."""
    referrals = (
        store.repository(KIND).list(case_id=case_id) if case_id else store.repository(KIND).list()
    )
    return referral_follow_ups(referrals, today, rules=rules)
