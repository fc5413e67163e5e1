"""Printing a collateral contact and a referral (one-record summaries), read from a real store: the
party's contact details withheld from the court's copy, the referral's steps with their days, the
directory provider's public details; and the court report's list of contacts for a period."""

from __future__ import annotations

import io
import os
from datetime import UTC, date, datetime, timedelta

from pypdf import PdfReader

from fieldcase.domain.collateral_contacts import CollateralContact, CollateralMethod, CollateralRole
from fieldcase.domain.home_visits import FollowUpTask
from fieldcase.domain.ids import new_id
from fieldcase.domain.referrals import (
    ProgressNote,
    Referral,
    ReferralStatus,
    ServiceType,
    StatusChange,
)
from fieldcase.domain.workflow import Status
from fieldcase.reports import PrintContext, Profile
from fieldcase.reports.collateral_contact_summary import collateral_contact_rows
from fieldcase.reports.redaction import Redaction
from fieldcase.services import collateral_contacts, printing
from fieldcase.store import resource_directory

NOW = datetime(2026, 5, 25, 10, 0, tzinfo=UTC)
OUT = os.environ.get("FIELDCASE_PRINT_DIR")  # set to keep the PDFs for a look


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages
    )


def _keep(name: str, pdf: bytes) -> None:
    if OUT:
        with open(os.path.join(OUT, name), "wb") as handle:
            handle.write(pdf)


def _contact(family, **changes) -> CollateralContact:
    start = datetime(2026, 5, 6, 15, tzinfo=UTC)
    fields = dict(
        id=new_id(),
        case_id=family.case_id,
        status=Status.APPROVED,
        recorded_by="u1",
        contact_start=start,
        contact_end=start + timedelta(minutes=20),
        party_role=CollateralRole.THERAPIST,
        party_name="Dr Synthetic",
        party_organisation="Synthetic Counseling",
        party_contact="555-0199 ext 4",
        method=CollateralMethod.PHONE,
        child_ids=tuple(family.child_ids),
        purpose="Progress in therapy",
        summary="Sessions weekly; the child talks about the move more easily.",
        follow_up_tasks=(
            FollowUpTask(action="Send the therapist the court date", due=date(2026, 5, 10)),
        ),
    )
    fields.update(changes)
    return CollateralContact(**fields)


def test_a_collateral_contact_prints_and_the_court_copy_withholds_the_partys_details(store, family):
    contact = _contact(family)
    store.save(contact)
    internal = printing.render(
        printing.prepare_record(
            store,
            record_id=contact.id,
            request=printing.PrintRequest(now=NOW, profile=Profile.INTERNAL),
        )
    )
    court = printing.render(
        printing.prepare_record(
            store,
            record_id=contact.id,
            request=printing.PrintRequest(now=NOW, profile=Profile.COURT),
        )
    )
    _keep("collateral-internal.pdf", internal.pdf)
    _keep("collateral-court.pdf", court.pdf)
    text = _text(internal.pdf)
    assert (
        "Collateral contact summary" in text
        and "Synthetic Counseling" in text
        and "555-0199 ext 4" in text
    )
    assert "talks about the move" in text and "Send the therapist the court date" in text
    court_text = _text(court.pdf)
    assert (
        "Synthetic Counseling" in court_text
        and "555-0199" not in court_text
        and "[withheld]" in court_text.lower()
    )
    spanish = printing.render(
        printing.prepare_record(
            store,
            record_id=contact.id,
            request=printing.PrintRequest(now=NOW, profile=Profile.INTERNAL, language="es"),
        )
    )
    _keep("collateral-es.pdf", spanish.pdf)
    assert "Resumen del contacto colateral" in _text(spanish.pdf) and "Terapeuta" in _text(
        spanish.pdf
    )


def test_a_referral_prints_its_steps_and_the_providers_details(store, family):
    resource_directory.replace(
        store,
        [
            {
                "id": "prov-1",
                "name": "Synthetic Hope House",
                "service_types": ["housing"],
                "county": "Synthetic County",
                "address": "20 Example St",
                "phone": "555-0102",
            }
        ],
    )
    referral = Referral(
        id=new_id(),
        case_id=family.case_id,
        referred_by="u1",
        person_id=family.child_ids[0],
        service_type=ServiceType.HOUSING,
        provider_id="prov-1",
        provider_name="Synthetic Hope House",
        referred_on=date(2026, 4, 1),
        reason="The family needs stable housing for the trial home visit.",
        status_changes=(
            StatusChange(status=ReferralStatus.WAITLISTED, on=date(2026, 4, 6)),
            StatusChange(status=ReferralStatus.STARTED, on=date(2026, 5, 2), note="Intake done"),
        ),
        progress_notes=(ProgressNote(on=date(2026, 5, 20), text="Viewing two apartments."),),
    )
    store.save(referral)
    document = printing.render(
        printing.prepare_record(
            store, record_id=referral.id, request=printing.PrintRequest(now=NOW)
        )
    )
    _keep("referral.pdf", document.pdf)
    text = _text(document.pdf)
    assert "Referral summary" in text and "Synthetic Hope House" in text and "20 Example St" in text
    assert (
        "Waitlisted" in text
        and "Intake done" in text
        and "Viewing two apartments." in text
        and "Started" in text
    )
    assert printing.file_name(
        printing.prepare_record(
            store, record_id=referral.id, request=printing.PrintRequest(now=NOW)
        )
    ).startswith("referral-summary_")


def test_the_court_reports_contact_list_for_a_period(store, family):
    inside = _contact(family)
    draft = _contact(family, status=Status.DRAFT)
    before = _contact(family, contact_start=datetime(2026, 1, 5, 9, tzinfo=UTC), contact_end=None)
    for c in (inside, draft, before):
        store.save(c)
    listed = collateral_contacts.contacts_for_court(
        store, case_id=family.case_id, start=date(2026, 3, 1), end=date(2026, 5, 31)
    )
    assert [c.id for c in listed] == [inside.id]
    job = printing.prepare_record(
        store, record_id=inside.id, request=printing.PrintRequest(now=NOW, profile=Profile.COURT)
    )
    ctx: PrintContext = job.context
    header, rows = collateral_contact_rows(
        listed, Redaction(ctx, subject_child_ids=inside.child_ids)
    )
    assert header[0] == "Date" and len(rows) == 1
    assert (
        "Therapist" in rows[0][1]
        and "Synthetic Counseling" in rows[0][1]
        and "555-0199" not in " ".join(rows[0])
    )
