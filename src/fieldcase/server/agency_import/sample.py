"""`fieldcase-server sample-agency DIR`: a SYNTHETIC agency as the import's files — made-up
caseworker user names, nonsense-syllable names, invented streets — for trying the import, the docs'
sample folder (docs/samples/agency/) and the benchmark. Never a real person, place or case.

Each child came into care on a day within the last `years` years; moved one to three times
(emergency placement, resource family, sometimes a relative); the court sat every three months
since removal and sits again soon; the case has its removal, custody and referral dates, its
72-hour and 30-day family support team meetings, a case plan reviewed every six months; about one
child in eight has left care (reunification, adoption, guardianship...)."""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from fieldcase.domain.cases import Case, PermanencyGoal
from fieldcase.domain.hearings import Hearing, HearingType
from fieldcase.domain.people import ExitReason, Person, PersonRole
from fieldcase.domain.placements import Placement, PlacementType, ProviderKind
from fieldcase.domain.visitation_plans import SupervisionLevel, VisitationPlan, VisitFrequency

from .columns import TABLES
from .ids import record_id
from .rows import rows_of

_SYL = [
    "zar",
    "vo",
    "quil",
    "by",
    "mox",
    "ta",
    "bren",
    "ix",
    "lo",
    "pim",
    "dra",
    "kel",
    "nu",
    "fen",
    "ro",
    "sa",
    "tov",
    "ul",
    "wex",
    "ya",
]
OUTCOMES = (
    "Placement continued; services ordered as planned.",
    "Continued to the next review.",
    "Permanency plan approved.",
)


def worker_names(count: int) -> list[str]:
    return [f"worker{n:04d}" for n in range(1, count + 1)]


