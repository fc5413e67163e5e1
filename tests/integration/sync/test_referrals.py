"""Referrals, the resource directory and collateral contacts through the real sync path (a real
server — SQLite, and PostgreSQL under the `postgres` marker — and real encrypted laptops): the
office's directory reaches every laptop read-only and is searched offline; a referral made offline
has its status updated twice, syncs to the covering worker and the supervisor, and is approved once
the service has ended; an unanswered referral is a follow-up; a collateral contact is approved and
listed for the court."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

from fieldcase.domain.agenda import AgendaKind
from fieldcase.domain.collateral_contacts import CollateralRole
from fieldcase.domain.referrals import ReferralStatus, ServiceType
from fieldcase.server import providers
from fieldcase.services import approvals, collateral_contacts, compliance, field_records, referrals
from fieldcase.services.resource_directory import counties, find_providers
from fieldcase.services.week_ahead import load_week_ahead
from integration.sync.promises import check_converged, check_no_duplicates


def _office_directory(world) -> dict[str, str]:
    db = world.harness.db
    return {
        "roots": providers.add_provider(
            db,
            name="Family Roots Parenting",
            service_types=["parenting"],
            county="Boone",
            phone="555-0100",
        ),
        "hope": providers.add_provider(
            db, name="Hope House", service_types=["housing", "domestic_violence"], county="Cole"
        ),
        "clinic": providers.add_provider(
            db,
            name="Boone Behavioral Health",
            service_types=["mental_health", "substance_use"],
            county="boone",
        ),
    }


def test_the_directory_reaches_every_laptop_and_is_searched_offline(world):
    ids = _office_directory(world)
    ana = world.laptop("ana")
    assert find_providers(ana.store) == []
    ana.sync()
    assert [p.name for p in find_providers(ana.store)] == [
        "Boone Behavioral Health",
        "Family Roots Parenting",
        "Hope House",
    ]
    assert [p.provider_id for p in find_providers(ana.store, text="hope")] == [ids["hope"]]
    assert [p.name for p in find_providers(ana.store, text="BOONE health")] == [
        "Boone Behavioral Health"
    ]
    assert [p.name for p in find_providers(ana.store, service_type=ServiceType.HOUSING)] == [
        "Hope House"
    ]
    assert [p.name for p in find_providers(ana.store, county="Boone")] == [
        "Boone Behavioral Health",
        "Family Roots Parenting",
    ]
    assert [
        p.name for p in find_providers(ana.store, service_type="mental_health", county="BOONE")
    ] == ["Boone Behavioral Health"]
    assert find_providers(ana.store, text="100%_") == []  # LIKE's wildcards are only letters here
    assert sorted(counties(ana.store)) == ["Boone", "Cole", "boone"]
    # the office retires one and adds another: the next sync replaces the laptop's copy whole
    providers.retire_provider(world.harness.db, ids["hope"])
    providers.add_provider(
        world.harness.db, name="Rise Housing", service_types=["housing"], county="Cole"
    )
    ana.sync()
    assert [p.name for p in find_providers(ana.store, service_type="housing")] == ["Rise Housing"]


def test_a_referral_made_offline_has_its_status_updated_twice_and_syncs(world):
    ids = _office_directory(world)
    ana, ben, sam = world.laptop("ana"), world.laptop("ben"), world.laptop("sam")
    for laptop in (ana, ben, sam):
        laptop.sync()
    today = date.today()
    made = referrals.new_referral(
        ana.store,
        case_id=world.case_id,
        user_id=ana.user_id,
        today=today - timedelta(days=20),
        person_id=world.child_id,
        service_type=ServiceType.PARENTING,
        provider_id=ids["roots"],
    )
    assert made.provider_name == "Family Roots Parenting"
    field_records.save_draft(ana.store, record=made)
    # offline: the provider answers twice before the laptop sees a network
    referrals.update_status(
        ana.store,
        record_id=made.id,
        status=ReferralStatus.WAITLISTED,
        on=today - timedelta(days=15),
    )
    referrals.update_status(
        ana.store,
        record_id=made.id,
        status="started",
        on=today - timedelta(days=5),
        note="First class attended",
    )
    assert referrals.follow_ups(ana.store, today=today) == []  # the provider answered
    ana.sync()
    ben.sync()
    seen = ben.store.get(made.id).to_domain()
    assert [(c.status, c.note) for c in seen.status_changes] == [
        (ReferralStatus.WAITLISTED, None),
        (ReferralStatus.STARTED, "First class attended"),
    ]
    assert (
        seen.provider_id == ids["roots"]
        and seen.provider_name == "Family Roots Parenting"
        and seen.service_status is ReferralStatus.STARTED
    )
    # still open: it cannot be submitted until the service ends
    problems = field_records.check(ana.store, seen, for_submit=True)
    assert [p.field for p in problems] == ["status_changes"]
    # the covering worker records the end; the referral is submitted and approved
    referrals.update_status(ben.store, record_id=made.id, status="completed", on=today)
    field_records.submit(ben.store, record_id=made.id)
    ben.sync()
    sam.sync()
    queued = [
        e
        for e in approvals.approval_queue(sam.store, now=datetime.now(UTC)).entries
        if e.record_id == made.id
    ]
    assert [(e.kind, e.noun) for e in queued] == [("referral", "referral")]
    opened = approvals.open_for_review(sam.store, record_id=made.id)
    shown = {f.label: f.text for f in opened.fields}
    assert shown["Provider"] == "Family Roots Parenting"  # by name from the directory, never its id
    approvals.approve(sam.store, record_id=made.id, rev=opened.rev, version=opened.version)
    sam.sync()
    ana.sync()
    ben.sync()
    final = ana.store.get(made.id)
    assert final.status == "approved"
    assert [c.status for c in final.to_domain().status_changes] == [
        ReferralStatus.WAITLISTED,
        ReferralStatus.STARTED,
        ReferralStatus.COMPLETED,
    ]
    check_converged(world.harness.db, [ana, ben, sam])
    check_no_duplicates(world.harness.db)


def test_an_unanswered_referral_is_a_follow_up_on_every_laptop_of_the_case(world):
    ids = _office_directory(world)
    ana, ben = world.laptop("ana"), world.laptop("ben")
    ana.sync()
    today = date.today()
    silent = referrals.new_referral(
        ana.store,
        case_id=world.case_id,
        user_id=ana.user_id,
        today=today - timedelta(days=12),
        person_id=world.child_id,
        service_type=ServiceType.HOUSING,
        provider_id=ids["hope"],
    )
    recent = referrals.new_referral(
        ana.store,
        case_id=world.case_id,
        user_id=ana.user_id,
        today=today - timedelta(days=3),
        person_id=world.child_id,
        service_type=ServiceType.MENTAL_HEALTH,
        provider_id=ids["clinic"],
    )
    for r in (silent, recent):
        field_records.save_draft(ana.store, record=r)
    [due] = referrals.follow_ups(ana.store, today=today)
    assert (due.referral_id, due.provider_name, due.due_on, due.overdue_days) == (
        silent.id,
        "Hope House",
        today - timedelta(days=2),
        2,
    )
    ana.sync()
    ben.sync()
    assert [
        f.referral_id for f in referrals.follow_ups(ben.store, today=today, case_id=world.case_id)
    ] == [silent.id]
    # the provider's overdue answer is a task on the caseworker's week ahead, opening the referral…
    week = load_week_ahead(ana.store, today=today)
    asked = [line.item for line in week.lines if line.item.record_kind == "referral"]
    assert [(i.kind, i.record_id, i.due, i.overdue, i.values.get("provider")) for i in asked] == [
        (AgendaKind.TASK, silent.id, today - timedelta(days=2), True, "Hope House")
    ]
    # …and on the supervisor's list of the team's overdue tasks, from the records synced to the supervisor
    sam = world.laptop("sam")
    sam.sync()
    board = compliance.team_dashboard(sam.store, today=today, now=datetime.now(UTC))
    assert [
        (t.record_kind, t.record_id, t.days_overdue)
        for t in board.overdue_tasks
        if t.record_kind == "referral"
    ] == [("referral", silent.id, 2)]
    # the provider answers: the follow-up is gone everywhere after a sync
    referrals.update_status(ben.store, record_id=silent.id, status="accepted", on=today)
    ben.sync()
    ana.sync()
    assert referrals.follow_ups(ana.store, today=today) == []
    assert not [
        line
        for line in load_week_ahead(ana.store, today=today).lines
        if line.item.record_kind == "referral"
    ]
    sam.sync()
    assert not [
        t
        for t in compliance.team_dashboard(
            sam.store, today=today, now=datetime.now(UTC)
        ).overdue_tasks
        if t.record_kind == "referral"
    ]


def test_a_collateral_contact_is_approved_and_listed_for_the_court(world):
    ana, sam = world.laptop("ana"), world.laptop("sam")
    ana.sync()
    sam.sync()
    now = datetime.now(UTC).astimezone() - timedelta(hours=3)
    contact = collateral_contacts.new_collateral_contact(
        ana.store, case_id=world.case_id, user_id=ana.user_id, now=now
    )
    assert contact.child_ids == (world.child_id,)
    contact = dataclasses.replace(
        contact,
        contact_end=now + timedelta(minutes=15),
        party_role=CollateralRole.SCHOOL,
        party_name="Ms Okafor",
        party_organisation="Lincoln Elementary",
        party_contact="555-0142",
        summary="Attendance is back to normal.",
    )
    field_records.save_draft(ana.store, record=contact)
    field_records.submit(ana.store, record_id=contact.id)
    assert (
        collateral_contacts.contacts_for_court(
            ana.store, case_id=world.case_id, start=now.date() - timedelta(days=30), end=now.date()
        )
        == ()
    )
    ana.sync()
    sam.sync()
    opened = approvals.open_for_review(sam.store, record_id=contact.id)
    approvals.approve(sam.store, record_id=contact.id, rev=opened.rev, version=opened.version)
    sam.sync()
    ana.sync()
    listed = collateral_contacts.contacts_for_court(
        ana.store, case_id=world.case_id, start=now.date() - timedelta(days=30), end=now.date()
    )
    assert [c.id for c in listed] == [contact.id]
    check_converged(world.harness.db, [ana, sam])
