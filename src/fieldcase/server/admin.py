"""Administrative actions (the `fieldcase-server` CLI and tests call these): the server's own state,
organisations, teams, users, cases and their assignments, devices. Each emits changes where
clients must learn of them (a new case, a reassignment changes scope on the next pull).
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select, update

from fieldcase.domain import metadata
from fieldcase.domain.ids import new_id
from fieldcase.errors import UserError
from fieldcase.security import passwords, tokens
from fieldcase.server.db import Database, note_change
from fieldcase.server.devices import request_wipe, revoke_device_tokens
from fieldcase.server.models import (
    CaseAssignment,
    ChangeLog,
    Device,
    Organisation,
    Record,
    ServerState,
    Team,
    User,
    utcnow,
)
from fieldcase.server.records import _normalise

ROLES = ("caseworker", "supervisor", "admin")


def init_db(db: Database) -> bool:
    """Migrate to the newest schema and create the server's state row; True if it was new."""
    db.migrate()
    with db.write() as session:
        if session.get(ServerState, 1) is not None:
            return False
        private, public = tokens.generate_signing_keypair()
        session.add(
            ServerState(
                id=1,
                epoch=str(uuid.uuid4()),
                horizon_seq=0,
                signing_private_key=private,
                signing_public_key=public,
            )
        )
        return True


def new_epoch(db: Database) -> str:
    """After restoring a backup: every client must download its caseload again (410 resync_required)."""
    epoch = str(uuid.uuid4())
    with db.write() as session:
        session.execute(update(ServerState).where(ServerState.id == 1).values(epoch=epoch))
    return epoch


def create_org(db: Database, name: str) -> str:
    with db.write() as session:
        org = Organisation(id=new_id(), name=name)
        session.add(org)
        return org.id


def the_org(db: Database) -> str:
    with db.read() as session:
        ids = session.execute(select(Organisation.id)).scalars().all()
    if len(ids) != 1:
        raise UserError(
            "Create the organisation first (fieldcase-server create-org NAME).", code="no_org"
        )
    return ids[0]


def create_team(
    db: Database, name: str, *, org_id: str | None = None, supervisor: str | None = None
) -> str:
    org_id = org_id or the_org(db)
    with db.write() as session:
        team = Team(id=new_id(), org_id=org_id, name=name)
        if supervisor is not None:
            team.supervisor_id = _user_id(session, supervisor)
        session.add(team)
        return team.id


def set_supervisor(db: Database, team_id: str, supervisor: str) -> None:
    with db.write() as session:
        team = (
            session.get(Team, team_id)
            or session.execute(select(Team).where(Team.name == team_id)).scalar_one_or_none()
        )
        if team is None:
            raise UserError("No such team.", code="no_team")
        team.supervisor_id = _user_id(session, supervisor)


def _user_id(session, who: str) -> str:
    user = (
        session.get(User, who)
        or session.execute(select(User).where(User.username == who)).scalar_one_or_none()
    )
    if user is None:
        raise UserError("No such user.", code="no_user")
    return user.id


def _team_id(session, team: str | None) -> str | None:
    if team is None:
        return None
    found = (
        session.get(Team, team)
        or session.execute(select(Team).where(Team.name == team)).scalar_one_or_none()
    )
    if found is None:
        raise UserError("No such team.", code="no_team")
    return found.id


def create_user(
    db: Database,
    username: str,
    password: str | None = None,
    *,
    role: str,
    team: str | None = None,
    display_name: str = "",
    org_id: str | None = None,
    password_hash: str | None = None,
) -> str:
    if role not in ROLES:
        raise UserError(f"The role must be one of {', '.join(ROLES)}.", code="bad_role")
    encoded = password_hash or passwords.hash_password(password or "")
    org_id = org_id or the_org(db)
    with db.write() as session:
        if session.execute(select(User.id).where(User.username == username)).first() is not None:
            raise UserError("That username is taken.", code="username_taken")
        user = User(
            id=new_id(),
            org_id=org_id,
            username=username,
            display_name=display_name,
            role=role,
            team_id=_team_id(session, team),
            password_hash=encoded,
        )
        session.add(user)
        return user.id


def create_case(
    db: Database, fields: dict, *, case_id: str | None = None, created_by: str | None = None
) -> str:
    """Open a case record (cases come from the office, not from laptops)."""
    case_id = case_id or new_id()
    body = _normalise(
        "case",
        case_id,
        case_id,
        {k: v for k, v in fields.items() if k not in metadata.SERVER_OWNED_FIELDS},
    )
    with db.write() as session:
        record = Record(
            id=case_id,
            kind="case",
            case_id=case_id,
            rev=1,
            status="active",
            body=body,
            field_authors={},
            created_by=created_by,
        )
        session.add(record)
        _record_change(session, record)
    return case_id


