"""The approval queue reads an entry's children and day from its stored body instead of building the
record; these must say exactly what `children_of` / `occurred_on` say of the record itself."""

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldcase.domain import metadata
from fieldcase.domain.serialization import KINDS, to_dict

from .strategies import every_field

FIELD_KINDS = ("home_visit", "visitation_entry", "transport_trip")
field_records = st.sampled_from(FIELD_KINDS).flatmap(
    lambda kind: st.tuples(st.just(kind), every_field(KINDS[kind]))
)


@settings(max_examples=100, deadline=None)
@given(field_records)
def test_facts_from_the_body_are_the_records_own(kind_and_record):
    kind, record = kind_and_record
    body = to_dict(record)
    assert metadata.children_in_body(kind, body) == metadata.children_of(record)
    assert metadata.occurred_on_in_body(kind, body) == metadata.occurred_on(record)


def test_other_kinds_are_refused():
    for reader in (metadata.children_in_body, metadata.occurred_on_in_body):
        try:
            reader("case", {})
        except TypeError:
            continue
        raise AssertionError(f"{reader.__name__} accepted a case")
