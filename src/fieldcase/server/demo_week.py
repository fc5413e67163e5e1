"""The rest of the demo caseworker's week (domain.md "The rest of the caseworker's week"), made up,
so a newcomer opening the demo sees every kind of record with something in it:

- the office's resource directory: a dozen synthetic providers across the service types and two
  invented counties, brought in as an agency's are (the agency import's providers.csv; demo_providers.py);
- three cases of the demo caseworker made to a shape (demo_agency.Shape):
  * a case in care for half a year: the approved case plan (version 1, with services, goals and the
    visiting schedule) whose 6-month review falls due within the week, the family support team
    meeting held before it (approved), a referral the provider has not answered (a follow-up of the
    week ahead) and one started, collateral contacts with the school and the therapist, the
    independent-living checklist rated twice for the youth of 15 (one item still needs help) and
    the youth's approved transition plan;
  * a case in its first month: the 30-day family support team meeting and the first case plan due
    within the week, a youth of 16 with no transition plan yet (the compliance line), a task due
    this week;
  * a case in care for over a year: an approved case plan written three months ago, and a task
    overdue.

Every record is a domain record, so seed-demo stores it through the same check a laptop's push
goes through (server/record_bodies.py `_normalise`). Names are nonsense syllables; dates are
relative to today. The written plans (case plan, transition plan) are made in demo_plans.py.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

from fieldcase.bundled import resource
from fieldcase.domain.assessments import Assessment, Rating
from fieldcase.domain.collateral_contacts import CollateralContact, CollateralMethod, CollateralRole
from fieldcase.domain.home_visits import FollowUpTask
from fieldcase.domain.ids import new_id
from fieldcase.domain.people import Person
from fieldcase.domain.referrals import (
    ProgressNote,
    Referral,
    ReferralStatus,
    ServiceType,
    StatusChange,
)
from fieldcase.domain.rule_pack import DEFAULT_RULES
from fieldcase.domain.tasks import Task
from fieldcase.domain.team_meetings import Attendee, MeetingPurpose, ServiceAgreed, TeamMeeting
from fieldcase.server.demo_agency import DemoRecord
from fieldcase.server.demo_cases import SHAPES, ShapedCase
from fieldcase.server.demo_plans import case_plan, transition_plan
from fieldcase.server.demo_providers import provider_name


def _instrument() -> tuple[str, str, list[str]]:
    """The shipped independent-living checklist's id, version and item ids (resources/instruments)."""
    data = json.loads(
        resource("instruments")
        .joinpath("independent_living_skills.json")
        .read_text(encoding="utf-8")
    )
    return data["id"], data["version"], [item["id"] for d in data["domains"] for item in d["items"]]


