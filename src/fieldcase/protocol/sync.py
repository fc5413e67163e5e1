"""Hello, push and pull (docs/design/sync.md, "Wire protocol").

Session order: `POST /sync/hello` → `POST /sync/push` until the outbox is empty (or only deferred)
→ `GET /sync/changes?cursor=&limit=` until `has_more` is false.

Push: mutations are applied in `device_seq` order, each in its own savepoint; every one gets exactly
one `MutationResult`. Replaying a mutation (same `mutation_id`) returns the stored result with
`result="duplicate"` and has no further effect.

Pull: `next_cursor` is opaque; start with no cursor. A `ScopeEvent` "grant" is followed (in the same
or later pages) by every record of that case; "revoke" means: push pending work of that case, then
delete it locally. A 410 with code `resync_required` means: drop the cursor and local server data,
keep the outbox, pull from the beginning, push again (the ledger removes duplicates).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, WrapValidator, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from fieldcase.protocol.auth import SignedCommand
from fieldcase.protocol.base import (
    MAX_WIRE_INT,
    PositiveWireInt,
    Sha256,
    Uuid,
    WireInt,
    WireModel,
    WireRequest,
    check_field_name,
    check_uuid,
    check_value,
)
from fieldcase.protocol.version import MAX_MUTATIONS_PER_PUSH

MutationKind = Literal["create", "patch", "add", "remove", "command", "attach"]
ResultKind = Literal[
    "applied",  # done; `rev` and `seq` are the new revision and change number
    "duplicate",  # this mutation_id was seen before; the stored outcome is repeated
    "conflict",  # some fields kept the server value; both values are in `conflicts`
    "locked",  # the record is approved: the change was stored as an addendum proposal (`addendum_id`)
    "applied_to_voided",  # applied, but the record is voided: show it to the user
    "deferred",  # held on the server for a supervisor (e.g. late work on a case no longer yours)
    "rejected",  # not applied; `reason` says why in plain words, `code` is stable
]
ScopeEventKind = Literal["grant", "revoke"]
HelloAction = Literal["upgrade", "resync", "wipe", "reenroll"]


class FieldChange(WireRequest):
    """One changed field in a patch: the value the edit started from, and the new value."""

    base: Any = None
    new: Any = None
    _checked_values = frozenset({"base", "new"})

    @field_validator("base", "new")
    @classmethod
    def _bounded(cls, value: Any) -> Any:
        return check_value(value)


class AttachmentRef(WireRequest):
    """What an `attach` mutation adds to a record's attachment list (the bytes go to /blobs)."""

    sha256: Sha256
    size: WireInt
    mime: str = Field(min_length=1, max_length=100)
    #: file name shown to the user (no path); photo | document | signature
    name: str = Field(default="", max_length=255)
    attachment_kind: str | None = Field(default=None, max_length=20)


