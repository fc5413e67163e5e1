"""Printed documents: data in, PDF bytes out (reportlab), with redaction profiles.

Pure: no store, no files, no Qt. The caller (services) resolves names into a `PrintContext`, picks
a `Profile`, renders on a worker thread and records the returned `RenderedDocument.sha256` in the
audit log when the user prints or exports.

    render_home_visit_summary(HomeVisitSummary(visit=..., placement=..., signatures=...), ctx)
    render_visitation_report(VisitationReport(entry=..., plan=...), ctx)
    render_visitation_rollup(VisitationRollup(plan=..., year=..., month=..., entries=...), ctx)
    render_mileage_log(MileageLog(driver_id=..., period_start=..., period_end=..., trips=...), ctx)
    render_case_plan(CasePlanDocument(plan=..., previous=..., placements=..., signatures=...), ctx)
    render_court_packet(CourtPacket(child_id=..., date_from=..., date_to=..., home_visits=..., ...), ctx)
    render_assessment_summary(AssessmentSummary(assessment=..., instrument=..., previous=...), ctx)
    render_transition_plan(TransitionPlanDocument(plan=...), ctx)
    render_team_meeting_summary(TeamMeetingSummary(meeting=..., signatures=...), ctx)
    render_court_report(CourtReportDocument(report=..., hearing=..., restricted_addresses=...), ctx)
"""

from .assessment_summary import AssessmentSummary, render_assessment_summary
from .case_plan import CasePlanDocument, render_case_plan
from .context import PageSize, PrintContext, Profile, RenderedDocument
from .court_packet import CourtPacket, render_court_packet
from .court_report import CourtReportDocument, render_court_report
from .home_visit_summary import HomeVisitSummary, Signature, render_home_visit_summary
from .mileage_log import MileageLog, render_mileage_log
from .team_meeting_summary import TeamMeetingSummary, render_team_meeting_summary
from .transition_plan import TransitionPlanDocument, render_transition_plan
from .visitation_reports import (
    VisitationReport,
    VisitationRollup,
    render_visitation_report,
    render_visitation_rollup,
)

__all__ = [
    "AssessmentSummary",
    "CasePlanDocument",
    "CourtPacket",
    "CourtReportDocument",
    "HomeVisitSummary",
    "MileageLog",
    "PageSize",
    "PrintContext",
    "Profile",
    "RenderedDocument",
    "Signature",
    "TeamMeetingSummary",
    "TransitionPlanDocument",
    "VisitationReport",
    "VisitationRollup",
    "render_assessment_summary",
    "render_case_plan",
    "render_court_packet",
    "render_court_report",
    "render_home_visit_summary",
    "render_mileage_log",
    "render_team_meeting_summary",
    "render_transition_plan",
    "render_visitation_report",
    "render_visitation_rollup",
]
