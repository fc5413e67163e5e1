"""The collateral contact's form (domain/collateral_contacts.py): who, how, about which children,
why, what was learned, and what follows — in the order a caseworker writes up a call from the car."""

from __future__ import annotations

from fieldcase.domain.collateral_contacts import CollateralMethod, CollateralRole
from fieldcase.ui.forms.spec_types import FOLLOW_UP_TASKS, Field, FormSpec, Section

COLLATERAL_CONTACT = FormSpec(
    "collateral_contact",
    "Collateral contact",
    (
        Section(
            "Contact",
            (
                Field("contact_start", "Contact started", "datetime"),
                Field("contact_end", "Contact ended", "datetime"),
                Field("method", "How the contact was made", "choice", CollateralMethod),
                Field("recorded_by", "Recorded by", "user", read_only=True),
            ),
        ),
        Section(
            "Party",
            (
                Field("party_role", "Who they are to the child", "choice", CollateralRole),
                Field("party_name", "Name", "text"),
                Field("party_organisation", "Organisation", "text"),
                Field(
                    "party_contact",
                    "Phone, e-mail or address",
                    "text",
                    hint="Restricted: withheld from the family's and the court's copies.",
                ),
            ),
        ),
        Section(
            "About",
            (
                Field("child_ids", "Children concerned", "people"),
                Field("purpose", "Purpose", "text"),
                Field("summary", "What was said or learned", "multiline"),
            ),
        ),
        Section("Follow-up", (FOLLOW_UP_TASKS,)),
    ),
)
