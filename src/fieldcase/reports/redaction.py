"""Redaction profiles applied while a document is built (never afterwards on the PDF).

| profile  | restricted fields (domain metadata)    | other children                  |
|----------|----------------------------------------|---------------------------------|
| internal | printed                                | full names                      |
| court    | withheld, and scrubbed from narratives | initials, also inside narratives |
| family   | withheld, and scrubbed from narratives | initials, also inside narratives |

Attachments: by file name on internal copies, by a neutral label ("Photo 1") on the others.

Captured signatures: every one on internal copies; on court and family copies only the agency's
(caseworker, supervisor) — see `Redaction.shows_signature` for why.

"Restricted" comes from `fieldcase.domain.metadata.restricted_fields` (resource-parent and placement
addresses, the visit address, trip legs, reporter identity), so a field classified there is withheld
here without a change in this package. Free text is scrubbed too because caseworkers write addresses
and names into narratives ("arrived at 12 Calle Falsa, Mateo was at school").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from fieldcase.domain.attachments import AttachmentRef
from fieldcase.domain.metadata import restricted_fields
from fieldcase.domain.people import Person, PersonRole

from .context import PrintContext, Profile
from .language import _

WITHHELD = "[withheld]"
NOT_ON_FILE = "(not on file)"
_ATTACHMENT_LABELS = {
    "photo": "Photo {number}",
    "document": "Document {number}",
    "signature": "Signature {number}",
}

_CHILD_ROLES = (PersonRole.CHILD, PersonRole.SIBLING)
_AGENCY_SIGNERS = frozenset({"Caseworker", "Supervisor"})


def initials_of(name: str) -> str:
    parts = [p for p in re.split(r"[\s\-]+", name) if p]
    return "".join(f"{p[0].upper()}." for p in parts) or "?"


def initials(person: Person) -> str:
    return initials_of(f"{person.given_name} {person.family_name}")


class Redaction:
    """Names, addresses and free text as one profile may show them, for one document.

    `subject_child_ids` are the children the document is about: their names print in full; every
    other child (or sibling) in `ctx.people` is masked to initials outside the internal profile.
    `restricted_values` adds restricted strings the people mapping does not hold (a placement's or a
    visit's address) so narratives are scrubbed of them too; `other_children_names` are typed names
    of children who are not in the case (another foster child in the home), masked the same way.
    """

    def __init__(
        self,
        ctx: PrintContext,
        *,
        subject_child_ids: Iterable[str] = (),
        restricted_values: Iterable[str | None] = (),
        other_children_names: Iterable[str | None] = (),
    ) -> None:
        self.ctx = ctx
        self.profile = ctx.profile
        self.full = ctx.profile is Profile.INTERNAL
        subjects = set(subject_child_ids)
        self._masked = (
            {
                pid: p
                for pid, p in ctx.people.items()
                if p.role in _CHILD_ROLES and pid not in subjects
            }
            if not self.full
            else {}
        )
        secrets: set[str] = set()
        if not self.full:
            for person in ctx.people.values():
                if "address" in restricted_fields(person) and person.address:
                    secrets.add(person.address.strip())
            secrets.update(v.strip() for v in restricted_values if v and v.strip())
        replacements: list[tuple[re.Pattern[str], str]] = []
        # Longest first, so "Mateo Pérez-Núñez" is replaced before "Mateo" alone.
        for secret in sorted(secrets, key=len, reverse=True):
            replacements.append((re.compile(re.escape(secret), re.IGNORECASE), _(WITHHELD)))
        names: list[tuple[str, str]] = []
        for person in self._masked.values():
            mask = initials(person)
            if person.display_name:
                names.append((person.display_name, mask))
            # Given names go too; a surname alone stays (siblings share it with the subject child).
            if len(person.given_name) > 1:
                names.append((person.given_name, mask))
        if not self.full:
            for typed in other_children_names:
                if typed and typed.strip():
                    names.append((typed.strip(), initials_of(typed)))
        for name, mask in sorted(names, key=lambda n: len(n[0]), reverse=True):
            replacements.append((re.compile(rf"(?<!\w){re.escape(name)}(?!\w)"), mask))
        self._replacements = replacements

    def withholds(self, record: object, field: str) -> bool:
        return not self.full and field in restricted_fields(record)

    def value(self, record: object, field: str) -> str | None:
        """A field's text, or `WITHHELD` when this profile withholds it — only when there is
        something to withhold: an empty field prints as empty ("[withheld]" would claim a value)."""
        found = getattr(record, field)
        if found is None or (isinstance(found, str) and not found.strip()):
            return None
        if self.withholds(record, field):
            return _(WITHHELD)
        return self.text(found)

    def text(self, value: str | None) -> str | None:
        """Free text with restricted addresses and masked children's names taken out."""
        if value is None or self.full:
            return value
        for pattern, replacement in self._replacements:
            value = pattern.sub(replacement, value)
        return value

    def attachment_labels(self, attachments: Iterable[AttachmentRef]) -> list[str]:
        """What each attachment is called on this copy. Internal copies print the file name; court
        and family copies a neutral label ("Photo 1", "Document 2"), numbered by kind: a file name is
        free text a phone or a person made up ("Smith-12-Elm-St.jpg") that no scrubbing catches
        reliably, and the label says all a reader needs to match the page to the file."""
        labels: list[str] = []
        counts: dict[str, int] = {}
        for attachment in attachments:
            if self.full:
                labels.append(attachment.name)
                continue
            noun = _ATTACHMENT_LABELS.get(attachment.kind.value, "Attachment {number}")
            counts[noun] = counts.get(noun, 0) + 1
            labels.append(_(noun).format(number=counts[noun]))
        return labels

    def person(self, person_id: str | None) -> str:
        if person_id is None:
            return "—"
        person = self.ctx.people.get(person_id)
        if person is None:
            return _(NOT_ON_FILE)
        if person_id in self._masked:
            return initials(person)
        return person.display_name or _(NOT_ON_FILE)

    def worker(self, user_id: str | None) -> str:
        if user_id is None:
            return "—"
        return self.ctx.workers.get(user_id) or _(NOT_ON_FILE)

    def who(self, ref: str | None) -> str:
        """A field holding a person id, a user id or a typed name (e.g. who supervised or cancelled)."""
        if ref is None or not ref.strip():
            return "—"
        if ref in self.ctx.people:
            return self.person(ref)
        if ref in self.ctx.workers:
            return self.ctx.workers[ref]
        return self.text(ref) or "—"

    def shows_signature(self, role: str | None) -> bool:
        """Whether a captured signature's image prints on this copy (its role, name and date always do).

        Internal copies show every signature. Court and family copies show only the agency's own
        signers (caseworker, supervisor): they sign in their professional capacity, and their
        signature is what vouches for the copy. A resource parent's, parent's, child's or relative's
        handwritten signature leaves the agency only in the case file: a copy of it is all someone
        needs to forge a consent or a school or medical release, and the family copy goes to the
        birth parents — where a resource parent's signature must not travel. A signature whose role
        was not recorded is treated as someone else's (withheld)."""
        return self.full or role in _AGENCY_SIGNERS

    def role_of(self, person_id: str) -> str:
        person = self.ctx.people.get(person_id)
        return _(person.role.value.replace("_", " ").capitalize()) if person else ""
