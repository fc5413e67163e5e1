"""The two kinds of error (after qutebrowser's misc/sql.py).

A `UserError` carries a message a caseworker can act on ("wrong passphrase", "this visit was
approved and is read-only"). Anything else is a bug. Messages never contain personal data:
no names, addresses, narratives, passphrases or tokens — only what the user did and what to do next.
"""

from __future__ import annotations


class UserError(Exception):
    """An error the user can understand and act on; `str(err)` is the message to show."""

    #: a short, stable, PII-free code for logs and tests
    code: str = "user_error"
    #: the message as sentences, each a template and its values, when it has values in it: the
    #: window words each sentence in the reader's language (ui.i18n.error_words); a message without
    #: values is looked up whole
    sentences: tuple[tuple[str, dict], ...] = ()

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""
