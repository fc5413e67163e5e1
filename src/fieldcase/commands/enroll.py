"""`fieldcase enroll`: enroll this laptop with the agency server (for IT, headless).

Secrets are read from standard input, one per line, never from the command line (argv is visible
to every user of the machine): the agency password, the enrollment code, the new laptop passphrase.

    printf '%s\n' "$PASSWORD" "$CODE" "$PASSPHRASE" | fieldcase enroll --server https://fc.example.org \
        --username jdoe --data-dir /home/jdoe/.local/share/fieldcase
"""

from __future__ import annotations

import argparse
import os
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "enroll",
        help="enroll this laptop with the agency server",
        description="Enroll this laptop. Reads three lines from standard input: agency password, enrollment code, "
        "new laptop passphrase.",
    )
    parser.add_argument(
        "--server",
        required=True,
        help="the agency server address (https://…; http:// only for a server on this computer)",
    )
    parser.add_argument("--username", required=True)
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("FIELDCASE_DATA_DIR"),
        help="where the encrypted store lives",
    )
    parser.add_argument(
        "--device-label", default="", help="a label IT sees in the device list (no personal data)"
    )
    parser.add_argument(
        "--ca-bundle", default=None, help="a PEM file of the agency's certificate authority"
    )
    parser.set_defaults(handler=run)


def _secrets(count: int) -> list[str]:
    lines = sys.stdin.read().splitlines()
    if len(lines) < count:
        from fieldcase.errors import UserError

        raise UserError(
            f"Expected {count} lines on standard input (password, enrollment code, passphrase).",
            code="stdin",
        )
    return lines[:count]


def run(args: argparse.Namespace) -> int:
    from fieldcase.errors import UserError
    from fieldcase.services.enrollment import check_server_address, enroll

    check_server_address(
        args.server
    )  # before the secrets are read: https unless the server is on this computer
    if not args.data_dir:
        raise UserError(
            "Say where the store lives with --data-dir (or FIELDCASE_DATA_DIR).", code="no_data_dir"
        )
    password, code, passphrase = _secrets(3)
    done = enroll(
        data_dir=os.path.abspath(args.data_dir),
        server_url=args.server,
        username=args.username,
        password=password,
        enrollment_code=code,
        passphrase=passphrase,
        device_label=args.device_label,
        ca_bundle=args.ca_bundle,
    )
    done.store.lock()
    print(f"enrolled: device {done.device_id} for {done.username} ({done.role})")
    return 0