def add_record(
    db: Database,
    kind: str,
    case_id: str,
    fields: dict,
    *,
    record_id: str | None = None,
    created_by: str | None = None,
    status: str | None = None,
) -> str:
    """Insert a record server-side (imports, demo data)."""
    record_id = record_id or new_id()
    body = _normalise(
        kind,
        record_id,
        case_id,
        {
            k: v
            for k, v in fields.items()
            if k not in metadata.SERVER_OWNED_FIELDS and k != "case_id"
        },
    )
    from fieldcase.domain import kinds

    with db.write() as session:
        record = Record(
            id=record_id,
            kind=kind,
            case_id=case_id,
            rev=1,
            status=status or ("draft" if kind in kinds.WORKFLOW_KINDS else "active"),
            body=body,
            field_authors={},
            created_by=created_by,
        )
        if status == "approved":
            record.approved_by, record.approved_at, record.approved_rev = created_by, utcnow(), 1
        session.add(record)
        _record_change(session, record)
    return record_id


def _record_change(session, record: Record) -> None:
    def assign(seq: int) -> None:
        record.last_seq = seq
        session.add(
            ChangeLog(
                seq=seq, what="record", record_id=record.id, case_id=record.case_id, rev=record.rev
            )
        )

    note_change(session, assign)


def assign_case(
    db: Database,
    case_id: str,
    user: str,
    *,
    role: str = "primary",
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> None:
    """Make `user` the primary worker (ending any other primary assignment) or a covering worker."""
    if role not in ("primary", "covering"):
        raise UserError("The role must be primary or covering.", code="bad_role")
    today = utcnow().date()
    with db.write() as session:
        user_id = _user_id(session, user)
        case = session.get(Record, case_id)
        if case is None or case.kind != "case":
            raise UserError("No such case.", code="no_case")
        if role == "primary":
            for row in session.execute(
                select(CaseAssignment).where(
                    CaseAssignment.case_id == case_id,
                    CaseAssignment.role == "primary",
                    CaseAssignment.ends_on.is_(None),
                )
            ).scalars():
                if row.user_id != user_id:
                    row.ends_on = today if row.starts_on < today else row.starts_on
                    if row.starts_on >= today:
                        session.delete(row)
        session.add(
            CaseAssignment(
                case_id=case_id,
                user_id=user_id,
                role=role,
                starts_on=starts_on or today,
                ends_on=ends_on,
            )
        )
        _update_case_workers(session, case)
        case.rev += 1
        _record_change(session, case)


def unassign_case(db: Database, case_id: str, user: str) -> None:
    with db.write() as session:
        user_id = _user_id(session, user)
        for row in session.execute(
            select(CaseAssignment).where(
                CaseAssignment.case_id == case_id, CaseAssignment.user_id == user_id
            )
        ).scalars():
            session.delete(row)
        case = session.get(Record, case_id)
        if case is not None:
            session.flush()
            _update_case_workers(session, case)
            case.rev += 1
            _record_change(session, case)


def _update_case_workers(session, case: Record) -> None:
    """The case body shows who works it (primary_worker_id, covering_workers), from the assignments."""
    session.flush()
    today = utcnow().date()
    body = dict(case.body or {})
    rows = (
        session.execute(select(CaseAssignment).where(CaseAssignment.case_id == case.id))
        .scalars()
        .all()
    )
    primary = [
        r
        for r in rows
        if r.role == "primary"
        and (r.ends_on is None or r.ends_on >= today)
        and r.starts_on <= today
    ]
    body["primary_worker_id"] = primary[-1].user_id if primary else None
    body["covering_workers"] = [
        {
            "worker_id": r.user_id,
            "starts_on": r.starts_on.isoformat(),
            "ends_on": r.ends_on.isoformat() if r.ends_on else None,
        }
        for r in rows
        if r.role == "covering"
    ]
    case.body = body


def enrollment_code(db: Database, settings, *, created_by: str | None = None) -> tuple[str, object]:
    from fieldcase.server.devices import create_enrollment_code

    return create_enrollment_code(db, settings, org_id=the_org(db), created_by=created_by)


def list_devices(db: Database) -> list[dict]:
    with db.read() as session:
        rows = session.execute(
            select(Device, User.username)
            .join(User, User.id == Device.user_id)
            .order_by(Device.created_at)
        ).all()
        return [
            {
                "id": d.id,
                "user": username,
                "label": d.label,
                "state": d.state,
                "suspect": d.suspect_reason if d.suspect else "",
                "last_seen": d.last_seen_at.isoformat() if d.last_seen_at else "",
            }
            for d, username in rows
        ]


def set_device_state(db: Database, device_id: str, action: str) -> str:
    """suspend | resume | wipe | retire."""
    with db.write() as session:
        device = session.get(Device, device_id)
        if device is None:
            raise UserError("No such device.", code="no_device")
        if action == "suspend":
            device.state = "suspended"
        elif action == "resume":
            if device.state != "suspended":
                raise UserError("Only a suspended device can be resumed.", code="bad_state")
            device.state = "active"
        elif action == "wipe":
            request_wipe(session, device)
            # Tokens stay known (not revoked) so the wipe command reaches the laptop on its next contact.
        elif action == "retire":
            device.state = "retired"
            revoke_device_tokens(session, device.id)
        else:
            raise UserError("Unknown device action.", code="bad_action")
        return device.state
