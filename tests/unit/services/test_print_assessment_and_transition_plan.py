"""Printing an assessment summary and a transition plan from the store: read on the store side,
rendered without it, the hash audited like every print; the family copy of the plan in the youth's
language; the summary in Spanish with the instrument's Spanish texts."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, date, datetime

from pypdf import PdfReader

from fieldcase.domain.assessments import Assessment, Rating
from fieldcase.domain.ids import new_id
from fieldcase.domain.transition_plans import (
    GoalStatus,
    PlanParticipant,
    TransitionArea,
    TransitionGoal,
    TransitionPlan,
)
from fieldcase.domain.workflow import Status
from fieldcase.services import printing
from fieldcase.services.instruments import for_store
from fieldcase.services.printing import Profile

NOW = datetime(2026, 9, 2, 10, 0, tzinfo=UTC)


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages
    )


def _assessment(store, family, *, on: date, ratings: dict[str, int]) -> Assessment:
    checklist = for_store(store).find("independent_living_skills")
    a = Assessment(
        id=new_id(),
        case_id=family.case_id,
        status=Status.SUBMITTED,
        instrument_id=checklist.id,
        instrument_version=checklist.version,
        child_id=family.child_ids[0],
        assessed_on=on,
        rated_by="u1",
        ratings=tuple(
            Rating(item_id=i.id, rating=ratings.get(i.id, 0)) for _d, i in checklist.items()
        ),
        notes="Synthetic note: rated with the youth at the kitchen table.",
    )
    store.save(a)
    return a


def test_an_assessment_summary_prints_ratings_the_one_before_and_the_needs_and_is_audited(
    store, family
):
    _assessment(store, family, on=date(2026, 3, 2), ratings={"money_budget": 3})
    later = _assessment(
        store, family, on=date(2026, 9, 1), ratings={"money_budget": 1, "housing_lease": 2}
    )
    job = printing.prepare_record(store, record_id=later.id, request=printing.PrintRequest(now=NOW))
    document = printing.render(job)
    text = _text(document.pdf)
    assert "Assessment summary" in text and "Independent-living skills checklist" in text
    assert "Actionable items: needs for the next case plan (1)" in text
    assert "Reads a lease and knows a tenant's duties and rights" in text
    assert "PENDING APPROVAL" in text  # submitted, not yet approved
    before = len(store.audit_events())
    printing.record_output(
        store, document, action="print", record_kind=job.record_kind, record_id=job.record_id
    )
    [event] = store.audit_events()[before:]
    assert (event.action, event.record_kind, event.record_id) == ("print", "assessment", later.id)
    assert event.detail == {"sha256": document.sha256, "profile": "internal", "count": 1}
    spanish = _text(
        printing.render(
            printing.prepare_record(
                store, record_id=later.id, request=printing.PrintRequest(now=NOW, language="es")
            )
        ).pdf
    )
    assert (
        "Resumen de la evaluación" in spanish
        and "Manejo del dinero" in spanish
        and "Lee un contrato de alquiler" in spanish
    )


def test_the_family_copy_of_a_transition_plan_is_in_the_youths_language(store, family):
    youth = store.repository("person").get(family.child_ids[0])
    store.save(dataclasses.replace(youth, languages=("Spanish",)))
    plan = TransitionPlan(
        id=new_id(),
        case_id=family.case_id,
        status=Status.APPROVED,
        child_id=youth.id,
        written_on=date(2026, 9, 1),
        review_on=date(2027, 3, 1),
        written_by="u1",
        youth_words="Quiero terminar la escuela.",
        goals=(
            TransitionGoal(
                area=TransitionArea.HOUSING,
                goal="Find a shared flat",
                steps="Visit two places",
                who_helps="Mentor",
                by_when=date(2027, 1, 1),
                status=GoalStatus.IN_PROGRESS,
            ),
        ),
        participants=(PlanParticipant(person_id=youth.id, role="youth"),),
    )
    store.save(plan)
    job = printing.prepare_record(
        store,
        record_id=plan.id,
        request=printing.PrintRequest(now=NOW, profile=Profile.FAMILY, language=None, reader="en"),
    )
    assert job.context.language == "es"
    text = _text(printing.render(job).pdf)
    assert (
        "Plan de transición" in text
        and "Vivienda" in text
        and "Quiero terminar la escuela." in text
    )
    assert (
        "Joven" in text and "youth" not in text
    )  # the youth's role from the list, in the copy's language (#22)
    internal = _text(
        printing.render(
            printing.prepare_record(
                store, record_id=plan.id, request=printing.PrintRequest(now=NOW)
            )
        ).pdf
    )
    assert (
        "Transition plan" in internal
        and "Find a shared flat" in internal
        and "Who helps" in internal
    )
