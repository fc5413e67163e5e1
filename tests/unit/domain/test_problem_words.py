"""A record's problems read in Spanish: each is a template (the catalogue's msgid) and its values,
so a sentence with a number in it is translated once; `message` stays English for logs and the
outbox. Every problem sentence the rules can produce has a Spanish translation."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime
from pathlib import Path

from fieldcase.domain.home_visits import ChildSeen
from fieldcase.domain.problems import InvalidRecord, Problem
from fieldcase.domain.validation import problems
from fieldcase.domain.workflow import Status, read_only_reason, read_only_sentence
from fieldcase.words import translator

from .builders import complete_home_visit, complete_trip, complete_visitation_entry

SRC = Path(__file__).resolve().parents[3] / "src" / "fieldcase"
#: the modules that word problems with a record
RULES = [
    *SRC.glob("domain/*_rules.py"),
    SRC / "domain" / "record_dates.py",
    SRC / "domain" / "collateral_contacts.py",
    SRC / "domain" / "referrals.py",
    SRC / "domain" / "validation.py",
    SRC / "domain" / "assessments.py",
    SRC / "domain" / "transition_plans.py",
    SRC / "domain" / "problems.py",
    SRC / "services" / "case_data.py",
    SRC / "services" / "placement_change.py",
]


def _sentences(path: Path) -> list[str]:
    """The sentences in a module: string constants that start with a capital and end with a full stop
    (docstrings and field paths are not sentences)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
    return [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and id(n) not in docstrings
        and " " in n.value
        and n.value[0].isupper()
        and n.value.rstrip(")").endswith(".")
    ]


def test_no_problem_sentence_is_put_together_from_pieces():
    """An f-string sentence cannot be translated: its values go in through Problem.of."""
    for path in RULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                assert not (" " in text and text.rstrip(")").endswith(".")), (
                    f"{path.name}: {ast.unparse(node)}"
                )


def test_every_problem_sentence_has_a_spanish_translation():
    spanish = translator("es")
    found = [s for path in RULES for s in _sentences(path)]
    assert len(found) > 80
    missing = [s for s in found if spanish(s) == s]
    assert missing == []
    for text in found:
        assert sorted(re.findall(r"{\w+}", text)) == sorted(re.findall(r"{\w+}", spanish(text))), (
            text
        )


def test_a_problem_is_english_in_its_message_and_spanish_in_words():
    visit = complete_home_visit(
        children=(
            ChildSeen(child_id="a", seen=True, seen_privately=True, present_danger=False),
            ChildSeen(child_id="b", seen=None),
        )
    )
    found = problems(visit, for_submit=True)
    (seen,) = [p for p in found if p.field == "children[1].seen"]
    assert seen.message == "For child 2: say whether the child was seen."
    assert seen.words(translator("es")) == "Para el niño 2: indique si el niño fue visto."
    assert seen.words(translator("en")) == seen.message
    err = InvalidRecord([seen, Problem("x", "Enter the county.")])
    assert (
        err.message == "For child 2: say whether the child was seen. (1 more to fix)"
    )  # logs, outbox: English
    spanish = translator("es")
    assert (
        " ".join(spanish(t).format(**v) for t, v in err.sentences)
        == "Para el niño 2: indique si el niño fue visto. (1 más por corregir)"
    )


def test_every_kind_of_record_words_its_problems_in_spanish():
    spanish = translator("es")
    on = datetime(
        2025, 3, 1, tzinfo=UTC
    ).date()  # before the builders' day: dated in the future too
    for record in (
        complete_home_visit(observations=None, method=None, children=()),
        complete_trip(driver_id=None, trip_date=None),
        complete_visitation_entry(outcome=None, attendance=()),
    ):
        found = problems(record, for_submit=True, on=on)
        assert found
        for problem in found:
            assert problem.words(spanish) != problem.message, problem.message


def test_the_read_only_reason_is_a_template_with_the_day():
    approved = datetime(2025, 3, 5, 15, 0, tzinfo=UTC)
    text, _values = read_only_sentence(Status.APPROVED, noun="visit", approved_at=approved)
    assert (
        translator("es")(text).format(day="5 de marzo de 2025")
        == "Esta visita se aprobó el 5 de marzo de 2025 y ya no se puede cambiar; agregue un anexo."
    )
    assert read_only_reason(Status.APPROVED, noun="visit", approved_at=approved) == (
        "This visit was approved on March 5, 2025 and can no longer be changed; add an addendum instead."
    )
    for noun in ("visit", "family visit", "trip", "record"):
        for status in (Status.APPROVED, Status.VOIDED):
            for when in (approved, None):
                text, _ = read_only_sentence(status, noun=noun, approved_at=when)
                assert translator("es")(text) != text, text
