"""The assessment form (domain/assessments.py). Its items are not fields of the form but data of
the instrument (domain/instruments.py): the "ratings" field is one editor that makes a row per item
of the record's instrument, a choice per item with the scale's anchors as text
(ui/forms/ratings_editor.py)."""

from __future__ import annotations

from fieldcase.ui.forms.spec_types import Field, FormSpec, Section

ASSESSMENT = FormSpec(
    "assessment",
    "Assessment",
    (
        Section(
            "Assessment",
            (
                Field("instrument_id", "Instrument", "instrument", read_only=True),
                Field("child_id", "Child assessed", "child"),
                Field("assessed_on", "Assessed on", "date"),
                Field("rated_by", "Rated by", "user", read_only=True),
            ),
        ),
        Section(
            "Ratings",
            (
                Field(
                    "ratings",
                    "Ratings",
                    "ratings",
                    hint="Rate each item with the youth; a rating marked actionable becomes a need for the next case plan.",
                ),
            ),
        ),
        Section("Notes", (Field("notes", "Notes", "multiline"),)),
    ),
)
