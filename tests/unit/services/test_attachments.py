"""Attachments after they are attached: signatures carry who signed, in what role and when, into
the printed summary; opening one checks its hash and is audited; a saved copy is an audited export."""

from __future__ import annotations

import dataclasses
import hashlib
import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from fieldcase.domain.attachments import AttachmentKind, AttachmentRef
from fieldcase.reports import specimen as s
from fieldcase.services import attachments, printing
from fieldcase.services.attachments import SignatureDetails
from helpers.services import seen_visit

NOW = datetime(2026, 5, 25, 10, 0, tzinfo=UTC)
SIGNED = datetime(2026, 5, 6, 16, 20)


def _images(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages
    )


def _visit(store, family, *refs: AttachmentRef):
    visit = dataclasses.replace(
        seen_visit(family.case_id, family.child_ids, on=datetime(2026, 5, 6, 15, tzinfo=UTC)),
        attachments=refs,
    )
    store.save(visit)
    return visit


def _signature(
    store, *, role="Resource parent", signer="Begoña Test-Muñoz", png=None
) -> AttachmentRef:
    name = attachments.signature_name(role=role, signer=signer, signed_at=SIGNED)
    return attachments.attach_bytes(
        store,
        content=png or s.signature_png(),
        name=name,
        mime="image/png",
        kind=AttachmentKind.SIGNATURE,
    )


# the signature's name -----------------------------------------------------------------------------


def test_a_signature_name_gives_back_role_signer_and_time():
    name = attachments.signature_name(
        role="Resource parent", signer="Begoña Muñoz-Ortíz", signed_at=SIGNED
    )
    assert name == "Signature - Resource parent - Begoña Muñoz-Ortíz - 2026-05-06 16.20.png"
    assert (
        attachments.clean_name(name) == name
    )  # it survives the cleaning every attachment name gets
    assert attachments.signature_details(name) == SignatureDetails(
        "Resource parent", "Begoña Muñoz-Ortíz", SIGNED
    )
    # whatever the app's language called the prefix
    assert (
        attachments.signature_details(name.replace("Signature", "Firma", 1)).role
        == "Resource parent"
    )


@pytest.mark.parametrize(
    ("signer", "expected"),
    [
        ("Ana - the mother", "Ana the mother"),  # the separator cannot be forged from inside a name
        ("  ", None),
        ("../../etc/\u202epasswd\x00", "passwd"),
    ],
)
def test_awkward_signer_names_do_not_break_the_pattern(signer, expected):
    details = attachments.signature_details(
        attachments.signature_name(role="Parent", signer=signer, signed_at=SIGNED)
    )
    assert details == SignatureDetails("Parent", expected, SIGNED)


def test_names_from_before_the_pattern_still_give_the_signer():
    assert attachments.signature_details("Signature - caregiver.png") == SignatureDetails(
        None, "caregiver", None
    )
    assert attachments.signature_details("scan.png") == SignatureDetails(None, None, None)
    assert (
        attachments.signature_details("Signature - Mayor - Pat - 2026-05-06 16.20.png").role is None
    )  # not a role we know
    with pytest.raises(ValueError):
        attachments.signature_name(role="Mayor", signer="Pat", signed_at=SIGNED)


# printing -------------------------------------------------------------------------------------------


def test_the_printed_summary_carries_the_captured_signature_images(store, family):
    worker = _signature(
        store, role="Caseworker", signer="Renée Test-Worker", png=s.signature_png(wavelength=7.0)
    )
    foster = _signature(store)
    photo = attachments.attach_bytes(
        store, content=s.signature_png(300, 200), name="kitchen.png", kind=AttachmentKind.PHOTO
    )
    visit = _visit(store, family, worker, foster, photo)

    job = printing.prepare_record(store, record_id=visit.id, request=printing.PrintRequest(now=NOW))
    sigs = job.document.signatures
    assert [(g.role, g.signer, g.signed_at) for g in sigs] == [
        ("Caseworker", "Renée Test-Worker", SIGNED),
        ("Resource parent", "Begoña Test-Muñoz", SIGNED),
    ]
    assert sigs[1].image == s.signature_png()  # decrypted bytes, in memory
    assert "Begoña" not in repr(job)

    internal = printing.render(job)
    assert _images(internal.pdf) == 2  # the photo is listed, not printed as a signature
    got = _text(internal.pdf)
    assert "Resource parent: Begoña Test-Muñoz" in got and "May 6, 2026 4:20 PM" in got

    family_copy = printing.render(
        printing.prepare_record(
            store,
            record_id=visit.id,
            request=printing.PrintRequest(now=NOW, profile=printing.Profile.FAMILY),
        )
    )
    assert _images(family_copy.pdf) == 1  # only the caseworker's


