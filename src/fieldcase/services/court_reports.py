"""The court report on the laptop: start one for a hearing, compose its sections from the approved
record in the store, and take the snapshot again when it is submitted (domain/court_reports.py).

Everything here reads the store only; it works offline. The composition itself is the domain's
(`court_report_composition.compose_court_report`); this module chooses what to read.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from fieldcase.domain.case_plan_rules import latest_approved
from fieldcase.domain.case_plans import CasePlan
from fieldcase.domain.compliance.periods import Month
from fieldcase.domain.court_report_composition import (
    Composition,
    compose_court_report,
    period_of,
    report_children,
)
from fieldcase.domain.court_reports import CourtReport
from fieldcase.domain.ids import new_id
from fieldcase.domain.workflow import Status
from fieldcase.errors import UserError
from fieldcase.store.errors import RecordNotFound


class NoSuchHearing(UserError):
    code = "court_report.no_hearing"

    def __init__(self) -> None:
        super().__init__("That hearing is not on this laptop; sync, then try again.")


def case_plan_of(store: Any, case_id: str, child_ids: tuple[str, ...] = ()) -> CasePlan | None:
    """The case's latest approved case plan (for these children, when a plan names its own), or None."""
    plans = [
        p
        for p in store.repository("case_plan").list(case_id=case_id, status=Status.APPROVED.value)
        if not child_ids or not p.child_ids or set(p.child_ids) & set(child_ids)
    ]
    return latest_approved(plans)


def compose_for_hearing(store: Any, *, hearing_id: str, today: date) -> Composition:
    """The sections for `hearing_id` from the approved record on this laptop, as of `today`."""
    try:
        hearing = store.repository("hearing").get(hearing_id)
    except RecordNotFound:
        raise NoSuchHearing() from None
    case_id = hearing.case_id
    case = store.repository("case").get(case_id)
    hearings = store.repository("hearing").list(case_id=case_id)
    people = store.repository("person").list(case_id=case_id)
    placements = store.repository("placement").list(case_id=case_id)
    children = report_children(hearing, people)
    start, end = period_of(
        hearing,
        hearings=hearings,
        case=case,
        placements=placements,
        child_ids=children,
        today=today,
    )
    # the whole first month: the monthly visit of the month the period starts in counts whole
    since, until = Month.of(start).first_day.isoformat(), end.isoformat()
    approved = {"case_id": case_id, "status": Status.APPROVED.value, "since": since, "until": until}
    return compose_court_report(
        hearing,
        today=today,
        case=case,
        hearings=hearings,
        people=people,
        placements=placements,
        plans=store.repository("visitation_plan").list(case_id=case_id),
        home_visits=store.repository("home_visit").list(**approved),
        visitation_entries=store.repository("visitation_entry").list(**approved),
        case_plan=case_plan_of(store, case_id, children),
        collateral_contacts=store.repository("collateral_contact").list(**approved),
    )


def with_sections(
    report: CourtReport, composition: Composition, *, now: datetime, hearing_on: date | None
) -> CourtReport:
    return dataclasses.replace(
        report,
        child_ids=composition.child_ids,
        period_start=composition.period_start,
        period_end=composition.period_end,
        sections=composition.sections,
        composed_at=now,
        hearing_on=hearing_on,
    )


def draft_for_hearing(store: Any, *, hearing_id: str) -> CourtReport | None:
    """A court report for this hearing still being written on this laptop (draft or returned)."""
    for stored in store.list(kind="court_report"):
        if stored.body.get("hearing_id") == hearing_id and stored.status in (
            Status.DRAFT.value,
            Status.RETURNED.value,
        ):
            return stored.to_domain()
    return None


def new_court_report(store: Any, *, hearing_id: str, user_id: str, now: datetime) -> CourtReport:
    """A draft court report for the hearing, its sections composed now (not saved: the form's first
    autosave saves it). An unfinished one for the same hearing is returned instead of a second."""
    existing = draft_for_hearing(store, hearing_id=hearing_id)
    if existing is not None:
        return existing
    today = now.astimezone().date()
    composition = compose_for_hearing(store, hearing_id=hearing_id, today=today)
    hearing = store.repository("hearing").get(hearing_id)
    report = CourtReport(
        id=new_id(),
        case_id=hearing.case_id,
        created_by=user_id,
        written_by=user_id,
        hearing_id=hearing_id,
    )
    return with_sections(
        report,
        composition,
        now=now,
        hearing_on=hearing.scheduled_at.astimezone().date() if hearing.scheduled_at else None,
    )


def snapshot_at_submit(
    store: Any, *, record_id: str, now: datetime, expected_version: int | None = None
) -> int | None:
    """Compose the sections once more and save them into the report, just before it is submitted:
    the report the supervisor approves holds the record as it stood when the caseworker sent it,
    and never changes after (domain/court_reports.py)."""
    stored = store.get(record_id)
    report = stored.to_domain()
    if not report.hearing_id or Status(stored.status) is not Status.DRAFT:
        return expected_version
    composition = compose_for_hearing(
        store, hearing_id=report.hearing_id, today=now.astimezone().date()
    )
    saved = store.save(
        with_sections(report, composition, now=now, hearing_on=report.hearing_on),
        expected_version=expected_version if expected_version is not None else stored.version,
    )
    return saved.record.version


def preview_text(sections: dict | None, *, names: dict[str, str], language: str) -> str:
    """The composed sections (the record's dict form) in words, for the form's read-only preview:
    the words the printout uses (reports/court_report_words.py), in the window's language."""
    from fieldcase.domain.serialization import from_dict
    from fieldcase.reports.court_report_words import as_text, section_parts
    from fieldcase.reports.language import _, speaking

    with speaking(language):
        if not sections:
            return _("The sections have not been composed yet.")
        composed = from_dict(
            "court_report", {"id": "preview", "case_id": "preview", "sections": sections}
        ).sections
        return as_text(
            section_parts(composed, person=lambda pid: names.get(pid or "", _("(not on file)")))
        )
