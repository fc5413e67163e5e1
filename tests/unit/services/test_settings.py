from __future__ import annotations

import json

from fieldcase.services.settings import Settings, SettingsFile


def test_defaults_round_trip_and_clamp(tmp_path):
    file = SettingsFile(tmp_path)
    assert file.load() == Settings()
    saved = file.save(Settings(language="es", idle_lock_minutes=99, text_scale=500))
    assert saved.idle_lock_minutes == 30 and saved.text_scale == 200
    assert file.load() == saved


def test_version_one_is_migrated(tmp_path):
    (tmp_path / "settings.json").write_text(
        json.dumps({"version": 1, "lock_after": 5, "language": "es"})
    )
    loaded = SettingsFile(tmp_path).load()
    assert loaded.version == 2 and loaded.idle_lock_minutes == 5 and loaded.language == "es"


def test_unreadable_file_falls_back(tmp_path):
    (tmp_path / "settings.json").write_text("{not json")
    assert SettingsFile(tmp_path).load() == Settings()


def test_unknown_language_is_english(tmp_path):
    assert Settings(language="xx").validated().language == "en"
