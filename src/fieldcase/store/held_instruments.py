"""The assessment instruments the office loaded on the server, held on the laptop (GET /instruments,
sync/engine.py): each file as loaded, by id and version, with its hash (a file is fetched only when
its hash changes) and whether it is retired. Read offline by services/instruments.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update

from fieldcase.store.tables import held_instrument


@dataclass(frozen=True)
class HeldInstrument:
    instrument_id: str
    version: str
    sha256: str
    content: str
    retired: bool


def hashes(store: Any) -> dict[tuple[str, str], str]:
    """What the laptop holds: (id, version) -> sha256."""
    with store.reading() as connection:
        return hashes_in(connection)


def replace(
    store: Any, listed: list[tuple[str, str, bool]], fetched: dict[tuple[str, str], tuple[str, str]]
) -> None:
    """Hold exactly the server's list (`listed`: id, version, retired), in one transaction: the files
    `fetched` ((id, version) -> (sha256, content)) are written; the others keep the content held."""
    now = store.moment().iso
    keep = {(i, v) for i, v, _r in listed}
    with store.transaction() as connection:
        for instrument_id, version in hashes_in(connection):
            if (instrument_id, version) not in keep or (instrument_id, version) in fetched:
                connection.execute(
                    delete(held_instrument).where(
                        held_instrument.c.instrument_id == instrument_id,
                        held_instrument.c.version == version,
                    )
                )
        for instrument_id, version, retired in listed:
            if (instrument_id, version) in fetched:
                sha, content = fetched[(instrument_id, version)]
                connection.execute(
                    insert(held_instrument).values(
                        instrument_id=instrument_id,
                        version=version,
                        sha256=sha,
                        content=content,
                        retired=retired,
                        updated_at=now,
                    )
                )
            else:  # only a file newly retired: the same list at every sync writes nothing
                connection.execute(
                    update(held_instrument)
                    .where(
                        held_instrument.c.instrument_id == instrument_id,
                        held_instrument.c.version == version,
                        held_instrument.c.retired != retired,
                    )
                    .values(retired=retired)
                )


def hashes_in(connection: Any) -> dict[tuple[str, str], str]:
    rows = connection.execute(
        select(held_instrument.c.instrument_id, held_instrument.c.version, held_instrument.c.sha256)
    ).all()
    return {(r.instrument_id, r.version): r.sha256 for r in rows}


def held(store: Any) -> list[HeldInstrument]:
    with store.reading() as connection:
        rows = connection.execute(
            select(held_instrument).order_by(
                held_instrument.c.instrument_id, held_instrument.c.version
            )
        ).all()
    return [
        HeldInstrument(r.instrument_id, r.version, r.sha256, r.content, bool(r.retired))
        for r in rows
    ]
