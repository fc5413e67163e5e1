"""Where fieldcase's log records go, and what of them is written (security.md "Leaks").

Both programs log through the standard `logging` module; this module decides the output. It has
no Qt and no SQL, so the desktop app and the server share it.

- The desktop app (`configure_desktop`): a rotating file in the platform's per-user log folder
  (platformdirs; $FIELDCASE_LOG_DIR overrides it), because the Windows bundle has no console and a
  bug in a background worker would otherwise leave no trace. IT reads it, or copies its last lines
  with Help → Copy diagnostics.
- The server (`configure_server`, `server_log_config`): one JSON object per line on stderr.

Allow-listed fields only. A record is written as its time, level, logger, thread and message;
the message is the code's own template with each argument checked by `safe_arg`: numbers, booleans,
None, ids, hashes, codes in snake_case, HTTP methods, route templates and exception *types* pass;
any other value — a name, an address, a narrative, a token, an exception's text — is written as
`<withheld>`. A traceback is written as the exception's type and its frames (file, line, function),
never its message or local values. So a careless `log.info("opened %s", person.name)` leaks nothing.
"""

from __future__ import annotations

import contextvars
import enum
import json
import logging
import logging.handlers
import os
import re
import sys
import traceback
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

APP_NAME = "fieldcase"
LOG_FILE = "fieldcase.log"
#: $FIELDCASE_LOG_DIR: where the desktop app's log file goes instead of the platform's log folder
ENV_LOG_DIR = "FIELDCASE_LOG_DIR"
MAX_BYTES = 1024 * 1024
BACKUPS = 4  # five files of 1 MiB at most: months of ordinary use, a day of a bug repeating
WITHHELD = "<withheld>"

#: the request being answered (server): set by the request log middleware, written on every line
request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "fieldcase_request_id", default=None
)

# What a string argument may look like to be written. Each shape is one that personal data rarely
# takes: a UUID or a short hex digest, a lower-case code with an underscore ("rate_limited"), an
# upper-case HTTP method, a route template ("/records/{record_id}"), a two-letter language code, a
# Python exception class name. A name ("Ana", "LaToya"), a sentence, an e-mail address, a single
# lower-case word ("worker11") or a token of mixed case and digits is withheld. Not caught: a user
# name typed as a snake_case code ("ana_garcia") — never pass user names; ids identify people here.
_SAFE_STRINGS = (
    re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
    re.compile(r"[0-9a-f]{16,40}"),  # short digests; never 64 (a raw data key is 64 hex digits)
    re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+"),
    re.compile(r"GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS"),
    re.compile(r"(?:/(?:[a-z0-9_-]+|\{[a-z_]+\}))+/?"),
    re.compile(r"[a-z]{2}(?:_[A-Z]{2})?"),
    re.compile(r"[A-Z][A-Za-z0-9]*(?:Error|Exception|Warning|Exit|Interrupt|Timeout)"),
)
_MAX_SAFE_STRING = 80


class Safe(str):
    """A string the caller vouches for (a fixed code or word of the program, never user data)."""

    __slots__ = ()


def safe_arg(value: Any) -> Any:
    """`value` if it may be written to a log, else `WITHHELD` (see the module's docstring)."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, Safe):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, type):
        return value.__qualname__
    if isinstance(value, BaseException):
        return type(value).__qualname__  # the type says what went wrong; its text may carry data
    if (
        isinstance(value, str)
        and len(value) <= _MAX_SAFE_STRING
        and any(p.fullmatch(value) for p in _SAFE_STRINGS)
    ):
        return value
    return WITHHELD


def safe_message(record: logging.LogRecord) -> str:
    """The record's template with its arguments checked; a template that is not a string is withheld."""
    template = record.msg if isinstance(record.msg, str) else WITHHELD
    args = record.args
    if not args:
        return template
    try:
        if isinstance(args, dict):
            return template % {key: safe_arg(value) for key, value in args.items()}
        return template % tuple(safe_arg(value) for value in args)
    except (TypeError, ValueError, KeyError):
        return f"{template} [arguments withheld]"  # e.g. %d given a withheld string


def safe_traceback(exc_info: Any) -> str | None:
    """The exception's type and frames (file, line, function): no message, no source text, no locals."""
    if not exc_info or exc_info is True or exc_info[0] is None:
        return None
    kind, _value, tb = exc_info
    frames = traceback.extract_tb(tb)
    lines = [f"  {_short_path(f.filename)}:{f.lineno} in {f.name}" for f in frames]
    return "\n".join([f"{kind.__qualname__} (message withheld)", *lines])


