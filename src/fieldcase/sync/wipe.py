"""The signed wipe command: verified with the server key received at enrollment before anything is
erased; a forged or misaddressed command is ignored (security.md "forged wipe ignored")."""

from __future__ import annotations

import base64
import binascii
import json
import logging

from fieldcase.protocol import SignedCommand
from fieldcase.security import tokens

log = logging.getLogger("fieldcase.sync.wipe")


def verify_wipe(
    command: SignedCommand | None, *, server_public_key_b64: str, device_id: str
) -> bool:
    if command is None or command.command != "wipe":
        return False
    try:
        public = base64.b64decode(server_public_key_b64, validate=True)
        payload = base64.b64decode(command.payload, validate=True)
        signature = base64.b64decode(command.signature, validate=True)
    except (binascii.Error, ValueError):
        log.warning("wipe command ignored: not base64")
        return False
    if not tokens.verify_command(public, payload, signature):
        log.warning("wipe command ignored: bad signature")
        return False
    try:
        body = json.loads(payload)
    except ValueError:
        return False
    if (
        not isinstance(body, dict)
        or body.get("command") != "wipe"
        or body.get("device_id") != device_id
    ):
        log.warning("wipe command ignored: not for this device")
        return False
    return True
