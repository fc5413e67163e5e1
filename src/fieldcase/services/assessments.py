"""What the screens ask about assessments (domain/assessments.py): a new one for a child, the
instruments to offer, a child's ratings over time (the chart), and the actionable items offered as
needs for the next case-plan version."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from fieldcase.domain.assessments import COUNTED, Assessment, Need, Rating
from fieldcase.domain.assessments import actionable_needs as needs_in
from fieldcase.domain.ids import new_id
from fieldcase.domain.instruments import Instrument
from fieldcase.domain.people import PersonRole, age_in_years
from fieldcase.services.instruments import Loaded, for_store

if TYPE_CHECKING:
    from fieldcase.store.store import Store

KIND = "assessment"


def instruments_for(store: Store) -> Loaded:
    return for_store(store)


def new_assessment(
    store: Store,
    *,
    case_id: str,
    user_id: str,
    today: date,
    instrument_id: str | None = None,
    child_id: str | None = None,
) -> Assessment:
    """A draft with a row per item of the instrument (the independent-living checklist unless
    another is named; the latest version on this laptop), for the case's only child (or the eldest
    the instrument applies to) unless one is named."""
    loaded = for_store(store)
    instrument = loaded.find(instrument_id or "independent_living_skills") or (
        loaded.instruments[0] if loaded.instruments else None
    )
    if child_id is None:
        children = [
            p
            for p in store.repository("person").list(case_id=case_id)
            if p.role is PersonRole.CHILD
        ]
        fits = [
            c
            for c in children
            if instrument is None
            or instrument.minimum_age is None
            or (
                c.date_of_birth is not None
                and age_in_years(c.date_of_birth, today) >= instrument.minimum_age
            )
        ]
        fits.sort(key=lambda c: c.date_of_birth or date.max)
        child_id = fits[0].id if fits else (children[0].id if len(children) == 1 else None)
    return Assessment(
        id=new_id(),
        case_id=case_id,
        created_by=user_id,
        rated_by=user_id,
        assessed_on=today,
        child_id=child_id,
        instrument_id=instrument.id if instrument else "",
        instrument_version=instrument.version if instrument else "",
        ratings=tuple(Rating(item_id=item.id) for _d, item in instrument.items())
        if instrument
        else (),
    )


def _assessments(store_or_records: Any, child_id: str) -> list[Assessment]:
    if hasattr(store_or_records, "repository"):
        return [a for a in store_or_records.repository(KIND).list() if a.child_id == child_id]
    return [a for a in store_or_records if isinstance(a, Assessment) and a.child_id == child_id]


def actionable_needs(
    store_or_records: Any, child_id: str, instruments: Iterable[Instrument] | None = None
) -> list[Need]:
    """The actionable items of the child's latest assessment with each instrument (rated at or above
    the instrument's actionable rating): the needs a new case-plan version is offered. Reads the
    store (or takes the records given); the laptop's instruments unless `instruments` are given."""
    if instruments is None:
        if not hasattr(store_or_records, "repository"):
            raise TypeError("give the instruments with a list of records")
        instruments = for_store(store_or_records).instruments
    return needs_in(_assessments(store_or_records, child_id), child_id, tuple(instruments))


@dataclass(frozen=True)
class RatedDomain:
    domain_id: str
    name: str
    #: the mean rating of the domain's rated items (None: none rated)
    mean: float | None
    actionable: int  # how many of its items are actionable


@dataclass(frozen=True)
class RatingPoint:
    """One assessment of the child with an instrument, for the chart."""

    assessment_id: str
    on: date
    status: str
    domains: tuple[RatedDomain, ...]
    actionable: int


@dataclass(frozen=True)
class RatingHistory:
    instrument_id: str
    instrument_name: str
    lowest: int
    highest: int
    actionable_from: int
    points: tuple[RatingPoint, ...]  # oldest first


def rating_history(
    store_or_records: Any, child_id: str, *, instrument: Instrument, language: str = "en"
) -> RatingHistory:
    """The child's assessments with `instrument` that happened (not drafts, not voided), oldest first,
    each as a mean rating per domain: what the chart draws."""
    points = []
    done = sorted(
        (
            a
            for a in _assessments(store_or_records, child_id)
            if a.instrument_id == instrument.id
            and a.status in COUNTED
            and a.assessed_on is not None
        ),
        key=lambda a: (a.assessed_on, a.id),
    )
    for a in done:
        domains = []
        for domain in instrument.domains:
            values = [r for item in domain.items if (r := a.rating_of(item.id)) is not None]
            domains.append(
                RatedDomain(
                    domain.id,
                    domain.name.in_language(language),
                    sum(values) / len(values) if values else None,
                    sum(instrument.is_actionable(v) for v in values),
                )
            )
        points.append(
            RatingPoint(
                a.id,
                a.assessed_on,  # type: ignore[arg-type]  # `done` keeps dated assessments only
                a.status.value,
                tuple(domains),
                sum(d.actionable for d in domains),
            )
        )
    return RatingHistory(
        instrument.id,
        instrument.name.in_language(language),
        min(instrument.ratings),
        max(instrument.ratings),
        instrument.actionable_from,
        tuple(points),
    )
