"""How a proposed change reads on the supervisor's screen: a caseworker's edit that reached the server
after the entry was approved. It is never applied; the supervisor reads it (and acknowledges it like
an addendum), so it is always named for what it is and its fields are listed in the reader's labels."""

from __future__ import annotations

from fieldcase.services.approvals import AddendumLine, ProposedField
from fieldcase.ui.i18n import _

#: how long a row of the list of addenda to acknowledge may be (the reader shows all of it)
SUMMARY_MAX = 80


def kind_words(line: AddendumLine) -> str:
    return (
        _("Proposed change (arrived after approval)") if line.kind == "proposal" else _("Addendum")
    )


def field_words(field: ProposedField) -> str:
    """One proposed field in the user's language: the label translated, the value as written."""
    label = _(field.label)
    if field.action == "clear":
        return _("{field}: left empty").format(field=label)
    if field.action == "add":
        return _("{field}: add {value}").format(field=label, value=field.value)
    if field.action == "remove":
        return _("{field}: remove {value}").format(field=label, value=field.value)
    if field.action == "attach":
        return _("{field}: attach {value}").format(field=label, value=field.value)
    return f"{label}: {field.value}"


def line_text(line: AddendumLine) -> str:
    """What the addendum says, or what the proposal asks for, one field a line."""
    if line.kind == "proposal" and line.proposed:
        return "\n".join(field_words(f) for f in line.proposed)
    return line.text


def summary(line: AddendumLine) -> str:
    """One row of the list: an addendum's words; a proposal named as such before its fields."""
    text = " ".join(line_text(line).split())[:SUMMARY_MAX]
    return f"{kind_words(line)}: {text}" if line.kind == "proposal" else text


def acknowledge_words(unread: tuple[AddendumLine, ...]) -> str:
    """The reader's acknowledge button, with the same access key whatever it names."""
    proposals = sum(a.kind == "proposal" for a in unread)
    if len(unread) <= 1:
        return _("Ac&knowledge proposed change") if proposals else _("Ac&knowledge addendum")
    if proposals == len(unread):
        return _("Ac&knowledge {count} proposed changes").format(count=len(unread))
    if proposals:
        return _("Ac&knowledge {count} addenda and proposed changes").format(count=len(unread))
    return _("Ac&knowledge {count} addenda").format(count=len(unread))
