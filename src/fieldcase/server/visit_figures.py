"""`fieldcase-server visit-figures`: the federal caseworker-visit figures of a fiscal year from the
server's approved visits (42 USC 624(f); the counting is the domain's, compliance/visit_figures.py,
the same the supervisor's dashboard uses on the laptop; docs/visit-figures.md).

Caseworkers and teams are named by username and team name (no client names: the figures are
counts). Bodies are read through `contacts_export.read_body`, the one place bodies are read for the
reports that leave the server.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from fieldcase.domain import metadata, serialization
from fieldcase.domain.compliance.periods import FiscalYear
from fieldcase.domain.compliance.visit_figures import (
    FEDERAL_RESIDENCE_STANDARD,
    FEDERAL_VISITS_MADE_STANDARD,
    Tally,
    VisitFigures,
    visit_figures,
)
from fieldcase.domain.rule_pack import DEFAULT_RULES, RulePack
from fieldcase.errors import UserError
from fieldcase.server.contacts_export import read_body
from fieldcase.server.db import Database
from fieldcase.server.models import Record, Team, User

_READ = ("case", "person", "placement", "home_visit")
_COLUMNS = tuple(c for c in Record.__table__.columns if c.key != "field_authors")


@dataclass(frozen=True, slots=True)
class AgencyFigures:
    figures: VisitFigures
    #: worker id -> username; team id -> team name
    workers: Mapping[str, str]
    teams: Mapping[str, str]
    #: worker id -> team id (the grouping the figures were counted with)
    worker_teams: Mapping[str, str]
    #: the team asked for (its id), or None for the whole agency
    only_team: str | None


def agency_figures(
    db: Database, fiscal_year: int, *, team: str | None = None, rules: RulePack = DEFAULT_RULES
) -> AgencyFigures:
    records: dict[str, list[Any]] = {kind: [] for kind in _READ}
    with db.read() as session:
        teams = {row.id: row.name for row in session.execute(select(Team.id, Team.name))}
        users = session.execute(select(User.id, User.username, User.team_id)).all()
        only_team = None
        if team is not None:
            matches = [tid for tid, name in teams.items() if name == team]
            if not matches:
                raise UserError(
                    "No team has that name (fieldcase-server create-team lists none by it).",
                    code="no_team",
                )
            only_team = matches[0]
        year = FiscalYear.named(fiscal_year, rules)
        first, last = year.starts_on, year.ends_on
        query = select(*_COLUMNS).where(
            Record.kind.in_(_READ), Record.deleted.is_(False), Record.status != "voided"
        )
        for row in session.execute(query):
            if row.kind == "home_visit" and row.status != "approved":
                continue  # only approved visits are counted (rule 3)
            body = read_body(row, [])
            if body is not None and row.kind == "home_visit" and not _in_year(body, first, last):
                continue  # years of visits: only this fiscal year's are parsed whole
            if body is not None:
                records[row.kind].append(serialization.from_dict(row.kind, body))
    worker_teams = {u.id: u.team_id for u in users if u.team_id}
    figures = visit_figures(
        fiscal_year=fiscal_year,
        children=records["person"],
        cases=records["case"],
        placements=records["placement"],
        home_visits=records["home_visit"],
        worker_teams=worker_teams,
        rules=rules,
    )
    return AgencyFigures(figures, {u.id: u.username for u in users}, teams, worker_teams, only_team)


def _in_year(body: dict[str, Any], first: Any, last: Any) -> bool:
    try:
        day = metadata.occurred_on_in_body("home_visit", body)
    except (TypeError, ValueError):
        return True  # let the domain parse refuse it with its own words
    return day is not None and first <= day <= last


def lines(result: AgencyFigures) -> list[tuple[str, str, Tally]]:
    """(level, name, tally) rows: the agency, then each team with its caseworkers."""
    f = result.figures
    out: list[tuple[str, str, Tally]] = []
    if result.only_team is None:
        out.append(("agency", "agency", f.agency))
    shown = (
        f.teams
        if result.only_team is None
        else {result.only_team: f.teams.get(result.only_team, Tally())}
    )
    for team_id, tally in shown.items():
        out.append(("team", result.teams.get(team_id, "") or "(no team)", tally))
        for worker, worker_tally in f.caseworkers.items():
            if result.worker_teams.get(worker, "") == team_id:
                out.append(
                    (
                        "caseworker",
                        result.workers.get(worker, "") or "(no primary worker)",
                        worker_tally,
                    )
                )
    return out


def render(result: AgencyFigures, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(_as_json(result), indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(
            [
                "level",
                "name",
                "children",
                "visits_expected",
                "visits_made",
                "percent_made",
                "visits_in_residence",
                "percent_in_residence",
            ]
        )
        for level, name, t in lines(result):
            writer.writerow(
                [
                    level,
                    name,
                    t.children,
                    t.expected,
                    t.made,
                    _pct(t.percent_made),
                    t.in_residence,
                    _pct(t.percent_in_residence),
                ]
            )
        return out.getvalue()
    return _text(result)


def _pct(value: Any) -> str:
    return "" if value is None else str(value)


def _text(result: AgencyFigures) -> str:
    f = result.figures
    reading = (
        "full calendar months in care (the federal reading)"
        if f.month_reading == "full_calendar_months"
        else "every month with a day in care (partial months too: not the federal reading)"
    )
    out = [
        f"Caseworker visits, federal fiscal year {f.fiscal_year} ({f.starts_on} to {f.ends_on}) - 42 USC 624(f)",
        (
            f"Months counted: {reading}. Standards: {FEDERAL_VISITS_MADE_STANDARD}% of expected visits made, "
            f"more than {FEDERAL_RESIDENCE_STANDARD}% of visits made in the child's residence."
        ),
        "",
        f"{'':32} {'children':>8} {'expected':>8} {'made':>6} {'made %':>7} {'in residence':>12} {'residence %':>11}",
    ]
    for level, name, t in lines(result):
        label = (
            name if level == "agency" else (f"  team {name}" if level == "team" else f"    {name}")
        )
        out.append(
            f"{label[:32]:32} {t.children:>8} {t.expected:>8} {t.made:>6} {_pct(t.percent_made) or '-':>7} "
            f"{t.in_residence:>12} {_pct(t.percent_in_residence) or '-':>11}"
        )
    return "\n".join(out) + "\n"


def _as_json(result: AgencyFigures) -> dict[str, Any]:
    f = result.figures

    def tally(t: Tally) -> dict[str, Any]:
        return {
            "children": t.children,
            "visits_expected": t.expected,
            "visits_made": t.made,
            "percent_made": _pct(t.percent_made) or None,
            "visits_in_residence": t.in_residence,
            "percent_in_residence": _pct(t.percent_in_residence) or None,
        }

    return {
        "fiscal_year": f.fiscal_year,
        "starts_on": f.starts_on.isoformat(),
        "ends_on": f.ends_on.isoformat(),
        "month_reading": f.month_reading,
        "rows": [{"level": level, "name": name, **tally(t)} for level, name, t in lines(result)],
    }
