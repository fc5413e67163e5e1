"""`fieldcase-server seed-demo`: a SYNTHETIC agency for demos and benchmarks.

Everything is generated: names are made of nonsense syllables (obviously fake, never a real
person), addresses are on invented streets in an invented town. Teams with a supervisor and
caseworkers, ~100 children in family cases (demo_agency.py: parents, resource families, placements,
visitation plans, court dates — brought in through the agency import, as an agency's would —, monthly visits approved for past months and a realistic mix this
month — waiting for approval, returned, drafts, not seen yet —, family time and trips), the office's
resource directory, and for the demo caseworker (worker11) the rest of the week on three cases
made to a shape: case plans, meetings, referrals, collateral contacts, an assessment, a transition
plan and tasks (demo_week.py).
"""

from __future__ import annotations

import os
import random

from fieldcase.domain import kinds, serialization
from fieldcase.domain.ids import new_id
from fieldcase.domain.serialization import kind_of
from fieldcase.security import passwords
from fieldcase.server import admin
from fieldcase.server.agency_import import import_source
from fieldcase.server.agency_import.rows import rows_of, source_of
from fieldcase.server.db import Database, note_change
from fieldcase.server.demo_agency import DemoAgency, DemoRecord
from fieldcase.server.demo_cases import SHAPED_CHILDREN, SHAPES, ShapedCase
from fieldcase.server.demo_providers import demo_providers
from fieldcase.server.demo_week import DemoWeek
from fieldcase.server.models import ChangeLog, Record, Team, User, utcnow
from fieldcase.server.providers import list_providers
from fieldcase.server.records import _normalise, content_hash

DEMO_PASSWORD = "demo-password-please-change"  # noqa: S105 - the demo's synthetic agency
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


def fake_name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(_SYL) for _ in range(parts)).capitalize()


