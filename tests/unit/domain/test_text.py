"""The one text rule (domain/text.py) and the protocol applying it with the integer bounds."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from fieldcase.domain.ids import new_id
from fieldcase.domain.text import clean, clean_value, has_control
from fieldcase.protocol import CommentRequest, EnrollRequest, HelloRequest, PushRequest
from fieldcase.protocol.sync import UnreadableMutation


@pytest.mark.parametrize("text", ["", "plain", "tab\there", "lines\nand\r\nbreaks", "é ñ 😀 \x7f"])
def test_text_that_keeps(text):
    assert not has_control(text) and clean(text) == text


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("a\x00b", "ab"),
        ("\x1b[2Jx", "[2Jx"),
        ("one\x0btwo\x0cthree", "one\ntwo\nthree"),
        ("half\ud800", "half"),
    ],
)
def test_text_that_is_cleaned(text, cleaned):
    assert has_control(text) and clean(text) == cleaned


@given(st.text())
def test_clean_always_gives_text_the_rule_accepts(text):
    assert not has_control(clean(text))


def test_clean_value_reaches_keys_and_nested_values():
    assert clean_value({"a\x00": ["x\x01", {"k": "v\x02"}], "n": 3}) == {
        "a": ["x", {"k": "v"}],
        "n": 3,
    }


def _mutation(**over):
    return {
        "mutation_id": new_id(),
        "device_seq": 1,
        "record_kind": "home_visit",
        "record_id": new_id(),
        "kind": "create",
        "fields": {"case_id": new_id()},
        "hlc": "x",
        "schema_version": 1,
        **over,
    }


@pytest.mark.parametrize(
    ("over", "where"),
    [
        ({"device_seq": 2**63}, "device_seq"),
        ({"device_seq": 0}, "device_seq"),
        ({"schema_version": 2**64}, "schema_version"),
        ({"hlc": "a\x00"}, "hlc"),
        ({"record_kind": "home\x1bvisit"}, "record_kind"),
        ({"fields": {"case_id": new_id(), "observations": "a\x00"}}, "fields"),
        ({"fields": {"case_id": new_id(), "count": 2**63}}, "fields"),
        ({"fields": {"case_id": new_id(), "miles": float("nan")}}, "fields"),
        ({"record_id": "NOT-A-UUID"}, "record_id"),
    ],
)
def test_a_mutation_breaking_a_rule_is_answered_alone(over, where):
    request = PushRequest.model_validate(
        {"batch_id": str(uuid.uuid4()), "mutations": [_mutation(), _mutation(**over)]}
    )
    [bad] = request.unreadable()
    assert len(request.readable()) == 1
    result = bad.result()
    assert (
        result.result == "rejected"
        and result.code == "invalid_value"
        and where in (result.reason or "")
    )
    assert 0 <= result.device_seq < 2**63


def test_a_mutation_without_a_readable_id_refuses_the_push():
    with pytest.raises(ValidationError):
        PushRequest.model_validate(
            {"batch_id": str(uuid.uuid4()), "mutations": [_mutation(mutation_id="x\x00")]}
        )
    assert UnreadableMutation.of("not a dict", ValidationError.from_exception_data("x", [])) is None


@pytest.mark.parametrize(
    "make",
    [
        lambda: HelloRequest(
            protocol_version=1, schema_version=1, client_time="now", last_device_seq=2**63
        ),
        lambda: HelloRequest(protocol_version=1, schema_version=1, client_time="now\x00"),
        lambda: EnrollRequest(username="an\x00a", password="p", enrollment_code="c"),
        lambda: CommentRequest(comment_id=new_id(), text="why\x07"),
        lambda: CommentRequest(comment_id="X" * 36, text="why"),
    ],
)
def test_request_models_refuse_hostile_values(make):
    with pytest.raises(ValidationError):
        make()
