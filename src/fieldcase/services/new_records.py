"""Starting a record of each kind (ui/new_records.py lists the "New …" actions; this module makes
the record): one row a field-record kind, so a new kind is started by adding a row, and
tests/test_kind_dispatch.py fails when a field-record kind of the registry (domain/kinds.py) has none.

A record is started unsaved (the form's first autosave saves it), except where one is still being
written: a case plan's unfinished version and a hearing's unfinished court report open instead of
a second. Runs on the store worker."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any

from fieldcase.domain.workflow import Status
from fieldcase.services import (
    assessments,
    case_plans,
    collateral_contacts,
    court_reports,
    field_records,
    referrals,
    team_meetings,
    transition_plans,
    trips,
    visitation,
    visits,
)
from fieldcase.services.field_records import OpenedRecord

#: (store, *, case_id, user_id, now, clone, source) -> a new record, or the opened record still
#: being written (a case plan's version, a hearing's court report); each takes what it needs
Start = Callable[..., Any]


def _home_visit(
    store: Any, *, case_id: str, user_id: str, now: datetime, clone: bool, **_: Any
) -> Any:
    return (visits.clone_last_visit if clone else visits.new_home_visit)(
        store, case_id=case_id, user_id=user_id, now=now
    )


def _case_plan(store: Any, *, case_id: str, user_id: str, now: datetime, **_: Any) -> Any:
    # one version is written at a time: the one being written opens, else the next (a 6-month
    # review of the last approved one, or version 1)
    found = case_plans.unfinished(store, case_id)
    if found is not None:
        return field_records.open_record(store, record_id=found.id)
    return case_plans.next_plan(store, case_id=case_id, user_id=user_id, today=now.date())


def _court_report(store: Any, *, user_id: str, now: datetime, source: str, **_: Any) -> Any:
    """Started from its hearing (`source`), its sections composed from the approved records on this laptop."""
    existing = court_reports.draft_for_hearing(store, hearing_id=source)
    if existing is not None:
        return field_records.open_record(store, record_id=existing.id)
    return court_reports.new_court_report(store, hearing_id=source, user_id=user_id, now=now)


def _today(make: Callable[..., Any]) -> Start:
    """A kind started on a day, not at a moment (a referral, a plan)."""
    return lambda store, *, case_id, user_id, now, **_: make(
        store, case_id=case_id, user_id=user_id, today=now.date()
    )


def _now(make: Callable[..., Any]) -> Start:
    return lambda store, *, case_id, user_id, now, **_: make(
        store, case_id=case_id, user_id=user_id, now=now
    )


STARTS: Mapping[str, Start] = MappingProxyType(
    {
        "home_visit": _home_visit,
        "visitation_entry": _now(visitation.new_visitation_entry),
        # the driver is the caseworker starting the trip
        "transport_trip": lambda store, *, case_id, user_id, now, **_: trips.new_trip(
            store, case_id=case_id, driver_id=user_id, today=now.date()
        ),
        "team_meeting": _now(team_meetings.new_team_meeting),
        "collateral_contact": _now(collateral_contacts.new_collateral_contact),
        "referral": _today(referrals.new_referral),
        # with the instrument chosen (ui/new_records.with_instrument), else the laptop's one
        "assessment": lambda store, *, case_id, user_id, now, source, **_: (
            assessments.new_assessment(
                store,
                case_id=case_id,
                user_id=user_id,
                today=now.date(),
                instrument_id=source or None,
            )
        ),
        "transition_plan": _today(transition_plans.new_transition_plan),
        "case_plan": _case_plan,
        "court_report": _court_report,
    }
)


def start(
    store: Any,
    kind: str,
    *,
    case_id: str,
    user_id: str,
    now: datetime,
    clone: bool = False,
    source: str = "",
) -> tuple[OpenedRecord, bool]:
    """The record a caseworker starts ("New …"), opened, and whether it is new (False: the one
    still being written, opened again). `source` is what it is started from: an assessment's
    instrument id, a court report's hearing id."""
    record = STARTS[kind](
        store, case_id=case_id, user_id=user_id, now=now, clone=clone, source=source
    )
    if isinstance(record, OpenedRecord):
        return record, False
    return OpenedRecord(
        record,
        kind,
        0,
        Status.DRAFT,
        None,
        None,
        field_records.check(store, record, for_submit=True),
    ), True