def demo_password_hashes(count: int) -> list[str]:
    """`count` hashes of the demo password, each with its own salt (one shared hash would say every
    account has the same password to anyone who reads the table, and cracking one cracks all). The
    same Argon2id cost as a real account; made in parallel (the hashing runs outside the GIL), so
    the demo stays quick to seed."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        return list(pool.map(lambda _: passwords.hash_password(DEMO_PASSWORD), range(count)))


def seed_demo(
    db: Database,
    *,
    children: int = 100,
    teams: int = 3,
    workers_per_team: int = 4,
    months: int = 6,
    seed: int = 7,
) -> dict:
    rng = random.Random(seed)
    org_id = admin.create_org(db, "Synthetic County Children's Division (DEMO)")
    hashes = iter(demo_password_hashes(teams * (1 + workers_per_team) + 1))
    users: list[dict] = []
    with db.write() as session:
        workers: list[str] = []
        usernames: dict[str, str] = {}
        supervisor_of: dict[str, str] = {}
        for t in range(teams):
            team = Team(id=new_id(), org_id=org_id, name=f"Demo team {t + 1}")
            sup = User(
                id=new_id(),
                org_id=org_id,
                username=f"supervisor{t + 1}",
                display_name=f"{fake_name(rng)} {fake_name(rng, 3)}",
                role="supervisor",
                team_id=None,
                password_hash=next(hashes),
            )
            session.add_all([team, sup])
            session.flush()
            team.supervisor_id = sup.id
            users.append({"username": sup.username, "role": "supervisor"})
            for w in range(workers_per_team):
                user = User(
                    id=new_id(),
                    org_id=org_id,
                    username=f"worker{t + 1}{w + 1}",
                    display_name=f"{fake_name(rng)} {fake_name(rng, 3)}",
                    role="caseworker",
                    team_id=team.id,
                    password_hash=next(hashes),
                )
                session.add(user)
                workers.append(user.id)
                usernames[user.id] = user.username
                supervisor_of[user.id] = sup.id
                users.append({"username": user.username, "role": "caseworker"})
        admin_user = User(
            id=new_id(),
            org_id=org_id,
            username="admin",
            display_name="Demo admin",
            role="admin",
            password_hash=next(hashes),
        )
        session.add(admin_user)
        users.append({"username": "admin", "role": "admin"})
        session.flush()

    today = utcnow().date()
    agency = DemoAgency(rng, today, fake_name, months=months)
    made = 0
    case_data: list = []  # cases, people, placements, plans, hearings: in through the agency import
    field_records: list[tuple[DemoRecord, str, str]] = []  # (item, case id, worker id)
    workers_of: dict[str, str] = {}  # case id -> the primary worker's user name
    # the demo caseworker's first cases are made to show the rest of the week (server/demo_week.py)
    shapes = list(SHAPES) if children >= SHAPED_CHILDREN else []
    shaped: list[list] = []
    while made < children:
        shape = shapes.pop(0) if shapes else None
        worker = workers[0] if shape else rng.choice(workers)
        kids = len(shape.ages) if shape else min(rng.choice((1, 1, 2, 2, 3)), children - made)
        made += kids
        case_id = None
        if shape:
            shaped.append([])
        for item in agency.case(worker, kids, shape=shape):
            if shape:
                shaped[-1].append(item.record)
            if case_id is None:  # the case comes first
                case_id = item.record.id
                workers_of[case_id] = usernames[worker]
            if kind_of(item.record) in IMPORTED_KINDS:
                case_data.append(item.record)
            else:
                field_records.append((item, case_id, worker))
    # the office's resource directory comes in with the cases, as an agency's providers.csv does
    report = import_source(
        db, source_of({**rows_of(case_data, workers_of), "providers": demo_providers()})
    )
    if not report.ok:  # the generator and the import disagree: a bug, said plainly
        raise RuntimeError("the demo agency did not import: " + "; ".join(report.lines()[:5]))
    records = report.written
    if shaped:
        directory = {p.external_id: p.id for p in list_providers(db) if p.external_id}
        week = DemoWeek(rng, today, fake_name, worker=workers[0], providers=directory)
        for item in week.records([ShapedCase.of(records_of) for records_of in shaped]):
            field_records.append((item, item.record.case_id, workers[0]))
    with db.write() as session:

        def add(item: DemoRecord, case_id: str, worker: str) -> None:
            kind = kind_of(item.record)
            fields = serialization.to_dict(item.record)
            body = _normalise(kind, item.record.id, case_id, fields)
            status = item.status or ("draft" if kind in kinds.WORKFLOW_KINDS else "active")
            record = Record(
                id=item.record.id,
                kind=kind,
                case_id=case_id,
                rev=1,
                status=status,
                body=body,
                field_authors={},
                created_by=worker if kind in kinds.WORKFLOW_KINDS else None,
            )
            if status in ("submitted", "approved", "returned"):
                record.submitted_by, record.submitted_at, record.submitted_rev = worker, item.at, 1
            if status == "approved":
                record.approved_by, record.approved_at, record.approved_rev = (
                    supervisor_of[worker],
                    item.at,
                    1,
                )
                record.content_hash = content_hash(record)
            record.return_reason = item.return_reason
            session.add(record)

            def assign(seq: int, record: Record = record) -> None:
                record.last_seq = seq
                session.add(
                    ChangeLog(
                        seq=seq,
                        what="record",
                        record_id=record.id,
                        case_id=record.case_id,
                        rev=record.rev,
                    )
                )

            note_change(session, assign)

        for item, case_id, worker in field_records:
            add(item, case_id, worker)
            records += 1
    return {"users": users, "password": DEMO_PASSWORD, "children": made, "records": records}


#: the case data an agency's system of record holds (the rest are the caseworkers' field records)
IMPORTED_KINDS = frozenset({"case", "person", "placement", "visitation_plan", "hearing"})


__all__ = ["seed_demo"]
