"""Issue 22 item 12: the app read as Orca reads it — through AT-SPI, from another process, with the
app in a real X11 window (Xvfb, Qt's xcb plugin: the offscreen plugin has no AT-SPI bridge).

The test owns everything it starts and stops it: Xvfb, a D-Bus session bus, the AT-SPI bus
(at-spi-bus-launcher, which starts its own bus and at-spi2-registryd), the app (this environment's
Python, x11/atspi_app.py) and the reader (Debian's /usr/bin/python3 with python3-pyatspi,
x11/atspi_reader.py). Afterwards no process of that session is left.

Needs Debian's xvfb, dbus, at-spi2-core and python3-pyatspi (.ci/run installs them). Without them
the test is skipped, except on CI (CI or FIELDCASE_CI set), where it fails instead."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).with_name("x11")
LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")
DEBIAN_PYTHON = Path("/usr/bin/python3")
#: an AT-SPI announcement's detail1 (AtspiLive): how urgently a screen reader speaks it
POLITE, ASSERTIVE = 1, 2


def _missing() -> list[str]:
    """What of Debian's packages this walk needs is not installed."""
    missing = [
        package
        for package, there in (
            ("xvfb", shutil.which("Xvfb")),
            ("dbus", shutil.which("dbus-daemon")),
            ("at-spi2-core", LAUNCHER.exists()),
        )
        if not there
    ]
    if (
        not DEBIAN_PYTHON.exists()
        or subprocess.run(
            [str(DEBIAN_PYTHON), "-c", "import pyatspi"], capture_output=True, check=False
        ).returncode
        != 0
    ):
        missing.append("python3-pyatspi")
    return missing


def _started_with(address: str) -> list[str]:
    """Processes (pid and command) whose environment names the test's session bus: what it started."""
    left = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            if f"DBUS_SESSION_BUS_ADDRESS={address}".encode() in (
                proc / "environ"
            ).read_bytes().split(b"\0"):
                state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":  # a zombie is gone, only not yet reaped by its parent
                    command = (
                        (proc / "cmdline")
                        .read_bytes()
                        .replace(b"\0", b" ")
                        .decode(errors="replace")
                    )
                    left.append(f"{proc.name} {command}")
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return left


class Child:
    """One process the test started, in its own process group (so whatever it starts goes with it),
    spoken to by lines on stdin and answering JSON lines on stdout."""

    def __init__(self, argv: list[str], env: dict[str, str], *, talk: bool = False) -> None:
        pipe = subprocess.PIPE if talk else subprocess.DEVNULL
        self.process = subprocess.Popen(
            argv, env=env, stdin=pipe, stdout=pipe, text=True, start_new_session=True
        )

    def line(self) -> str:
        answer = self.process.stdout.readline()
        assert answer, f"{self.process.args[1]} ended (exit {self.process.poll()})"
        return answer.strip()

    def ask(self, command: str) -> dict:
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return json.loads(self.line())

    def finish(self) -> int | None:
        """End of input: the app and the reader end when their input does. Their exit status."""
        if self.process.stdin and not self.process.stdin.closed:
            self.process.stdin.close()
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            return None

    def stop(self) -> None:
        if self.process.stdin:
            self.finish()
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            time.sleep(0.3)
        self.process.wait(timeout=10)
        if self.process.stdout:
            self.process.stdout.close()


class Session:
    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.children: list[Child] = []

    def start(self, argv: list[str], *, talk: bool = False, **env: str) -> Child:
        child = Child(argv, dict(self.env, **env), talk=talk)
        self.children.append(child)
        return child


