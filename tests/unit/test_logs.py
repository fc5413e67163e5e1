"""The log output (fieldcase/logs.py): allow-listed fields only, whatever the code passes in."""

from __future__ import annotations

import io
import json
import logging
import threading
from pathlib import Path

import pytest

from fieldcase import logs

NAME, NARRATIVE, PASSPHRASE = (
    "Zzcanaryname",
    "zzcanarynarrative about the kitchen",
    "Canary-Passphrase",
)
TOKEN = "xQ3-_rT9kLmN0pZ8vB2cD4eF6gH1jK5s7uW9yA0bC2E"
SECRETS = (
    NAME,
    NARRATIVE,
    "zzcanarynarrative",
    PASSPHRASE,
    TOKEN,
    "LaToya",
    "ana@example.org",
    "12 Elm Street",
)


def _record(msg: object, *args: object, exc_info: object = None) -> logging.LogRecord:
    return logging.LogRecord(
        "fieldcase.test", logging.WARNING, __file__, 1, msg, args or None, exc_info
    )


@pytest.mark.parametrize("value", SECRETS)
def test_personal_data_and_tokens_in_arguments_are_withheld(value):
    line = logs.AllowListFormatter().format(_record("opened %s", value))
    assert value not in line and logs.WITHHELD in line


def test_codes_numbers_ids_and_routes_are_written():
    line = logs.AllowListFormatter().format(
        _record(
            "%s %s answered %d in %.1f ms (%s, %s, %s)",
            "POST",
            "/records/{record_id}",
            409,
            12.5,
            "stale_revision",
            "0190a1b2-0000-7000-8000-000000000000",
            "OperationalError",
        )
    )
    assert (
        "POST /records/{record_id} answered 409 in 12.5 ms (stale_revision, 0190a1b2-0000-7000-8000-000000000000, OperationalError)"
        in line
    )


def test_an_exception_is_written_as_its_type_and_frames_never_its_message():
    try:
        raise ValueError(f"could not save {NAME}: {NARRATIVE}")
    except ValueError as error:
        record = _record("failed: %s", error, exc_info=(type(error), error, error.__traceback__))
    text = logs.AllowListFormatter().format(record)
    assert "failed: ValueError" in text and "ValueError (message withheld)" in text
    assert "test_logs.py:" in text and "in test_an_exception_is_written" in text
    assert NAME not in text and "zzcanarynarrative" not in text


def test_a_data_key_in_hex_is_withheld_but_a_short_digest_is_not():
    assert logs.safe_arg("ab" * 32) == logs.WITHHELD
    assert logs.safe_arg("0123456789abcdef") == "0123456789abcdef"


def test_a_message_built_with_a_withheld_value_for_a_number_keeps_its_template():
    assert logs.safe_message(_record("%d children", NAME)) == "%d children [arguments withheld]"


def test_the_desktop_log_file_rotates_in_its_folder_and_catches_a_background_thread(tmp_path):
    path = logs.configure_desktop(folder=tmp_path)
    try:
        assert path == tmp_path / "fieldcase.log"
        handler = next(h for h in logging.getLogger().handlers if h.get_name() == "fieldcase-file")
        assert handler.maxBytes == logs.MAX_BYTES and handler.backupCount == logs.BACKUPS

        def worker() -> None:
            logging.getLogger("fieldcase.worker").error(
                "bug in background work: %s (%s)", "KeyError", NAME
            )

        thread = threading.Thread(target=worker, name="fieldcase-store")
        thread.start()
        thread.join()
        handler.flush()
        text = path.read_text(encoding="utf-8")
        assert (
            "ERROR fieldcase.worker [fieldcase-store] bug in background work: KeyError (<withheld>)"
            in text
        )
        assert NAME not in text
        assert logs.last_lines(5, path=path)[-1].endswith("(<withheld>)")
    finally:
        logs.stop_desktop()
    assert not any(h.get_name() == "fieldcase-file" for h in logging.getLogger().handlers)


def test_the_log_folder_is_the_platforms_unless_configured(monkeypatch, tmp_path):
    # where the file would be, with none in use: an app an earlier test made in this worker may
    # still hold its log file (the test failed whenever the scheduler put one first)
    monkeypatch.setattr(logs, "_configured", None)
    monkeypatch.delenv(logs.ENV_LOG_DIR, raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert logs.log_folder() == tmp_path / "state" / "fieldcase" / "log"
    monkeypatch.setenv(logs.ENV_LOG_DIR, str(tmp_path / "it"))
    assert logs.log_file() == tmp_path / "it" / "fieldcase.log"


def test_an_unwritable_log_folder_does_not_stop_the_app(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert logs.configure_desktop(folder=blocker / "logs") is None


def test_last_lines_of_a_missing_or_long_file(tmp_path):
    assert logs.last_lines(10, path=tmp_path / "none.log") == []
    path = tmp_path / "long.log"
    path.write_text("".join(f"line {i}\n" for i in range(5000)))
    assert logs.last_lines(3, path=path) == ["line 4997", "line 4998", "line 4999"]


def test_server_lines_are_one_json_object_each_with_allow_listed_fields():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonLineFormatter())
    logger = logging.getLogger("fieldcase.server.test")
    logger.addHandler(handler)
    token = logs.request_id.set("req-12345678")
    try:
        logger.warning(
            "refused %s for %s",
            "rate_limited",
            TOKEN,
            extra={"status": 429, "path": "/sync/push", "body": NARRATIVE},
        )
    finally:
        logs.request_id.reset(token)
        logger.removeHandler(handler)
    (line,) = stream.getvalue().splitlines()
    entry = json.loads(line)
    assert set(entry) == {"time", "level", "logger", "message", "request_id", "status", "path"}
    assert entry["message"] == "refused rate_limited for <withheld>"
    assert (
        entry["status"] == 429
        and entry["path"] == "/sync/push"
        and entry["request_id"] == "req-12345678"
    )
    assert TOKEN not in line and "zzcanarynarrative" not in line


def test_the_log_module_has_no_qt(tmp_path: Path):
    assert "PySide6" not in Path(logs.__file__).read_text(encoding="utf-8")