@dataclass
class SampleAgency:
    caseworkers: int = 5
    children: int = 20
    years: int = 2
    seed: int = 17
    today: date | None = None
    prefix: str = "SYN"

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.day = self.today or date.today()
        self.workers = worker_names(self.caseworkers)

    def name(self, parts: int = 2) -> str:
        return "".join(self.rng.choice(_SYL) for _ in range(parts)).capitalize()

    def records(self) -> tuple[list[object], dict[str, str]]:
        """The agency's records and each case's primary worker (case record id → user name)."""
        out: list[object] = []
        workers: dict[str, str] = {}
        made = n = 0
        while made < self.children:
            n += 1
            kids = min(self.rng.choice((1, 1, 2, 2, 3)), self.children - made)
            made += kids
            case = self._case(n, kids, out)
            workers[case.id] = self.workers[(n - 1) % len(self.workers)] if self.workers else ""
        return out, workers

    def rows(self) -> dict[str, list[dict[str, str]]]:
        records, workers = self.records()
        return {**rows_of(records, workers), "providers": sample_providers()}

    def _sid(self, what: str, n: int, k: int = 0) -> str:
        return f"{self.prefix}-{what}-{n:06d}" + (f"-{k}" if k else "")

    def _case(self, n: int, kids: int, out: list[object]) -> Case:
        rng, today = self.rng, self.day
        removal = today - timedelta(days=rng.randint(20, max(21, 365 * self.years)))
        sid = self._sid("C", n)
        cid = record_id("case", sid)
        reviews = removal + timedelta(days=180)
        last_review = None
        while reviews <= today:
            last_review, reviews = reviews, reviews + timedelta(days=182)
        goal = rng.choice(list(PermanencyGoal)[:3])
        case = Case(
            id=cid,
            state_id=sid,
            case_number=f"{removal.year}-JU-{n:05d}",
            county="Synthetic County",
            office=f"Office {1 + n % 4}",
            opened_on=removal,
            permanency_goal=goal,
            concurrent_goal=PermanencyGoal.ADOPTION
            if goal is PermanencyGoal.REUNIFICATION
            else PermanencyGoal.REUNIFICATION,
            removal_date=removal,
            custody_date=removal + timedelta(days=1),
            referral_date=removal + timedelta(days=2),
            case_plan_due=removal + timedelta(days=31),
            last_case_plan_review=last_review,
            family_support_team_meetings=tuple(
                d
                for d in (
                    removal + timedelta(days=2),
                    removal + timedelta(days=rng.randint(20, 29)),
                )
                if d <= today
            ),
        )
        out.append(case)
        family = self.name(3)
        people = [
            Person(
                id=record_id("person", self._sid("P", n, 1)),
                state_id=self._sid("P", n, 1),
                case_id=cid,
                role=PersonRole.PARENT,
                given_name=self.name(),
                family_name=family,
                phone=f"555-01{rng.randint(10, 99)}",
                languages=("English",),
            )
        ]
        if rng.random() < 0.5:
            people.append(
                Person(
                    id=record_id("person", self._sid("P", n, 2)),
                    state_id=self._sid("P", n, 2),
                    case_id=cid,
                    role=PersonRole.PARENT,
                    given_name=self.name(),
                    family_name=self.name(3),
                )
            )
        resource = Person(
            id=record_id("person", self._sid("P", n, 3)),
            state_id=self._sid("P", n, 3),
            case_id=cid,
            role=PersonRole.RESOURCE_PARENT,
            given_name=self.name(),
            family_name=self.name(3),
            address=f"{rng.randint(1, 999)} Imaginary Lane, Nowhereville",
        )
        relative = Person(
            id=record_id("person", self._sid("P", n, 4)),
            state_id=self._sid("P", n, 4),
            case_id=cid,
            role=PersonRole.RELATIVE,
            given_name=self.name(),
            family_name=family,
        )
        children = []
        for k in range(kids):
            sid_k = self._sid("P", n, 10 + k)
            born = today - timedelta(days=rng.randint(200, 17 * 365))
            exit_day = None
            if rng.random() < 0.125 and (today - removal).days > 120:
                exit_day = removal + timedelta(days=rng.randint(90, (today - removal).days - 1))
            children.append(
                Person(
                    id=record_id("person", sid_k),
                    state_id=sid_k,
                    case_id=cid,
                    role=PersonRole.CHILD,
                    given_name=self.name(),
                    family_name=family,
                    date_of_birth=born,
                    exit_date=exit_day,
                    exit_reason=rng.choice(list(ExitReason)[:4]) if exit_day else None,
                )
            )
        out += [*people, resource, relative, *children]
        for k, child in enumerate(children):
            out += self._placements(n, k, child, removal, resource, relative)
        parents = [p.id for p in people]
        out.append(
            VisitationPlan(
                id=record_id("visitation_plan", self._sid("VP", n)),
                state_id=self._sid("VP", n),
                case_id=cid,
                participants=(*parents, *(c.id for c in children)),
                frequency=VisitFrequency.WEEKLY,
                duration_minutes=90,
                supervision_level=SupervisionLevel.SUPERVISED,
                location_preference="Office family room",
                effective_from=removal + timedelta(days=10),
                court_order_reference=f"Order {n}",
            )
        )
        out += self._hearings(n, cid, removal)
        return case

    def _placements(
        self, n: int, k: int, child: Person, removal: date, resource: Person, relative: Person
    ) -> list[Placement]:
        rng, today = self.rng, self.day
        end = child.exit_date
        steps: list[tuple[ProviderKind, str, PlacementType, str | None]] = []
        if (today - removal).days > 60 and rng.random() < 0.5:
            steps.append(
                (ProviderKind.RESIDENTIAL, "Emergency shelter", PlacementType.GROUP_HOME, None)
            )
        steps.append(
            (
                ProviderKind.RESOURCE_FAMILY,
                f"The {resource.family_name} family",
                PlacementType.FOSTER_FAMILY,
                resource.address,
            )
        )
        if (today - removal).days > 240 and rng.random() < 0.3:
            steps.append(
                (
                    ProviderKind.RELATIVE,
                    f"{relative.given_name} {relative.family_name} (relative)",
                    PlacementType.KINSHIP,
                    None,
                )
            )
        last = end or today
        span = max(1, (last - removal).days)
        cuts = (
            sorted(rng.sample(range(1, span), len(steps) - 1))
            if span > len(steps)
            else list(range(1, len(steps)))
        )
        starts = [removal, *(removal + timedelta(days=c) for c in cuts)]
        out = []
        for i, (provider, name, kind, address) in enumerate(steps):
            sid = self._sid("PL", n, 10 * k + i + 1)
            ends = starts[i + 1] - timedelta(days=1) if i + 1 < len(steps) else end
            if ends is not None and ends < starts[i]:
                ends = starts[i]
            out.append(
                Placement(
                    id=record_id("placement", sid),
                    state_id=sid,
                    case_id=child.case_id,
                    child_id=child.id,
                    provider_kind=provider,
                    provider_name=name,
                    placement_type=kind,
                    address=address,
                    starts_on=starts[i],
                    ends_on=ends,
                    reason_for_change="Moved to a family setting."
                    if i + 1 < len(steps)
                    else ("Left care." if end else None),
                )
            )
        return out

    def _hearings(self, n: int, cid: str, removal: date) -> list[Hearing]:
        rng, today = self.rng, self.day
        out, day, k = [], removal + timedelta(days=2), 0
        kinds = [HearingType.PROTECTIVE_CUSTODY, HearingType.ADJUDICATION, HearingType.DISPOSITION]
        while True:
            k += 1
            held = day < today
            nxt = day + timedelta(days=rng.randint(80, 100))
            sid = self._sid("H", n, k)
            out.append(
                Hearing(
                    id=record_id("hearing", sid),
                    state_id=sid,
                    case_id=cid,
                    scheduled_at=datetime.combine(day, time(14, 0), UTC),
                    court="Synthetic County Juvenile Court",
                    hearing_type=kinds[k - 1] if k <= len(kinds) else HearingType.REVIEW,
                    outcome=rng.choice(OUTCOMES) if held else None,
                    next_hearing_on=nxt if held else None,
                )
            )
            if not held:
                return out
            day = nxt


