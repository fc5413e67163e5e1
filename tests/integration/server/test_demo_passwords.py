"""`seed-demo` gives every account its own salted password hash (one shared hash told anyone reading
the users table that all accounts share a password; cracking one cracked all)."""

from __future__ import annotations

from sqlalchemy import select

from fieldcase.security import passwords
from fieldcase.server.demo import DEMO_PASSWORD, seed_demo
from fieldcase.server.models import User


def test_each_demo_account_has_its_own_salted_hash_of_the_demo_password(server):
    seed_demo(server.db, children=2, teams=1, workers_per_team=2, months=1)
    with server.db.read() as session:
        hashes = list(
            session.execute(
                select(User.password_hash).where(
                    User.username.in_(["supervisor1", "worker11", "worker12", "admin"])
                )
            ).scalars()
        )
    assert len(hashes) == 4
    assert len(set(hashes)) == 4, "accounts share one password hash"
    assert all(passwords.verify_password(h, DEMO_PASSWORD) for h in hashes)
