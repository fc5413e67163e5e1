"""The printout of each kind of record (Print ▸ This record): one row a kind, saying what the
document is called, which copy the print dialog starts with and which function reads it from the
store. `printing.prepare_record` dispatches through it, the window's Print menu reads the titles
from it, and tests/unit/services/test_kind_dispatch.py fails when a field-record kind of the
registry (domain/kinds.py) has no row here.

Light on purpose: the window imports it at start-up, so the preparers are named here ("module:
function" under `fieldcase.services`, as domain/kinds.py names a kind's class) and imported only
when a record is printed (reportlab and PDFium load with the first printout, tests/gui/test_startup.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import import_module
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True, slots=True)
class Printout:
    #: the document's title (an English msgid: the print dialog translates it)
    title: str
    #: "module:function" under fieldcase.services: (store, record, print_jobs.PrintRequest) ->
    #: print_jobs.PrintJob
    preparer: str
    #: the copy the print dialog starts with (a `reports.Profile` value); None: the internal copy
    profile: str | None = None

    def prepare(self) -> Callable[..., Any]:
        module, _, function = self.preparer.partition(":")
        return getattr(import_module(f"fieldcase.services.{module}"), function)


PRINTOUTS: Mapping[str, Printout] = MappingProxyType(
    {
        "home_visit": Printout("Home visit summary", "record_printouts:home_visit"),
        "visitation_entry": Printout("Visitation report", "record_printouts:visitation_entry"),
        # a court report goes to the court: the family's address withheld
        "court_report": Printout("Court report", "record_printouts:court_report", "court"),
        "collateral_contact": Printout(
            "Collateral contact summary", "record_printouts:collateral_contact"
        ),
        "referral": Printout("Referral summary", "record_printouts:referral"),
        "assessment": Printout("Assessment summary", "print_plans:assessment"),
        # printed for the youth and the team; the family copy in the youth's language (services/print_plans.py)
        "transition_plan": Printout("Transition plan", "print_plans:transition_plan"),
        # a case plan is presented to the court: the family's address withheld
        "case_plan": Printout("Case plan", "record_printouts:case_plan", "court"),
        "team_meeting": Printout(
            "Family support team meeting summary", "record_printouts:team_meeting"
        ),
    }
)

#: field-record kinds that print in another document, not on their own (printing.NotPrintable)
PRINTED_ELSEWHERE: Mapping[str, str] = MappingProxyType(
    {
        "transport_trip": "Mileage log",
    }
)
