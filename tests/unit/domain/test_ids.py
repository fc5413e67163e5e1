import uuid

from fieldcase.domain.ids import id_timestamp_ms, new_id


def test_new_id_is_a_canonical_version_7_uuid():
    value = new_id()
    parsed = uuid.UUID(value)
    assert str(parsed) == value
    assert parsed.version == 7
    assert parsed.variant == uuid.RFC_4122


def test_ids_made_one_after_another_sort_in_creation_order_and_are_unique():
    ids = [new_id() for _ in range(5000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_the_timestamp_is_the_creation_time(monkeypatch):
    from fieldcase.domain import ids

    monkeypatch.setattr(ids.time, "time_ns", lambda: 1_700_000_000_123_456_789)
    monkeypatch.setattr(ids, "_last_ms", 0)
    assert id_timestamp_ms(new_id()) == 1_700_000_000_123


def test_a_clock_that_steps_back_never_makes_an_earlier_id(monkeypatch):
    from fieldcase.domain import ids

    monkeypatch.setattr(ids, "_last_ms", 0)
    monkeypatch.setattr(ids.time, "time_ns", lambda: 2_000_000_000_000_000_000)
    later = new_id()
    monkeypatch.setattr(ids.time, "time_ns", lambda: 1_000_000_000_000_000_000)
    assert new_id() > later
