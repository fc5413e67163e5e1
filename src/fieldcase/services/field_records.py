"""Drafts, submission and addenda for the three field records (home visit, visitation entry,
transport trip): the part of their life they share.

`save_draft` never refuses a draft for being incomplete or even contradictory — nothing typed may
be lost (domain.md) — it saves and returns the problems to show. `submit` refuses with every
problem listed. A returned record is reopened as a draft automatically when it is submitted again.

A sync may approve or void a record while its form is open and the caseworker types:
`keep_as_proposal` queues what was typed as a proposed change for the supervisor instead of
dropping it, and `save_typed` (the form's autosave) does so by itself when it finds the record
changed or read-only, so a form closed or locked away keeps its words with nobody waiting for
the answer. `my_proposals` says, for each such proposed change the server keeps beside the entry,
whether the supervisor has read it, by whom and when.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fieldcase.domain import approval, kinds
from fieldcase.domain.metadata import SERVER_OWNED_FIELDS
from fieldcase.domain.problems import InvalidRecord, Problem
from fieldcase.domain.referrals import Referral
from fieldcase.domain.rule_pack import DEFAULT_RULES, RulePack
from fieldcase.domain.serialization import from_dict, kind_of, to_dict
from fieldcase.domain.text import clean, clean_value
from fieldcase.domain.validation import problems
from fieldcase.domain.visitation_entries import VisitationEntry
from fieldcase.domain.workflow import Command, Status, WorkflowError, is_read_only, read_only_reason
from fieldcase.store.errors import StaleEdit

if TYPE_CHECKING:  # the store (SQLAlchemy) loads with the first unlock, not with the window
    from fieldcase.store.store import Store

NOUNS = {kind: kinds.noun(kind) for kind in kinds.KIND_TABLE}


@dataclass(frozen=True)
class OpenedRecord:
    record: Any
    kind: str
    version: int
    status: Status
    read_only_reason: str | None
    returned_reason: str | None
    problems: tuple[Problem, ...]
    #: approved by its own author with no supervisor's review (domain/approval.py): "Filed"
    filed: bool = False

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None


@dataclass(frozen=True)
class DraftSaved:
    record_id: str
    kind: str
    version: int
    status: Status
    created: bool
    changed_fields: tuple[str, ...]
    problems: tuple[Problem, ...]  # what still stops it being submitted
    #: the stored copy had changed since the form read it (a sync): what was typed went on top of it
    on_newer_copy: bool = False


@dataclass(frozen=True)
class ProposalKept:
    """Words typed into a record that became read-only (approved or voided) while the form was
    open, queued for the server: for an approved record as a proposed change (the record itself is
    not changed), for a voided one kept in the voided record (store.records.RecordRepository.keep_typed)."""

    record_id: str
    kind: str
    status: Status  # approved or voided: what the caseworker is told
    changed_fields: tuple[str, ...]  # names only, never the words
    mutation_id: str | None  # None when nothing typed differed from the stored record

    @property
    def kept(self) -> bool:
        return self.mutation_id is not None


@dataclass(frozen=True)
class ProposalState:
    """One proposed change the server keeps beside an approved entry (words that reached it after
    the approval) and whether the supervisor has read it. Dates are ISO text as the server sent
    them; `read_by_name` comes from the team directory, empty when the laptop does not know it."""

    proposal_id: str
    proposed_at: str | None
    read_by: str | None = None
    read_by_name: str = ""
    read_at: str | None = None

    @property
    def read(self) -> bool:
        return self.read_by is not None


def proposals_in(
    change: Mapping[str, Any], *, names: Mapping[str, str], author: str | None = None
) -> tuple[ProposalState, ...]:
    """The proposals of a pulled change (the shadow: the server's copy of the entry), oldest first,
    with who read each: the server lists them in `addenda` (kind "proposal") and who read them in
    `meta.acknowledged_proposals` — not in the body, as a proposal is not part of the entry.
    `author`: only that user's proposals."""
    meta = change.get("meta") or {}
    read = {
        a.get("id"): a for a in meta.get("acknowledged_proposals") or [] if isinstance(a, Mapping)
    }
    found = []
    for proposal in change.get("addenda") or []:
        if proposal.get("kind") != "proposal" or (
            author is not None and proposal.get("author") != author
        ):
            continue
        seen = read.get(proposal.get("addendum_id")) or {}
        by = seen.get("acknowledged_by")
        found.append(
            ProposalState(
                str(proposal.get("addendum_id")),
                proposal.get("created_at"),
                by,
                names.get(by or "", ""),
                seen.get("acknowledged_at") if by else None,
            )
        )
    return tuple(sorted(found, key=lambda p: p.proposed_at or ""))


def my_proposals(
    store: Store, *, record_id: str, names: Mapping[str, str] | None = None
) -> tuple[ProposalState, ...]:
    """The user's own proposed changes to an entry as the last sync brought them, each with whether
    the supervisor has read it (shown on the entry's page). Empty for an entry never synced."""
    from fieldcase.services.directory import known_names  # the store loads with the first unlock
    from fieldcase.store.sync_apply import SyncStore

    change = SyncStore(store).shadow_change(record_id, body=False) or {}
    if not any(a.get("kind") == "proposal" for a in change.get("addenda") or []):
        return ()
    return proposals_in(change, names=known_names(store, names), author=store.header.user_id)


def clean_record(record: Any) -> Any:
    """`record` without the control characters the protocol refuses (domain/text.py): a pasted NUL
    or Word's manual line break never reaches the store, so the server never has to refuse it."""
    data = to_dict(record)
    tidy = clean_value(data)
    return record if tidy == data else from_dict(kind_of(record), tidy)


def typed_fields(body: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """What the caseworker typed: the fields of the form's `body` that differ from `base`, the body
    as the store had it when the form last read or saved it (status and the other server-owned
    facts are never typed)."""
    return {k: v for k, v in body.items() if v != base.get(k) and k not in SERVER_OWNED_FIELDS}


def _context(store: Store, record: Any) -> dict[str, Any]:
    if kind_of(record) == "case_plan":  # the 16+ rule reads the children's birth dates
        return {"people": store.repository("person").list(case_id=record.case_id)}
    if isinstance(record, VisitationEntry) and record.plan_id:
        try:
            return {"plan": store.repository("visitation_plan").get(record.plan_id)}
        except Exception:  # noqa: BLE001 - the plan may be off this laptop; check without it
            return {}
    if (
        kind_of(record) == "assessment"
    ):  # its items and scale (services/instruments.py); None: not on this laptop
        from fieldcase.services.instruments import for_store
        from fieldcase.services.session import signed_in_user

        user = signed_in_user(store)
        # who may rate: the instrument names roles; checked when the signed-in user is the rater
        role = user.role if record.rated_by in (None, user.user_id) else None
        return {
            "instrument": for_store(store).find(
                record.instrument_id, record.instrument_version or None
            ),
            "rater_role": role,
        }
    return {}


def check(store: Store | None, record: Any, *, for_submit: bool) -> tuple[Problem, ...]:
    """The problems to show as the caseworker types (no store access when `store` is None)."""
    context = _context(store, record) if store is not None else {}
    # the caseworker's day: a record dated after it is not submitted (domain/record_dates.py)
    return tuple(
        problems(record, for_submit=for_submit, on=datetime.now().astimezone().date(), **context)
    )


def open_record(store: Store, *, record_id: str) -> OpenedRecord:
    stored = store.get(record_id)
    record = stored.to_domain()
    status = Status(stored.status)
    store.record_audit("record.view", record_kind=stored.kind, record_id=record_id)
    return OpenedRecord(
        record=record,
        kind=stored.kind,
        version=stored.version,
        status=status,
        read_only_reason=read_only_reason(
            status, noun=NOUNS.get(stored.kind, "record"), approved_at=record.approved_at
        ),
        returned_reason=record.returned_reason if status is Status.RETURNED else None,
        problems=check(store, record, for_submit=True),
        filed=status is Status.APPROVED and was_filed(store, record_id),
    )


def was_filed(store: Store, record_id: str) -> bool:
    """An approved record its author filed, no supervisor reviewing it: the server's facts once it
    has them (`approval.filed_without_review`); before, this laptop's own filing waiting to be sent."""
    from fieldcase.store.sync_apply import SyncStore

    meta = (SyncStore(store).shadow_changes([record_id], body=False).get(record_id) or {}).get(
        "meta"
    ) or {}
    if meta.get("approved_at"):
        return approval.filed_without_review(meta)
    return any(
        e.record_id == record_id
        and e.kind == "command"
        and e.payload.get("name") == Command.FILE.value
        for e in store.outbox_entries(states=("pending", "inflight"))
    )


def save_draft(store: Store, *, record: Any, expected_version: int | None = None) -> DraftSaved:
    """Create or update the record as it stands (the autosave path). Raises only for read-only or stale."""
    record = clean_record(record)
    if isinstance(
        record, Referral
    ):  # a provider chosen from the directory keeps its name in the referral
        from fieldcase.services.resource_directory import with_provider_name

        record = with_provider_name(store, record)
    saved = store.save(record, expected_version=expected_version)
    return DraftSaved(
        record_id=saved.record.id,
        kind=kind_of(record),
        version=saved.record.version,
        status=Status(saved.record.status),
        created=saved.created,
        changed_fields=saved.changed_fields,
        problems=check(store, record, for_submit=True),
    )


def keep_as_proposal(
    store: Store, *, record_id: str, body: dict[str, Any], base: dict[str, Any]
) -> ProposalKept:
    """Queue what was typed into a record a sync made read-only (`body` as the form has it, `base`
    as the store had it when the form last read or saved it) for the supervisor; the approved
    record stays as it is. `WorkflowError` if the record is not read-only (it is saved instead)."""
    stored = store.get(record_id)
    status = Status(stored.status)
    if not is_read_only(status):
        raise WorkflowError(
            "This record can still be edited; it is saved, not proposed.", code="workflow.editable"
        )
    saved = store.keep_typed(record_id, clean_value(typed_fields(body, base)))
    return ProposalKept(record_id, stored.kind, status, saved.changed_fields, saved.mutation_id)


def save_typed(
    store: Store,
    *,
    body: dict[str, Any],
    base: dict[str, Any],
    kind: str,
    expected_version: int | None,
    attempts: int = 3,
) -> DraftSaved | ProposalKept:
    """The form's autosave: `save_draft` of `body`; when a sync changed the stored copy since the
    form read it (stale), what was typed (`body` against `base`) goes on top of what is stored now,
    and when the record became read-only meanwhile, it is kept as a proposal. The form re-reads the
    record on either answer; a form closing or locked away needs no answer: nothing is dropped."""
    record = from_dict(kind, body)
    try:
        return save_draft(store, record=record, expected_version=expected_version)
    except (StaleEdit, WorkflowError):
        pass
    typed = typed_fields(body, base)
    for _attempt in range(attempts):
        stored = store.get(record.id)
        if is_read_only(Status(stored.status)):
            return keep_as_proposal(store, record_id=record.id, body=body, base=base)
        try:
            saved = save_draft(
                store,
                record=from_dict(kind, {**stored.body, **typed}),
                expected_version=stored.version,
            )
        except (StaleEdit, WorkflowError) as refused:
            last = refused  # a sync came between the read and the save: read again
            continue
        return dataclasses.replace(saved, on_newer_copy=True)
    raise last  # the form reads the record again and tries once more


def submit(
    store: Store,
    *,
    record_id: str,
    expected_version: int | None = None,
    rules: RulePack = DEFAULT_RULES,
) -> DraftSaved:
    """Queue the record for the supervisor, or file it (final at once, no review) when the agency's
    rule pack does not send its kind to the supervisor (domain/approval.py); works offline.
    `InvalidRecord` lists what is missing."""
    stored = store.get(record_id)
    record = stored.to_domain()
    found = check(store, record, for_submit=True)
    if found:
        raise InvalidRecord(found)
    version = expected_version
    if Status(stored.status) is Status.RETURNED:
        version = store.command(record_id, Command.REOPEN, expected_version=version).record.version
    if (
        stored.kind == "court_report"
    ):  # its sections are composed once more, and frozen from here on
        from fieldcase.services.court_reports import snapshot_at_submit

        version = snapshot_at_submit(
            store, record_id=record_id, now=datetime.now().astimezone(), expected_version=version
        )
    # the agency's own choice as its server last said it wins over the pack this laptop was built with
    rules = approval.with_agency_choice(rules, store.agency_choice.approval_required())
    saved = store.command(
        record_id, approval.finishing_command(stored.kind, rules), expected_version=version
    )
    return DraftSaved(
        record_id,
        stored.kind,
        saved.record.version,
        Status(saved.record.status),
        False,
        ("status",),
        (),
    )


def add_addendum(store: Store, *, record_id: str, text: str) -> DraftSaved:
    """Correct an approved record: the original stays, the addendum is appended (author and time)."""
    saved = store.command(record_id, Command.ADD_ADDENDUM, reason=clean(text))
    return DraftSaved(
        record_id,
        saved.record.kind,
        saved.record.version,
        Status(saved.record.status),
        False,
        ("addenda",),
        (),
    )


def void(store: Store, *, record_id: str, reason: str) -> DraftSaved:
    saved = store.command(record_id, Command.VOID, reason=clean(reason))
    return DraftSaved(
        record_id,
        saved.record.kind,
        saved.record.version,
        Status(saved.record.status),
        False,
        ("status",),
        (),
    )
