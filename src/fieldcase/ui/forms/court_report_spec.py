"""The court report's form (domain/court_reports.py): the hearing and the period, the sections
composed from the approved record shown read-only as the court will read them, and the caseworker's
assessment and recommendations. The hearing is chosen in the case view ("Write the court report"
on a hearing); the sections are composed when the report is started and again when it is submitted."""

from __future__ import annotations

from fieldcase.ui.forms.spec_types import Field, FormSpec, Section

COURT_REPORT = FormSpec(
    "court_report",
    "Court report",
    (
        Section(
            "The hearing",
            (
                Field(
                    "hearing_id",
                    "Hearing",
                    "hearing",
                    read_only=True,
                    hint="Chosen in the case's Hearings tab. To report on another hearing, start its own report there.",
                ),
                Field(
                    "period_start",
                    "Period from",
                    "date",
                    read_only=True,
                    hint="The day after the last hearing, or the day care began.",
                ),
                Field("period_end", "Period to", "date", read_only=True),
                Field("written_by", "Written by", "user", read_only=True),
            ),
        ),
        Section(
            "What the approved record shows",
            (
                Field(
                    "sections",
                    "Composed sections (read-only)",
                    "court_sections",
                    read_only=True,
                    hint="Composed from the approved records since the last hearing; composed again when you submit, then kept as they are.",
                ),
            ),
        ),
        Section(
            "Your assessment and recommendations",
            (
                Field("assessment", "Your assessment", "multiline"),
                Field("recommendations", "Recommendations to the court", "multiline"),
            ),
        ),
    ),
)
