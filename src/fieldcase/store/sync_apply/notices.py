"""The attention items sync leaves for the caseworker, in words: answers the server refused or kept
for review, conflicts, a supervisor's return, approval or question, and what the agency removed."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from fieldcase.domain import kinds
from fieldcase.domain.ids import new_id
from fieldcase.domain.workflow import Status
from fieldcase.store.outbox import OutboxEntry
from fieldcase.store.records import Moment
from fieldcase.store.sync_apply.common import Attention, SyncStoreBase, _dumps
from fieldcase.store.tables import attention


def _noun(kind: str | None) -> str:
    return kinds.noun(kind)


#: each kind of record in a caseworker's words, one and many (for counts)
_NOUNS = {k.kind: (k.noun, k.plural) for k in kinds.KIND_TABLE.values()}


def _counted(kinds: list[str]) -> str:
    """["home_visit", "home_visit", "person"] -> "2 visits and a person" (in the order of _NOUNS)."""
    parts = []
    for kind, (one, many) in [
        *_NOUNS.items(),
        *((k, ("record", "records")) for k in sorted(set(kinds) - set(_NOUNS))),
    ]:
        n = kinds.count(kind)
        if n:
            parts.append(f"{'an' if one[0] in 'aeiou' else 'a'} {one}" if n == 1 else f"{n} {many}")
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _removed_message(kinds: list[str]) -> str:
    """The "removed" notice of one case, from the kinds of its records that left the laptop."""
    others = [k for k in kinds if k != "case"]
    if len(others) < len(kinds):
        if not others:
            return "The agency removed a case from the server; it is no longer on this laptop."
        return f"The agency removed a case from the server; it and its records ({_counted(others)}) are no longer on this laptop."
    verb = "it is" if len(kinds) == 1 else "they are"
    return f"The agency removed {_counted(kinds)} of a case from the server; {verb} no longer on this laptop."


class Notices(SyncStoreBase):
    # attention -------------------------------------------------------------------------------

    def _attend(
        self,
        connection: Connection,
        now: Moment,
        topic: str,
        entry: OutboxEntry | None,
        message: str,
        *,
        details: dict[str, Any] | None = None,
        record_kind: str | None = None,
        record_id: str | None = None,
        attention_id: str | None = None,
    ) -> None:
        attention_id = attention_id or new_id()
        if (
            connection.execute(select(attention.c.id).where(attention.c.id == attention_id)).first()
            is not None
        ):
            return  # already known (and perhaps already resolved by the user)
        connection.execute(
            insert(attention).values(
                id=attention_id,
                topic=topic,
                record_kind=entry.record_kind if entry else record_kind,
                record_id=entry.record_id if entry else record_id,
                mutation_id=entry.mutation_id if entry else None,
                message=message,
                details=_dumps(details or {}),
                created_at=now.iso,
            )
        )

    def _attend_removed(
        self, connection: Connection, now: Moment, case_id: str, records: dict[str, str]
    ) -> None:
        """One "removed" notice a case for the records the agency purged on the server (a purged
        case sends a tombstone for each of its records): counts by kind, no names. A case purged
        across two pulled pages still gets one notice while it is not dismissed (the ids are kept
        in its details, so applying a page again changes nothing: nothing is removed again, P7)."""
        open_notice = connection.execute(
            select(attention.c.id, attention.c.details).where(
                attention.c.topic == "removed",
                attention.c.resolved_at.is_(None),
                func.json_extract(attention.c.details, "$.case_id") == case_id,
            )
        ).first()
        if open_notice is not None:
            records = {**json.loads(open_notice.details)["records"], **records}
        details = {"case_id": case_id, "records": dict(sorted(records.items()))}
        message = _removed_message(sorted(records.values()))
        if open_notice is not None:
            connection.execute(
                update(attention)
                .where(attention.c.id == open_notice.id)
                .values(message=message, details=_dumps(details))
            )
        else:
            connection.execute(
                _ATTENTION_INSERT_NEW,
                [
                    _attention_row(
                        f"removed:{case_id}:{min(records)}",
                        "removed",
                        "case",
                        None,
                        None,
                        message,
                        details,
                        now,
                    )
                ],
            )

    def _attend_conflict(
        self, connection: Connection, now: Moment, kind: str, record_id: str, info: dict[str, Any]
    ) -> None:
        connection.execute(_ATTENTION_INSERT_NEW, self._conflict_row(now, kind, record_id, info))

    def attention(self, *, include_resolved: bool = False) -> list[Attention]:
        with self._store.reading() as connection:
            query = select(attention).order_by(attention.c.created_at, attention.c.id)
            if not include_resolved:
                query = query.where(attention.c.resolved_at.is_(None))
            rows = connection.execute(query).all()
        return [
            Attention(
                r.id,
                r.topic,
                r.record_kind,
                r.record_id,
                r.mutation_id,
                r.message,
                json.loads(r.details),
                r.created_at,
                r.resolved_at,
            )
            for r in rows
        ]

    def resolve_attention(self, attention_id: str) -> None:
        with self._store.transaction() as connection:
            connection.execute(
                update(attention)
                .where(attention.c.id == attention_id, attention.c.resolved_at.is_(None))
                .values(resolved_at=self._now().iso)
            )

    def _review_notice(
        self, previous: Any, had_record: bool, change: dict[str, Any], now: Moment
    ) -> dict[str, Any] | None:
        """A supervisor's return or approval of the user's own work, in words (an attention row).

        No "approved" notice for a record this laptop never held (no shadow, no local row): a first
        pull of a caseload brings the user's long-approved work, which is news to nobody."""
        meta = change.get("meta") or {}
        if (
            change["record_kind"] not in kinds.WORKFLOW_KINDS
            or meta.get("created_by") != self.user_id
        ):
            return None
        held = json.loads(previous.change) if previous is not None else None
        before = held["status"] if held is not None else None
        status = change["status"]
        if status == before:
            # held is never None here (a new record's status differs from None), said for the checker
            return (
                self._question_notice(held, change, now)
                if status == Status.APPROVED.value and held is not None
                else None
            )
        noun = _noun(change["record_kind"])
        if status == Status.RETURNED.value:
            reason = meta.get("return_reason") or ""
            return _attention_row(
                f"returned:{change['record_id']}:{change['rev']}",
                "returned",
                change["record_kind"],
                change["record_id"],
                None,
                f"Your supervisor returned this {noun}. Reopen it as a draft, make the changes and submit it again.",
                {"reason": reason},
                now,
            )
        if status == Status.APPROVED.value and (previous is not None or had_record):
            return _attention_row(
                f"approved:{change['record_id']}:{change['rev']}",
                "approved",
                change["record_kind"],
                change["record_id"],
                None,
                f"Your supervisor approved this {noun}; it is now read-only.",
                {},
                now,
            )
        return None

    def _question_notice(
        self, held: dict[str, Any], change: dict[str, Any], now: Moment
    ) -> dict[str, Any] | None:
        """A question someone else asked about the user's approved entry (questions on entries still
        open are worked out when the list is shown, and clear when answered; an approved entry is
        read-only, so this one is a notice the user dismisses once answered)."""

        def asked(body: dict[str, Any]) -> list[dict[str, Any]]:
            return [
                a
                for a in body.get("addenda") or []
                if a.get("kind") == "comment" and a.get("author") != self.user_id
            ]

        known = {a.get("addendum_id") for a in asked(held)}
        new = [a for a in asked(change) if a.get("addendum_id") not in known]
        if not new:
            return None
        noun = _noun(change["record_kind"])
        return _attention_row(
            f"question:{change['record_id']}:{new[-1]['addendum_id']}",
            "question",
            change["record_kind"],
            change["record_id"],
            None,
            f"A question about your approved {noun}. Open it to read and answer the question.",
            {},
            now,
        )

    def _conflict_row(
        self, now: Moment, kind: str, record_id: str, info: dict[str, Any]
    ) -> dict[str, Any]:
        noun = _noun(kind)
        if info.get("narrative"):
            message = f"Two different versions of the same text in this {noun} were written; both are kept. Choose one or combine them."
        else:
            message = f"Someone else changed the same field of this {noun}; the server kept their value and yours is kept here."
        return _attention_row(
            info["conflict_id"], "conflict", kind, record_id, None, message, dict(info), now
        )


#: `_attend`'s "already known (and perhaps already resolved by the user): leave it" as one statement
_ATTENTION_INSERT_NEW = sqlite_insert(attention).on_conflict_do_nothing(
    index_elements=[attention.c.id]
)
_SETTLE_ATTENTION = update(attention).where(attention.c.id == bindparam("aid"))


def _attention_row(
    attention_id: str,
    topic: str,
    record_kind: str | None,
    record_id: str | None,
    mutation_id: str | None,
    message: str,
    details: dict[str, Any],
    now: Moment,
) -> dict[str, Any]:
    return dict(
        id=attention_id,
        topic=topic,
        record_kind=record_kind,
        record_id=record_id,
        mutation_id=mutation_id,
        message=message,
        details=_dumps(details),
        created_at=now.iso,
        resolved_at=None,
    )
