"""The compliance counts in the reader's language: the caseload's header line and its sentences,
the team dashboard's too.

The compliance engine's summary (`domain.compliance.caseload.summary_lines`) is written from one
table of sentences, each whole in its singular and plural so that Spanish agrees ("1 niño no
visto", "3 niños no vistos"); the command line and the print-outs take it in English, the window
through the catalogue here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldcase.ui.i18n import _

if TYPE_CHECKING:
    from fieldcase.domain.compliance.caseload import CaseloadCounts


def summary(counts: CaseloadCounts) -> tuple[str, tuple[str, ...]]:
    """The headline ("3 children not yet seen this month, …") and one sentence per count that
    needs attention."""
    # the compliance engine loads with the first unlock, not with the window
    from fieldcase.domain.compliance.caseload import summary_lines

    return summary_lines(counts, words=_)
