"""The rest of the demo caseworker's week (domain.md "The rest of the caseworker's week"), made up,
so a newcomer opening the demo sees every kind of record with something in it:

- the office's resource directory: a dozen synthetic providers across the service types and two
  invented counties, brought in as an agency's are (the agency import's providers.csv);
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
relative to today.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from fieldcase.bundled import resource
from fieldcase.domain.assessments import Assessment, Rating
from fieldcase.domain.case_plans import CasePlan, PlanParticipant, PlanService, ServiceFor, VisitingArrangement
from fieldcase.domain.cases import Case, PermanencyGoal
from fieldcase.domain.collateral_contacts import CollateralContact, CollateralMethod, CollateralRole
from fieldcase.domain.home_visits import FollowUpTask
from fieldcase.domain.ids import new_id
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.placements import Placement
from fieldcase.domain.referrals import ProgressNote, Referral, ReferralStatus, ServiceType, StatusChange
from fieldcase.domain.rule_pack import DEFAULT_RULES
from fieldcase.domain.tasks import Task
from fieldcase.domain.team_meetings import Attendee, MeetingPurpose, ServiceAgreed, TeamMeeting
from fieldcase.domain.transition_plans import GoalStatus, TransitionArea, TransitionGoal, TransitionPlan
from fieldcase.domain.transition_plans import PlanParticipant as TransitionParticipant
from fieldcase.domain.visitation_plans import VisitationPlan
from fieldcase.server.demo_agency import DemoRecord, Shape

#: the demo caseworker's cases made to a shape, in the order seed-demo makes them
SHAPES = (
    # in care half a year; plan written 22 days after removal: its 6-month review is due in 5 days
    Shape(removed_days_ago=200, ages=(15, 9), plan_written_days_ago=178, concurrent_goal=PermanencyGoal.RELATIVE_PLACEMENT),
    # in its first month: the 30-day meeting and the first case plan are due within the week
    Shape(removed_days_ago=26, ages=(16,)),
    # in care over a year; the plan was reviewed three months ago
    Shape(removed_days_ago=420, ages=(7, 4), plan_written_days_ago=95, concurrent_goal=PermanencyGoal.GUARDIANSHIP),
)
SHAPED_CHILDREN = sum(len(s.ages) for s in SHAPES)

#: the demo office's resource directory (providers.csv): invented names, no real organisation
_PROVIDERS = (
    ("DEMO-PR-01", "Synthetic Family Roots Parenting Center", "parenting", "Synthetic County", "Evening classes on Tuesdays and Thursdays."),
    ("DEMO-PR-02", "Synthetic Riverside Behavioral Health", "mental_health;substance_use", "Synthetic County", "Spanish-speaking staff; intake by phone."),
    ("DEMO-PR-03", "Synthetic Hope House", "housing;domestic_violence", "Synthetic County", "Call intake before noon."),
    ("DEMO-PR-04", "Synthetic Valley Clinic", "medical", "Synthetic County", "Walk-in mornings; well-child checks."),
    ("DEMO-PR-05", "Synthetic Bridges Independent Living", "independent_living;education", "Synthetic County", "Youth 14 to 21; life-skills classes on Saturdays."),
    ("DEMO-PR-06", "Synthetic New Leaf Recovery", "substance_use", "Synthetic County", "Waiting list of about two weeks."),
    ("DEMO-PR-07", "Synthetic Tutoring Collective", "education", "Synthetic County", "After-school tutoring at the public library."),
    ("DEMO-PR-08", "Synthetic Safe Harbor Shelter", "domestic_violence;housing", "Synthetic County", "24-hour line; location not given out."),
    ("DEMO-PR-09", "Synthetic Little Steps Early Childhood", "parenting;education", "Synthetic County", "Home visits for parents of children under 5."),
    ("DEMO-PR-10", "Synthetic Northside Counseling", "mental_health", "Neighbouring Synthetic County", "Telehealth sessions available."),
    ("DEMO-PR-11", "Synthetic Hilltop Housing Partners", "housing", "Neighbouring Synthetic County", "Deposit help for families reunifying."),
    ("DEMO-PR-12", "Synthetic Community Food and Bus Pass Desk", "other", "Neighbouring Synthetic County", "Bus passes for parents going to services."),
)


def demo_providers() -> list[dict[str, str]]:
    """The rows of the demo agency's providers.csv (fixed: the directory reads the same every time)."""
    return [{"provider_id": pid, "name": name, "service_types": types, "county": county, "address": f"{n * 12} Example Street, Nowhereville",
             "phone": f"555-02{n:02d}", "notes": notes, "active": "yes"}
            for n, (pid, name, types, county, notes) in enumerate(_PROVIDERS, start=1)]


