"""The wire format between the laptop's sync engine and the central server (docs/design/sync.md).

Versioned pydantic models, strict and closed (`extra="forbid"`): a field the other side does not know
is an error, never silently dropped. Times travel as ISO-8601 UTC strings, ids as UUID strings.
Every integer is bounded (0 ≤ n < 2^63 or tighter) and no text holds a control character other than
tab and line breaks (`fieldcase.protocol.base`, `fieldcase.domain.text`): one rule, both databases.
The models live in small modules; everything is re-exported here:

- `fieldcase.protocol.auth`: `EnrollRequest`, `EnrollResponse`, `RefreshRequest`, `TokenPair`,
  `UserInfo`, `SignedCommand`.
- `fieldcase.protocol.sync`: `HelloRequest`, `HelloResponse`, `AuditChainHead`, `Mutation`,
  `PushRequest`, `PushResponse`, `MutationResult`, `ChangesPage`, `Change`, `ScopeEvent`,
  `ConflictInfo`, `AddendumInfo`.
- `fieldcase.protocol.blobs`: `BlobStatusRequest`, `BlobStatus`, `BlobCommitResponse`.
- `fieldcase.protocol.approvals`: `ApproveRequest`, `ReturnRequest`, `AddendumRequest`,
  `CommentRequest`, `AcknowledgeRequest`, `QueueItem`, `AddendumQueueItem`, `ApprovalQueue`, `RecordView`.
- `fieldcase.protocol.errors`: `ErrorBody`, `ErrorDetail`.
"""

from fieldcase.protocol.approvals import (
    AcknowledgeRequest,
    AddendumQueueItem,
    AddendumRequest,
    ApprovalQueue,
    ApproveRequest,
    CommentRequest,
    QueueItem,
    RecordView,
    ReturnRequest,
)
from fieldcase.protocol.auth import (
    EnrollRequest,
    EnrollResponse,
    RefreshRequest,
    SignedCommand,
    TokenPair,
    UserInfo,
)
from fieldcase.protocol.blobs import BlobCommitResponse, BlobStatus, BlobStatusRequest
from fieldcase.protocol.errors import ErrorBody, ErrorDetail
from fieldcase.protocol.sync import (
    AddendumInfo,
    AuditChainHead,
    Change,
    ChangesPage,
    ConflictInfo,
    HelloRequest,
    HelloResponse,
    Mutation,
    MutationResult,
    PushRequest,
    PushResponse,
    ScopeEvent,
)
from fieldcase.protocol.version import (
    HEADER_DEVICE,
    HEADER_PROTOCOL,
    HEADER_SCHEMA,
    MAX_MUTATIONS_PER_PUSH,
    PROTOCOL_VERSION,
    SUPPORTED_PROTOCOL_VERSIONS,
)

__all__ = [
    "HEADER_DEVICE",
    "HEADER_PROTOCOL",
    "HEADER_SCHEMA",
    "MAX_MUTATIONS_PER_PUSH",
    "PROTOCOL_VERSION",
    "SUPPORTED_PROTOCOL_VERSIONS",
    "AcknowledgeRequest",
    "AddendumInfo",
    "AddendumQueueItem",
    "AddendumRequest",
    "ApprovalQueue",
    "ApproveRequest",
    "AuditChainHead",
    "BlobCommitResponse",
    "BlobStatus",
    "BlobStatusRequest",
    "Change",
    "ChangesPage",
    "CommentRequest",
    "ConflictInfo",
    "EnrollRequest",
    "EnrollResponse",
    "ErrorBody",
    "ErrorDetail",
    "HelloRequest",
    "HelloResponse",
    "Mutation",
    "MutationResult",
    "PushRequest",
    "PushResponse",
    "QueueItem",
    "RecordView",
    "RefreshRequest",
    "ReturnRequest",
    "ScopeEvent",
    "SignedCommand",
    "TokenPair",
    "UserInfo",
]
