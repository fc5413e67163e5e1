"""Collateral contacts on the laptop (domain/collateral_contacts.py): a new one, and the list a
court report shows for the period since the last hearing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fieldcase.domain.collateral_contacts import (
    CollateralContact,
    CollateralMethod,
    contacts_in_period,
)
from fieldcase.domain.ids import new_id
from fieldcase.domain.people import PersonRole

KIND = "collateral_contact"


def new_collateral_contact(
    store: Any, *, case_id: str, user_id: str, now: datetime
) -> CollateralContact:
    """An unsaved contact starting now (usually a phone call), about every child of the case; the
    caller saves it on the first change (autosave)."""
    people = store.repository("person").list(case_id=case_id)
    children = tuple(
        p.id
        for p in sorted(people, key=lambda p: p.display_name)
        if p.role is PersonRole.CHILD and p.exit_date is None
    )
    start = now.replace(second=0, microsecond=0)
    return CollateralContact(
        id=new_id(),
        case_id=case_id,
        created_by=user_id,
        recorded_by=user_id,
        recorded_at=now,
        contact_start=start,
        method=CollateralMethod.PHONE,
        child_ids=children,
    )


def contacts_for_court(
    store: Any, *, case_id: str, start: date, end: date, approved_only: bool = True
) -> tuple[CollateralContact, ...]:
    """The case's collateral contacts from `start` to `end`, oldest first — the court report's
    contact list (approved ones only unless asked)."""
    return contacts_in_period(
        store.repository(KIND).list(case_id=case_id),
        case_id=case_id,
        start=start,
        end=end,
        approved_only=approved_only,
    )