@dataclass(frozen=True)
class ShapedCase:
    """A case of the demo caseworker as DemoAgency made it: what this week's records name."""

    case: Case
    parent: Person
    resource: Person
    children: tuple[Person, ...]
    placements: tuple[Placement, ...]
    plan: VisitationPlan

    @classmethod
    def of(cls, records: list) -> ShapedCase:
        people = [r for r in records if isinstance(r, Person)]
        return cls(
            case=next(r for r in records if isinstance(r, Case)),
            parent=next(p for p in people if p.role is PersonRole.PARENT),
            resource=next(p for p in people if p.role is PersonRole.RESOURCE_PARENT),
            children=tuple(p for p in people if p.role is PersonRole.CHILD),
            placements=tuple(r for r in records if isinstance(r, Placement)),
            plan=next(r for r in records if isinstance(r, VisitationPlan)),
        )

    def name(self, person: Person) -> str:
        return f"{person.given_name} {person.family_name}"


def _instrument() -> tuple[str, str, list[str]]:
    """The shipped independent-living checklist's id, version and item ids (resources/instruments)."""
    data = json.loads(resource("instruments").joinpath("independent_living_skills.json").read_text(encoding="utf-8"))
    return data["id"], data["version"], [item["id"] for d in data["domains"] for item in d["items"]]


