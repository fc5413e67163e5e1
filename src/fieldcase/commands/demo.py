"""`fieldcase demo`: the whole product on one machine, with synthetic data only.

1. a temporary folder holds a SQLite server database and a laptop store;
2. `fieldcase-server key new`, `seed-demo --enrollment-code` and `run` start a local server on
   127.0.0.1 (a separate process: the client never imports the server package);
3. a one-time enrollment code enrolls a demo laptop (through the enrollment service), the first sync
   downloads the caseload;
4. the app opens unlocked. Closing the window or Ctrl+C stops the server and deletes the folder.

`--supervisor` enrolls the team supervisor instead; `--no-window` stops after step 3 and prints what
a caseworker would see (for smoke tests).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from fieldcase.errors import UserError

#: seed-demo gives every account this password (src/fieldcase/server/demo.py, DEMO_PASSWORD); it is
#: repeated here because the client never imports the server package.
DEMO_ACCOUNT_PASSWORD = "demo-password-please-change"  # noqa: S105 - the demo's synthetic agency
DEMO_PASSPHRASE = "violet tractor under seven moons"  # noqa: S105 - the demo's throwaway store
CASEWORKER = "worker11"
SUPERVISOR = "supervisor1"


class DemoFailed(UserError):
    code = "demo_failed"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="try fieldcase with a local demo server and synthetic data",
        description="Start a local demo server with synthetic data, enroll a demo laptop and open the app.",
    )
    parser.add_argument(
        "--supervisor", action="store_true", help="open the supervisor's view of the same agency"
    )
    parser.add_argument(
        "--children", type=int, default=300, help="children in the synthetic agency (default 300)"
    )
    parser.add_argument(
        "--no-window",
        action="store_true",
        help="set everything up, print a summary and stop (smoke test)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder afterwards")
    parser.add_argument(
        "--dir", default=None, help="use this (empty) folder instead of a new temporary one"
    )
    parser.set_defaults(handler=run)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _server(db: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 300) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "fieldcase.server.cli", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=env,
    )
    if done.returncode != 0:
        raise DemoFailed(f"The demo server could not {args[0]}: {done.stderr.strip()[-300:]}")
    return done.stdout


def _code_in(seeded: str) -> str | None:
    """The enrollment code in seed-demo's output ("enrollment code: CODE  (single use, …)")."""
    for line in seeded.splitlines():
        if line.startswith("enrollment code: "):
            return line.split()[2]
    return None


def _die_with_parent() -> None:
    """In the server's child process (Linux): end when the demo's process ends, however it ends
    (a crash or an abort never reaches `stop`)."""
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


class DemoServer:
    def __init__(self, root: Path, *, children: int) -> None:
        self.root = root
        self.db = root / "server.db"
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.children = children
        self.process: subprocess.Popen | None = None
        self._first_code: str | None = None
        # The server encrypts case content at rest and will not start without its key: the demo
        # makes one in its own folder (deleted with it). A real server keeps its key elsewhere.
        self.env = {k: v for k, v in os.environ.items() if k != "FIELDCASE_SERVER_KEY"}
        self.env["FIELDCASE_SERVER_KEY_FILE"] = str(root / "server.key")

    def start(self, say) -> None:
        from fieldcase.sync.enroll import server_reachable

        say("creating the demo agency (synthetic people only)…")
        _server(self.db, "key", "new", self.env["FIELDCASE_SERVER_KEY_FILE"], env=self.env)
        # seed-demo creates the schema and gives the first enrollment code: each server command
        # is a process importing the server (~1 s), and the demo used to run two more
        seeded = _server(
            self.db,
            "seed-demo",
            "--children",
            str(self.children),
            "--enrollment-code",
            env=self.env,
        )
        self._first_code = _code_in(seeded)
        say(f"starting the demo server on {self.url} …")
        # the child keeps its own copy of the log file open; ours is closed at once
        with (self.root / "server.log").open("w") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "fieldcase.server.cli",
                    "--db",
                    str(self.db),
                    "run",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.env,
                # the server starts before the demo has any thread of its own (prepare, then the window);
                # PR_SET_PDEATHSIG can only be set in the child
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,  # noqa: PLW1509
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise DemoFailed(
                    "The demo server stopped while starting; see server.log in the demo folder."
                )
            if server_reachable(self.url):
                return
            time.sleep(0.3)
        raise DemoFailed("The demo server did not answer within a minute.")

    def enrollment_code(self) -> str:
        """A single-use code: the one seed-demo gave first, then a new one from the server."""
        code, self._first_code = self._first_code, None
        return code or _server(self.db, "enrollment-code", env=self.env).split()[0]

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


