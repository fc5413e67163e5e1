"""`GET /directory`: the names a laptop may show — the user's team, its supervisor, and for a
supervisor the teams they supervise; nobody outside (security.md: no enumeration beyond scope)."""

from __future__ import annotations

from fieldcase.server import admin


def _names(device) -> dict[str, tuple[str, str]]:
    response = device.get("/directory")
    assert response.status_code == 200, response.text
    return {e["user_id"]: (e["display_name"], e["role"]) for e in response.json()["entries"]}


def test_the_directory_holds_the_team_and_its_supervisors_and_nobody_else(server):
    sam = admin.create_user(
        server.db,
        "sam",
        role="supervisor",
        display_name="S. Supervisor",
        org_id=server.org_id,
        password_hash=server.password_hash,
    )
    north = server.make_team("North", supervisor="sam")
    ana = admin.create_user(
        server.db,
        "ana",
        role="caseworker",
        team=north,
        display_name="A. Jones",
        org_id=server.org_id,
        password_hash=server.password_hash,
    )
    ben = server.make_user("ben", team=north)  # no display name: the account name stands in
    gone = server.make_user("gone", team=north)
    from sqlalchemy import update

    from fieldcase.server.models import User

    with server.db.write() as session:
        session.execute(update(User).where(User.id == gone).values(active=False))
    # another team, its supervisor, an admin: never listed to North
    server.make_user("tom", role="supervisor")
    south = server.make_team("South", supervisor="tom")
    eve = server.make_user("eve", team=south)
    admin_id = server.make_user("root", role="admin")
    tom = server.device("tom")

    assert _names(server.device("ana")) == {
        ana: ("A. Jones", "caseworker"),
        ben: ("ben", "caseworker"),
        sam: ("S. Supervisor", "supervisor"),
    }
    assert _names(server.device("sam")) == {
        ana: ("A. Jones", "caseworker"),
        ben: ("ben", "caseworker"),
        sam: ("S. Supervisor", "supervisor"),
    }
    assert set(_names(tom)) == {tom.user_id, eve}
    assert set(_names(server.device("eve"))) == {eve, tom.user_id}
    assert set(_names(server.device("root"))) == {admin_id}
    assert server.audit_rows(action="directory")
    assert server.client.get("/directory").status_code == 401
