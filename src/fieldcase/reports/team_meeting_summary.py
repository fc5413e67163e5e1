"""Family support team meeting summary: when, where and why the team met, the decisions, services
agreed and changes proposed to the case plan, the review trail, and an attendance sheet — one line
per person invited, with their role, whether they came and a line to sign — then the signatures
captured on the pad (the home visit's signature block, its court and family rules included)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, PageBreak, Table, TableStyle

from fieldcase.domain.team_meetings import Attendee, TeamMeeting

from . import formatting as fmt
from . import review
from .case_plan import role_words
from .context import PrintContext, RenderedDocument
from .home_visit_summary import Signature, signatures
from .language import _, in_document_language
from .layout import (
    BASE_TABLE,
    INK,
    RULE,
    SHADE,
    build,
    fields,
    frame_width,
    narrative,
    para,
    section,
    table,
    title,
    watermark_for,
)
from .redaction import Redaction

DOC_TITLE = "Family support team meeting summary"
SHEET_TITLE = "Attendance sheet"
SIGNED_ON_PAD = "Signed on the pad"


@dataclass(frozen=True, slots=True, kw_only=True)
class TeamMeetingSummary:
    meeting: TeamMeeting
    signatures: tuple[Signature, ...] = ()


def redaction_for(meeting: TeamMeeting, ctx: PrintContext) -> Redaction:
    # the place may be the resource family's home: withheld, and scrubbed from the decisions
    return Redaction(ctx, subject_child_ids=meeting.child_ids, restricted_values=[meeting.place])


@in_document_language
def render_team_meeting_summary(doc: TeamMeetingSummary, ctx: PrintContext) -> RenderedDocument:
    meeting = doc.meeting
    r = redaction_for(meeting, ctx)
    width = frame_width(ctx)
    story: list[Flowable] = title(
        _(DOC_TITLE),
        f"{_purpose(meeting)} · {fmt.day(meeting.held_at)} · {review.status_text(meeting, r)}",
    )
    story += team_meeting_story(meeting, r, width)
    story += attendance_sheet(meeting, r, width)
    story += signatures(doc.signatures, r, width)
    return build(story, ctx, doc_title=_(DOC_TITLE), watermark=watermark_for([meeting.status]))


def _purpose(meeting: TeamMeeting) -> str:
    return fmt.label(meeting.purpose)


def team_meeting_story(meeting: TeamMeeting, r: Redaction, width: float) -> list[Flowable]:
    rows: list[tuple[str, object]] = [
        (_("Date and time"), fmt.span(meeting.held_at, meeting.ended_at)),
        (_("Place"), r.value(meeting, "place") or fmt.NOT_RECORDED),
        (_("Facilitator"), fmt.text(r.text(meeting.facilitator))),
        (_("Purpose"), _purpose(meeting)),
        (_("Recorded by"), r.worker(meeting.recorded_by)),
        (_("Next meeting"), fmt.day(meeting.next_meeting_on)),
    ]
    if meeting.purpose_detail:
        rows.insert(4, (_("Purpose in detail"), fmt.text(r.text(meeting.purpose_detail))))
    children = ", ".join(r.person(c) for c in meeting.child_ids) or fmt.NOT_RECORDED
    rows.append((_("Children"), children))
    out: list[Flowable] = [*section(_("Meeting")), fields(rows, width)]
    out += narrative(_("Decisions"), r.text(meeting.decisions))

    out += section(_("Services agreed"))
    service_rows = [
        [
            fmt.text(r.text(s.service)),
            fmt.text(r.text(s.provider)),
            r.who(s.responsible),
            fmt.day(s.by),
        ]
        for s in meeting.services
    ]
    out.append(
        table(
            [_("Service"), _("Provider"), _("Who is responsible"), _("By")],
            service_rows,
            [0.35 * width, 0.25 * width, 0.25 * width, 0.15 * width],
        )
    )

    out += section(_("Changes proposed to the case plan"))
    change_rows = [
        [str(i), fmt.text(r.text(text))] for i, text in enumerate(meeting.proposed_changes, start=1)
    ]
    out.append(table([_("No."), _("Proposed change")], change_rows, [0.08 * width, 0.92 * width]))

    if meeting.attachments:
        out += section(_("Attachments"))
        labels = r.attachment_labels(meeting.attachments)
        att_rows = [
            [fmt.text(label), _(a.kind.value.capitalize()), a.sha256[:16] + "…"]
            for label, a in zip(labels, meeting.attachments, strict=True)
        ]
        out.append(
            table(
                [_("Name"), _("Kind"), _("Content hash")],
                att_rows,
                [0.55 * width, 0.15 * width, 0.3 * width],
            )
        )

    out += review.approval(meeting, r, width)
    out += review.addenda(meeting, r, width)
    return out


def _name(row: Attendee, r: Redaction) -> str:
    if row.person_id:
        return r.person(row.person_id)
    return fmt.text(r.text(row.name))


def _role(row: Attendee, r: Redaction) -> str:
    if row.role and row.role.strip():
        return role_words(
            row.role, r
        )  # chosen from the list: in the copy's language; typed: as typed
    return (r.role_of(row.person_id) if row.person_id else "") or fmt.NOT_RECORDED


def attendance_sheet(meeting: TeamMeeting, r: Redaction, width: float) -> list[Flowable]:
    """One line per person invited or present: name, organisation, role, invited, present, and a
    signature line (ruled, to sign the paper copy; "Signed on the pad" when the record says so)."""
    # a page of its own: it is passed round the table to sign
    out: list[Flowable] = [PageBreak(), *section(_(SHEET_TITLE))]
    widths = [0.23 * width, 0.17 * width, 0.15 * width, 0.1 * width, 0.11 * width, 0.24 * width]
    data: list[list[object]] = [
        [
            para(h, "cellbold")
            for h in (
                _("Name"),
                _("Organisation"),
                _("Role"),
                _("Invited"),
                _("Present"),
                _("Signature"),
            )
        ]
    ]
    for row in meeting.attendees:
        signed = para(_(SIGNED_ON_PAD), "note") if row.signed else ""
        data.append(
            [
                para(_name(row, r), "cell"),
                para(fmt.text(r.text(row.organisation)), "cell"),
                para(_role(row, r), "cell"),
                para(fmt.yes_no(row.invited), "cell"),
                para(fmt.yes_no(row.present), "cell"),
                signed,
            ]
        )
    if not meeting.attendees:
        data.append([para(_("None in this document."), "cell"), "", "", "", "", ""])
    sheet = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = BASE_TABLE + [
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, 0), "TOP"),
        ("VALIGN", (0, 1), (-1, -1), "BOTTOM"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        # room above each line to sign by hand, however many lines the names take
        ("TOPPADDING", (0, 1), (-1, -1), 0.3 * inch),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 3),
    ]
    # the signature column is a line to sign on, darker than the row rules
    style += [("LINEBELOW", (5, i), (5, i), 0.8, INK) for i in range(1, len(data))]
    if not meeting.attendees:
        style.append(("SPAN", (0, 1), (-1, 1)))
    sheet.setStyle(TableStyle(style))
    out.append(sheet)
    return out


__all__: Sequence[str] = ("TeamMeetingSummary", "render_team_meeting_summary")
