"""`fieldcase-server import-agency PATH [--dry-run]`: cases, people, placements, visitation plans,
hearings, key dates and the office's resource directory of providers from the agency's system of record (docs/agency-import.md).

read (reader.py) → check (validation.py) → plan (plan.py) → write (apply.py), in one transaction:
a file with any bad row imports nothing and every problem is reported; a re-import of the same
files changes nothing; a changed row becomes a change laptops pull."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from fieldcase.server import providers
from fieldcase.server.db import Database
from fieldcase.server.models import ServerState, utcnow

from . import apply, plan, reader, validation
from .columns import KINDS, TABLES
from .reader import MAX_FILE_BYTES, Problem, Source

#: the record kinds as the report names them
LABELS = {
    "case": "cases",
    "person": "people",
    "placement": "placements",
    "visitation_plan": "visitation plans",
    "hearing": "hearings",
    "provider": "providers (resource directory)",
}

__all__ = ["TABLES", "ImportReport", "Problem", "import_agency", "import_source"]


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, Counter] = field(default_factory=dict)  # kind -> new / changed / unchanged
    dry_run: bool = False
    conflicts: int = 0
    purged: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def written(self) -> int:
        return sum(c["new"] + c["changed"] for c in self.counts.values())

    def lines(self) -> list[str]:
        if self.problems:
            return [str(p) for p in self.problems] + [
                f"{len(self.problems)} problem(s): nothing was imported."
            ]
        verb = "would be" if self.dry_run else "were"
        out = [
            f"{LABELS[kind]}: {c['new']} new, {c['changed']} changed, {c['unchanged']} unchanged"
            for kind, c in self.counts.items()
        ]
        if self.conflicts:
            out.append(
                f"{self.conflicts} field(s) {verb} also changed on a laptop since the last import: both values kept as conflicts to settle."
            )
        if self.purged:
            out.append(f"{self.purged} row(s) name records purged on the server: left purged.")
        out.append(
            ("dry run: nothing was written." if self.dry_run else "imported.")
            if self.written
            else "nothing to change."
        )
        return out


def import_agency(
    db: Database,
    path: Path,
    *,
    dry_run: bool = False,
    max_bytes: int = MAX_FILE_BYTES,
    as_table: str | None = None,
) -> ImportReport:
    """`as_table`: read PATH as that table whatever its name (import-cases FILE.csv)."""
    return import_source(
        db, reader.read(Path(path), max_bytes=max_bytes, as_table=as_table), dry_run=dry_run
    )


def import_source(db: Database, source: Source, *, dry_run: bool = False) -> ImportReport:
    """Check everything, then write everything in one transaction (or, dry run, nothing)."""
    report = ImportReport(dry_run=dry_run)
    if source.problems and not source.rows:
        report.problems = sorted(set(source.problems))
        return report
    try:
        with db.write() as session:
            # one import at a time (PostgreSQL; SQLite has one writer anyway): a second one waits,
            # then finds the first one's records and writes only what still differs
            session.execute(select(ServerState.id).where(ServerState.id == 1).with_for_update())
            known = plan.load_known(session)
            checked = validation.check(source, known)
            if checked.problems:
                report.problems = checked.problems
                raise _NothingWritten
            key = plan.digest_key(session)
            made = plan.make_plan(session, checked.items, known, key)
            problems = [
                p
                for p in (validation.canonical(item) for item in (*made.new, *made.changed))
                if p is not None
            ]
            if problems:
                report.problems = sorted(set(problems))
                raise _NothingWritten
            now = utcnow()
            done = apply.apply_plan(session, made, known, key, write=not dry_run, now=now)
            report.counts = {kind: made.counts[kind] for kind in KINDS}
            if checked.providers:  # the office's resource directory, in the same transaction
                report.counts["provider"] = Counter(
                    providers.upsert_imported(session, checked.providers)
                )
            report.conflicts, report.purged = done.conflicts, done.purged
            if dry_run:
                raise _NothingWritten
            apply.audit(session, made, done, now)
    except _NothingWritten:
        pass  # the transaction is rolled back: a dry run, or problems to fix first
    return report


class _NothingWritten(Exception):
    """Leaves the write transaction without committing."""
