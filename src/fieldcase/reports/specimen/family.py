"""The specimen family: an obviously invented case (people, placement, visiting plan, workers) and
the print context every specimen document is printed with. Every name, address and number here is invented."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.placements import Placement, PlacementType, ProviderKind
from fieldcase.domain.visitation_plans import SupervisionLevel, VisitationPlan, VisitFrequency

from ..context import PageSize, PrintContext, Profile

CASE_ID = "case-specimen"
TZ = timezone(timedelta(hours=-6))
#: The resource family's address: restricted, must never appear in court or family copies.
FOSTER_ADDRESS = "742 Calle Ficticia, Villa Inventada, MO 65000"
PLACEMENT_ADDRESS = FOSTER_ADDRESS

LUCIA = Person(
    id="p-lucia",
    case_id=CASE_ID,
    role=PersonRole.CHILD,
    given_name="Lucía",
    family_name="Pérez-Núñez",
    date_of_birth=date(2016, 5, 2),
    languages=("es", "en"),
)
MATEO = Person(
    id="p-mateo",
    case_id=CASE_ID,
    role=PersonRole.SIBLING,
    given_name="Mateo",
    family_name="Pérez-Núñez",
    date_of_birth=date(2019, 11, 20),
)
ANA = Person(
    id="p-ana",
    case_id=CASE_ID,
    role=PersonRole.PARENT,
    given_name="Ana",
    family_name="Pérez-Núñez",
    phone="555-0100",
    address="9 Avenida Ejemplo, Apt. 2",
)
JOSE = Person(
    id="p-jose",
    case_id=CASE_ID,
    role=PersonRole.PARENT,
    given_name="José",
    family_name="Núñez Ibáñez",
)
FOSTER = Person(
    id="p-foster",
    case_id=CASE_ID,
    role=PersonRole.RESOURCE_PARENT,
    given_name="Begoña",
    family_name="Muñoz-Ortíz",
    phone="555-0199",
    address=FOSTER_ADDRESS,
)
ABUELA = Person(
    id="p-abuela",
    case_id=CASE_ID,
    role=PersonRole.RELATIVE,
    given_name="Concepción",
    family_name="Íñiguez",
)

PEOPLE = {p.id: p for p in (LUCIA, MATEO, ANA, JOSE, FOSTER, ABUELA)}
WORKERS = {
    "u-worker": "Renée Caseworker-Test",
    "u-super": "Óscar Supervisor-Test",
    "u-aide": "Pat Aide-Test",
}

PLACEMENT = Placement(
    id="pl-1",
    case_id=CASE_ID,
    child_id=LUCIA.id,
    provider_kind=ProviderKind.RESOURCE_FAMILY,
    provider_name="Muñoz-Ortíz resource home",
    address=PLACEMENT_ADDRESS,
    placement_type=PlacementType.FOSTER_FAMILY,
    starts_on=date(2024, 9, 1),
)

PLAN = VisitationPlan(
    id="plan-1",
    case_id=CASE_ID,
    participants=(ANA.id, LUCIA.id, MATEO.id),
    excluded_persons=(JOSE.id,),
    frequency=VisitFrequency.WEEKLY,
    duration_minutes=120,
    location_preference="Agency family-time room B",
    supervision_level=SupervisionLevel.SUPERVISED,
    supervisor="u-aide",
    transporter="u-worker",
    backup_plan="Video call the same evening if the room is unavailable.",
    effective_from=date(2024, 10, 1),
    court_order_reference="JV-0000-FAKE-17",
)

_WORDS = (
    "the child",
    "played",
    "quietly",
    "with",
    "blocks",
    "and",
    "talked",
    "about",
    "school",
    "friends",
    "dinner",
    "homework",
    "reading",
    "smiled",
    "asked",
    "when",
    "next",
    "visit",
    "would",
    "happen",
)


def words(n: int, seed: int = 0) -> str:
    """Deterministic filler prose, numbered so a test can check that every word survived layout."""
    out = []
    for i in range(n):
        out.append(f"{_WORDS[(i * 7 + seed) % len(_WORDS)]}{i}")
        if i % 17 == 16:
            out[-1] += "."
    return " ".join(out) + "."


def context(
    *,
    profile: Profile = Profile.INTERNAL,
    page_size: PageSize = PageSize.LETTER,
    document_id: str = "DOC-SPECIMEN-0001",
    language: str = "en",
) -> PrintContext:
    return PrintContext(
        agency_name="Specimen County Children's Division (TEST DATA)",
        case_number="TEST-2025-00042",
        child_initials="L.P.N.",
        printed_by="Renée Caseworker-Test",
        printed_at=datetime(2025, 3, 28, 16, 5, tzinfo=TZ),
        document_id=document_id,
        profile=profile,
        page_size=page_size,
        people=PEOPLE,
        workers=WORKERS,
        language=language,
    )
