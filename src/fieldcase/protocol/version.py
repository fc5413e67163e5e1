"""Protocol version, header names and the hard limits both sides agree on."""

from __future__ import annotations

PROTOCOL_VERSION = 1
SUPPORTED_PROTOCOL_VERSIONS = (1,)

#: request headers sent with every authenticated call (besides `Authorization: Bearer <access token>`)
HEADER_DEVICE = "X-FC-Device"
HEADER_PROTOCOL = "X-FC-Protocol"
HEADER_SCHEMA = "X-FC-Schema"
HEADER_CLIENT_TIME = "X-FC-Client-Time"
#: answer header of POST /sync/hello: each reference list's version (server/list_versions.py), so a
#: laptop asks only for the lists that moved
HEADER_LISTS = "X-FC-Lists"
#: the reference lists a laptop holds whole, named in that header
REFERENCE_LISTS = ("directory", "providers", "instruments")

MAX_MUTATIONS_PER_PUSH = 500
#: longest string anywhere inside a record body (a long narrative fits comfortably)
MAX_STRING_LENGTH = 100_000
#: deepest nesting of lists/objects inside a record body
MAX_VALUE_DEPTH = 8
#: longest field name
MAX_FIELD_NAME = 64
#: attachment chunks travel in pieces of at most this size
MAX_CHUNK_BYTES = 4 * 1024 * 1024
