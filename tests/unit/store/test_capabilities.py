import pytest

from fieldcase.store import capabilities


def test_the_loaded_library_is_sqlcipher_4_with_fts5():
    assert capabilities.check_sqlcipher().startswith("4.")


def test_a_library_that_is_not_sqlcipher_4_is_refused(monkeypatch):
    for fake in (None, "3.4.2 community"):
        monkeypatch.setattr(capabilities, "sqlcipher_version", lambda fake=fake: fake)
        with pytest.raises(capabilities.UnsupportedSqlcipher, match="SQLCipher 4"):
            capabilities.check_sqlcipher()