def _short_path(filename: str) -> str:
    """From 'fieldcase/' on when the file is ours (no user's home folder in the log), else its name."""
    parts = Path(filename).parts
    if "fieldcase" in parts:
        return "/".join(parts[len(parts) - 1 - parts[::-1].index("fieldcase") :])
    return Path(filename).name


class AllowListFormatter(logging.Formatter):
    """One text line per record: time, level, logger, thread, checked message (desktop log file)."""

    def format(self, record: logging.LogRecord) -> str:
        when = (
            datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z")
        )
        thread = (
            record.threadName
            if isinstance(record.threadName, str) and record.threadName.isascii()
            else "?"
        )
        line = f"{when} {record.levelname} {record.name} [{thread}] {safe_message(record)}"
        tb = safe_traceback(record.exc_info)
        return line + ("\n" + tb if tb else "")


#: extra fields a server log record may carry (`log.info(..., extra={...})`), each checked by safe_arg
JSON_EXTRA_FIELDS = ("status", "path", "method", "duration_ms")


class JsonLineFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, status, path template."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": safe_message(record),
        }
        rid = request_id.get()
        if rid is not None:
            line["request_id"] = rid
        for name in JSON_EXTRA_FIELDS:
            if name in record.__dict__:
                line[name] = safe_arg(record.__dict__[name])
        tb = safe_traceback(record.exc_info)
        if tb:
            line["exception"] = tb
        return json.dumps(line, ensure_ascii=True, separators=(",", ":"))


def log_folder() -> Path:
    """The desktop app's log folder: $FIELDCASE_LOG_DIR, else the platform's per-user log folder
    (Linux: ~/.local/state/fieldcase/log; Windows: %LOCALAPPDATA%\\fieldcase\\Logs; macOS:
    ~/Library/Logs/fieldcase)."""
    configured = os.environ.get(ENV_LOG_DIR)
    if configured:
        return Path(configured)
    import platformdirs

    return platformdirs.user_log_path(APP_NAME, appauthor=False, ensure_exists=False)


_HANDLER_NAME = "fieldcase-file"
_configured: Path | None = None  # the file configure_desktop opened, while it is open


def log_file() -> Path:
    """The desktop app's log file: the one in use, else where it would be."""
    return _configured or log_folder() / LOG_FILE


def configure_desktop(*, folder: Path | None = None, level: int = logging.INFO) -> Path | None:
    """Send every record of the app (level and above) to the rotating log file; returns its path,
    or None when the folder cannot be written (the app still runs: logging must never stop it).
    Calling it again replaces the handler (a second window in one process, tests)."""
    path = (folder or log_folder()) / LOG_FILE
    stop_desktop()
    root = logging.getLogger()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=False
        )
    except OSError:
        return None
    global _configured
    _configured = path
    handler.set_name(_HANDLER_NAME)
    handler.setLevel(level)
    handler.setFormatter(AllowListFormatter())
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    for chatty in ("httpx", "httpcore"):  # a line per HTTP request, its URL withheld anyway: noise
        logging.getLogger(chatty).setLevel(max(level, logging.WARNING))
    logging.captureWarnings(True)
    return path


def stop_desktop() -> None:
    """Close the log file (the app's shutdown; tests)."""
    global _configured
    _configured = None
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
            handler.close()


def configure_server(*, level: int = logging.INFO, stream: Any = None) -> None:
    """JSON lines on stderr for the server's own records and uvicorn's (its access log is off:
    the request log middleware writes one line per request with the route template instead)."""
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(JsonLineFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True


def server_log_config(level: str = "INFO") -> dict[str, Any]:
    """uvicorn's `log_config`: every worker process logs JSON lines (uvicorn applies it in each)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonLineFormatter}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True},
            "uvicorn.error": {"handlers": [], "propagate": True},
            "uvicorn.access": {"handlers": [], "propagate": True},
        },
    }


def last_lines(count: int = 200, *, path: Path | None = None) -> list[str]:
    """The last `count` lines of the desktop log (for Copy diagnostics); empty when there is none."""
    path = path or log_file()
    try:
        with path.open("rb") as file:
            file.seek(0, os.SEEK_END)
            size = file.tell()
            file.seek(max(0, size - 256 * count))  # lines are short; read only the tail
            tail = file.read().decode("utf-8", errors="replace").splitlines()
    except OSError:
        return []
    if len(tail) > count or size > 256 * count:
        tail = tail[1:]  # the first line read may be cut
    return tail[-count:]