#: the office's resource directory of the synthetic agency: invented names, no real organisation
_PROVIDERS = (
    (
        "Synthetic Family Roots Parenting Center",
        "parenting",
        "Synthetic County",
        "Evening classes on Tuesdays",
    ),
    (
        "Synthetic Hope House",
        "housing;domestic_violence",
        "Synthetic County",
        "Call intake before noon",
    ),
    (
        "Synthetic Riverside Behavioral Health",
        "mental_health;substance_use",
        "Synthetic County",
        "Spanish-speaking staff",
    ),
    ("Synthetic Valley Clinic", "medical", "Other Synthetic County", ""),
    (
        "Synthetic Bridges Independent Living",
        "independent_living;education",
        "Synthetic County",
        "Youth 14 to 21",
    ),
)


def sample_providers() -> list[dict[str, str]]:
    """providers.csv of the sample agency (fixed: the other tables' random draws are unchanged)."""
    return [
        {
            "provider_id": f"SYN-PR-{n:04d}",
            "name": name,
            "service_types": types,
            "county": county,
            "address": f"{n * 10} Example St, Synthetic City",
            "phone": f"555-01{n:02d}",
            "notes": notes,
            "active": "yes",
        }
        for n, (name, types, county, notes) in enumerate(_PROVIDERS, start=1)
    ]


def write_folder(rows: dict[str, list[dict[str, str]]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        with open(folder / table.file_name, "w", encoding="utf-8", newline="") as handle:
            out = csv.DictWriter(
                handle, fieldnames=[c.name for c in table.columns], lineterminator="\n"
            )
            out.writeheader()
            out.writerows(rows.get(table.name, ()))


def write_jsonl(rows: dict[str, list[dict[str, str]]], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for table in TABLES:
            for row in rows.get(table.name, ()):
                # every column, null when empty: a line is the whole record, as a CSV row is
                item = {
                    "type": table.row_type,
                    **{k: (v if v != "" else None) for k, v in row.items()},
                }
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")


def create_caseworkers(db, names: list[str], *, password: str, org_id: str | None = None) -> None:
    """Make the sample's caseworker accounts in bulk (one password hash for all: a sample only)."""
    from sqlalchemy import insert

    from fieldcase.domain.ids import new_id
    from fieldcase.security import passwords
    from fieldcase.server import admin
    from fieldcase.server.models import User

    org_id = org_id or admin.the_org(db)
    encoded = passwords.hash_password(password)
    with db.write() as session:
        session.execute(
            insert(User.__table__),
            [
                {
                    "id": new_id(),
                    "org_id": org_id,
                    "username": name,
                    "display_name": f"Sample worker {name[-4:]}",
                    "role": "caseworker",
                    "team_id": None,
                    "password_hash": encoded,
                    "active": True,
                }
                for name in names
            ],
        )
