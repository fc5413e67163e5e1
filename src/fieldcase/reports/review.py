"""The review trail every field record prints: status, approver, return/void reason, addenda."""

from __future__ import annotations

from reportlab.platypus import Flowable

from fieldcase.domain.approval import filed_by_its_author
from fieldcase.domain.field_record import FieldRecord
from fieldcase.domain.workflow import Status

from . import formatting as fmt
from .language import _
from .layout import OneLine, fields, narrative, para, section, status_line

__all__ = ["addenda", "approval", "status_text"]
from .redaction import Redaction


def _filed(record: FieldRecord) -> bool:
    """Made final by its author, no supervisor reviewing it (the agency's rule pack files its kind)."""
    return record.status is Status.APPROVED and filed_by_its_author(
        record.created_by, record.approved_by
    )


def approval(record: FieldRecord, r: Redaction, width: float) -> list[Flowable]:
    filed = _filed(record)
    rows: list[tuple[str, object]] = [
        (_("Status"), _("Filed (no supervisor review)") if filed else fmt.label(record.status)),
        (_("Record id"), OneLine(record.id)),
        (
            _("Filed by") if filed else _("Approved by"),
            r.worker(record.approved_by) if record.approved_by else fmt.NOT_RECORDED,
        ),
        (_("Filed at") if filed else _("Approved at"), fmt.moment(record.approved_at)),
        (_("Created by"), r.worker(record.created_by) if record.created_by else fmt.NOT_RECORDED),
        (_("Revision"), str(record.rev)),
    ]
    out: list[Flowable] = [*section(_("Approval")), fields(rows, width)]
    if record.returned_reason:
        out += narrative(_("Returned for changes because"), r.text(record.returned_reason))
    if record.voided_reason:
        out += narrative(_("Voided because"), r.text(record.voided_reason))
    return out


def addenda(record: FieldRecord, r: Redaction, width: float) -> list[Flowable]:
    """The record's addenda: corrections written after the approval, part of the entry from then on.

    Proposed changes (a caseworker's edit that reached the server after the approval) are not
    printed, acknowledged or not: they were never applied nor approved, and a print-out goes to
    court and to other agencies as the approved entry, where a value printed beside it would read as
    part of it. They are not in the record at all (the server keeps them beside the entry; the
    supervisor reads them in the reader); a correction meant for the record is written as an
    addendum, which is printed here."""
    out: list[Flowable] = [*section(_("Addenda ({count})").format(count=len(record.addenda)))]
    if not record.addenda:
        return out + [para(_("No addenda."), "note")]
    for i, add in enumerate(record.addenda, start=1):
        ack = r.worker(add.acknowledged_by) if add.acknowledged_by else _("not yet acknowledged")
        if add.acknowledged_by and add.acknowledged_at is not None:
            ack = _("{who} on {when}").format(who=ack, when=fmt.moment(add.acknowledged_at))
        out += narrative(
            _("Addendum {n} — {author}, {when} (supervisor: {acknowledged})").format(
                n=i, author=r.worker(add.author), when=fmt.moment(add.at), acknowledged=ack
            ),
            r.text(add.text),
        )
    return out


def status_text(record: FieldRecord, r: Redaction) -> str:
    if _filed(record):
        return _("Filed by {who} on {day}, with no supervisor review").format(
            who=r.worker(record.approved_by) if record.approved_by else _("its author"),
            day=fmt.day(record.approved_at) if record.approved_at else _("an unrecorded date"),
        )
    return status_line(
        record.status,
        approved_by=r.worker(record.approved_by) if record.approved_by else None,
        approved_at=fmt.day(record.approved_at) if record.approved_at else None,
    )