@pytest.fixture
def atspi_session(tmp_path) -> Iterator[Session]:
    missing = _missing()
    if missing:
        if os.environ.get("CI") or os.environ.get("FIELDCASE_CI"):
            pytest.fail(
                f"on CI the AT-SPI walk must run: {', '.join(missing)} missing (.ci/run installs them)"
            )
        pytest.skip(
            f"the AT-SPI walk needs Debian's {', '.join(missing)} (sudo apt-get install {' '.join(missing)})"
        )
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "QT_QPA_PLATFORM",
            "WAYLAND_DISPLAY",
            "DBUS_SESSION_BUS_ADDRESS",
            "AT_SPI_BUS_ADDRESS",
            "DISPLAY",
        )
    }
    env["XDG_RUNTIME_DIR"] = str(runtime)
    started: list[subprocess.Popen] = []

    def first_line(argv: list[str]) -> str:
        """Start a server that writes where it listens on a pipe (Xvfb's display, the bus's address)."""
        read, write = os.pipe()
        argv = [a.format(fd=write) for a in argv]
        started.append(
            subprocess.Popen(
                argv,
                env=env,
                pass_fds=(write,),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
        os.close(write)
        with os.fdopen(read) as answer:
            said = answer.readline().strip()
        assert said, f"{argv[0]} did not start"
        return said

    session = Session(env)
    address = ""
    try:
        env["DISPLAY"] = ":" + first_line(
            ["Xvfb", "-displayfd", "{fd}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"]
        )
        address = first_line(
            ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address={fd}"]
        )
        env["DBUS_SESSION_BUS_ADDRESS"] = address
        # the accessibility bus and its registry, now rather than when someone first asks for them
        session.start([str(LAUNCHER), "--launch-immediately"])
        yield session
    finally:
        for child in reversed(session.children):
            child.stop()
        for process in reversed(started):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
    if address:
        end = time.monotonic() + 10
        while _started_with(address) and time.monotonic() < end:
            time.sleep(0.2)
        left = _started_with(address)
        for pid in (
            int(line.split()[0]) for line in left
        ):  # ours (they carry our bus), stopped before failing
            os.kill(pid, signal.SIGKILL)
        assert not left, f"left running after the walk: {left}"


def _named(nodes: list[dict], role: str, name: str) -> list[dict]:
    return [node for node in nodes if node["role"] == role and node["name"] == name]


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_a_screen_reader_hears_the_app_through_atspi(atspi_session):
    app = atspi_session.start(
        [sys.executable, str(HERE / "atspi_app.py")],
        talk=True,
        QT_QPA_PLATFORM="xcb",
        QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
    )
    reader = atspi_session.start([str(DEBIAN_PYTHON), str(HERE / "atspi_reader.py")], talk=True)
    assert app.line() == "ready"
    found = reader.ask("find fieldcase")
    assert found["found"], f"the app is not on the AT-SPI desktop: {found['apps']}"
    nodes = reader.ask("dump")["nodes"]

    # live labels are read by their words, with what they are as the description
    status = [node["name"] for node in nodes if node["description"] == "Sync status"]
    assert any(re.fullmatch(r"\d+ waiting to sync", name) for name in status), status
    assert any("last sync" in name.lower() for name in status), status
    summary = [node["name"] for node in nodes if node["description"] == "Caseload summary"]
    assert len(summary) == 1 and re.match(r"\d+ of \d+ children", summary[0]), summary
    # headings are headings; the case header is words, and no name anywhere is markup
    for title in ("My caseload", "Home visit"):
        assert _named(nodes, "heading", title), [node for node in nodes if node["name"] == title]
    assert any(node["name"].startswith("Case DEMO-") for node in nodes)
    markup = [node["name"] for node in nodes if re.search(r"</?[a-z]+[^>]*>", node["name"])]
    assert not markup, markup
    # a date field is named by its label on the field a screen reader is on, not on its container
    for label in ("Contact started", "Next visit planned"):
        fields = _named(nodes, "text", label)
        assert fields and "editable" in fields[0]["states"], label

    # Submit on an empty visit, pressed from the keyboard: refused, said at once, and the keyboard
    # lands on the first field to fix
    assert reader.ask("listen")["listening"]
    assert reader.ask("focus Submit for approval")["focused"]
    assert reader.ask("press Submit for approval")["pressed"]
    events = reader.ask("heard 15 Not submitted yet")["events"]
    said = [
        e
        for e in events
        if e["type"] == "object:announcement" and e["data"].startswith("Not submitted yet")
    ]
    assert said and said[0]["detail1"] == ASSERTIVE, (
        events
    )  # it interrupts what the reader was saying
    focused = [
        e for e in events if e["type"] == "object:state-changed:focused" and e["detail1"] == 1
    ]
    assert focused and focused[-1]["name"] not in ("", "Submit for approval"), events
    landed = focused[-1]
    assert landed["role"] in ("text", "combo box", "check box", "spin button", "push button"), (
        landed
    )
    # the field of the first problem said, carrying that problem as its description ...
    assert landed["description"] and landed["description"] in said[0]["data"].splitlines()[1], (
        landed,
        said[0],
    )
    # ... and the widget Qt has the keyboard on
    assert app.ask("focus")["name"] == landed["name"]

    # a sync, started as a screen-reader user does (the button's action), is heard when it ends
    assert reader.ask("press Sync now")["pressed"]
    events = reader.ask("heard 30 Sync finished.")["events"]
    said = [
        e for e in events if e["type"] == "object:announcement" and e["data"] == "Sync finished."
    ]
    assert said and said[0]["detail1"] == POLITE, (
        events
    )  # it waits for the reader to finish a sentence
    # the app closes the ordinary way, with the bridge on and the headings' interfaces in Qt's cache
    assert app.finish() == 0