class DemoWeek:
    """The records of the demo caseworker's shaped cases (`SHAPES`, in order)."""

    def __init__(self, rng: random.Random, today: date, fake_name: Callable[..., str], *, worker: str, providers: dict[str, str]) -> None:
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
        youth, younger = c.children
        written = today - timedelta(days=SHAPES[0].plan_written_days_ago or 0)
        yield self._approved(self._plan(c, written), written + timedelta(days=3))
        meeting_day = today - timedelta(days=12)
        yield self._approved(self._meeting(c, meeting_day), meeting_day + timedelta(days=2))
        yield DemoRecord(self._referral(c, c.parent, ServiceType.PARENTING, "DEMO-PR-01", "Parenting classes, 10 evening sessions",
                                        referred=today - timedelta(days=DEFAULT_RULES.referral_answer_days + 6)))
        yield DemoRecord(self._referral(c, youth, ServiceType.MENTAL_HEALTH, "DEMO-PR-02", "Weekly counseling for the youth",
                                        referred=today - timedelta(days=40),
                                        steps=((ReferralStatus.ACCEPTED, 33), (ReferralStatus.STARTED, 26))))
        school = self._contact(c, today - timedelta(days=9), CollateralRole.SCHOOL, f"Ms. {self.name(self.rng, 2)}", "Synthetic Middle School",
                               CollateralMethod.PHONE, (youth.id,), "Attendance and grades this term.",
                               "Synthetic demo note: attendance is back to four or five days a week; math grade up from D to C. "
                               "The counselor will send the progress report.",
                               follow_up=FollowUpTask(action="Ask the school for the term's progress report", owner=self.worker,
                                                      due=today + timedelta(days=3)))
        yield self._approved(school, today - timedelta(days=7))
        therapist = self._contact(c, today - timedelta(days=3), CollateralRole.THERAPIST, f"Dr. {self.name(self.rng, 3)}",
                                  "Synthetic Riverside Behavioral Health", CollateralMethod.VIDEO, (youth.id,),
                                  "How counseling has started.",
                                  "Synthetic demo note: three sessions held; the youth talks more easily about family time. "
                                  "The therapist suggests the younger sibling join one session.")
        yield DemoRecord(therapist, "submitted", datetime.combine(today - timedelta(days=2), datetime.min.time(), UTC) + timedelta(hours=15))
        yield from self._assessments(youth)
        yield self._approved(self._transition_plan(c, youth, today - timedelta(days=60)), today - timedelta(days=57))

    def _first_month(self, c: ShapedCase) -> Iterator[DemoRecord]:
        today = self.today
        yield DemoRecord(self._task(c, "Send the consent form for the youth's school records", today + timedelta(days=2), c.children))

    def _long_stay(self, c: ShapedCase) -> Iterator[DemoRecord]:
        today = self.today
        written = today - timedelta(days=SHAPES[2].plan_written_days_ago or 0)
        yield self._approved(self._plan(c, written), written + timedelta(days=4))
        yield DemoRecord(self._task(c, "Bring the dental form to the resource family", today - timedelta(days=4), c.children[:1]))

    # ------------------------------------------------------------------ the records

    def _plan(self, c: ShapedCase, written: date) -> CasePlan:
        """Version 1 as written with the family: its goals are the case's (the agency's record)."""
        parent = c.name(c.parent)
        ends = written + timedelta(days=180)
        services = (
            PlanService(description="Parenting classes, 10 evening sessions", provider="Synthetic Family Roots Parenting Center",
                        responsible=c.parent.id, service_for=ServiceFor.PARENT, person_id=c.parent.id, starts_on=written + timedelta(days=14),
                        ends_by=ends, court_ordered=True),
            PlanService(description="Substance-use assessment and the treatment it recommends", provider="Synthetic New Leaf Recovery",
                        responsible=c.parent.id, service_for=ServiceFor.PARENT, person_id=c.parent.id, starts_on=written + timedelta(days=7),
                        ends_by=written + timedelta(days=90), court_ordered=True),
            PlanService(description="Counseling for the children", provider="Synthetic Riverside Behavioral Health",
                        responsible=self.worker, service_for=ServiceFor.CHILD, starts_on=written + timedelta(days=21), ends_by=ends,
                        court_ordered=False),
            PlanService(description="Dental and well-child checks", provider="Synthetic Valley Clinic", responsible=c.resource.id,
                        service_for=ServiceFor.RESOURCE_FAMILY, starts_on=written, ends_by=written + timedelta(days=60), court_ordered=False),
        )
        return CasePlan(
            id=new_id(), case_id=c.case.id, created_by=self.worker, version=1, plan_date=written, period_starts=written, period_ends=ends,
            written_by=self.worker, child_ids=tuple(k.id for k in c.children), family_ids=(c.parent.id,),
            family_notes="Synthetic demo note: a maternal aunt in the next county offers weekend respite.",
            conditions="Synthetic demo note: the children were left alone overnight twice; the parent's substance use was a factor.",
            judicial_determination="Synthetic demo note: the court found reasonable efforts were made to prevent removal.",
            psychological_needs="Synthetic demo note: the older child worries about the parent; counseling recommended.",
            efforts_prevent_removal="Synthetic demo note: in-home services and a safety plan were tried for six weeks.",
            efforts_reunify="Synthetic demo note: weekly supervised family time; referrals for parenting classes and an assessment.",
            efforts_permanency="Synthetic demo note: the aunt was assessed for the concurrent plan.",
            permanency_goal=c.case.permanency_goal, concurrent_goal=c.case.concurrent_goal,
            goal_rationale="Synthetic demo note: the parent is engaged in services and attends family time.",
            services=services,
            court_order_requirements="Synthetic demo note: complete a substance-use assessment and follow its recommendations.",
            parent_responsibilities=f"Synthetic demo note: {parent} attends the classes, the assessment and every family visit, and keeps the worker informed of address changes.",
            behaviours_ending_services="Synthetic demo note: three months of clean tests, completed classes and unsupervised visits going well.",
            least_restrictive=True,
            placement_appropriateness="Synthetic demo note: a licensed resource family; the siblings are placed together.",
            proximity_to_parents="Synthetic demo note: twenty minutes by bus from the parent's home.",
            needs_met="Synthetic demo note: the children stay in their school; the resource family takes them to counseling.",
            visiting=(VisitingArrangement(plan_id=c.plan.id, who=f"{parent} with the children", frequency=c.plan.frequency,
                                          duration_minutes=c.plan.duration_minutes, location="Family room, Demo Office",
                                          supervision=c.plan.supervision_level, arrangements="The worker drives the children; the aide supervises.",
                                          documented_by="Family visit entries by the family-time aide"),),
            evaluation="Synthetic demo note: to be evaluated with the family, the resource family and the therapist at the review.",
            evaluation_from=written, evaluation_to=ends,
            participants=(PlanParticipant(person_id=c.parent.id, role="parent", signed=True, signed_on=written),
                          PlanParticipant(person_id=c.resource.id, role="resource_parent", signed=True, signed_on=written),
                          PlanParticipant(name=f"{self.name(self.rng)} {self.name(self.rng, 3)}", role="guardian_ad_litem", signed=False)),
        )

    def _meeting(self, c: ShapedCase, day: date) -> TeamMeeting:
        start = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=15)
        youth = c.children[0]
        return TeamMeeting(
            id=new_id(), case_id=c.case.id, created_by=self.worker, held_at=start, ended_at=start + timedelta(minutes=75),
            place="Conference room B, Demo Office", facilitator=f"{self.name(self.rng)} {self.name(self.rng, 3)} (meeting facilitator)",
            recorded_by=self.worker, purpose=MeetingPurpose.REVIEW, purpose_detail="Before the case plan's 6-month review.",
            child_ids=tuple(k.id for k in c.children),
            attendees=(Attendee(person_id=c.parent.id, invited=True, present=True, signed=True),
                       Attendee(person_id=c.resource.id, invited=True, present=True, signed=True),
                       Attendee(person_id=youth.id, invited=True, present=True, signed=True),
                       Attendee(name=f"Dr. {self.name(self.rng, 3)}", organisation="Synthetic Riverside Behavioral Health", role="therapist",
                                invited=True, present=False),
                       Attendee(name=f"{self.name(self.rng)} {self.name(self.rng, 3)}", organisation="Synthetic County CASA", role="court_appointed_special_advocate",
                                invited=True, present=True, signed=True)),
            decisions="Synthetic demo note: family time moves to two visits a week, one of them in the community; "
                      "the parent starts the parenting classes once the provider answers.",
            services=(ServiceAgreed(service="Parenting classes", provider="Synthetic Family Roots Parenting Center", responsible=c.name(c.parent),
                                    by=day + timedelta(days=60)),),
            next_meeting_on=day + timedelta(days=90),
        )

    def _referral(self, c: ShapedCase, person: Person, service: ServiceType, provider: str, detail: str, *, referred: date,
                  steps: tuple[tuple[ReferralStatus, int], ...] = ()) -> Referral:
        name = next(p[1] for p in _PROVIDERS if p[0] == provider)
        return Referral(
            id=new_id(), case_id=c.case.id, created_by=self.worker, referred_by=self.worker, person_id=person.id, service_type=service,
            service_detail=detail, provider_id=self.providers.get(provider), provider_name=name, referred_on=referred,
            reason="Synthetic demo note: a service of the case plan.", plan_service=detail,
            status_changes=tuple(StatusChange(status=s, on=self.today - timedelta(days=ago)) for s, ago in steps),
            progress_notes=(ProgressNote(on=self.today - timedelta(days=20), text="Synthetic demo note: first session attended."),) if steps else (),
        )

    def _contact(self, c: ShapedCase, day: date, role: CollateralRole, who: str, organisation: str, method: CollateralMethod,
                 child_ids: tuple[str, ...], purpose: str, summary: str, *, follow_up: FollowUpTask | None = None) -> CollateralContact:
        start = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=self.rng.randint(14, 20))
        return CollateralContact(
            id=new_id(), case_id=c.case.id, created_by=self.worker, recorded_by=self.worker, recorded_at=start + timedelta(hours=1),
            contact_start=start, contact_end=start + timedelta(minutes=20), party_name=who, party_organisation=organisation, party_role=role,
            party_contact="555-0100 (office line)", method=method, child_ids=child_ids, purpose=purpose, summary=summary,
            follow_up_tasks=(follow_up,) if follow_up else (),
        )

    def _assessments(self, youth: Person) -> Iterator[DemoRecord]:
        """The checklist rated twice, half a year apart: better on most items, money still needs help."""
        instrument, version, items = _instrument()
        then = {"money": 3, "housing": 3}  # half a year ago: money and housing not yet learned, the rest needs help
        now = {"money_budget": 2, "money_bills": 2, "housing_search": 1, "housing_lease": 1, "job_resume": 1}  # the rest done alone
        notes = {"money_budget": "Synthetic demo note: no budget yet; the allowance is spent in the first week."}
        for ago, scale in ((190, then), (10, now)):
            day = self.today - timedelta(days=ago)
            if scale is then:
                ratings = tuple(Rating(item_id=item, rating=then.get(item.split("_")[0], 2)) for item in items)
            else:
                ratings = tuple(Rating(item_id=item, rating=now.get(item, 0), note=notes.get(item)) for item in items)
            assessment = Assessment(id=new_id(), case_id=youth.case_id, created_by=self.worker, instrument_id=instrument, instrument_version=version,
                                    child_id=youth.id, assessed_on=day, rated_by=self.worker, ratings=ratings,
                                    notes="Synthetic demo note: rated with the youth at the resource family's kitchen table.")
            yield self._approved(assessment, day + timedelta(days=2))

    def _transition_plan(self, c: ShapedCase, youth: Person, written: date) -> TransitionPlan:
        goals = (
            TransitionGoal(area=TransitionArea.EDUCATION, goal="Finish ninth grade with passing grades", steps="Tutoring twice a week",
                           who_helps="Synthetic Tutoring Collective", by_when=written + timedelta(days=200), status=GoalStatus.IN_PROGRESS),
            TransitionGoal(area=TransitionArea.LIFE_SKILLS, goal="Open a savings account and keep a monthly budget",
                           steps="Life-skills class on money; practise with the allowance", who_helps="Resource parent",
                           by_when=written + timedelta(days=120), status=GoalStatus.NOT_STARTED),
            TransitionGoal(area=TransitionArea.PERMANENT_CONNECTIONS, goal="Keep in touch with the aunt", steps="A call every Sunday",
                           who_helps="The worker", by_when=written + timedelta(days=180), status=GoalStatus.IN_PROGRESS),
        )
        return TransitionPlan(
            id=new_id(), case_id=c.case.id, created_by=self.worker, child_id=youth.id, written_on=written,
            review_on=written + timedelta(days=182), written_by=self.worker, goals=goals,
            youth_words="Synthetic demo note: \"I want to learn to drive and have my own money.\"",
            participants=(TransitionParticipant(person_id=youth.id, role="youth"), TransitionParticipant(person_id=c.resource.id, role="resource_parent"),
                          TransitionParticipant(name=f"{self.name(self.rng)} {self.name(self.rng, 3)}", role="Mentor")),
        )

    def _task(self, c: ShapedCase, action: str, due: date, children: tuple[Person, ...]) -> Task:
        return Task(id=new_id(), case_id=c.case.id, action=action, owner=self.worker, due=due, child_ids=tuple(k.id for k in children),
                    created_by=self.worker)

    def _approved(self, record: object, at: date) -> DemoRecord:
        return DemoRecord(record, "approved", datetime.combine(at, datetime.min.time(), UTC) + timedelta(hours=17))
