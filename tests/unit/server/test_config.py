"""Server settings from the environment and a settings file (server/config.py, docs/server.md "Settings")."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from fieldcase.server import cli
from fieldcase.server.config import (
    ENV_SETTINGS_FILE,
    Limits,
    Settings,
    SettingsFileMissing,
    env_names,
)

DOCS = Path(__file__).resolve().parents[3] / "docs" / "server.md"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for name in [*env_names(), ENV_SETTINGS_FILE]:
        monkeypatch.delenv(name, raising=False)


def test_the_defaults_are_the_ones_the_server_always_had():
    settings = Settings(database_url="sqlite://")
    assert settings.access_ttl == timedelta(minutes=15) and settings.refresh_ttl == timedelta(
        days=60
    )
    assert settings.enrollment_ttl == timedelta(minutes=15) and settings.grace_period == timedelta(
        days=14
    )
    assert settings.clock_skew_flag == timedelta(minutes=5)
    assert settings.limits == Limits(
        max_body_bytes=16 * 1024 * 1024,
        max_json_depth=32,
        max_attachment_bytes=200 * 1024 * 1024,
        max_chunk_bytes=4 * 1024 * 1024,
        max_page=1000,
        default_page=500,
        rate_per_second=20.0,
        rate_burst=200,
    )


def test_environment_variables_set_settings_and_limits(monkeypatch):
    monkeypatch.setenv("FIELDCASE_ACCESS_TTL", "PT10M")
    monkeypatch.setenv("FIELDCASE_GRACE_PERIOD", "P7D")
    monkeypatch.setenv("FIELDCASE_LIMITS__RATE_BURST", "50")
    settings = Settings(database_url="sqlite://")
    assert settings.access_ttl == timedelta(minutes=10) and settings.grace_period == timedelta(
        days=7
    )
    assert settings.limits.rate_burst == 50 and settings.limits.max_page == 1000


def test_a_settings_file_under_the_environment(monkeypatch, tmp_path):
    file = tmp_path / "server.toml"
    file.write_text(
        'refresh_ttl = "P30D"\n[limits]\nmax_page = 300\nrate_burst = 10\n', encoding="utf-8"
    )
    monkeypatch.setenv(ENV_SETTINGS_FILE, str(file))
    monkeypatch.setenv("FIELDCASE_LIMITS__RATE_BURST", "70")
    settings = Settings(database_url="sqlite://")
    assert settings.refresh_ttl == timedelta(days=30)
    assert (
        settings.limits.max_page == 300 and settings.limits.rate_burst == 70
    )  # the environment wins


@pytest.mark.parametrize(
    "content, named",
    [
        ('acess_ttl = "PT1M"\n', "acess_ttl"),
        ("[limits]\nmax_page = -1\n", "max_page"),
        ('access_ttl = "soon"\n', "access_ttl"),
    ],
)
def test_a_bad_setting_stops_the_server_naming_it(monkeypatch, tmp_path, capsys, content, named):
    file = tmp_path / "server.toml"
    file.write_text(content, encoding="utf-8")
    monkeypatch.setenv(ENV_SETTINGS_FILE, str(file))
    with pytest.raises(ValidationError, match=named):
        Settings(database_url="sqlite://")
    assert cli.main(["--db", str(tmp_path / "s.db"), "init-db"]) == 1
    err = capsys.readouterr().err
    assert "settings are not valid" in err and named in err and "Traceback" not in err


def test_a_settings_file_that_is_not_there_is_an_error_not_the_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_SETTINGS_FILE, str(tmp_path / "no-such.toml"))
    with pytest.raises(SettingsFileMissing):
        Settings(database_url="sqlite://")


def test_every_setting_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    missing = [name for name in env_names() if f"`{name}`" not in text]
    assert not missing, f'document these in docs/server.md "Settings": {missing}'


def test_the_running_server_takes_its_settings_from_the_environment(monkeypatch, tmp_path):
    from fieldcase.server.app import app_from_env

    monkeypatch.setenv("FIELDCASE_SERVER_DB", str(tmp_path / "server.db"))
    monkeypatch.setenv("FIELDCASE_LIMITS__MAX_BODY_BYTES", "2048")
    monkeypatch.setenv("FIELDCASE_REFRESH_TTL", "P7D")
    app = app_from_env()
    assert (
        app.state.settings.limits.max_body_bytes == 2048
        and app.state.settings.refresh_ttl == timedelta(days=7)
    )
