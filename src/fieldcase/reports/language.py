"""The language a document is printed in: the family copy in the family's language, the others in
the caseworker's (chosen in the print dialog, carried by `PrintContext.language`).

Every render_* function runs inside `speaking(ctx.language)`; the building blocks word their text
with `_`, which reads the language of the document being built (a context variable: renders on
different worker threads never mix languages). The words come from the app's catalogues through the
Qt-free `fieldcase.words`.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator
from typing import TypeVar, cast

from fieldcase.words import translator

_current: contextvars.ContextVar[str] = contextvars.ContextVar("document_language", default="en")

F = TypeVar("F", bound=Callable)


def _(text: str) -> str:
    """`text` (an English msgid) in the language of the document being built."""
    return translator(_current.get())(text)


def language() -> str:
    return _current.get()


@contextlib.contextmanager
def speaking(language: str) -> Iterator[None]:
    token = _current.set(language)
    try:
        yield
    finally:
        _current.reset(token)


def in_document_language(render: F) -> F:
    """A render_*(doc, ctx) function built in `ctx.language`."""

    @functools.wraps(render)
    def wrapper(doc, ctx, *args, **kwargs):
        with speaking(ctx.language):
            return render(doc, ctx, *args, **kwargs)

    return cast(F, wrapper)  # functools.wraps keeps the signature
