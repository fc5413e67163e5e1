"""Assessment instruments as data (domain.md "Assessments and transition plans").

An instrument — the independent-living skills checklist shipped with fieldcase, or a licensed pack
an agency holds (the CANS: docs/assessments.md) — is a JSON document: its id, name and version,
domains of items, a rating scale with an anchor per rating, the rating from which an item is
actionable (a need for the next case plan), the roles who may rate, how often it is due, and the
youngest age it applies to. Texts are given per language ({"en": "...", "es": "..."}); English is
required, another language falls back to it.

Parsing never crashes on a bad file: every problem becomes an `InstrumentError` naming the file
and the place in it ("domains[2].items[0].id"), and a laptop goes on with the instruments that did
load. This module reads text handed to it; finding the files is services/instruments.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal, overload

from .text import has_control

#: the roles a rater may have (the app's user roles)
ROLES = frozenset({"caseworker", "supervisor"})
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
#: a version names a file on the server and on every laptop: "1.0", "2024-03", "3.1-mo"
_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.-]{0,31}$")
#: a pack is a few hundred items; anything much larger is not an instrument (the laptop's files
#: and the server's `instruments add` both refuse it before reading)
MAX_BYTES = 2 * 1024 * 1024


class InstrumentError(ValueError):
    """A file that is not a usable instrument: `source` (the file), `where` (the place in it) and
    what is wrong, in words an agency's IT can act on. It never quotes the file's contents beyond
    ids, which name questions, not people."""

    def __init__(self, source: str, where: str, problem: str) -> None:
        self.source, self.where, self.problem = source, where, problem
        place = f" at {where}" if where else ""
        super().__init__(f"{source}{place}: {problem}")


@dataclass(frozen=True, slots=True)
class Text:
    """A text in several languages: English always, others optional (falling back to English)."""

    en: str
    others: tuple[tuple[str, str], ...] = ()

    def in_language(self, language: str) -> str:
        return dict(self.others).get(language) or self.en

    def __str__(self) -> str:
        return self.en


@dataclass(frozen=True, slots=True)
class Anchor:
    rating: int
    label: Text
    description: Text | None = None


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    text: Text
    help: Text | None = None


@dataclass(frozen=True, slots=True)
class Domain:
    id: str
    name: Text
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Instrument:
    id: str
    name: Text
    version: str
    domains: tuple[Domain, ...]
    scale: tuple[Anchor, ...]  # lowest rating first
    #: an item rated at or above this is actionable: a need to address in the case plan
    actionable_from: int
    #: the roles who may rate it
    raters: frozenset[str]
    #: days between one assessment and the next
    interval_days: int
    #: days after entering care within which the first one is due; None: the rule pack's number
    first_due_days: int | None = None
    #: the youngest age (in years) the instrument applies to; None: every child in care
    minimum_age: int | None = None
    source: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.id, self.version)

    def items(self) -> Iterator[tuple[Domain, Item]]:
        for domain in self.domains:
            for item in domain.items:
                yield domain, item

    def item(self, item_id: str) -> tuple[Domain, Item] | None:
        return next(((d, i) for d, i in self.items() if i.id == item_id), None)

    def anchor(self, rating: int | None) -> Anchor | None:
        return next((a for a in self.scale if a.rating == rating), None)

    @property
    def ratings(self) -> tuple[int, ...]:
        return tuple(a.rating for a in self.scale)

    def is_actionable(self, rating: int | None) -> bool:
        return rating is not None and rating >= self.actionable_from

    def may_rate(self, role: str) -> bool:
        return role in self.raters


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> InstrumentError:
        return InstrumentError(self.source, where, problem)

    def mapping(self, value: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(where, "expected an object ({...})")
        return value

    def field(
        self, data: Mapping[str, Any], name: str, where: str, *, required: bool = True
    ) -> Any:
        if name not in data or data[name] is None:
            if required:
                raise self.fail(_join(where, name), "is missing")
            return None
        return data[name]

    def ident(self, data: Mapping[str, Any], where: str) -> str:
        value = self.field(data, "id", where)
        if not isinstance(value, str) or not _ID.match(value):
            raise self.fail(
                _join(where, "id"),
                "must be lower-case letters, digits, '_', '-' or '.' (at most 64)",
            )
        return value

    # the overloads say what `required` guarantees: a required value is never None (it raises instead)
    @overload
    def integer(
        self,
        data: Mapping[str, Any],
        name: str,
        where: str,
        *,
        required: Literal[True] = True,
        least: int = 0,
    ) -> int: ...
    @overload
    def integer(
        self, data: Mapping[str, Any], name: str, where: str, *, required: bool, least: int = 0
    ) -> int | None: ...
    def integer(
        self,
        data: Mapping[str, Any],
        name: str,
        where: str,
        *,
        required: bool = True,
        least: int = 0,
    ) -> int | None:
        value = self.field(data, name, where, required=required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise self.fail(_join(where, name), f"must be a whole number of at least {least}")
        return value

    @overload
    def text(
        self, data: Mapping[str, Any], name: str, where: str, *, required: Literal[True] = True
    ) -> Text: ...
    @overload
    def text(
        self, data: Mapping[str, Any], name: str, where: str, *, required: bool
    ) -> Text | None: ...
    def text(
        self, data: Mapping[str, Any], name: str, where: str, *, required: bool = True
    ) -> Text | None:
        value = self.field(data, name, where, required=required)
        if value is None:
            return None
        place = _join(where, name)
        if isinstance(value, str):
            value = {"en": value}
        value = self.mapping(value, place)
        english = value.get("en")
        if not isinstance(english, str) or not english.strip():
            raise self.fail(place, 'needs an English text ("en")')
        others = []
        for language, words in value.items():
            if language == "en":
                continue
            if (
                not isinstance(language, str)
                or not re.match(r"^[a-z]{2}$", language)
                or not isinstance(words, str)
            ):
                raise self.fail(place, "each language is a two-letter code with a text")
            others.append((language, words))
        if any(has_control(words) for words in (english, *(w for _l, w in others))):
            # a terminal escape or a NUL in a question would reach every laptop's screen and print-out
            raise self.fail(
                place, "holds a control character (only tabs and line breaks may be in a text)"
            )
        return Text(english, tuple(sorted(others)))

    def listing(self, data: Mapping[str, Any], name: str, where: str) -> list[Any]:
        value = self.field(data, name, where)
        if not isinstance(value, list) or not value:
            raise self.fail(_join(where, name), "must be a non-empty list")
        return value


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def parse_instrument(text: str | bytes, *, source: str) -> Instrument:
    """The instrument described by a JSON document; `InstrumentError` naming `source` otherwise."""
    read = _Reader(source)
    if len(text) > MAX_BYTES:
        raise read.fail(
            "", f"is larger than an instrument can be ({MAX_BYTES // (1024 * 1024)} MB)"
        )
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as err:
        line = getattr(err, "lineno", None)
        raise read.fail(f"line {line}" if line else "", "is not valid JSON") from None
    except RecursionError:  # "[[[[…" thousands deep: a hostile file, not an instrument
        raise read.fail("", "is nested too deeply to be an instrument") from None
    return instrument_from(data, source=source)


def instrument_from(data: Any, *, source: str) -> Instrument:
    read = _Reader(source)
    top = read.mapping(data, "")
    scale: list[Anchor] = []
    for i, raw in enumerate(read.listing(top, "scale", "")):
        where = f"scale[{i}]"
        anchor = read.mapping(raw, where)
        rating = read.integer(anchor, "rating", where)
        assert rating is not None
        if scale and rating <= scale[-1].rating:
            raise read.fail(
                _join(where, "rating"), "ratings must go up, lowest first, without repeats"
            )
        scale.append(
            Anchor(
                rating,
                read.text(anchor, "label", where),
                read.text(anchor, "description", where, required=False),
            )
        )
    actionable = read.integer(top, "actionable_from", "")
    if actionable not in {a.rating for a in scale}:
        raise read.fail("actionable_from", "must be one of the scale's ratings")
    raters = read.field(top, "raters", "")
    if not isinstance(raters, list) or not raters or any(r not in ROLES for r in raters):
        raise read.fail("raters", f"must list who may rate, of {sorted(ROLES)}")
    domains: list[Domain] = []
    seen: set[str] = set()
    for d, raw in enumerate(read.listing(top, "domains", "")):
        where = f"domains[{d}]"
        domain = read.mapping(raw, where)
        items: list[Item] = []
        for i, raw_item in enumerate(read.listing(domain, "items", where)):
            place = f"{where}.items[{i}]"
            item = read.mapping(raw_item, place)
            item_id = read.ident(item, place)
            if item_id in seen:
                raise read.fail(_join(place, "id"), f"item id {item_id!r} is used twice")
            seen.add(item_id)
            items.append(
                Item(
                    item_id,
                    read.text(item, "text", place),
                    read.text(item, "help", place, required=False),
                )
            )
        domains.append(
            Domain(read.ident(domain, where), read.text(domain, "name", where), tuple(items))
        )
    version = read.field(top, "version", "")
    if not isinstance(version, str) or not _VERSION.match(version.strip()):
        raise read.fail(
            "version",
            "must be a text of letters, digits, '.', '-' or '_' (at most 32), like \"1.0\"",
        )
    return Instrument(
        id=read.ident(top, ""),
        name=read.text(top, "name", ""),
        version=version.strip(),
        domains=tuple(domains),
        scale=tuple(scale),
        actionable_from=actionable,
        raters=frozenset(raters),
        interval_days=read.integer(top, "interval_days", "", least=1),
        first_due_days=read.integer(top, "first_due_days", "", required=False),
        minimum_age=read.integer(top, "minimum_age", "", required=False),
        source=source,
    )


def find(
    instruments: Mapping[tuple[str, str], Instrument] | Any,
    instrument_id: str,
    version: str | None = None,
) -> Instrument | None:
    """The instrument of that id (and version; the latest version loaded when None)."""
    pool = list(instruments.values()) if isinstance(instruments, Mapping) else list(instruments)
    matching = [
        i for i in pool if i.id == instrument_id and (version is None or i.version == version)
    ]
    return max(matching, key=lambda i: version_key(i.version)) if matching else None


def version_key(version: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.-]", version))
