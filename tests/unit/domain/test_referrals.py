"""Service referrals: the status path (referred → accepted / waitlisted → started → completed /
declined / discontinued), submission once the service has ended, and the follow-up due when the
provider has not answered after the rule pack's days (worked examples)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from fieldcase.domain.referrals import (
    ProgressNote,
    Referral,
    ReferralStatus,
    ServiceType,
    StatusChange,
    referral_follow_ups,
)
from fieldcase.domain.rule_pack import MISSOURI
from fieldcase.domain.serialization import from_dict, to_dict
from fieldcase.domain.validation import problems
from fieldcase.domain.workflow import Status

S = ReferralStatus


def referral(*changes: tuple[ReferralStatus, date], **fields) -> Referral:
    base = Referral(
        id="r1",
        case_id="c1",
        referred_by="u1",
        person_id="mother",
        service_type=ServiceType.PARENTING,
        provider_id="prov-1",
        provider_name="Family Roots parenting class",
        referred_on=date(2025, 3, 3),
        reason="Parenting skills for the trial home visit",
        status_changes=tuple(StatusChange(status=s, on=d) for s, d in changes),
    )
    return dataclasses.replace(base, **fields)


def fields(found) -> set[str]:
    return {p.field for p in found}


def test_the_status_now_is_the_last_row_or_referred():
    r = referral()
    assert r.service_status is S.REFERRED and r.status_since == date(2025, 3, 3)
    r = referral((S.WAITLISTED, date(2025, 3, 8)), (S.STARTED, date(2025, 4, 1)))
    assert r.service_status is S.STARTED and r.status_since == date(2025, 4, 1)
    assert from_dict("referral", to_dict(r)) == r


@pytest.mark.parametrize(
    "path",
    [
        [S.ACCEPTED, S.STARTED, S.COMPLETED],
        [S.WAITLISTED, S.ACCEPTED, S.STARTED, S.DISCONTINUED],
        [S.WAITLISTED, S.STARTED, S.COMPLETED],
        [S.DECLINED],
        [S.ACCEPTED, S.DECLINED],
    ],
)
def test_paths_the_service_can_take(path):
    r = referral(*[(s, date(2025, 3, 4 + i)) for i, s in enumerate(path)])
    assert problems(r, for_submit=True, on=date(2025, 6, 1)) == []


@pytest.mark.parametrize(
    "path, wrong",
    [
        ([S.COMPLETED], 0),  # completed without starting
        ([S.STARTED, S.ACCEPTED], 1),  # back from started
        ([S.ACCEPTED, S.STARTED, S.COMPLETED, S.STARTED], 3),  # nothing after an end
        ([S.REFERRED], 0),  # "referred" is the referral itself, not a row
    ],
)
def test_impossible_steps_are_named_by_their_row(path, wrong):
    r = referral(*[(s, date(2025, 3, 4 + i)) for i, s in enumerate(path)])
    assert f"status_changes[{wrong}].status" in fields(problems(r, for_submit=False))


def test_a_status_dated_before_the_one_it_follows_is_a_typo():
    r = referral((S.ACCEPTED, date(2025, 3, 10)), (S.STARTED, date(2025, 3, 9)))
    assert "status_changes[1].on" in fields(problems(r, for_submit=False))
    assert "status_changes[0].on" in fields(
        problems(referral((S.ACCEPTED, date(2025, 3, 1))), for_submit=False)
    )


def test_an_open_referral_is_kept_as_a_draft_and_submitted_once_the_service_has_ended():
    open_one = referral((S.ACCEPTED, date(2025, 3, 5)))
    assert problems(open_one, for_submit=False) == []
    assert fields(problems(open_one, for_submit=True)) == {"status_changes"}
    assert (
        problems(
            referral((S.ACCEPTED, date(2025, 3, 5)), (S.DECLINED, date(2025, 3, 6))),
            for_submit=True,
        )
        == []
    )


def test_a_complete_referral_says_who_what_where_and_when():
    empty = Referral(
        id="x", case_id="c1", status_changes=(StatusChange(status=S.DECLINED, on=None),)
    )
    assert fields(problems(empty, for_submit=True)) == {
        "person_id",
        "service_type",
        "provider_name",
        "referred_on",
        "status_changes[0].on",
    }
    # a provider not in the directory: its name typed is enough
    typed = referral(
        (S.DECLINED, date(2025, 3, 4)), provider_id=None, provider_name="Church pantry"
    )
    assert problems(typed, for_submit=True) == []
    other = referral((S.DECLINED, date(2025, 3, 4)), service_type=ServiceType.OTHER)
    assert fields(problems(other, for_submit=True)) == {"service_detail"}


def test_follow_up_is_due_after_the_rule_packs_days_without_an_answer():
    assert MISSOURI.referral_answer_days == 10
    r = referral()  # referred on Monday 3 March 2025, no answer since
    assert referral_follow_ups([r], date(2025, 3, 12)) == []  # day 9
    (due,) = referral_follow_ups([r], date(2025, 3, 13))  # day 10: due today
    assert (due.referral_id, due.case_id, due.person_id, due.due_on, due.overdue_days) == (
        "r1",
        "c1",
        "mother",
        date(2025, 3, 13),
        0,
    )
    assert (
        due.provider_name == "Family Roots parenting class"
        and due.service_type is ServiceType.PARENTING
    )
    assert referral_follow_ups([r], date(2025, 3, 20))[0].overdue_days == 7
    shorter = dataclasses.replace(MISSOURI, referral_answer_days=5)
    assert referral_follow_ups([r], date(2025, 3, 8), rules=shorter)[0].due_on == date(2025, 3, 8)


def test_an_answer_ends_the_wait_and_a_chasing_note_restarts_it():
    assert referral_follow_ups([referral((S.WAITLISTED, date(2025, 3, 6)))], date(2025, 4, 1)) == []
    assert referral_follow_ups([referral((S.DECLINED, date(2025, 3, 6)))], date(2025, 4, 1)) == []
    chased = referral(
        progress_notes=(ProgressNote(on=date(2025, 3, 14), text="Left a message with intake"),)
    )
    assert referral_follow_ups([chased], date(2025, 3, 20)) == []
    (due,) = referral_follow_ups([chased], date(2025, 3, 24))
    assert due.asked_on == date(2025, 3, 14) and due.due_on == date(2025, 3, 24)


def test_voided_and_undated_referrals_ask_for_nothing_and_the_oldest_comes_first():
    voided = referral(status=Status.VOIDED)
    undated = referral(referred_on=None)
    older = referral(id="r0", referred_on=date(2025, 2, 1))
    newer = referral(id="r2")
    found = referral_follow_ups([voided, undated, newer, older], date(2025, 3, 20))
    assert [f.referral_id for f in found] == ["r0", "r2"]
