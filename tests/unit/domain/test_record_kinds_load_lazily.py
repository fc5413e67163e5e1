"""`serialization.KINDS` loads a kind's module when the kind is first asked for (the caseload at
unlock does not wait for trips or family-visit entries). In a fresh interpreter: nothing is loaded
up front; `kind_of` knows a record whose kind was never asked for by name; unknown kinds and
objects are refused as before."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import importlib, sys
from fieldcase.domain import serialization as s
unloaded = [m for m in ("transport_trips", "visitation_entries", "visitation_plans") if f"fieldcase.domain.{m}" not in sys.modules]
kinds = []
for kind, (module, name) in s._KIND_CLASSES.items():
    cls = getattr(importlib.import_module(f"fieldcase.domain.{module}"), name)
    kinds.append(s.kind_of(object.__new__(cls)) == kind and s.KINDS[kind] is cls)
try:
    s.kind_of(object())
    refused = False
except TypeError:
    refused = True
try:
    s.from_dict("spaceship", {})
    unknown = False
except s.MalformedRecord as err:
    unknown = "transport_trip" in str(err)
print(unloaded == ["transport_trips", "visitation_entries", "visitation_plans"], all(kinds), len(kinds) == len(s.KINDS) == len(__import__("fieldcase.domain.kinds").domain.kinds.KIND_TABLE) >= 10,
      "home_visit" in s.KINDS and "spaceship" not in s.KINDS, refused, unknown)
"""


def test_kinds_load_when_asked_and_kind_of_knows_every_record_class():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["True"] * 6
