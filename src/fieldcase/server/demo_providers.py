"""The demo office's resource directory: a dozen synthetic providers across the service types and two
invented counties, brought in as an agency's are (the agency import's providers.csv)."""

from __future__ import annotations

#: the demo office's resource directory (providers.csv): invented names, no real organisation
PROVIDERS = (
    (
        "DEMO-PR-01",
        "Synthetic Family Roots Parenting Center",
        "parenting",
        "Synthetic County",
        "Evening classes on Tuesdays and Thursdays.",
    ),
    (
        "DEMO-PR-02",
        "Synthetic Riverside Behavioral Health",
        "mental_health;substance_use",
        "Synthetic County",
        "Spanish-speaking staff; intake by phone.",
    ),
    (
        "DEMO-PR-03",
        "Synthetic Hope House",
        "housing;domestic_violence",
        "Synthetic County",
        "Call intake before noon.",
    ),
    (
        "DEMO-PR-04",
        "Synthetic Valley Clinic",
        "medical",
        "Synthetic County",
        "Walk-in mornings; well-child checks.",
    ),
    (
        "DEMO-PR-05",
        "Synthetic Bridges Independent Living",
        "independent_living;education",
        "Synthetic County",
        "Youth 14 to 21; life-skills classes on Saturdays.",
    ),
    (
        "DEMO-PR-06",
        "Synthetic New Leaf Recovery",
        "substance_use",
        "Synthetic County",
        "Waiting list of about two weeks.",
    ),
    (
        "DEMO-PR-07",
        "Synthetic Tutoring Collective",
        "education",
        "Synthetic County",
        "After-school tutoring at the public library.",
    ),
    (
        "DEMO-PR-08",
        "Synthetic Safe Harbor Shelter",
        "domestic_violence;housing",
        "Synthetic County",
        "24-hour line; location not given out.",
    ),
    (
        "DEMO-PR-09",
        "Synthetic Little Steps Early Childhood",
        "parenting;education",
        "Synthetic County",
        "Home visits for parents of children under 5.",
    ),
    (
        "DEMO-PR-10",
        "Synthetic Northside Counseling",
        "mental_health",
        "Neighbouring Synthetic County",
        "Telehealth sessions available.",
    ),
    (
        "DEMO-PR-11",
        "Synthetic Hilltop Housing Partners",
        "housing",
        "Neighbouring Synthetic County",
        "Deposit help for families reunifying.",
    ),
    (
        "DEMO-PR-12",
        "Synthetic Community Food and Bus Pass Desk",
        "other",
        "Neighbouring Synthetic County",
        "Bus passes for parents going to services.",
    ),
)


def demo_providers() -> list[dict[str, str]]:
    """The rows of the demo agency's providers.csv (fixed: the directory reads the same every time)."""
    return [
        {
            "provider_id": pid,
            "name": name,
            "service_types": types,
            "county": county,
            "address": f"{n * 12} Example Street, Nowhereville",
            "phone": f"555-02{n:02d}",
            "notes": notes,
            "active": "yes",
        }
        for n, (pid, name, types, county, notes) in enumerate(PROVIDERS, start=1)
    ]


def provider_name(agency_id: str) -> str:
    """The directory's name of a provider, by its id in providers.csv."""
    return next(p[1] for p in PROVIDERS if p[0] == agency_id)
