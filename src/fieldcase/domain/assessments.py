"""An assessment: one rating of a child with an instrument (domain/instruments.py) — the shipped
independent-living skills checklist, or a licensed pack the agency loads (docs/assessments.md).

The record keeps the instrument's id and version, not its texts: the questions belong to the
instrument, the answers to the child. It has the field records' workflow (draft → submitted →
approved / returned). Items rated at or above the instrument's actionable rating are needs the next
case-plan version should address (`actionable_needs`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from .field_record import FieldRecord
from .instruments import Instrument, Text, find
from .problems import Problem, blank
from .safe_repr import record_repr
from .workflow import Status


@dataclass(frozen=True, slots=True, kw_only=True)
class Rating:
    """One item's rating (None: not rated yet) and what the rater noted about it."""

    item_id: str
    rating: int | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Assessment(FieldRecord):
    __repr__ = record_repr  # no personal data in logs and tracebacks

    instrument_id: str = ""
    instrument_version: str = ""
    child_id: str | None = None
    assessed_on: date | None = None
    rated_by: str | None = None
    ratings: tuple[Rating, ...] = ()
    notes: str | None = None

    def rating_of(self, item_id: str) -> int | None:
        return next((r.rating for r in self.ratings if r.item_id == item_id), None)


#: an assessment that happened: every state but a draft (not finished) and a voided one (a mistake)
COUNTED = frozenset({Status.SUBMITTED, Status.RETURNED, Status.APPROVED})


def assessment_problems(
    assessment: Assessment,
    *,
    for_submit: bool,
    instrument: Instrument | None = None,
    rater_role: str | None = None,
) -> list[Problem]:
    """What stops the assessment being saved (a rating off the scale, an item twice) or submitted
    (no child, no date, an item not rated). Without its `instrument` (the server, or a laptop that
    lacks the pack) only what the record itself shows is checked."""
    found: list[Problem] = []
    seen: set[str] = set()
    for i, row in enumerate(assessment.ratings):
        if row.item_id in seen:
            found.append(
                Problem.of(f"ratings[{i}].item_id", "Item {number} is rated twice.", number=i + 1)
            )
        seen.add(row.item_id)
        if instrument is not None:
            if instrument.item(row.item_id) is None:
                found.append(
                    Problem.of(
                        f"ratings[{i}].item_id",
                        "Item {number} is not in this version of the instrument.",
                        number=i + 1,
                    )
                )
            elif row.rating is not None and row.rating not in instrument.ratings:
                found.append(
                    Problem.of(
                        f"ratings[{i}].rating",
                        "Item {number}: choose one of the scale's ratings.",
                        number=i + 1,
                    )
                )
        elif row.rating is not None and row.rating < 0:
            found.append(
                Problem.of(
                    f"ratings[{i}].rating",
                    "Item {number}: choose one of the scale's ratings.",
                    number=i + 1,
                )
            )
    if instrument is not None and rater_role is not None and not instrument.may_rate(rater_role):
        found.append(
            Problem(
                "rated_by",
                "Your role may not rate this instrument; ask who the agency named to rate it.",
            )
        )
    if for_submit:
        if blank(assessment.instrument_id) or blank(assessment.instrument_version):
            found.append(Problem("instrument_id", "Choose the instrument."))
        if blank(assessment.child_id):
            found.append(Problem("child_id", "Choose the child assessed."))
        if assessment.assessed_on is None:
            found.append(Problem("assessed_on", "Give the day of the assessment."))
        if not assessment.ratings:
            found.append(Problem("ratings", "Rate the items."))
        if instrument is not None:
            order = {item.id: n for n, (_d, item) in enumerate(instrument.items(), start=1)}
            rated = {r.item_id for r in assessment.ratings if r.rating is not None}
            for item_id, number in order.items():
                if item_id not in rated:
                    index = next(
                        (i for i, r in enumerate(assessment.ratings) if r.item_id == item_id), None
                    )
                    field = f"ratings[{index}].rating" if index is not None else "ratings"
                    found.append(
                        Problem.of(field, "Item {number} is not rated yet.", number=number)
                    )
        elif any(r.rating is None for r in assessment.ratings):
            found.append(Problem("ratings", "Rate every item."))
    return found


@dataclass(frozen=True, slots=True)
class Need:
    """An actionable item of a child's latest assessment: a need for the next case-plan version."""

    child_id: str
    instrument_id: str
    instrument_version: str
    item_id: str
    domain: Text
    item: Text
    rating: int
    anchor: Text | None
    assessed_on: date | None
    assessment_id: str
    note: str | None = None

    def words(self, language: str = "en") -> str:
        """ "Money management — Keeps a budget for a month (2: Needs help)", in one language."""
        anchor = f": {self.anchor.in_language(language)}" if self.anchor else ""
        return f"{self.domain.in_language(language)} — {self.item.in_language(language)} ({self.rating}{anchor})"


def latest_assessments(assessments: Iterable[Assessment], child_id: str) -> dict[str, Assessment]:
    """Per instrument, the child's latest assessment that happened (not a draft, not voided)."""
    latest: dict[str, Assessment] = {}
    for a in assessments:
        if a.child_id != child_id or a.status not in COUNTED or a.assessed_on is None:
            continue
        held = latest.get(a.instrument_id)
        if held is None or (a.assessed_on, a.id) > (held.assessed_on, held.id):
            latest[a.instrument_id] = a
    return latest


def actionable_needs(
    assessments: Iterable[Assessment],
    child_id: str,
    instruments: Mapping[tuple[str, str], Instrument] | Iterable[Instrument],
) -> list[Need]:
    """The items rated at or above their instrument's actionable rating in the child's latest
    assessment with each instrument, in the instrument's order. An assessment whose instrument
    version is not on this laptop offers nothing (its items and threshold are unknown)."""
    pool = list(instruments.values()) if isinstance(instruments, Mapping) else list(instruments)
    needs: list[Need] = []
    for instrument_id, assessment in sorted(latest_assessments(assessments, child_id).items()):
        instrument = find(pool, instrument_id, assessment.instrument_version)
        if instrument is None:
            continue
        notes = {r.item_id: r.note for r in assessment.ratings}
        for domain, item in instrument.items():
            rating = assessment.rating_of(item.id)
            if rating is not None and instrument.is_actionable(
                rating
            ):  # (an actionable rating is never None)
                anchor = instrument.anchor(rating)
                needs.append(
                    Need(
                        child_id,
                        instrument.id,
                        instrument.version,
                        item.id,
                        domain.name,
                        item.text,
                        rating,
                        anchor.label if anchor else None,
                        assessment.assessed_on,
                        assessment.id,
                        notes.get(item.id),
                    )
                )
    return needs
