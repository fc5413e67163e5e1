"""A supervisor's laptop for GUI tests: a real encrypted store holding two caseworkers' cases, with
entries arriving the way a sync brings them (pulled pages), and the supervisor view over it."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from fieldcase.domain.cases import Case
from fieldcase.domain.ids import new_id
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.placements import Placement
from fieldcase.domain.serialization import kind_of, to_dict
from fieldcase.domain.workflow import Status
from fieldcase.security.keyfile import KdfParams
from fieldcase.store.store import Store
from fieldcase.store.sync_apply import SyncStore
from helpers.gui import NOW
from helpers.services import seed_caseload, seen_visit
from helpers.store import PASSPHRASE, FakeClock

SUPERVISOR = "sup-1"


class Pull:
    def __init__(self, store: Store) -> None:
        self.store, self.seq = store, 0

    def __call__(
        self,
        record,
        *,
        rev: int,
        status: str,
        author: str,
        submitted_hours_ago: int | None = None,
        addenda=None,
    ) -> None:
        self.seq += 1
        meta = {"created_by": author}
        if submitted_hours_ago is not None:
            meta.update(
                submitted_by=author,
                submitted_at=(NOW - timedelta(hours=submitted_hours_ago)).isoformat(),
            )
        body = to_dict(
            dataclasses.replace(record, status=Status(status), rev=rev, created_by=author)
        )
        change = {
            "seq": self.seq,
            "record_kind": kind_of(record),
            "record_id": record.id,
            "case_id": record.case_id,
            "rev": rev,
            "status": status,
            "body": body,
            "meta": meta,
            "conflicts": [],
            "addenda": addenda or [],
        }
        SyncStore(self.store).apply_page(
            {
                "epoch": "e1",
                "changes": [change],
                "scope_events": [],
                "next_cursor": f"c{self.seq}",
                "has_more": False,
                "server_time": NOW.isoformat(),
            }
        )


def other_worker_family(store: Store, worker: str, number: str):
    case = Case(
        id=new_id(),
        case_number=number,
        opened_on=date(2025, 1, 10),
        primary_worker_id=worker,
        removal_date=date(2025, 1, 9),
        case_plan_due=date(2026, 5, 1),
    )
    store.save(case)
    kids = []
    for n, name in enumerate(("Quilta", "Moxvo", "Brenix")):
        child = Person(
            id=new_id(),
            case_id=case.id,
            role=PersonRole.CHILD,
            given_name=name,
            family_name="Pimlo",
            date_of_birth=date(2015 + n, 2, 3),
        )
        store.save(child)
        store.save(
            Placement(
                id=new_id(),
                case_id=case.id,
                child_id=child.id,
                provider_name="Taby family",
                starts_on=date(2025, 1, 10),
            )
        )
        kids.append(child.id)
    return SimpleNamespace(case_id=case.id, child_ids=tuple(kids))


@pytest.fixture
def team_store(tmp_path: Path):
    store = Store.create(
        tmp_path / "sup",
        PASSPHRASE,
        device_id="0190f3a0-0000-7000-8000-00000000d0bb",
        user_id=SUPERVISOR,
        kdf=KdfParams.floor(),
        clock=FakeClock(),
    )
    families = seed_caseload(store, families=3, visits_per_child=0)
    families.append(other_worker_family(store, "worker-2", "DEMO-2000"))
    pull = Pull(store)
    entries = []
    for i, (family, author, day, hours) in enumerate(
        [
            (families[0], "worker-1", 4, 150),
            (families[1], "worker-1", 12, 60),
            (families[3], "worker-2", 18, 20),
            (families[3], "worker-2", 20, 2),
        ]
    ):
        visit = dataclasses.replace(
            seen_visit(
                family.case_id,
                family.child_ids[:2],
                on=datetime(2026, 5, day, 15, tzinfo=UTC),
                residence=i % 2 == 0,
            ),
            observations=f"Visit {i}: routines and school discussed.",
        )
        pull(visit, rev=2, status="submitted", author=author, submitted_hours_ago=hours)
        entries.append(visit)
    returned = seen_visit(
        families[2].case_id, families[2].child_ids[:1], on=datetime(2026, 5, 8, 15, tzinfo=UTC)
    )
    pull(
        dataclasses.replace(returned, returned_reason="Say who else was present."),
        rev=3,
        status="returned",
        author="worker-1",
    )
    store.namespace = SimpleNamespace(families=families, entries=entries, pull=pull)
    yield store
    if not store.is_locked:
        store.lock()


@pytest.fixture
def supervisor_view(qtbot, team_store):
    from fieldcase.services.session import Session
    from fieldcase.ui.supervisor import build_supervisor_view
    from fieldcase.ui.worker import StoreWorker

    worker = StoreWorker()
    session = Session(data_dir=team_store.paths.data_dir)
    session.adopt(team_store)
    view = build_supervisor_view(
        worker=worker, session=session, now=lambda: NOW, names={"worker-1": "Robin Vale"}
    )
    qtbot.addWidget(view)
    view.resize(1400, 860)
    view.worker = worker
    yield view
    worker.shutdown()


def settle_view(qtbot, view, condition=None, timeout: int = 10000) -> None:
    if condition is not None:
        qtbot.waitUntil(condition, timeout=timeout)
    view.worker.wait()
    qtbot.waitUntil(lambda: view.worker._pending == 0, timeout=timeout)
