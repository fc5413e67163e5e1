"""Printing an assessment (its summary) and a transition plan (their rows in services/printouts.py;
services/printing.py does the rest: render, preview, the audited hash). The family copy of a
transition plan is in the youth's language when the youth's person record names one the app prints
in, else the family's."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fieldcase.domain.assessments import COUNTED, Assessment
from fieldcase.domain.transition_plans import TransitionPlan
from fieldcase.reports import AssessmentSummary, Profile, TransitionPlanDocument
from fieldcase.services.instruments import for_store
from fieldcase.services.print_jobs import PrintJob, PrintRequest, print_context
from fieldcase.words import language_code


def _youth_language(store: Any, child_id: str | None) -> str | None:
    if not child_id:
        return None
    try:
        youth = store.repository("person").get(child_id)
    except Exception:  # noqa: BLE001 - a youth not on this laptop: the family's language decides
        return None
    return next(
        (code for name in youth.languages if (code := language_code(name)) is not None), None
    )


def assessment(
    store: Any,
    item: Assessment,
    request: PrintRequest,
) -> PrintJob:
    """An assessment summary, beside the same child's previous counted assessment on the same instrument."""
    children = (item.child_id,) if item.child_id else ()
    instrument = for_store(store).find(item.instrument_id, item.instrument_version or None)
    earlier = [
        a
        for a in store.repository("assessment").list(case_id=item.case_id)
        if a.child_id == item.child_id
        and a.instrument_id == item.instrument_id
        and a.id != item.id
        and a.status in COUNTED
        and a.assessed_on is not None
        and item.assessed_on is not None
        and a.assessed_on < item.assessed_on
    ]
    previous = max(earlier, key=lambda a: (a.assessed_on, a.id), default=None)
    ctx = print_context(
        store,
        request,
        case_id=item.case_id,
        child_ids=children,
        worker_ids=(item.rated_by, item.created_by, item.approved_by),
    )
    return PrintJob(
        "assessment_summary",
        AssessmentSummary(assessment=item, instrument=instrument, previous=previous),
        ctx,
        "assessment",
        item.id,
        children=children,
    )


def transition_plan(
    store: Any,
    item: TransitionPlan,
    request: PrintRequest,
) -> PrintJob:
    children = (item.child_id,) if item.child_id else ()
    if request.language is None and request.profile is Profile.FAMILY:
        # None: the family's, as every family copy
        request = replace(request, language=_youth_language(store, item.child_id))
    ctx = print_context(
        store,
        request,
        case_id=item.case_id,
        child_ids=children,
        worker_ids=(item.written_by, item.created_by, item.approved_by),
    )
    return PrintJob(
        "transition_plan",
        TransitionPlanDocument(plan=item),
        ctx,
        "transition_plan",
        item.id,
        children=children,
    )