def test_a_visit_without_signatures_prints_blank_lines(store, family):
    visit = _visit(store, family)
    job = printing.prepare_record(store, record_id=visit.id, request=printing.PrintRequest(now=NOW))
    assert job.document.signatures == ()
    document = printing.render(job)
    assert _images(document.pdf) == 0 and "Supervisor Date" in _text(document.pdf)


def test_a_signature_not_downloaded_or_damaged_prints_a_note_not_a_wrong_image(store, family):
    waiting = AttachmentRef(
        sha256="cd" * 32,
        name="Signature - Parent - Ana Test - 2026-05-06 16.20.png",
        mime="image/png",
        kind=AttachmentKind.SIGNATURE,
    )
    store.put_attachment(
        sha256="ef" * 32, mime="image/png", content=s.signature_png()
    )  # bytes that are not what the hash says
    damaged = dataclasses.replace(waiting, sha256="ef" * 32, name="Signature - caregiver.png")
    visit = _visit(store, family, waiting, damaged)
    sigs = printing.prepare_record(
        store, record_id=visit.id, request=printing.PrintRequest(now=NOW)
    ).document.signatures
    assert [g.image for g in sigs] == [None, None]
    got = _text(
        printing.render(
            printing.prepare_record(
                store, record_id=visit.id, request=printing.PrintRequest(now=NOW)
            )
        ).pdf
    )
    assert "not on this laptop yet" in got and "(signature image could not be read)" in got
    assert "Signature: caregiver" in got  # an old name: no role recorded


# opening and copying ------------------------------------------------------------------------------


def test_opening_an_attachment_is_audited_by_hash_without_its_name(store, family):
    ref = attachments.attach_bytes(store, content=b"%PDF-fake", name="Begoña school letter.pdf")
    before = len(store.audit_events())
    opened = attachments.open_attachment(store, ref=ref, record_kind="home_visit", record_id="hv-1")
    assert opened.content == b"%PDF-fake"
    assert "Begoña" not in repr(opened) and "PDF-fake" not in repr(opened)
    events = store.audit_events()[before:]
    assert [(e.action, e.record_kind, e.record_id, e.detail) for e in events] == [
        ("attachment.view", "home_visit", "hv-1", {"sha256": ref.sha256, "kind": "document"})
    ]


def test_an_attachment_not_on_the_laptop_or_damaged_is_refused_and_not_audited_as_viewed(store):
    missing = AttachmentRef(sha256="cd" * 32, name="x.png", mime="image/png")
    store.put_attachment(sha256="ef" * 32, mime="image/png", content=b"other bytes")
    before = len(store.audit_events())
    with pytest.raises(attachments.AttachmentUnavailable):
        attachments.open_attachment(store, ref=missing)
    with pytest.raises(attachments.AttachmentDamaged):
        attachments.open_attachment(store, ref=dataclasses.replace(missing, sha256="ef" * 32))
    assert len(store.audit_events()) == before
    assert store.get_attachment("ef" * 32) == b"other bytes"  # nothing is deleted or rewritten


def test_a_saved_copy_is_an_audited_export(store, tmp_path):
    ref = attachments.attach_bytes(store, content=b"notes", name="notes.txt")
    opened = attachments.open_attachment(store, ref=ref, record_kind="home_visit", record_id="hv-1")
    before = len(store.audit_events())
    attachments.save_copy(store, attachment=opened, path=tmp_path / "copy.txt")
    assert (tmp_path / "copy.txt").read_bytes() == b"notes"
    [event] = store.audit_events()[before:]
    assert (event.action, event.record_id, event.detail) == (
        "export",
        "hv-1",
        {"sha256": hashlib.sha256(b"notes").hexdigest(), "kind": "document", "count": 1},
    )
    with pytest.raises(attachments.CopyNotSaved):
        attachments.save_copy(
            store, attachment=opened, path=tmp_path / "no-such-folder" / "copy.txt"
        )
    assert len(store.audit_events()) == before + 1  # a copy that was not written is not an export


def test_a_pdf_attachment_renders_to_page_images_in_memory_and_a_broken_one_says_damaged():
    from fieldcase.reports import HomeVisitSummary, render_home_visit_summary

    pdf = render_home_visit_summary(HomeVisitSummary(visit=s.home_visit()), s.context()).pdf
    pages = attachments.pdf_pages(pdf, dpi=30)
    assert len(pages) == 2 and pages[0].width == round(8.5 * 30)
    with pytest.raises(attachments.AttachmentDamaged):
        attachments.pdf_pages(b"%PDF-1.4 this is not really a PDF", dpi=30)
