"""The shadow: the last pulled server state of each record, its body stored once (docs/design/
sync.md "Client tables").

A shadow row holds the pulled change without its body (`change`) and the server's body (`body`),
which is NULL when the record row holds the server's record — the common case, a record with
nothing unsent on top: a first download wrote every body twice before, and a supervisor's store
was a quarter shadows (issue 19). The row holds it in the store's own form (fields sorted,
defaults written out, where the server leaves its own fields out of a body): read back, such a
shadow's body is that form, the same record (`from_dict` gives the same item from both).

The rule that keeps this true: a record row's body is rewritten either from the server's state
(sync_apply's materializing, which says which rows hold it) or by the user's work (records.py
`_write`), and before the latter the shadow takes the body back (`keep_server_body`). Readers get
the whole change (`WHOLE` and `whole`), or, for the screens, the change without its body."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, bindparam, func, null, select, text

from fieldcase.store.tables import record, shadow

#: a shadow as the whole pulled change: its body from the record row where it is left out
WHOLE = select(
    shadow.c.record_id,
    shadow.c.change,
    func.coalesce(shadow.c.body, record.c.body).label("body"),
).select_from(shadow.outerjoin(record, record.c.id == shadow.c.record_id))

#: a shadow without its body (the meta, conflicts and addenda the screens read): no record row read
WITHOUT_BODY = select(shadow.c.record_id, shadow.c.change, null().label("body"))

#: before the user's work rewrites a record row: its shadow takes back the server's body the row held
_KEEP_SERVER_BODY = text(
    "UPDATE shadow SET body = (SELECT record.body FROM record WHERE record.id = shadow.record_id) "
    "WHERE shadow.record_id = :rid AND shadow.body IS NULL"
)
#: a record rebuilt from its server state with unsent work on top: its shadow keeps that state's body
_SET_SERVER_BODY = (
    shadow.update()
    .where(shadow.c.record_id == bindparam("rid"), shadow.c.body.is_(None))
    .values(body=bindparam("server_body"))
)


def whole(change: str, body: str | None, *, with_body: bool = True) -> dict[str, Any]:
    """The pulled change (a dict) from a shadow row read through `WHOLE`: as the wire gave it,
    its body in the store's form where the record row holds it; without its "body" key when read
    through `WITHOUT_BODY` (`with_body=False`)."""
    found = json.loads(change)
    if with_body:
        found["body"] = None if body is None else json.loads(body)
    return found


def keep_server_body(connection: Connection, record_id: str) -> None:
    """Call before anything but the server's state rewrites the record row's body."""
    connection.execute(_KEEP_SERVER_BODY, {"rid": record_id})


def keep_server_bodies(connection: Connection, bodies: dict[str, bytes]) -> None:
    """For records just rebuilt that no longer equal their server state: that state's body (JSON,
    UTF-8) goes into a shadow that had left it to the record row."""
    if bodies:
        connection.execute(
            _SET_SERVER_BODY,
            [{"rid": rid, "server_body": body.decode()} for rid, body in sorted(bodies.items())],
        )
