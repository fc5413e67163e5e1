"""A mutation's context on the server (who sends it, their scope, when) and its outcome (what the
laptop is answered), shared by the mutations and commands that change records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fieldcase.domain.rule_pack import DEFAULT_RULES, RulePack
from fieldcase.protocol import ConflictInfo, Mutation, MutationResult
from fieldcase.server.devices import Principal


@dataclass(slots=True)
class Outcome:
    result: str
    record_id: str
    rev: int | None = None
    seq: int | None = None
    code: str | None = None
    reason: str | None = None
    conflicts: list[ConflictInfo] = field(default_factory=list)
    addendum_id: str | None = None

    def to_result(self, mutation: Mutation) -> MutationResult:
        return MutationResult(
            mutation_id=mutation.mutation_id,
            device_seq=mutation.device_seq,
            result=self.result,  # type: ignore[arg-type]  # a column's text, which pydantic checks against the Literal
            record_id=self.record_id,
            rev=self.rev,
            seq=self.seq,
            code=self.code,
            reason=self.reason,
            conflicts=self.conflicts,
            addendum_id=self.addendum_id,
        )


@dataclass(slots=True)
class Context:
    principal: Principal
    scope: set[str]
    now: datetime
    grace_seconds: float
    mutation_id: str | None = None
    hlc: str | None = None
    #: set by a push: records are plain objects it writes itself (Core statements), see pushes.py
    sink: Any = None
    #: the agency's rule pack on this server: which kinds a supervisor approves (domain/approval.py)
    rules: RulePack = DEFAULT_RULES
