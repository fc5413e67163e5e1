"""A mutation the server does not apply, with a stable code and plain words (no personal data).
Its own module so that the rule modules records.py calls (case_edits, attachment links) can raise
it without importing records back."""

from __future__ import annotations


class Refused(Exception):
    """A mutation that is not applied; `code` is stable, `reason` is plain words without personal data."""

    def __init__(self, code: str, reason: str, result: str = "rejected") -> None:
        super().__init__(code)
        self.code, self.reason, self.result = code, reason, result
