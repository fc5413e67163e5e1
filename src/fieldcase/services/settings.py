"""The caseworker's preferences: one typed, versioned model, saved as JSON beside the store.

Never personal data here (security.md "Leaks"): no names, case numbers, addresses, recent records,
plates. Window geometry is the UI's business (QSettings). Older files are migrated step by step,
as napari's settings are; an unreadable file falls back to the defaults rather than blocking work.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fieldcase.services.session import DEFAULT_IDLE_MINUTES, MAX_IDLE_MINUTES, MIN_IDLE_MINUTES

log = logging.getLogger(__name__)

VERSION = 2
LANGUAGES = ("en", "es")
FILE_NAME = "settings.json"


@dataclass(frozen=True)
class Settings:
    version: int = VERSION
    language: str = "en"
    idle_lock_minutes: int = DEFAULT_IDLE_MINUTES
    idle_warning_seconds: int = 60
    #: percent of the system font size (text scales with the system font; this adds to it)
    text_scale: int = 100
    #: "personal" or "agency": which car a new trip starts with
    default_vehicle: str = "personal"
    sync_automatically: bool = True

    def validated(self) -> Settings:
        return dataclasses.replace(
            self,
            version=VERSION,
            language=self.language if self.language in LANGUAGES else "en",
            idle_lock_minutes=max(
                MIN_IDLE_MINUTES, min(MAX_IDLE_MINUTES, int(self.idle_lock_minutes))
            ),
            idle_warning_seconds=max(10, min(300, int(self.idle_warning_seconds))),
            text_scale=max(80, min(200, int(self.text_scale))),
            default_vehicle=self.default_vehicle
            if self.default_vehicle in ("personal", "agency")
            else "personal",
        )


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    # version 1 called the idle timeout "lock_after" and had no warning setting
    data = dict(data)
    if "lock_after" in data:
        data["idle_lock_minutes"] = data.pop("lock_after")
    data["version"] = 2
    return data


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = int(data.get("version", 1))
    while version < VERSION:
        data = MIGRATIONS[version](data)
        version = int(data["version"])
    return data


class SettingsFile:
    def __init__(self, directory: str | Path) -> None:
        self.path = Path(directory) / FILE_NAME

    def load(self) -> Settings:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return Settings()
        except (OSError, ValueError):
            log.warning("settings file unreadable; using defaults")
            return Settings()
        if not isinstance(raw, dict):
            return Settings()
        data = migrate(raw)
        known = {f.name for f in dataclasses.fields(Settings)}
        try:
            return Settings(**{k: v for k, v in data.items() if k in known}).validated()
        except (TypeError, ValueError):
            log.warning("settings file has bad values; using defaults")
            return Settings()

    def save(self, settings: Settings) -> Settings:
        settings = settings.validated()
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temp = self.path.with_suffix(".tmp")
        temp.write_text(
            json.dumps(dataclasses.asdict(settings), indent=2, sort_keys=True), encoding="utf-8"
        )
        os.replace(temp, self.path)
        return settings
