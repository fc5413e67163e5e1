"""`fieldcase sync`: push this laptop's waiting work and pull what changed (for IT, headless).

The passphrase is read from the first line of standard input, never from the command line.

    printf '%s\n' "$PASSPHRASE" | fieldcase sync --data-dir DIR            # sync now
    printf '%s\n' "$PASSPHRASE" | fieldcase sync --data-dir DIR --status   # what waits, what needs attention
"""

from __future__ import annotations

import argparse
import json
import os
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sync",
        help="sync this laptop with the agency server",
        description="Sync now. Reads the laptop passphrase from the first line of standard input.",
    )
    parser.add_argument("--data-dir", default=os.environ.get("FIELDCASE_DATA_DIR"))
    parser.add_argument(
        "--status",
        action="store_true",
        help="show what is waiting and what needs attention; do not sync",
    )
    parser.add_argument(
        "--resume", action="store_true", help="clear a pause after IT restored access, then sync"
    )
    parser.add_argument("--json", action="store_true", help="print a JSON summary (counts only)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from fieldcase.errors import UserError
    from fieldcase.services import sync as sync_service
    from fieldcase.store.store import Store

    if not args.data_dir:
        raise UserError(
            "Say where the store lives with --data-dir (or FIELDCASE_DATA_DIR).", code="no_data_dir"
        )
    data_dir = os.path.abspath(args.data_dir)
    if sync_service.device_was_wiped(data_dir):
        raise UserError(
            "This device was wiped by the agency. Enroll it again to use it.", code="device_wiped"
        )
    passphrase = sys.stdin.readline().rstrip("\n")
    store = Store.unlock(data_dir, passphrase)
    try:
        if args.resume:
            sync_service.resume_sync(store)
        if args.status:
            status = sync_service.sync_status(store)
            summary = {
                "waiting": status.waiting,
                "needs_attention": status.needs_attention,
                "paused": status.paused_reason,
                "last_sync_at": status.last_sync_at,
            }
            if args.json:
                print(json.dumps(summary))
            else:
                print(
                    f"waiting to sync: {status.waiting}; needs attention: {status.needs_attention}; "
                    f"last sync: {status.last_sync_at or 'never'}"
                    + (f"; paused: {status.paused_reason}" if status.paused_reason else "")
                )
                for item in sync_service.needs_attention(store):
                    print(
                        f"- [{item.topic}] {item.record_kind or ''} {item.record_id or ''}: {item.message}"
                    )
            return 0
        report = sync_service.sync_now(store)
        if args.json:
            print(
                json.dumps(
                    {
                        "outcome": report.outcome,
                        **report.counts(),
                        "duration_ms": report.duration_ms,
                    }
                )
            )
        else:
            print(
                f"sync {report.outcome}: sent {report.pushed}, received {report.pulled}, conflicts {report.conflicts}, "
                f"kept for review {report.quarantined}, attachments {report.attachments_uploaded} "
                f"({report.duration_ms} ms)"
            )
        return 0
    finally:
        if not store.is_locked:
            store.lock()