def prepare(root: Path, *, supervisor: bool, children: int, say=print):
    """Server up, laptop enrolled and synced. Returns (server, enrolled)."""
    from fieldcase.security.keyfile import KdfParams
    from fieldcase.services import sync as sync_service
    from fieldcase.services.enrollment import enroll

    server = DemoServer(root, children=children)
    try:
        server.start(say)
        username = SUPERVISOR if supervisor else CASEWORKER
        say(f"enrolling a demo laptop for {username} …")
        enrolled = enroll(
            data_dir=root / "laptop",
            server_url=server.url,
            username=username,
            password=DEMO_ACCOUNT_PASSWORD,
            enrollment_code=server.enrollment_code(),
            passphrase=DEMO_PASSPHRASE,
            device_label="demo laptop",
            kdf=KdfParams.floor(),  # the demo's throwaway store: the RFC 9106 floor keeps unlocking quick
        )
        say("first sync: downloading the caseload …")
        sync_service.sync_now(enrolled.store)
        return server, enrolled
    except BaseException:
        server.stop()
        raise


def run(args: argparse.Namespace) -> int:
    if not args.no_window:
        # before the server and the folder exist: Qt aborts the process when it cannot start
        from fieldcase.ui.platform_check import window_problem

        problem = window_problem()
        if problem is not None:
            raise DemoFailed(problem)
    root = (
        Path(args.dir).resolve() if args.dir else Path(tempfile.mkdtemp(prefix="fieldcase-demo-"))
    )
    root.mkdir(parents=True, exist_ok=True)
    say = lambda text: print(f"fieldcase demo: {text}", flush=True)  # noqa: E731
    server = None
    try:
        server, enrolled = prepare(
            root, supervisor=args.supervisor, children=args.children, say=say
        )
        if args.no_window:
            return _summary(enrolled, say)
        say(f"opening the app. If you lock it, the demo passphrase is: {DEMO_PASSPHRASE}")
        from fieldcase.ui.app import run as run_app

        return run_app(
            data_dir=root / "laptop", role=enrolled.role, store=enrolled.store, handle_sigint=True
        )
    finally:
        if server is not None:
            server.stop()
            say("demo server stopped")
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        else:
            say(f"demo folder kept: {root}")


def _summary(enrolled, say) -> int:
    from datetime import date

    from fieldcase.services.caseload import load_caseload

    try:
        caseload = load_caseload(enrolled.store, today=date.today())
        records = len(enrolled.store.list())
    finally:
        enrolled.store.lock()
    say(
        f"enrolled {enrolled.username} ({enrolled.role}): {len(caseload.rows)} children, {records} records on the laptop, "
        f"{caseload.at_risk_count} at risk this month"
    )
    return 0 if caseload.rows else 1


def main(
    argv: Sequence[str] | None = None,
) -> int:  # pragma: no cover - convenience for `python -m`
    parser = argparse.ArgumentParser(prog="fieldcase demo")
    sub = parser.add_subparsers()
    register(sub)
    args = parser.parse_args(["demo", *(argv or sys.argv[1:])])
    return args.handler(args)
