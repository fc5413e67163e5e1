"""Every field-record kind of the registry (domain/kinds.py) is printed, started, read and worded:
the per-kind tables the screens dispatch through have a row for it, so a new kind that is added to
the registry and forgotten in one of them fails here rather than in a caseworker's hands
("This kind of record does not print on its own", a "New …" that makes a trip)."""

from __future__ import annotations

import pytest

from fieldcase.domain import kinds
from fieldcase.domain.workflow import Status
from fieldcase.services.field_records import ProposalKept
from fieldcase.services.new_records import STARTS
from fieldcase.services.printouts import PRINTED_ELSEWHERE, PRINTOUTS
from fieldcase.ui import i18n
from fieldcase.ui.forms.spec import SPECS
from fieldcase.ui.kept_messages import KEPT_MESSAGES, kept_message
from fieldcase.ui.new_records import NEW_RECORDS, STARTED_ELSEWHERE

FIELD_RECORDS = kinds.kinds_of(kinds.Family.FIELD_RECORD)


@pytest.mark.parametrize("kind", FIELD_RECORDS)
def test_every_field_record_prints_on_its_own_or_in_another_document(kind: str) -> None:
    assert (kind in PRINTOUTS) != (kind in PRINTED_ELSEWHERE), (
        f"{kind}: a row in services/printouts.py PRINTOUTS or PRINTED_ELSEWHERE"
    )
    if kind in PRINTOUTS:
        assert callable(PRINTOUTS[kind].prepare()), (
            f"{kind}: its preparer {PRINTOUTS[kind].preparer!r} is not a function"
        )


@pytest.mark.parametrize("kind", FIELD_RECORDS)
def test_every_field_record_is_started_from_the_record_menu_or_elsewhere(kind: str) -> None:
    assert kind in STARTS, f"{kind}: no row in services/new_records.py STARTS"
    offered = {new.kind for new in NEW_RECORDS}
    assert (kind in offered) != (kind in STARTED_ELSEWHERE), (
        f"{kind}: a row in ui/new_records.py NEW_RECORDS or STARTED_ELSEWHERE"
    )


@pytest.mark.parametrize("kind", FIELD_RECORDS)
def test_every_field_record_has_a_form_whose_labels_the_supervisors_reader_uses(kind: str) -> None:
    assert kind in SPECS, (
        f"{kind}: no form in ui/forms/spec.py SPECS (the record's form and the reader's labels)"
    )


@pytest.mark.parametrize("kind", FIELD_RECORDS)
@pytest.mark.parametrize("status", [Status.APPROVED, Status.VOIDED])
def test_words_typed_as_a_sync_approved_or_voided_the_record_are_told_with_its_own_noun(
    kind: str, status: Status
) -> None:
    """A collateral contact approved as the caseworker typed was "This visit was approved…"."""
    kept = ProposalKept("r1", kind, status, ("summary",), "m1")
    english = kept_message(kept)
    assert english.startswith(
        f"This {kinds.noun(kind)} was {status.value} while you were typing."
    ), english
    i18n.install(None, "es")
    try:
        assert kept_message(kept) != english, f"{kind}: no Spanish in resources/translations/es.po"
    finally:
        i18n.install(None, "en")


def test_the_tables_name_only_kinds_of_the_registry() -> None:
    rows = {
        *PRINTOUTS,
        *PRINTED_ELSEWHERE,
        *STARTS,
        *STARTED_ELSEWHERE,
        *(new.kind for new in NEW_RECORDS),
        *SPECS,
        *KEPT_MESSAGES,
    }
    assert rows <= set(FIELD_RECORDS)
