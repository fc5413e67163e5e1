"""The composed sections of a court report in words: headings, label/value facts, tables and notes,
in the language of the document being built (`language.speaking`).

No PDF here: the printout (court_report.py) lays these out with reportlab, and the form's preview
(services/court_reports.preview_sections) shows the same words in the window, so what the
caseworker reads while writing is what the court will read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from fieldcase.domain.court_reports import ComposedSections, MissingFact, WellBeingNote

from . import formatting as fmt
from .language import _

Names = Callable[[str | None], str]
Scrub = Callable[[str | None], str | None]


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # shares of the page width


@dataclass(frozen=True, slots=True)
class Part:
    """One section: a heading, then facts (label, value), tables and notes, in that order."""

    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    level: int = 1


#: what the record does not hold, said as such (domain.court_reports.MissingFact)
MISSING_WORDS = {
    MissingFact.NO_CASE_PLAN: "No approved case plan is on file: services and progress cannot be listed from it.",
    MissingFact.NO_HEALTH_NOTES: "No approved visit in this period recorded the child's health.",
    MissingFact.NO_EDUCATION_NOTES: "No approved visit in this period recorded the child's education.",
    MissingFact.NO_FAMILY_TIME_PLAN: "No visitation plan was in effect in this period.",
    MissingFact.NO_PLACEMENT: "No placement is recorded in this period.",
    MissingFact.COLLATERAL_CONTACTS_NOT_RECORDED: "Collateral contacts (school, therapist, doctor, guardian ad litem, CASA) are not recorded in fieldcase yet.",
    MissingFact.NO_COLLATERAL_CONTACTS: "No approved contact with the school, a therapist, a doctor, the guardian ad litem or CASA in the period.",
}


def _n(value: int | None) -> str:
    return fmt.NOT_RECORDED if value is None else str(value)


def _placements(sections: ComposedSections, person: Names, scrub: Scrub) -> list[Part]:
    out = [Part(_("Placement and stability"))]
    for facts in sections.placements:
        current = next((s for s in reversed(facts.stays) if s.ends_on is None), None)
        part = Part(
            person(facts.child_id),
            level=2,
            facts=[
                (
                    _("Current placement"),
                    f"{current.provider_name} ({fmt.label(current.provider_kind)})"
                    if current
                    else fmt.NOT_RECORDED,
                ),
                (_("Days in the current placement"), _n(facts.days_in_current)),
                (_("Moves in this period"), str(facts.moves_in_period)),
                (_("Placements since entering care"), str(facts.placements_since_entry)),
            ],
        )
        part.tables.append(
            Table(
                (_("From"), _("To"), _("Provider"), _("Type"), _("Reason for the change")),
                tuple(
                    (
                        fmt.day(s.starts_on),
                        fmt.day(s.ends_on) if s.ends_on else _("to date"),
                        s.provider_name or fmt.NOT_RECORDED,
                        fmt.label(s.placement_type or s.provider_kind),
                        scrub(s.reason_for_change) or fmt.NOT_RECORDED,
                    )
                    for s in facts.stays
                ),
                (0.14, 0.14, 0.24, 0.18, 0.30),
            )
        )
        out.append(part)
    if MissingFact.NO_PLACEMENT in sections.missing:
        out[0].notes.append(_(MISSING_WORDS[MissingFact.NO_PLACEMENT]))
    return out


def _family_time(sections: ComposedSections, person: Names) -> list[Part]:
    out = [Part(_("Visits and family time"))]
    for plan in sections.family_time:
        who = ", ".join(person(p) for p in plan.participants) or fmt.NOT_RECORDED
        out.append(
            Part(
                _("Visitation plan: {who}").format(who=who),
                level=2,
                facts=[
                    (_("How often"), fmt.label(plan.frequency)),
                    (_("Supervision"), fmt.label(plan.supervision_level)),
                    (_("Visits planned"), _n(plan.planned)),
                    (_("Visits held"), str(plan.held)),
                    (_("Ended early"), str(plan.ended_early)),
                    (_("Cancelled by the family"), str(plan.cancelled_by_family)),
                    (_("Cancelled by the agency"), str(plan.cancelled_by_agency)),
                    (_("Cancelled by the provider"), str(plan.cancelled_by_provider)),
                    (_("Parent no-shows"), str(plan.parent_no_shows)),
                    (_("Child unable or refused"), str(plan.child_unable + plan.child_refused)),
                    (_("Rescheduled"), str(plan.rescheduled)),
                    (
                        _("Months below the monthly minimum"),
                        ", ".join(plan.months_below_minimum) or _("none"),
                    ),
                ],
            )
        )
    if MissingFact.NO_FAMILY_TIME_PLAN in sections.missing:
        out[0].notes.append(_(MISSING_WORDS[MissingFact.NO_FAMILY_TIME_PLAN]))
    out.append(
        Part(
            _("Family visits in this period"),
            level=2,
            tables=[
                Table(
                    (_("Date"), _("Outcome"), _("Why it did not happen"), _("Supervision")),
                    tuple(
                        (
                            fmt.day(v.on),
                            fmt.label(v.outcome),
                            fmt.label(v.reason) if v.reason else "",
                            fmt.label(v.supervision_level),
                        )
                        for v in sections.family_visits
                    ),
                    (0.2, 0.3, 0.3, 0.2),
                )
            ],
        )
    )
    out.append(
        Part(
            _("Caseworker visits in this period"),
            level=2,
            tables=[
                Table(
                    (_("Date"), _("How"), _("Where"), _("Children seen"), _("Seen privately")),
                    tuple(
                        (
                            fmt.day(v.on),
                            fmt.label(v.method),
                            fmt.label(v.location_type),
                            ", ".join(person(c) for c in v.children_seen) or _("none"),
                            ", ".join(person(c) for c in v.children_seen_privately) or _("none"),
                        )
                        for v in sections.caseworker_visits
                    ),
                    (0.15, 0.17, 0.24, 0.22, 0.22),
                )
            ],
        )
    )
    return out


def _timeframe(starts_on, ends_by) -> str:
    if starts_on is None and ends_by is None:
        return fmt.NOT_RECORDED
    return (
        f"{fmt.day(starts_on) if starts_on else ''} – {fmt.day(ends_by) if ends_by else ''}".strip()
    )


def _services(sections: ComposedSections, person: Names, scrub: Scrub) -> list[Part]:
    part = Part(_("Services and progress"))
    if MissingFact.NO_CASE_PLAN in sections.missing:
        part.notes.append(_(MISSING_WORDS[MissingFact.NO_CASE_PLAN]))
        return [part]
    part.facts.extend(
        [
            (
                _("Case plan"),
                _("Version {version} of {day}").format(
                    version=sections.case_plan_version or "?", day=fmt.day(sections.case_plan_date)
                ),
            ),
            (_("Permanency goal"), fmt.label(sections.permanency_goal)),
            (_("Concurrent goal"), fmt.label(sections.concurrent_goal)),
        ]
    )

    def who(ref: str | None) -> str:
        if not ref:
            return fmt.NOT_RECORDED
        named = person(ref)
        return scrub(ref) or ref if named == _("(not on file)") else named

    part.tables.append(
        Table(
            (_("Service"), _("Provider"), _("Responsible"), _("Timeframe"), _("Progress")),
            tuple(
                (
                    scrub(s.service) or "",
                    scrub(s.provider) or fmt.NOT_RECORDED,
                    who(s.responsible),
                    _timeframe(s.starts_on, s.ends_by),
                    " — ".join(
                        x
                        for x in (
                            fmt.label(s.progress) if s.progress else _("not reviewed yet"),
                            scrub(s.progress_notes),
                        )
                        if x
                    ),
                )
                for s in sections.services
            ),
            (0.24, 0.18, 0.16, 0.16, 0.26),
        )
    )
    for goal in sections.goals:
        part.notes.append(
            f"{scrub(goal.goal)}: "
            + " — ".join(
                x
                for x in (
                    fmt.label(goal.progress) if goal.progress else _("not reviewed yet"),
                    scrub(goal.notes),
                )
                if x
            )
        )
    return [part]


def _notes(
    title: str,
    notes: tuple[WellBeingNote, ...],
    missing: MissingFact,
    sections: ComposedSections,
    person: Names,
    scrub: Scrub,
) -> Part:
    part = Part(title, level=2)
    for note in notes:
        part.notes.append(
            f"{fmt.day(note.on)} — {person(note.child_id)}: {scrub(note.note) or _('covered in the visit; no note written')}"
        )
    if missing in sections.missing:
        part.notes.append(_(MISSING_WORDS[missing]))
    return part


def _compliance(sections: ComposedSections, person: Names) -> list[Part]:
    out = [Part(_("Compliance: monthly caseworker visits"))]
    for figures in sections.monthly_visits:
        out.append(
            Part(
                person(figures.child_id),
                level=2,
                facts=[
                    (_("Months in care in this period"), str(figures.months_in_care)),
                    (_("Months with a face-to-face visit"), str(figures.months_seen)),
                    (_("Of which in the child's residence"), str(figures.months_seen_in_residence)),
                    (_("Of which with private time"), str(figures.months_seen_privately)),
                    (_("Months without a visit"), ", ".join(figures.months_missed) or _("none")),
                ],
            )
        )
    return out


def section_parts(
    sections: ComposedSections, *, person: Names, scrub: Scrub = lambda text: text
) -> list[Part]:
    """Every composed section, in the order the court reads them. `person` names a person id as the
    profile may show it; `scrub` takes restricted text out of free text (redaction.Redaction.text)."""
    parts = (
        _placements(sections, person, scrub)
        + _family_time(sections, person)
        + _services(sections, person, scrub)
    )
    parts.append(Part(_("Health and education")))
    parts.append(
        _notes(_("Health"), sections.health, MissingFact.NO_HEALTH_NOTES, sections, person, scrub)
    )
    parts.append(
        _notes(
            _("Education"),
            sections.education,
            MissingFact.NO_EDUCATION_NOTES,
            sections,
            person,
            scrub,
        )
    )
    parts += _compliance(sections, person)
    collateral = Part(_("Collateral contacts"))
    for line in sections.collateral_contacts:
        who = ", ".join(
            x for x in (fmt.label(line.role) if line.role else "", scrub(line.party) or "") if x
        )
        how = f" ({fmt.label(line.method)})" if line.method else ""
        collateral.notes.append(f"{fmt.day(line.on)} — {who}{how}: {scrub(line.summary) or ''}")
    for fact in (MissingFact.NO_COLLATERAL_CONTACTS, MissingFact.COLLATERAL_CONTACTS_NOT_RECORDED):
        if fact in sections.missing:
            collateral.notes.append(_(MISSING_WORDS[fact]))
    parts.append(collateral)
    return parts


def as_text(parts: list[Part]) -> str:
    """The parts as plain text (the form's read-only preview)."""
    lines: list[str] = []
    for part in parts:
        lines.append(("■ " if part.level == 1 else "  ▸ ") + part.title)
        indent = "    " if part.level == 1 else "      "
        lines += [f"{indent}{label}: {value}" for label, value in part.facts]
        for table in part.tables:
            if not table.rows:
                lines.append(indent + _("None in this period."))
            lines += [indent + " · ".join(cell for cell in row if cell) for row in table.rows]
        lines += [indent + note for note in part.notes]
    return "\n".join(lines)
