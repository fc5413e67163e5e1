"""Run by tests/e2e/test_atspi_walk.py with Debian's /usr/bin/python3 (python3-pyatspi, which the
app's virtual environment does not have), in the test's D-Bus session under Xvfb: reads the app as
Orca does, through AT-SPI, and does what a screen-reader user does (presses a button through its
action). One command a line on stdin, one JSON line back on stdout:

    find NAME           wait (up to 60 s) for an application named NAME on the AT-SPI desktop
    dump                every node of the application: role, name, description, states
    listen              from now on, keep the events a screen reader speaks from: announcements,
                        focus changes, name changes
    focus NAME          put the keyboard focus on the push button named NAME
    press NAME          do the first action of the push button named NAME
    heard SECONDS TEXT  the events kept so far, waiting up to SECONDS for an announcement whose
                        words hold TEXT

    /usr/bin/python3 atspi_reader.py
"""

from __future__ import annotations

import json
import sys
import time

import pyatspi
from gi.repository import GLib

#: children of these are rows and cells (the caseload's table): not needed, and slow to walk
_NOT_INTO = {"table", "tree table", "list", "tree", "table cell", "list item"}


class Reader:
    def __init__(self) -> None:
        self.app = None
        self.events: list[dict[str, object]] = []
        self.context = GLib.MainContext.default()

    def pump(self, seconds: float) -> None:
        """AT-SPI's events arrive through GLib's main context (pyatspi's pumpQueuedEvents does nothing)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            while self.context.iteration(False):
                pass
            time.sleep(0.02)

    def find(self, name: str) -> dict[str, object]:
        end = time.monotonic() + 60
        while time.monotonic() < end:
            desktop = pyatspi.Registry.getDesktop(0)
            for i in range(desktop.childCount):
                app = desktop.getChildAtIndex(i)
                if app is not None and app.name == name:
                    self.app = app
                    return {
                        "found": True,
                        "apps": [
                            desktop.getChildAtIndex(j).name for j in range(desktop.childCount)
                        ],
                    }
            self.pump(0.5)
        desktop = pyatspi.Registry.getDesktop(0)
        return {
            "found": False,
            "apps": [desktop.getChildAtIndex(j).name for j in range(desktop.childCount)],
        }

    def nodes(self, node=None, depth: int = 0):
        node = node if node is not None else self.app
        if node is None or depth > 60:
            return
        yield node, depth
        role = node.getRoleName()
        if role in _NOT_INTO:
            return
        for i in range(node.childCount):
            yield from self.nodes(node.getChildAtIndex(i), depth + 1)

    @staticmethod
    def describe(node) -> dict[str, object]:
        states = node.getState()
        return {
            "role": node.getRoleName(),
            "name": node.name or "",
            "description": node.description or "",
            "states": [pyatspi.stateToString(s) for s in states.getStates()],
        }

    def dump(self) -> dict[str, object]:
        return {"nodes": [dict(self.describe(node), depth=depth) for node, depth in self.nodes()]}

    def _heard(self, event) -> None:
        source = event.source
        try:
            about = {
                "role": source.getRoleName(),
                "name": source.name or "",
                "description": source.description or "",
            }
        except Exception as err:  # noqa: BLE001 - a node gone by the time we ask is still an event heard
            about = {"role": "?", "name": f"({type(err).__name__})", "description": ""}
        data = event.any_data
        self.events.append(
            {
                "type": event.type,
                "detail1": event.detail1,
                "data": data if isinstance(data, str) else "",
                **about,
            }
        )

    def listen(self) -> dict[str, object]:
        pyatspi.Registry.registerEventListener(
            self._heard,
            "object:announcement",
            "object:state-changed:focused",
            "object:property-change:accessible-name",
        )
        self.pump(1)  # the app hears that a listener is there before it is asked to do anything
        return {"listening": True}

    def button(self, name: str):
        return next(
            (
                node
                for node, _depth in self.nodes()
                if node.getRoleName() == "push button" and node.name == name
            ),
            None,
        )

    def focus(self, name: str) -> dict[str, object]:
        """Put the keyboard on a button, as Tab would (the AT-SPI Component's grabFocus)."""
        node = self.button(name)
        return {"focused": bool(node is not None and node.queryComponent().grabFocus())}

    def press(self, name: str) -> dict[str, object]:
        node = self.button(name)
        if node is None:
            return {"pressed": False}
        action = node.queryAction()
        return {"pressed": bool(action.doAction(0)), "action": action.getName(0)}

    def heard(self, seconds: float, text: str) -> dict[str, object]:
        end = time.monotonic() + seconds
        while time.monotonic() < end and not any(
            e["type"] == "object:announcement" and text in str(e["data"]) for e in self.events
        ):
            self.pump(0.1)
        self.pump(
            0.5
        )  # what follows the awaited event closely (a focus change after an announcement)
        events, self.events = self.events, []
        return {"events": events}


def main() -> int:
    reader = Reader()
    for line in sys.stdin:
        command, _, rest = line.strip().partition(" ")
        if command == "find":
            answer = reader.find(rest)
        elif command == "dump":
            answer = reader.dump()
        elif command == "listen":
            answer = reader.listen()
        elif command == "focus":
            answer = reader.focus(rest)
        elif command == "press":
            answer = reader.press(rest)
        elif command == "heard":
            seconds, _, text = rest.partition(" ")
            answer = reader.heard(float(seconds), text)
        else:
            answer = {"error": f"unknown command {command!r}"}
        print(json.dumps(answer), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
