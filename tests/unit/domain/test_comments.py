"""Questions and answers about an entry, and acknowledged addenda (domain/comments.py, commands.py)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from fieldcase.domain.addenda import Addendum
from fieldcase.domain.commands import acknowledge, apply_command
from fieldcase.domain.comments import (
    COMMENT_MAX,
    Comment,
    CommentRefused,
    answered,
    check_text,
    waiting_for_answer,
)
from fieldcase.domain.serialization import from_dict, to_dict
from fieldcase.domain.workflow import BESIDE_CONTENT, Command, Status, WorkflowError, transition

from .builders import complete_home_visit

AT = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)


def _c(author: str, text: str = "…") -> Comment:
    return Comment(id=f"{author}-{text}", author=author, at=AT, text=text)


def test_comment_text_is_tidied_and_must_say_something():
    assert check_text("  Was the crib checked?\n") == "Was the crib checked?"
    assert check_text("line one\nline two") == "line one\nline two"
    for empty in ("", "   \n\t", None):
        with pytest.raises(CommentRefused) as caught:
            check_text(empty)
        assert (
            caught.value.code == "comment.empty"
            and caught.value.message == "Write the question or the answer."
        )
    assert check_text("x" * COMMENT_MAX) == "x" * COMMENT_MAX
    with pytest.raises(CommentRefused) as caught:
        check_text("x" * (COMMENT_MAX + 1))
    assert caught.value.code == "comment.too_long"


def test_the_authors_unanswered_question_is_the_last_comment_by_someone_else():
    assert waiting_for_answer([], author="ana") is None
    question = _c("sue", "Who drove?")
    assert waiting_for_answer([question], author="ana") is question
    assert waiting_for_answer([question, _c("ana", "I did.")], author="ana") is None
    follow_up = _c("sue", "With the booster seat?")
    assert waiting_for_answer([question, _c("ana", "I did."), follow_up], author="ana") is follow_up
    assert waiting_for_answer([question], author=None) is None


def test_the_supervisor_sees_an_answer_only_to_a_thread_they_took_part_in():
    assert answered([], reader="sue") is None
    assert answered([_c("sue")], reader="sue") is None
    reply = _c("ana", "Yes.")
    assert answered([_c("sue"), reply], reader="sue") is reply
    assert (
        answered([_c("ana")], reader="sue") is None
    )  # a note by the caseworker, not an answer to sue


def test_a_comment_changes_neither_content_nor_status():
    visit = dataclasses.replace(complete_home_visit(), status=Status.SUBMITTED, rev=3)
    assert (
        apply_command(visit, Command.COMMENT, actor="sue", at=AT, text="Who else was present?")
        is visit
    )
    with pytest.raises(WorkflowError) as caught:
        apply_command(visit, Command.COMMENT, actor="sue", at=AT, text=" ")
    assert caught.value.message == "Write the question or the answer."
    voided = dataclasses.replace(visit, status=Status.VOIDED)
    with pytest.raises(WorkflowError):
        apply_command(voided, Command.COMMENT, actor="sue", at=AT, text="Why?")
    assert {Command.COMMENT, Command.ACKNOWLEDGE_ADDENDUM} == BESIDE_CONTENT


def test_acknowledging_marks_one_addendum_read_once_and_never_by_its_author():
    first = Addendum(id="a1", author="ana", at=AT, text="Ended at 11:10.")
    second = Addendum(id="a2", author="ana", at=AT, text="Spelling of the school.")
    visit = dataclasses.replace(
        complete_home_visit(), status=Status.APPROVED, addenda=(first, second)
    )
    later = datetime(2026, 5, 5, 8, 0, tzinfo=UTC)
    done = apply_command(
        visit, Command.ACKNOWLEDGE_ADDENDUM, actor="sue", at=later, addendum_id="a2"
    )
    assert [(a.acknowledged_by, a.acknowledged_at) for a in done.addenda] == [
        (None, None),
        ("sue", later),
    ]
    assert done.status is Status.APPROVED and done.addenda[1].acknowledged
    again = acknowledge(done.addenda, "a2", by="sue", at=datetime(2026, 6, 1, tzinfo=UTC))
    assert again[1].acknowledged_at == later  # the first acknowledgement stays
    with pytest.raises(WorkflowError) as unknown:
        acknowledge(visit.addenda, "nope", by="sue", at=later)
    assert unknown.value.code == "workflow.acknowledge_addendum.unknown"
    with pytest.raises(WorkflowError) as own:
        acknowledge(visit.addenda, "a1", by="ana", at=later)
    assert own.value.code == "workflow.acknowledge_addendum.own"
    with pytest.raises(WorkflowError):
        transition(Status.SUBMITTED, Command.ACKNOWLEDGE_ADDENDUM)


def test_acknowledgement_survives_the_json_form_and_old_bodies_without_it_still_read():
    addendum = Addendum(
        id="a1", author="ana", at=AT, text="x", acknowledged_by="sue", acknowledged_at=AT
    )
    visit = dataclasses.replace(complete_home_visit(), status=Status.APPROVED, addenda=(addendum,))
    assert from_dict("home_visit", to_dict(visit)).addenda == (addendum,)
    body = to_dict(visit)
    body["addenda"] = [
        {"author": "ana", "at": AT.isoformat(), "text": "x", "acknowledged_by": None}
    ]  # written before acknowledgements
    assert from_dict("home_visit", body).addenda == (Addendum(author="ana", at=AT, text="x"),)