class Mutation(WireRequest):
    """One intent-level change from a laptop's outbox.

    By `kind`:
    - `create`: `fields` = all initial fields (must include `case_id` unless `record_kind` is "case").
    - `patch`: `base_rev` + `patch` = `{field: {"base": old, "new": new}}`.
    - `add` / `remove`: `field` (a collection, e.g. "participants") + `element` (set semantics).
    - `command`: `command` (submit / file / approve / return / void / add_addendum / comment /
      acknowledge_addendum) + `args` (submit: {"rev"}, file: {"rev"}, approve: {"rev"}, return: {"reason"},
      void: {"reason"}, add_addendum: {"text"}, comment: {"comment_id", "text"},
      acknowledge_addendum: {"addendum_id"}).
    - `attach`: `field` + `attachment` (sha256, size, mime) — accepted before the blob arrives.
    Server-owned fields (status, approval, authorship, rev, ids, case) are refused in `fields`/`patch`.
    """

    _checked_values = frozenset(
        {"fields", "args", "element", "patch"}
    )  # patch: names checked, values are FieldChanges

    mutation_id: Uuid
    device_seq: PositiveWireInt
    record_kind: str = Field(min_length=1, max_length=40)
    record_id: Uuid
    kind: MutationKind
    base_rev: WireInt | None = None
    fields: dict[str, Any] | None = None
    patch: dict[str, FieldChange] | None = None
    field: str | None = None
    element: Any = None
    command: str | None = Field(default=None, max_length=40)
    args: dict[str, Any] | None = None
    attachment: AttachmentRef | None = None
    #: hybrid logical clock stamp of the edit ("<ISO-8601 UTC>/<counter>/<device>" or similar)
    hlc: str = Field(min_length=1, max_length=100)
    schema_version: PositiveWireInt
    #: ids of conflicts on this record that this mutation settles (the user chose a value); the
    #: server marks them resolved once the mutation is applied. Sent only when set.
    resolves: list[Uuid] | None = Field(default=None, max_length=50)

    @field_validator("mutation_id")
    @classmethod
    def _mutation_id(cls, value: str) -> str:
        return check_uuid(value, version=7)

    @field_validator("fields", "args")
    @classmethod
    def _fields(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is not None:
            for name, item in value.items():
                check_field_name(name)
                check_value(item)
        return value

    @field_validator("patch")
    @classmethod
    def _patch(cls, value: dict[str, FieldChange] | None) -> dict[str, FieldChange] | None:
        if value is not None:
            for name in value:
                check_field_name(name)
        return value

    @field_validator("field")
    @classmethod
    def _field(cls, value: str | None) -> str | None:
        return None if value is None else check_field_name(value)

    @field_validator("element")
    @classmethod
    def _element(cls, value: Any) -> Any:
        return check_value(value)

    @model_validator(mode="after")
    def _payload_matches_kind(self) -> Mutation:
        need = {
            "create": ("fields",),
            "patch": ("patch", "base_rev"),
            "add": ("field", "element"),
            "remove": ("field", "element"),
            "command": ("command",),
            "attach": ("field", "attachment"),
        }[self.kind]
        for name in need:
            if getattr(self, name) is None:
                raise ValueError(f"a {self.kind} mutation needs {name}")
        if self.kind == "patch" and not self.patch:
            raise ValueError("a patch mutation needs at least one field")
        return self


class UnreadableMutation(WireModel):
    """A mutation of a push that breaks the rules above (an integer out of range, a control
    character in its text...). The push is not refused for it: the server answers it alone,
    `rejected` with code `invalid_value` and the paths of the problems, and applies the others — one bad
    change never holds back the good ones, and a refused change is never retried forever.
    Only a mutation without a readable `mutation_id` refuses the whole push (nothing to answer it by)."""

    mutation_id: str
    device_seq: int
    record_id: str
    #: where the problems are (paths only, values are never echoed)
    problems: tuple[str, ...]
    resolves: None = None  # never settles anything

    @classmethod
    def of(cls, raw: Any, error: ValidationError) -> UnreadableMutation | None:
        if not isinstance(raw, dict) or not isinstance(raw.get("mutation_id"), str):
            return None
        try:
            mutation_id = check_uuid(raw["mutation_id"])
        except ValueError:
            return None
        seq, record_id = raw.get("device_seq"), raw.get("record_id")
        problems = tuple(
            dict.fromkeys(
                ".".join(str(p) for p in e.get("loc", ())) or "mutation" for e in error.errors()
            )
        )[:20]
        return cls(
            mutation_id=mutation_id,
            device_seq=seq if type(seq) is int and 0 <= seq <= MAX_WIRE_INT else 0,
            record_id=record_id if isinstance(record_id, str) and _is_uuid(record_id) else "",
            problems=problems,
        )

    def result(self) -> MutationResult:
        where = ", ".join(self.problems)
        return MutationResult(
            mutation_id=self.mutation_id,
            device_seq=self.device_seq,
            result="rejected",
            record_id=self.record_id,
            code="invalid_value",
            reason=f"This change holds a value the server does not accept ({where}); it was not applied.",
        )


def _is_uuid(value: str) -> bool:
    try:
        check_uuid(value)
    except ValueError:
        return False
    return True


def _one_mutation(value: Any, _handler: Any) -> Mutation | UnreadableMutation:
    if isinstance(value, (Mutation, UnreadableMutation)):
        return value
    try:
        return Mutation.model_validate(
            value
        )  # not `handler`: the union's hidden member is never wanted
    except ValidationError as error:
        unreadable = UnreadableMutation.of(value, error)
        if unreadable is None:
            raise
        return unreadable


class PushRequest(WireRequest):
    batch_id: Uuid
    #: each is a `Mutation`; one that breaks its rules is answered alone (`UnreadableMutation`)
    mutations: list[
        Annotated[Mutation | SkipJsonSchema[UnreadableMutation], WrapValidator(_one_mutation)]
    ] = Field(min_length=1, max_length=MAX_MUTATIONS_PER_PUSH)

    def readable(self) -> list[Mutation]:
        return [m for m in self.mutations if isinstance(m, Mutation)]

    def unreadable(self) -> list[UnreadableMutation]:
        return [m for m in self.mutations if isinstance(m, UnreadableMutation)]


class ConflictInfo(WireModel):
    """Two different values for one field: the server kept `server_value`, `client_value` is kept here."""

    conflict_id: str
    field: str
    server_value: Any = None
    client_value: Any = None
    server_author: str | None = None
    client_author: str | None = None
    server_at: str | None = None
    client_at: str | None = None
    mutation_id: str | None = None
    #: a narrative field: never text-merged, both versions shown side by side
    narrative: bool = False


class AddendumInfo(WireModel):
    """A note kept beside a record's content: an addendum (text correcting an approved record), a
    proposal (a patch that hit the lock) or a comment (a question or an answer about the entry; it
    changes neither content nor `rev`, see domain/comments.py). Acknowledgements of addenda are in the
    body's `addenda` (`acknowledged_by`, `acknowledged_at`), those of proposals in the change's
    `meta.acknowledged_proposals` (a proposal is not part of the entry)."""

    addendum_id: str
    kind: Literal["addendum", "proposal", "comment"]
    author: str | None = None
    created_at: str
    text: str | None = None
    proposed_patch: dict[str, Any] | None = None
    mutation_id: str | None = None


class MutationResult(WireModel):
    mutation_id: str
    device_seq: WireInt
    result: ResultKind
    record_id: str
    rev: WireInt | None = None
    seq: WireInt | None = None
    #: stable code for `rejected`/`deferred`/`conflict` (e.g. not_found, server_owned_field, invalid)
    code: str | None = None
    #: plain words, no personal data
    reason: str | None = None
    conflicts: list[ConflictInfo] = Field(default_factory=list)
    addendum_id: str | None = None


class PushResponse(WireModel):
    batch_id: str
    results: list[MutationResult]
    server_time: str


class AuditChainHead(WireModel):
    """The head of the device's HMAC audit chain, and the head the server last acknowledged.

    The server marks the device suspect when `acknowledged_*` is not what it acknowledged last time
    (a fork or a restored copy), or when `count` goes backwards (regression).
    """

    count: WireInt
    head: str = Field(pattern=r"^[0-9a-f]{16,128}$")
    acknowledged_count: WireInt = 0
    acknowledged_head: str | None = Field(default=None, pattern=r"^[0-9a-f]{16,128}$")


class HelloRequest(WireRequest):
    protocol_version: WireInt
    schema_version: PositiveWireInt
    app_version: str = Field(default="", max_length=50)
    client_time: str = Field(max_length=40)
    #: highest device_seq this device has ever assigned (lets the server spot a rolled-back store)
    last_device_seq: WireInt = 0
    audit_chain: AuditChainHead | None = None


class HelloResponse(WireModel):
    server_time: str
    epoch: str
    protocol_versions: list[WireInt]
    schema_versions: list[WireInt]
    device_state: str
    actions: list[HelloAction] = Field(default_factory=list)
    #: set with action "wipe"
    wipe_command: SignedCommand | None = None
    #: highest device_seq the server has applied from this device
    last_device_seq: WireInt = 0
    #: server time minus client time, seconds (flagged when large)
    clock_skew_seconds: float = 0.0
    #: what the server now holds as this device's audit chain head
    audit_ack: AuditChainHead | None = None
    #: the kinds of record the agency's supervisor approves (the server's rule pack and settings;
    #: domain/approval.py); the others the caseworker files. None from a server that does not say.
    approval_required: list[Annotated[str, Field(min_length=1, max_length=40)]] | None = Field(
        None, max_length=100
    )
    #: the first page of changes after the cursor the hello named (`POST /sync/hello?pull_limit=N
    #: [&pull_cursor=C]`): what `GET /sync/changes` would answer, so that a sync with nothing new is
    #: one request. Only in the answer to a hello that asked (a laptop from before it never sees the
    #: field), and absent when the server leaves that page to `GET /sync/changes`: the caseload
    #: changed and must be reconciled first, or the cursor is refused (410, 422 there).
    first_page: ChangesPage | None = None


class Change(WireModel):
    """The current state of one record (not a diff). Apply as an upsert; `deleted` means purge it."""

    seq: WireInt
    record_kind: str
    record_id: str
    case_id: str
    rev: WireInt
    status: str
    deleted: bool = False
    #: the record's own fields (None when deleted)
    body: dict[str, Any] | None = None
    #: server-owned facts: created_by, created_at, updated_by, updated_at, submitted_by, submitted_at,
    #: approved_by, approved_at, approved_rev, content_hash, return_reason, void_reason; and, once the
    #: supervisor has read a proposal, acknowledged_proposals: [{id, acknowledged_by, acknowledged_at}]
    meta: dict[str, Any] = Field(default_factory=dict)
    conflicts: list[ConflictInfo] = Field(default_factory=list)
    addenda: list[AddendumInfo] = Field(default_factory=list)
    #: the device and mutation that made this revision (your own echo when they are yours)
    origin_device_id: str | None = None
    origin_mutation_id: str | None = None


#: what `GET /records/{record_id}` answers
RecordView = Change


class ScopeEvent(WireModel):
    seq: WireInt
    event: ScopeEventKind
    case_id: str


class ChangesPage(WireModel):
    epoch: str
    changes: list[Change]
    scope_events: list[ScopeEvent]
    next_cursor: str
    has_more: bool
    server_time: str


class DirectoryEntry(WireModel):
    """Someone this laptop's user works with, by name: their team, its supervisor, and for a
    supervisor the teams they supervise (nobody else: the directory is not a list of all staff)."""

    user_id: str
    display_name: str = Field(max_length=200)
    role: Literal["caseworker", "supervisor", "admin"]


class Directory(WireModel):
    """`GET /directory`: the people the laptop may show by name (replaces what it held)."""

    entries: list[DirectoryEntry] = Field(max_length=5000)