class DemoWeek:
    """The records of the demo caseworker's shaped cases (`SHAPES`, in order)."""

    def __init__(
        self,
        rng: random.Random,
        today: date,
        fake_name: Callable[..., str],
        *,
        worker: str,
        providers: dict[str, str],
    ) -> None:
        self.rng, self.today, self.name, self.worker = rng, today, fake_name, worker
        self.providers = providers  # the directory's agency id -> the server's provider id

    def records(self, cases: list[ShapedCase]) -> Iterator[DemoRecord]:
        half_year, first_month, long_stay = cases
        yield from self._half_year(half_year)
        yield from self._first_month(first_month)
        yield from self._long_stay(long_stay)

    # ------------------------------------------------------------------ the three cases

    def _half_year(self, c: ShapedCase) -> Iterator[DemoRecord]:
        today = self.today
        youth, _younger = c.children
        written = today - timedelta(days=SHAPES[0].plan_written_days_ago or 0)
        yield self._approved(
            case_plan(c, written, worker=self.worker, guardian_ad_litem=self._full_name()),
            written + timedelta(days=3),
        )
        meeting_day = today - timedelta(days=12)
        yield self._approved(self._meeting(c, meeting_day), meeting_day + timedelta(days=2))
        yield DemoRecord(
            self._referral(
                c,
                c.parent,
                ServiceType.PARENTING,
                "DEMO-PR-01",
                "Parenting classes, 10 evening sessions",
                referred=today - timedelta(days=DEFAULT_RULES.referral_answer_days + 6),
            )
        )
        yield DemoRecord(
            self._referral(
                c,
                youth,
                ServiceType.MENTAL_HEALTH,
                "DEMO-PR-02",
                "Weekly counseling for the youth",
                referred=today - timedelta(days=40),
                steps=((ReferralStatus.ACCEPTED, 33), (ReferralStatus.STARTED, 26)),
            )
        )
        school = self._contact(
            c,
            today - timedelta(days=9),
            CollateralRole.SCHOOL,
            f"Ms. {self.name(self.rng, 2)}",
            "Synthetic Middle School",
            CollateralMethod.PHONE,
            (youth.id,),
            "Attendance and grades this term.",
            "Synthetic demo note: attendance is back to four or five days a week; math grade up from D to C. "
            "The counselor will send the progress report.",
            follow_up=FollowUpTask(
                action="Ask the school for the term's progress report",
                owner=self.worker,
                due=today + timedelta(days=3),
            ),
        )
        yield self._approved(school, today - timedelta(days=7))
        therapist = self._contact(
            c,
            today - timedelta(days=3),
            CollateralRole.THERAPIST,
            f"Dr. {self.name(self.rng, 3)}",
            "Synthetic Riverside Behavioral Health",
            CollateralMethod.VIDEO,
            (youth.id,),
            "How counseling has started.",
            "Synthetic demo note: three sessions held; the youth talks more easily about family time. "
            "The therapist suggests the younger sibling join one session.",
        )
        yield DemoRecord(
            therapist,
            "submitted",
            datetime.combine(today - timedelta(days=2), datetime.min.time(), UTC)
            + timedelta(hours=15),
        )
        yield from self._assessments(youth)
        yield self._approved(
            transition_plan(
                c, youth, today - timedelta(days=60), worker=self.worker, mentor=self._full_name()
            ),
            today - timedelta(days=57),
        )

    def _first_month(self, c: ShapedCase) -> Iterator[DemoRecord]:
        today = self.today
        yield DemoRecord(
            self._task(
                c,
                "Send the consent form for the youth's school records",
                today + timedelta(days=2),
                c.children,
            )
        )

    def _long_stay(self, c: ShapedCase) -> Iterator[DemoRecord]:
        today = self.today
        written = today - timedelta(days=SHAPES[2].plan_written_days_ago or 0)
        yield self._approved(
            case_plan(c, written, worker=self.worker, guardian_ad_litem=self._full_name()),
            written + timedelta(days=4),
        )
        yield DemoRecord(
            self._task(
                c,
                "Bring the dental form to the resource family",
                today - timedelta(days=4),
                c.children[:1],
            )
        )

    # ------------------------------------------------------------------ the records

    def _meeting(self, c: ShapedCase, day: date) -> TeamMeeting:
        start = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=15)
        youth = c.children[0]
        return TeamMeeting(
            id=new_id(),
            case_id=c.case.id,
            created_by=self.worker,
            held_at=start,
            ended_at=start + timedelta(minutes=75),
            place="Conference room B, Demo Office",
            facilitator=f"{self.name(self.rng)} {self.name(self.rng, 3)} (meeting facilitator)",
            recorded_by=self.worker,
            purpose=MeetingPurpose.REVIEW,
            purpose_detail="Before the case plan's 6-month review.",
            child_ids=tuple(k.id for k in c.children),
            attendees=(
                Attendee(person_id=c.parent.id, invited=True, present=True, signed=True),
                Attendee(person_id=c.resource.id, invited=True, present=True, signed=True),
                Attendee(person_id=youth.id, invited=True, present=True, signed=True),
                Attendee(
                    name=f"Dr. {self.name(self.rng, 3)}",
                    organisation="Synthetic Riverside Behavioral Health",
                    role="therapist",
                    invited=True,
                    present=False,
                ),
                Attendee(
                    name=f"{self.name(self.rng)} {self.name(self.rng, 3)}",
                    organisation="Synthetic County CASA",
                    role="court_appointed_special_advocate",
                    invited=True,
                    present=True,
                    signed=True,
                ),
            ),
            decisions="Synthetic demo note: family time moves to two visits a week, one of them in the community; "
            "the parent starts the parenting classes once the provider answers.",
            services=(
                ServiceAgreed(
                    service="Parenting classes",
                    provider="Synthetic Family Roots Parenting Center",
                    responsible=c.name(c.parent),
                    by=day + timedelta(days=60),
                ),
            ),
            next_meeting_on=day + timedelta(days=90),
        )

    def _referral(
        self,
        c: ShapedCase,
        person: Person,
        service: ServiceType,
        provider: str,
        detail: str,
        *,
        referred: date,
        steps: tuple[tuple[ReferralStatus, int], ...] = (),
    ) -> Referral:
        name = provider_name(provider)
        return Referral(
            id=new_id(),
            case_id=c.case.id,
            created_by=self.worker,
            referred_by=self.worker,
            person_id=person.id,
            service_type=service,
            service_detail=detail,
            provider_id=self.providers.get(provider),
            provider_name=name,
            referred_on=referred,
            reason="Synthetic demo note: a service of the case plan.",
            plan_service=detail,
            status_changes=tuple(
                StatusChange(status=s, on=self.today - timedelta(days=ago)) for s, ago in steps
            ),
            progress_notes=(
                ProgressNote(
                    on=self.today - timedelta(days=20),
                    text="Synthetic demo note: first session attended.",
                ),
            )
            if steps
            else (),
        )

    def _contact(
        self,
        c: ShapedCase,
        day: date,
        role: CollateralRole,
        who: str,
        organisation: str,
        method: CollateralMethod,
        child_ids: tuple[str, ...],
        purpose: str,
        summary: str,
        *,
        follow_up: FollowUpTask | None = None,
    ) -> CollateralContact:
        start = datetime.combine(day, datetime.min.time(), UTC) + timedelta(
            hours=self.rng.randint(14, 20)
        )
        return CollateralContact(
            id=new_id(),
            case_id=c.case.id,
            created_by=self.worker,
            recorded_by=self.worker,
            recorded_at=start + timedelta(hours=1),
            contact_start=start,
            contact_end=start + timedelta(minutes=20),
            party_name=who,
            party_organisation=organisation,
            party_role=role,
            party_contact="555-0100 (office line)",
            method=method,
            child_ids=child_ids,
            purpose=purpose,
            summary=summary,
            follow_up_tasks=(follow_up,) if follow_up else (),
        )

    def _assessments(self, youth: Person) -> Iterator[DemoRecord]:
        """The checklist rated twice, half a year apart: better on most items, money still needs help."""
        instrument, version, items = _instrument()
        then = {
            "money": 3,
            "housing": 3,
        }  # half a year ago: money and housing not yet learned, the rest needs help
        now = {
            "money_budget": 2,
            "money_bills": 2,
            "housing_search": 1,
            "housing_lease": 1,
            "job_resume": 1,
        }  # the rest done alone
        notes = {
            "money_budget": "Synthetic demo note: no budget yet; the allowance is spent in the first week."
        }
        for ago, scale in ((190, then), (10, now)):
            day = self.today - timedelta(days=ago)
            if scale is then:
                ratings = tuple(
                    Rating(item_id=item, rating=then.get(item.split("_")[0], 2)) for item in items
                )
            else:
                ratings = tuple(
                    Rating(item_id=item, rating=now.get(item, 0), note=notes.get(item))
                    for item in items
                )
            assessment = Assessment(
                id=new_id(),
                case_id=youth.case_id,
                created_by=self.worker,
                instrument_id=instrument,
                instrument_version=version,
                child_id=youth.id,
                assessed_on=day,
                rated_by=self.worker,
                ratings=ratings,
                notes="Synthetic demo note: rated with the youth at the resource family's kitchen table.",
            )
            yield self._approved(assessment, day + timedelta(days=2))

    def _task(self, c: ShapedCase, action: str, due: date, children: tuple[Person, ...]) -> Task:
        return Task(
            id=new_id(),
            case_id=c.case.id,
            action=action,
            owner=self.worker,
            due=due,
            child_ids=tuple(k.id for k in children),
            created_by=self.worker,
        )

    def _full_name(self) -> str:
        return f"{self.name(self.rng)} {self.name(self.rng, 3)}"

    def _approved(self, record: object, at: date) -> DemoRecord:
        return DemoRecord(
            record, "approved", datetime.combine(at, datetime.min.time(), UTC) + timedelta(hours=17)
        )
