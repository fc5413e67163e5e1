"""The kinds with the draft → submitted → approved workflow are listed once (`kinds.WORKFLOW_KINDS`):
the list agrees with what the registry and the record classes say, every reader has the same list,
and reading it loads no record module (the rule pack is read on the GUI thread before the unlock)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

from fieldcase.domain import kinds, metadata
from fieldcase.domain.approval import with_agency_choice
from fieldcase.domain.rule_pack import DEFAULT_RULES
from fieldcase.domain.serialization import KINDS


def test_the_list_is_what_the_registry_derives():
    derived = tuple(k.kind for k in kinds.KIND_TABLE.values() if k.has_workflow)
    assert derived == kinds.WORKFLOW_KINDS
    assert metadata.field_record_kinds + kinds.APPROVAL_KINDS == kinds.WORKFLOW_KINDS


def test_the_list_is_every_record_class_with_the_workflow_envelope():
    # the envelope (FieldRecord's approval trail) is what a kind needs to be submitted and approved
    with_envelope = {
        kind
        for kind, cls in KINDS.items()
        if {"approved_by", "approved_at", "returned_reason"}
        <= {f.name for f in dataclasses.fields(cls)}
    }
    assert with_envelope == set(kinds.WORKFLOW_KINDS)


def test_the_rule_pack_and_the_agency_choice_read_the_same_list():
    assert set(kinds.WORKFLOW_KINDS) == DEFAULT_RULES.approval_required
    assert DEFAULT_RULES.approval_required > set(kinds.APPROVAL_KINDS)
    # a server naming every kind, and one more this laptop does not know, gives the full list
    everything = with_agency_choice(DEFAULT_RULES, [*kinds.WORKFLOW_KINDS, "spaceship", "hearing"])
    assert everything.approval_required == set(kinds.WORKFLOW_KINDS)


#: record modules: the GUI thread must not load them before the unlock (tests/gui/test_startup.py)
PROBE = """
import sys
import fieldcase.domain.approval, fieldcase.domain.rule_pack, fieldcase.domain.kinds
heavy = ("fieldcase.domain.metadata", "fieldcase.domain.serialization", "fieldcase.domain.home_visits",
         "fieldcase.domain.people", "fieldcase.domain.field_record")
print(sorted(m for m in heavy if m in sys.modules))
"""


def test_reading_the_list_from_the_rule_pack_loads_no_record_module():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"
