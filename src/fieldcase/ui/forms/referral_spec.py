"""The service referral's form (domain/referrals.py): who is referred to what and where, then the
service's status over time — one row per answer from the provider — and the progress notes. The
referral stays open while the service goes on and is submitted once it has ended."""

from __future__ import annotations

from fieldcase.domain.referrals import ReferralStatus, ServiceType
from fieldcase.ui.forms.spec_types import Field, FormSpec, Rows, Section

REFERRAL = FormSpec(
    "referral",
    "Referral",
    (
        Section(
            "Referral",
            (
                Field("person_id", "Who is referred", "person"),
                Field("service_type", "Service", "choice", ServiceType),
                Field("service_detail", "Service in detail", "text"),
                Field(
                    "provider_id",
                    "Provider (resource directory)",
                    "provider",
                    hint="The office's directory on this laptop; type to find a provider.",
                ),
                Field("provider_name", "Or provider not in the directory", "text"),
                Field("referred_on", "Referred on", "date"),
                Field("reason", "Why the service is needed", "multiline"),
                Field("plan_service", "Case-plan service it serves", "text"),
                Field("referred_by", "Referred by", "user", read_only=True),
            ),
        ),
        Section(
            "Status",
            (
                Rows(
                    "status_changes",
                    "Status updates",
                    "Status",
                    (
                        Field("status", "Status", "choice", ReferralStatus),
                        Field("on", "Since", "date"),
                        Field("note", "Note", "text"),
                    ),
                    new_row={"status": "accepted"},
                ),
            ),
        ),
        Section(
            "Progress",
            (
                Rows(
                    "progress_notes",
                    "Progress notes",
                    "Note",
                    (
                        Field("on", "Day", "date"),
                        Field("text", "Progress", "multiline"),
                    ),
                    new_row={"text": ""},
                ),
            ),
        ),
    ),
)
