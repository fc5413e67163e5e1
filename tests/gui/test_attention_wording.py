"""Needs attention words every item with a fixed sentence itself, in the user's language and with the
entry's noun (visit / family visit / trip), from the item's topic, kind and code — never the English
message the store keeps (the command line prints that). Data stays as it came: a supervisor's
return reason, a server's own reason for refusing a change. Items of a kind not known here show
their stored text; rows stored by earlier versions read the new way too."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import insert

from fieldcase.services import sync as sync_service
from fieldcase.services.sync import AttentionItem
from fieldcase.store.tables import attention
from fieldcase.ui import i18n
from fieldcase.ui.attention import AttentionDialog, item_text


@pytest.fixture
def spanish(monkeypatch):
    monkeypatch.setattr(i18n, "_catalogue", i18n.load_catalogue("es"))


def _item(
    topic: str,
    kind: str | None = "home_visit",
    details: dict | None = None,
    message: str = "stored English",
) -> AttentionItem:
    return AttentionItem(
        "a1", topic, kind, "r1", message, "2026-05-28T16:40:00+00:00", details or {}
    )


def test_each_kind_of_item_reads_in_spanish(spanish):
    said = {
        (
            "approved",
            "home_visit",
        ): "Aprobado: Su supervisor/a aprobó esta visita; ahora es de solo lectura.",
        (
            "approved",
            "visitation_entry",
        ): "Aprobado: Su supervisor/a aprobó esta visita familiar; ahora es de solo lectura.",
        (
            "approved",
            "transport_trip",
        ): "Aprobado: Su supervisor/a aprobó este traslado; ahora es de solo lectura.",
        ("voided", "transport_trip"): "Anulado: El cambio se guardó, pero este traslado se anuló.",
        (
            "voided",
            "visitation_entry",
        ): "Anulado: El cambio se guardó, pero esta visita familiar se anuló.",
        (
            "question",
            "transport_trip",
        ): "Pregunta: Hay una pregunta sobre su traslado aprobado. Ábralo para leer y responder la pregunta.",
        ("returned", "transport_trip"): (
            "Devuelto: Su supervisor/a devolvió este traslado. Vuelva a abrirlo como borrador, haga los "
            "cambios y envíelo de nuevo."
        ),
        (
            "approved",
            "case_plan",
        ): "Aprobado: Su supervisor/a aprobó este plan del caso; ahora es de solo lectura.",
        ("returned", "case_plan"): (
            "Devuelto: Su supervisor/a devolvió este plan del caso. Vuelva a abrirlo como borrador, haga los "
            "cambios y envíelo de nuevo."
        ),
    }
    for (topic, kind), text in said.items():
        assert item_text(_item(topic, kind)) == text
    # the supervisor's reason is theirs: shown as written
    assert item_text(_item("returned", "home_visit", {"reason": "Add the school's name."})) == (
        "Devuelto: Su supervisor/a devolvió esta visita. Vuelva a abrirla como borrador, haga los cambios y envíela de nuevo. "
        "Motivo: Add the school's name."
    )
    assert item_text(
        _item("conflict", "visitation_entry", {"narrative": True, "conflict_id": "c1"})
    ) == (
        "Conflicto: Se escribieron dos versiones distintas del mismo texto en esta visita familiar; se guardan las dos. "
        "Elija una o combínelas."
    )
    assert item_text(_item("conflict", "person", {"field": "phone", "conflict_id": "c1"})) == (
        "Conflicto: Otra persona cambió el mismo campo de este registro; el servidor guardó el valor de esa persona y el suyo "
        "se guarda aquí."
    )
    assert item_text(_item("stale", "home_visit", {"code": "stale_revision"})) == (
        "Desactualizado: La visita cambió después de que usted la revisara; revise la última versión antes de aprobarla."
    )
    assert item_text(_item("deferred", "home_visit", {"code": "case_reassigned"})) == (
        "En espera: Este caso ya no es suyo; el cambio se envió a su supervisor/a."
    )
    assert (
        item_text(_item("quarantined", "home_visit", {"code": "not_found"}))
        == "No aceptado: No se encontró este registro o caso."
    )
    assert item_text(
        _item(
            "quarantined",
            "home_visit",
            {"code": "invalid"},
            "The server did not accept this change; it is kept for review.",
        )
    ) == ("No aceptado: El servidor no aceptó este cambio; se guarda para revisarlo.")
    # a server's own reason (free text) is shown as it came
    assert item_text(
        _item(
            "quarantined",
            "home_visit",
            {"code": "unknown_field"},
            "The edit names fields a visit does not have: mood.",
        )
    ) == ("No aceptado: The edit names fields a visit does not have: mood.")
    removed = {
        ("case",): "La agencia quitó un caso del servidor; ya no está en este portátil.",
        ("case", "home_visit", "home_visit", "person"): (
            "La agencia quitó un caso del servidor; el caso y sus registros "
            "(una persona y 2 visitas) ya no están en este portátil."
        ),
        (
            "transport_trip",
        ): "La agencia quitó del servidor un traslado de un caso; ya no está en este portátil.",
        ("visitation_entry", "visitation_entry", "placement", "mystery"): (
            "La agencia quitó del servidor una colocación, 2 visitas familiares y un registro de un caso; ya no están en este portátil."
        ),
    }
    for kinds, text in removed.items():
        records = {f"r{i}": k for i, k in enumerate(kinds)}
        assert (
            item_text(_item("removed", "case", {"case_id": "c1", "records": records}))
            == f"Ya no está en su carga de casos: {text}"
        )


def test_each_kind_of_item_reads_in_english_with_its_noun():
    assert (
        item_text(_item("approved", "visitation_entry"))
        == "Approved: Your supervisor approved this family visit; it is now read-only."
    )
    assert item_text(
        _item(
            "voided",
            "home_visit",
            message="The change was saved, but this visitation entry was voided.",
        )
    ) == ("Voided: The change was saved, but this visit was voided.")
    assert item_text(
        _item(
            "removed", "case", {"case_id": "c1", "records": {"a": "home_visit", "b": "home_visit"}}
        )
    ) == (
        "Moved off your caseload: The agency removed 2 visits of a case from the server; they are no longer on this laptop."
    )


def test_an_item_of_a_kind_not_known_here_shows_its_stored_text(spanish):
    assert item_text(
        _item("approved", "mystery", message="Your supervisor approved this record.")
    ) == ("Aprobado: Your supervisor approved this record.")
    assert item_text(
        _item("quarantined", "home_visit", {"code": "brand_new"}, "A reason from a newer server.")
    ) == ("No aceptado: A reason from a newer server.")
    assert (
        item_text(_item("deferred", "home_visit", {}, "Held for a reason."))
        == "En espera: Held for a reason."
    )
    assert item_text(_item("removed", "case", {}, "The agency removed something.")) == (
        "Ya no está en su carga de casos: The agency removed something."
    )
    assert (
        item_text(_item("someday", "home_visit", {}, "Something new.")) == "someday: Something new."
    )


def test_rows_stored_by_earlier_versions_read_in_spanish(store, spanish, qtbot):
    """Rows as the store keeps them, with the English (sometimes the server's) message of the day
    they came: the list reads them in Spanish, never that message."""
    rows = [
        (
            "voided",
            "visitation_entry",
            "The change was saved, but this visitation entry was voided.",
            {},
        ),
        (
            "question",
            "home_visit",
            "A question about your approved visit. Open it to read and answer the question.",
            {},
        ),
        (
            "returned",
            "transport_trip",
            "Your supervisor returned this trip. Reopen it as a draft, make the changes and submit it again.",
            {"reason": "Mileage is missing."},
        ),
        (
            "conflict",
            "home_visit",
            "Someone else changed the same field of this visit; the server kept their value and yours is kept here.",
            {"conflict_id": "c1", "field": "observations"},
        ),
        (
            "deferred",
            "home_visit",
            "This record was removed from the server; the change was kept for review.",
            {"code": "purged"},
        ),
        (
            "removed",
            "case",
            "The agency removed a visitation entry of a case from the server; it is no longer on this laptop.",
            {"case_id": "k1", "records": {"r9": "visitation_entry"}},
        ),
    ]
    with store.transaction() as connection:
        for n, (topic, kind, message, details) in enumerate(rows):
            connection.execute(
                insert(attention).values(
                    id=f"old-{n}",
                    topic=topic,
                    record_kind=kind,
                    record_id=f"r{n}",
                    mutation_id=None,
                    message=message,
                    details=json.dumps(details),
                    created_at=f"2026-05-2{n}T10:00:00+00:00",
                )
            )
    items = {i.id: i for i in sync_service.needs_attention(store)}
    texts = [item_text(items[f"old-{n}"]) for n in range(len(rows))]
    assert texts == [
        "Anulado: El cambio se guardó, pero esta visita familiar se anuló.",
        "Pregunta: Hay una pregunta sobre su visita aprobada. Ábrala para leer y responder la pregunta.",
        (
            "Devuelto: Su supervisor/a devolvió este traslado. Vuelva a abrirlo como borrador, haga los cambios y envíelo de nuevo. "
            "Motivo: Mileage is missing."
        ),
        "Conflicto: Otra persona cambió el mismo campo de esta visita; el servidor guardó el valor de esa persona y el suyo se guarda aquí.",
        "En espera: Este registro se quitó del servidor; el cambio se guardó para revisarlo.",
        "Ya no está en su carga de casos: La agencia quitó del servidor una visita familiar de un caso; ya no está en este portátil.",
    ]
    dialog = AttentionDialog(list(items.values()))
    qtbot.addWidget(dialog)
    shown = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert sorted(shown) == sorted(texts)
    assert not any(message in line for line in shown for _t, _k, message, _d in rows)


def test_a_change_refused_for_a_hostile_value_reads_in_spanish(spanish):
    """Issue 16: a change with a value the protocol refuses (refused by the server, or already on the
    laptop) says so in the user's language, not in the server's English."""
    server = _item(
        "quarantined",
        "home_visit",
        {"code": "invalid_value"},
        "This change holds a value the server does not accept (fields); it was not applied.",
    )
    assert item_text(server) == (
        "No aceptado: Este cambio contiene un valor que el servidor no acepta (un número demasiado grande o un carácter de control "
        "en el texto); se guarda aquí para revisarlo."
    )
    local = _item(
        "quarantined",
        "home_visit",
        {"code": "malformed_locally"},
        "This change could not be put into the form the server expects; it is kept here for review.",
    )
    assert (
        item_text(local)
        == "No aceptado: Este cambio no se pudo expresar en la forma que espera el servidor; se guarda aquí para revisarlo."
    )


def test_kept_attachment_and_work_of_a_case_that_left_read_in_both_languages(spanish, monkeypatch):
    """Issue 16: a photo the server refused is kept on the laptop and said so; a proposal (or a change
    sent to the supervisor) stays told after its case left the laptop, and says the case left."""
    kept = AttentionItem(
        "a2",
        "attachment_kept",
        None,
        None,
        "stored English",
        "2026-05-28T16:40:00+00:00",
        {"sha256": "0" * 64},
    )
    assert item_text(kept) == (
        "Adjunto guardado en este portátil: Una foto o un documento adjuntado en este portátil no se pudo subir: el servidor lo "
        "rechazó. Se guarda en este portátil y se vuelve a subir en cada sincronización; avise a su supervisor/a si esto continúa."
    )
    gone = _item("deferred", "home_visit", {"code": "case_reassigned", "case_removed": True})
    assert item_text(gone) == (
        "En espera: Este caso ya no es suyo; el cambio se envió a su supervisor/a. "
        "El caso ya no está en su carga de casos, así que ya no está en este portátil."
    )
    proposal = _item("addendum", "home_visit", {"addendum_id": "p1", "case_removed": True})
    assert item_text(proposal).endswith(
        "El caso ya no está en su carga de casos, así que ya no está en este portátil."
    )
    monkeypatch.setattr(i18n, "_catalogue", {})
    assert item_text(kept).startswith(
        "Attachment kept on this laptop: A photo or document attached on this laptop could not be uploaded"
    )
    assert item_text(proposal).endswith(
        "The case is no longer on your caseload, so it is no longer on this laptop."
    )


def test_every_kind_of_the_registry_reads_in_spanish_with_its_own_noun(spanish):
    """Issue 22 item 5: meetings, court reports, contacts, referrals, assessments, transition plans and
    case plans fell back to the stored English. Every kind of domain/kinds.py, every topic worded by
    kind: a sentence of the catalogue, never the stored message; a workflow kind names its own noun."""
    from fieldcase.domain.kinds import KIND_TABLE

    catalogue = i18n.load_catalogue("es")
    english_of = {spanish: english for english, spanish in catalogue.items()}
    cases = [
        ("approved", {}),
        ("returned", {}),
        ("voided", {}),
        ("question", {}),
        ("conflict", {"narrative": True}),
        ("conflict", {"field": "x"}),
        ("stale", {"code": "stale_revision"}),
        ("addendum", {}),
    ]
    fallbacks, unnamed = [], []
    for kind, record_kind in KIND_TABLE.items():
        for topic, details in cases:
            text = item_text(_item(topic, kind, details, message="stored English"))
            said = text.split(": ", 1)[1]
            if "stored English" in text or said not in english_of:
                fallbacks.append((kind, topic, text))
            elif record_kind.has_workflow and record_kind.noun not in english_of[said]:
                unnamed.append((kind, topic, said))
    assert fallbacks == []
    assert unnamed == []
    # what the agency removed is counted by each kind's own noun
    records = {f"r{i}": kind for i, kind in enumerate(KIND_TABLE) if kind != "case"}
    said = item_text(_item("removed", "case", {"case_id": "c1", "records": records}))
    assert "registro" not in said
    assert (
        said.count(",") == len(records) - 2
    )  # each kind by its own noun, none merged into "2 records"


def test_the_counts_agree_with_their_number(spanish):
    """ "1 requieren acción · 0 avisos" was seen in the Spanish dialog: each count has its singular."""
    from fieldcase.ui.attention import counts_line

    assert counts_line(1, 1) == "1 requiere acción · 1 aviso"
    assert counts_line(2, 0) == "2 requieren acción · 0 avisos"
