"""A service referral: a parent or a child of the case referred to a provider — substance-use
treatment, mental health, parenting classes, housing … — usually one from the office's resource
directory (domain.md "The rest of the caseworker's week"), followed over weeks or months:
referred → accepted / waitlisted → started → completed, or declined / discontinued.

Each change of the service's status is a row with its day (`status_changes`), so the court report
reads when each step happened and the rules read how long the provider has been silent. The
referral is a field record, and its status is updated by editing it while it is open (a draft or
a submitted referral): it is submitted for approval once the service has ended
(`ENDED`). A change after approval is an addendum, like every correction of approved work
(domain.md "Service referrals" explains the choice).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .field_record import FieldRecord
from .problems import Problem, blank
from .rule_pack import DEFAULT_RULES, RulePack
from .safe_repr import record_repr
from .workflow import Status


class ServiceType(enum.Enum):
    SUBSTANCE_USE = "substance_use"
    MENTAL_HEALTH = "mental_health"
    PARENTING = "parenting"
    HOUSING = "housing"
    DOMESTIC_VIOLENCE = "domestic_violence"
    MEDICAL = "medical"
    EDUCATION = "education"
    INDEPENDENT_LIVING = "independent_living"
    OTHER = "other"


class ReferralStatus(enum.Enum):
    REFERRED = "referred"
    ACCEPTED = "accepted"
    WAITLISTED = "waitlisted"
    STARTED = "started"
    COMPLETED = "completed"
    DECLINED = "declined"
    DISCONTINUED = "discontinued"


#: the statuses a referral may move to from each status; the last three end it
NEXT: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    ReferralStatus.REFERRED: frozenset(
        {
            ReferralStatus.ACCEPTED,
            ReferralStatus.WAITLISTED,
            ReferralStatus.STARTED,
            ReferralStatus.DECLINED,
            ReferralStatus.DISCONTINUED,
        }
    ),
    ReferralStatus.WAITLISTED: frozenset(
        {
            ReferralStatus.ACCEPTED,
            ReferralStatus.STARTED,
            ReferralStatus.DECLINED,
            ReferralStatus.DISCONTINUED,
        }
    ),
    ReferralStatus.ACCEPTED: frozenset(
        {ReferralStatus.STARTED, ReferralStatus.DECLINED, ReferralStatus.DISCONTINUED}
    ),
    ReferralStatus.STARTED: frozenset({ReferralStatus.COMPLETED, ReferralStatus.DISCONTINUED}),
    ReferralStatus.COMPLETED: frozenset(),
    ReferralStatus.DECLINED: frozenset(),
    ReferralStatus.DISCONTINUED: frozenset(),
}
ENDED = frozenset({ReferralStatus.COMPLETED, ReferralStatus.DECLINED, ReferralStatus.DISCONTINUED})


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusChange:
    """The service's status from a day on (the referral day's "referred" is implied, not a row)."""

    status: ReferralStatus
    on: date | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgressNote:
    on: date | None = None
    text: str = ""


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Referral(FieldRecord):
    __repr__ = record_repr  # no personal data in logs and tracebacks

    referred_by: str | None = None
    #: the parent or child referred: a person of the case
    person_id: str | None = None
    service_type: ServiceType | None = None
    service_detail: str | None = None
    #: the provider's id in the office's resource directory, when it is there …
    provider_id: str | None = None
    #: … and its name (copied from the directory, or typed when the provider is not in it)
    provider_name: str | None = None
    referred_on: date | None = None
    reason: str | None = None
    status_changes: tuple[StatusChange, ...] = ()
    progress_notes: tuple[ProgressNote, ...] = ()
    #: the case plan's service this referral serves (an id when the plan is on the laptop) and its words
    plan_service_id: str | None = None
    plan_service: str | None = None

    @property
    def service_status(self) -> ReferralStatus:
        """Where the service stands now: the last status row, or "referred"."""
        return self.status_changes[-1].status if self.status_changes else ReferralStatus.REFERRED

    @property
    def status_since(self) -> date | None:
        return self.status_changes[-1].on if self.status_changes else self.referred_on


def referral_problems(referral: Referral, *, for_submit: bool) -> list[Problem]:
    found: list[Problem] = []
    previous, since = ReferralStatus.REFERRED, referral.referred_on
    for i, change in enumerate(referral.status_changes):
        if change.status is ReferralStatus.REFERRED or change.status not in NEXT[previous]:
            found.append(
                Problem.of(
                    f"status_changes[{i}].status",
                    "Status {number} cannot follow the status before it.",
                    number=i + 1,
                )
            )
        if change.on is not None and since is not None and change.on < since:
            found.append(
                Problem.of(
                    f"status_changes[{i}].on",
                    "Status {number} is dated before the one it follows; check the dates.",
                    number=i + 1,
                )
            )
        previous, since = change.status, change.on or since
    if not for_submit:
        return found
    if blank(referral.person_id):
        found.append(Problem("person_id", "Choose who is referred."))
    if referral.service_type is None:
        found.append(Problem("service_type", "Choose the type of service."))
    elif referral.service_type is ServiceType.OTHER and blank(referral.service_detail):
        found.append(Problem("service_detail", "Describe the service."))
    if blank(referral.provider_id) and blank(referral.provider_name):
        found.append(
            Problem("provider_name", "Choose the provider from the directory or type its name.")
        )
    if referral.referred_on is None:
        found.append(Problem("referred_on", "Enter the day of the referral."))
    for i, change in enumerate(referral.status_changes):
        if change.on is None:
            found.append(
                Problem.of(
                    f"status_changes[{i}].on", "Status {number}: enter its day.", number=i + 1
                )
            )
    if referral.service_status not in ENDED:
        found.append(
            Problem(
                "status_changes",
                "Submit the referral once the service has ended (completed, declined or discontinued); until then, update its status.",
            )
        )
    return found


@dataclass(frozen=True, slots=True, kw_only=True)
class ReferralFollowUp:
    """A referral the provider has not answered: the worker calls them (a task of the week ahead)."""

    referral_id: str
    case_id: str
    person_id: str | None
    provider_name: str | None
    service_type: ServiceType | None
    #: the day the provider was last asked: the referral, or the latest follow-up note
    asked_on: date
    due_on: date
    overdue_days: int  # days after due_on (0 on the due day)


def referral_follow_ups(
    referrals: Iterable[Referral], today: date, *, rules: RulePack = DEFAULT_RULES
) -> list[ReferralFollowUp]:
    """Every referral still waiting for the provider's answer (status "referred") `rules.referral_
    answer_days` days or more after it was made, oldest due first. A progress note dated after the
    referral (the worker chased the provider) starts the count again from its day. Voided referrals
    and referrals without a day are left out."""
    found: list[ReferralFollowUp] = []
    for r in referrals:
        if (
            r.status is Status.VOIDED
            or r.referred_on is None
            or r.service_status is not ReferralStatus.REFERRED
        ):
            continue
        asked = max(
            [r.referred_on] + [n.on for n in r.progress_notes if n.on is not None and n.on <= today]
        )
        due = asked + timedelta(days=rules.referral_answer_days)
        if today >= due:
            found.append(
                ReferralFollowUp(
                    referral_id=r.id,
                    case_id=r.case_id,
                    person_id=r.person_id,
                    provider_name=r.provider_name,
                    service_type=r.service_type,
                    asked_on=asked,
                    due_on=due,
                    overdue_days=(today - due).days,
                )
            )
    return sorted(found, key=lambda f: (f.due_on, f.referral_id))


def with_status(
    referral: Referral, status: ReferralStatus, *, on: date, note: str | None = None
) -> Referral:
    """The referral with one more status row (the caseworker's "Update status"); the rules above
    judge whether the step is possible, so an impossible one is shown beside its row, not lost."""
    return dataclasses.replace(
        referral,
        status_changes=(*referral.status_changes, StatusChange(status=status, on=on, note=note)),
    )
