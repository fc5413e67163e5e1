"""`fieldcase selfcheck`: prove an installation carries everything it needs (for IT and the
installer's own test).

It checks, in order: the SQLCipher library (version 4 with FTS5), the store's migrations and
bundled resources, Qt's platform, image and print-support plugins, and the PDF fonts. With
`--data-dir` it unlocks the laptop's store (passphrase on standard input) and reports counts. With
`--record-test-visit` — only for a test enrollment, never on a caseworker's real laptop — it also
records a draft home visit for the first child of the caseload and syncs, proving the whole path.
Prints one JSON line; exit code 0 when every check passed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "selfcheck", help="check that this installation is complete (for IT)"
    )
    parser.add_argument("--data-dir", default=os.environ.get("FIELDCASE_DATA_DIR"))
    parser.add_argument(
        "--record-test-visit",
        action="store_true",
        help="record a draft visit and sync (test enrollments only)",
    )
    parser.set_defaults(handler=run)


def _pdf_check() -> dict[str, object]:
    from fieldcase.reports import render_home_visit_summary, specimen
    from fieldcase.reports.home_visit_summary import HomeVisitSummary

    rendered = render_home_visit_summary(
        HomeVisitSummary(visit=specimen.home_visit()), specimen.context()
    )
    from fieldcase.reports.preview import render_pages

    images = render_pages(rendered.pdf, dpi=20)  # the in-app preview's rasteriser (pypdfium2)
    return {
        "pdf_pages": rendered.pages,
        "pdf_fonts_embedded": b"/FontFile2" in rendered.pdf,
        "pdf_preview": len(images) == rendered.pages and all(i.width > 0 for i in images),
    }


def run(args: argparse.Namespace) -> int:
    from fieldcase.bundled import migrations_path, resource
    from fieldcase.store.capabilities import check_sqlcipher
    from fieldcase.store.migrate import head_revision

    report: dict[str, object] = {"sqlcipher": check_sqlcipher(), "migrations_head": head_revision()}
    with migrations_path("local") as path:
        report["migrations_found"] = (path / "env.py").is_file()
    report["fonts_found"] = resource("fonts").is_dir()
    report.update(_pdf_check())
    from fieldcase.ui.installation_check import qt_checks

    report.update(qt_checks())

    if args.data_dir:
        report.update(_store_checks(args))

    ok = all(value is not False for value in report.values())
    report["ok"] = ok
    print(json.dumps(report, sort_keys=True))
    return 0 if ok else 1


def _store_checks(args: argparse.Namespace) -> dict[str, object]:
    from datetime import UTC, date, datetime

    from fieldcase.services.caseload import load_caseload
    from fieldcase.services.field_records import save_draft
    from fieldcase.services.sync import sync_now
    from fieldcase.services.visits import new_home_visit
    from fieldcase.store.store import Store

    passphrase = sys.stdin.readline().rstrip("\n")
    store = Store.unlock(os.path.abspath(args.data_dir), passphrase)
    try:
        found: dict[str, object] = {"store_integrity": store.integrity_problems() == []}
        if args.record_test_visit:
            sync_now(store)  # a fresh enrollment has not downloaded its caseload yet
        caseload = load_caseload(store, today=date.today())
        found["caseload_children"] = len(caseload.rows)
        if args.record_test_visit:
            if not caseload.rows:
                found["test_visit"] = False
            else:
                row = caseload.rows[0]
                user_id = store.identity()["user_id"]
                visit = new_home_visit(
                    store,
                    case_id=row.case_id,
                    user_id=user_id,
                    now=datetime.now(UTC),
                    child_ids=(row.child_id,),
                )
                save_draft(store, record=visit)
                report = sync_now(store)
                pending = [
                    e
                    for e in store.outbox_entries()
                    if e.record_id == visit.id and e.state != "acked"
                ]
                found["test_visit"] = True
                found["sync_outcome"] = report.outcome
                found["test_visit_synced"] = not pending
        return found
    finally:
        store.lock()
