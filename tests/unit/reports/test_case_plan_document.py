"""The printed case plan: every content item, the court copy without the resource family's address
(also when it is typed into a narrative), the family copy in Spanish, the review's progress."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from fieldcase.reports import CasePlanDocument, Profile, render_case_plan
from fieldcase.reports import specimen as s
from fieldcase.words import translator

from .conftest import text

MODULE = Path(__file__).resolve().parents[3] / "src" / "fieldcase" / "reports" / "case_plan.py"


def _doc(**changes) -> CasePlanDocument:
    values = dict(plan=s.case_plan(), placements=(s.PLACEMENT,), signatures=s.signatures())
    return CasePlanDocument(**{**values, **changes})


def test_the_internal_copy_prints_every_content_item():
    found = text(render_case_plan(_doc(), s.context()))
    for words in (
        "Case plan",
        "Version 1 · Initial plan",
        "Conditions that made services or care necessary",
        "The child's psychological needs",
        "To prevent removal",
        "To reunify the family",
        "Permanency plan",
        "Reunification",
        "Concurrent plan",
        "Guardianship",
        "Parenting classes (10 sessions)",
        "Test Family Center",
        "What the court order requires",
        "The parents' responsibilities",
        "Behaviours that will show services are no longer needed",
        "Least restrictive",
        "Distance from the parents' home",
        "Parental visiting schedule",
        "Agency family-time room B",
        "Evaluation by all parties",
        "Participants",
        "Test Guardian ad litem",
        "Approved by",
        "Signatures",
        s.FOSTER_ADDRESS,
    ):
        assert words in found, words


def test_the_court_copy_withholds_the_resource_familys_address_and_masks_other_children():
    found = text(render_case_plan(_doc(), s.context(profile=Profile.COURT)))
    assert "COURT COPY" in found
    assert s.FOSTER_ADDRESS not in found and "742 Calle Ficticia" not in found
    assert "Lucía now lives at [withheld]" in found
    assert "Mateo" not in found and "M.P.N." in found  # a sibling the plan is not about: initials
    assert "Lucía Pérez-Núñez" in found  # the child the plan is for: in full
    assert "Muñoz-Ortíz resource home" in found  # the provider's name, not where it is


def test_the_family_copy_of_a_review_is_in_spanish():
    doc = _doc(plan=s.case_plan(review=True), previous=s.case_plan(), signatures=())
    found = text(render_case_plan(doc, s.context(profile=Profile.FAMILY, language="es")))
    for spanish in (
        "Plan del caso",
        "Versión 2",
        "Revisión semestral",
        "Sigue a la versión",
        "Plan de permanencia",
        "Reunificación",
        "Servicios",
        "Calendario de visitas de los padres",
        "Progreso",
        "Logrado",
        "Algún progreso",
        "COPIA PARA LA FAMILIA",
    ):
        assert spanish in found, spanish
    for english in (
        "Permanency plan",
        "Services",
        "Six-month review",
        "Progress",
        "Achieved",
        "Page 1 of",
    ):
        assert re.search(rf"(?<!\w){re.escape(english)}(?!\w)", found) is None, english
    assert s.FOSTER_ADDRESS not in found


def test_every_word_of_the_printed_plan_has_a_spanish_translation():
    spanish = translator("es")
    tree = ast.parse(MODULE.read_text(encoding="utf-8"))
    msgids = [
        n.args[0].value
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and getattr(n.func, "id", None) == "_"
        and n.args
        and isinstance(n.args[0], ast.Constant)
    ]
    assert len(msgids) > 50
    assert [
        m for m in msgids if spanish(m) == m and m not in ("{minutes} min", "Plan")
    ] == []  # those two are the same in both


def test_a_participants_role_prints_in_the_documents_language_and_typed_text_as_typed():
    """Issue 22: a role chosen from the list prints in the copy's language; a role typed before the
    list existed ("Mother" in the specimen) prints as it was typed."""
    spanish = text(render_case_plan(_doc(), s.context(profile=Profile.FAMILY, language="es")))
    assert (
        "Padre/madre de acogida" in spanish and "Tutor ad litem" in spanish and "Mother" in spanish
    )
    assert "resource_parent" not in spanish and "Resource parent" not in spanish
    english = text(render_case_plan(_doc(), s.context()))
    assert (
        "Resource parent" in english
        and "Guardian ad litem" in english
        and "guardian_ad_litem" not in english
    )
