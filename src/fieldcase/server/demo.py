"""`fieldcase-server seed-demo`: a SYNTHETIC agency for demos and benchmarks.

Everything is generated: names are made of nonsense syllables (obviously fake, never a real
person), addresses are on invented streets in an invented town. Teams with a supervisor and
caseworkers, ~100 children in family cases with parents, resource families, placements, visitation
plans, and a history of approved monthly home visits.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from fieldcase.domain.ids import new_id
from fieldcase.security import passwords
from fieldcase.server import admin
from fieldcase.server.db import Database, note_change
from fieldcase.server.models import CaseAssignment, ChangeLog, Record, Team, User, utcnow
from fieldcase.server.records import _normalise

DEMO_PASSWORD = "demo-password-please-change"
_SYL = ["zar", "vo", "quil", "by", "mox", "ta", "bren", "ix", "lo", "pim", "dra", "kel", "nu", "fen", "ro", "sa", "tov", "ul", "wex", "ya"]


def fake_name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(_SYL) for _ in range(parts)).capitalize()


def seed_demo(db: Database, *, children: int = 100, teams: int = 3, workers_per_team: int = 4, months: int = 6, seed: int = 7) -> dict:
    rng = random.Random(seed)
    org_id = admin.create_org(db, "Synthetic County Children's Division (DEMO)")
    encoded = passwords.hash_password(DEMO_PASSWORD)  # one hash for every demo account
    users: list[dict] = []
    with db.write() as session:
        workers: list[str] = []
        for t in range(teams):
            team = Team(id=new_id(), org_id=org_id, name=f"Demo team {t + 1}")
            sup = User(id=new_id(), org_id=org_id, username=f"supervisor{t + 1}", display_name=f"{fake_name(rng)} {fake_name(rng, 3)}", role="supervisor", team_id=None, password_hash=encoded)
            session.add_all([team, sup])
            session.flush()
            team.supervisor_id = sup.id
            users.append({"username": sup.username, "role": "supervisor"})
            for w in range(workers_per_team):
                user = User(
                    id=new_id(), org_id=org_id, username=f"worker{t + 1}{w + 1}", display_name=f"{fake_name(rng)} {fake_name(rng, 3)}", role="caseworker", team_id=team.id, password_hash=encoded
                )
                session.add(user)
                workers.append(user.id)
                users.append({"username": user.username, "role": "caseworker"})
        admin_user = User(id=new_id(), org_id=org_id, username="admin", display_name="Demo admin", role="admin", password_hash=encoded)
        session.add(admin_user)
        users.append({"username": "admin", "role": "admin"})
        session.flush()

        today = utcnow().date()
        made = 0
        records = 0

        def add(kind: str, case_id: str, fields: dict, *, created_by: str | None, status: str | None = None, at: datetime | None = None) -> str:
            nonlocal records
            record_id = fields.pop("id", None) or new_id()
            body = _normalise(kind, record_id, case_id, fields)
            record = Record(
                id=record_id, kind=kind, case_id=case_id, rev=1, status=status or ("draft" if kind in admin_workflow() else "active"), body=body, field_authors={}, created_by=created_by
            )
            if status == "approved":
                record.approved_by, record.approved_at, record.approved_rev = created_by, at or utcnow(), 1
                record.submitted_by, record.submitted_at = created_by, at or utcnow()
            session.add(record)

            def assign(seq: int, record: Record = record) -> None:
                record.last_seq = seq
                session.add(ChangeLog(seq=seq, what="record", record_id=record.id, case_id=record.case_id, rev=record.rev))

            note_change(session, assign)
            records += 1
            return record_id

        while made < children:
            worker = rng.choice(workers)
            case_id = new_id()
            family = fake_name(rng, 3)
            opened = today - timedelta(days=rng.randint(60, 700))
            add(
                "case",
                case_id,
                {"id": case_id, "case_number": f"DEMO-{rng.randint(10000, 99999)}", "county": "Synthetic County", "office": "Demo Office", "opened_on": opened.isoformat(), "primary_worker_id": None, "permanency_goal": rng.choice(["reunification", "adoption", "guardianship"])},
                created_by=None,
            )
            session.add(CaseAssignment(case_id=case_id, user_id=worker, role="primary", starts_on=opened))
            parent = add("person", case_id, {"role": "parent", "given_name": fake_name(rng), "family_name": family}, created_by=worker)
            resource = add("person", case_id, {"role": "resource_parent", "given_name": fake_name(rng), "family_name": fake_name(rng, 3), "address": f"{rng.randint(1, 999)} Imaginary Lane, Nowhereville"}, created_by=worker)
            kids = []
            for _ in range(min(rng.randint(1, 3), children - made)):
                born = today - timedelta(days=rng.randint(365, 17 * 365))
                kid = add("person", case_id, {"role": "child", "given_name": fake_name(rng), "family_name": family, "date_of_birth": born.isoformat()}, created_by=worker)
                kids.append(kid)
                made += 1
                placement = add(
                    "placement",
                    case_id,
                    {"child_id": kid, "provider_kind": "resource_family", "provider_name": f"The {fake_name(rng, 3)} family", "placement_type": "foster_family", "starts_on": opened.isoformat()},
                    created_by=worker,
                )
                for month in range(months):
                    when = datetime.combine(today.replace(day=1) - timedelta(days=30 * month) + timedelta(days=rng.randint(0, 20)), datetime.min.time(), UTC) + timedelta(hours=rng.randint(9, 16))
                    if when.date() > today:
                        continue
                    add(
                        "home_visit",
                        case_id,
                        {
                            "conducted_by": worker,
                            "recorded_by": worker,
                            "contact_start": when.isoformat(),
                            "contact_end": (when + timedelta(hours=1)).isoformat(),
                            "method": "face_to_face",
                            "purpose": "monthly_caseworker_visit",
                            "outcome": "completed",
                            "location_type": "child_residence",
                            "placement_id": placement,
                            "children": [{"child_id": kid, "seen": True, "seen_privately": True, "topics": ["safety", "permanency"], "present_danger": False}],
                            "observations": "Synthetic demo note: the child appeared well and talked about school.",
                        },
                        created_by=worker,
                        status="approved",
                        at=when + timedelta(days=2),
                    )
            add(
                "visitation_plan",
                case_id,
                {"participants": [parent, *kids], "frequency": "weekly", "duration_minutes": 90, "supervision_level": "supervised", "effective_from": opened.isoformat()},
                created_by=worker,
            )
            _ = resource
    # Cases show who works them.
    with db.write() as session:
        for case in session.query(Record).filter(Record.kind == "case").all():
            admin._update_case_workers(session, case)
    return {"users": users, "password": DEMO_PASSWORD, "children": made, "records": records}


def admin_workflow() -> frozenset[str]:
    from fieldcase.server.records import WORKFLOW_KINDS

    return WORKFLOW_KINDS


__all__ = ["seed_demo", "date"]
