"""Reading the agency's files: a folder of CSV files (cases.csv, people.csv, ...) or one JSON Lines
file whose every line is an object with a "type" naming its table. Both give the same rows, each
with the file and line it came from, so every problem can name its place. Nothing is decoded
leniently: a file that is not UTF-8 is a problem, not a guess."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from .columns import BY_FILE, BY_ROW_TYPE, TABLES, Table

#: a file larger than this is refused before it is read (an export of a whole state would be a mistake)
MAX_FILE_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in the agency's files, in plain words; never quotes a value (it may be a name)."""

    file: str
    line: int  # 0: the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        where = (
            self.file
            + (f", line {self.line}" if self.line else "")
            + (f", column {self.column}" if self.column else "")
        )
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class RawRow:
    table: Table
    file: str
    line: int
    values: dict[str, str]  # column -> text, stripped; missing or empty = ""


@dataclass
class Source:
    rows: list[RawRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    tables: set[str] = field(
        default_factory=set
    )  # the tables present (even empty): their fields are the import's
    #: tables whose file could not be read (size, encoding, header): rows naming them are not checked
    #: against them, so one bad file gives its own problem, not one per row of every other file
    unreadable: set[str] = field(default_factory=set)


def read(path: Path, *, max_bytes: int = MAX_FILE_BYTES, as_table: str | None = None) -> Source:
    source = Source()
    if as_table is not None and path.is_file():
        _read_csv(path, next(t for t in TABLES if t.name == as_table), source, max_bytes)
    elif path.is_dir():
        known = [
            p
            for p in sorted(path.iterdir())
            if p.is_file() and p.suffix.lower() in (".csv", ".jsonl")
        ]
        if not known:
            source.problems.append(
                Problem(
                    path.name,
                    0,
                    "",
                    f"The folder has none of the files {', '.join(t.file_name for t in TABLES)}.",
                )
            )
        for item in known:
            if item.suffix.lower() == ".jsonl":
                _read_jsonl(item, source, max_bytes)
            elif item.name in BY_FILE:
                _read_csv(item, BY_FILE[item.name], source, max_bytes)
            else:
                source.problems.append(
                    Problem(
                        item.name,
                        0,
                        "",
                        f"Unknown file; the files are named {', '.join(t.file_name for t in TABLES)}.",
                    )
                )
    elif path.is_file():
        if path.suffix.lower() == ".jsonl":
            _read_jsonl(path, source, max_bytes)
        elif path.name in BY_FILE:  # one table alone, e.g. a cases.csv (what import-cases took)
            _read_csv(path, BY_FILE[path.name], source, max_bytes)
        else:
            source.problems.append(
                Problem(
                    path.name,
                    0,
                    "",
                    "Give a folder of CSV files, one of them by its name, or a .jsonl file.",
                )
            )
    else:
        source.problems.append(Problem(path.name, 0, "", "There is no such file or folder."))
    return source


def _text(path: Path, source: Source, max_bytes: int) -> str | None:
    size = path.stat().st_size
    if size > max_bytes:
        source.problems.append(
            Problem(
                path.name,
                0,
                "",
                f"The file is {size / 2**20:.0f} MB; files over {max_bytes / 2**20:.0f} MB are refused. Split it or check that it is the right file.",
            )
        )
        return None
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        source.problems.append(
            Problem(
                path.name,
                line,
                "",
                'The file is not UTF-8 text. Save it as "CSV UTF-8" (or UTF-8 JSON Lines) and import again.',
            )
        )
        return None


def _read_csv(path: Path, table: Table, source: Source, max_bytes: int) -> None:
    text = _text(path, source, max_bytes)
    if text is None:
        source.unreadable.add(table.name)
        return
    rows_from_text(text, table, path.name, source)


def rows_from_text(text: str, table: Table, file: str, source: Source) -> None:
    """The rows of one CSV table (also used for an import from memory, e.g. import-cases' text)."""
    reader = csv.reader(
        io.StringIO(text.removeprefix("\ufeff"), newline=""), strict=True
    )  # a stray quote is a problem, not a guess
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        source.problems.append(
            Problem(file, 1, "", "The file is empty: it needs a header line naming its columns.")
        )
        return
    except csv.Error:
        source.problems.append(Problem(file, 1, "", "The header line is not valid CSV."))
        return
    if not _header_ok(header, table, file, source):
        source.unreadable.add(table.name)
        return
    source.tables.add(table.name)
    last = reader.line_num
    try:
        for values in reader:
            # the line the row starts on (a quoted value may run over several lines)
            line, last = last + 1, reader.line_num
            if not any(v.strip() for v in values):
                continue  # blank lines are allowed (spreadsheets leave them)
            if len(values) > len(header):
                source.problems.append(
                    Problem(
                        file,
                        line,
                        "",
                        f"The line has {len(values)} values but the header names {len(header)} columns.",
                    )
                )
                continue
            row = {
                name: (values[i].strip() if i < len(values) else "")
                for i, name in enumerate(header)
            }
            source.rows.append(RawRow(table, file, line, row))
    except csv.Error:
        source.problems.append(
            Problem(file, last + 1, "", "The line is not valid CSV (check for an unclosed quote).")
        )


def _header_ok(header: list[str], table: Table, file: str, source: Source) -> bool:
    names = {c.name for c in table.columns}
    ok = True
    seen: set[str] = set()
    for name in header:
        if name in seen:
            source.problems.append(
                Problem(file, 1, name, "The column appears twice in the header.")
            )
            ok = False
        seen.add(name)
        if name not in names:
            source.problems.append(
                Problem(
                    file,
                    1,
                    name,
                    f"Unknown column; {table.file_name} has the columns {', '.join(c.name for c in table.columns)}.",
                )
            )
            ok = False
    for column in table.columns:
        if column.required and column.name not in seen:
            source.problems.append(
                Problem(file, 1, column.name, "This required column is missing from the header.")
            )
            ok = False
    return ok


def _read_jsonl(path: Path, source: Source, max_bytes: int) -> None:
    text = _text(path, source, max_bytes)
    if text is None:
        source.unreadable.update(t.name for t in TABLES)
        return
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except json.JSONDecodeError:
            source.problems.append(Problem(path.name, line, "", "The line is not a JSON object."))
            continue
        if not isinstance(item, dict):
            source.problems.append(Problem(path.name, line, "", "The line is not a JSON object."))
            continue
        table = BY_ROW_TYPE.get(item.pop("type", None))
        if table is None:
            source.problems.append(
                Problem(
                    path.name,
                    line,
                    "type",
                    f'Say which table the line belongs to: "type" is one of {", ".join(BY_ROW_TYPE)}.',
                )
            )
            continue
        names = {c.name for c in table.columns}
        unknown = sorted(set(item) - names)
        for name in unknown:
            source.problems.append(
                Problem(
                    path.name,
                    line,
                    name,
                    f"Unknown field for a {table.row_type}; it has {', '.join(sorted(names))}.",
                )
            )
        if unknown:
            continue
        values: dict[str, str] = {}
        for name, value in item.items():
            text_value = _json_text(value)
            if text_value is None:
                source.problems.append(
                    Problem(
                        path.name,
                        line,
                        name,
                        "Give text, a number, true/false, a list of texts or null.",
                    )
                )
                break
            values[name] = text_value
        else:
            source.tables.add(table.name)
            source.rows.append(RawRow(table, path.name, line, values))


def _json_text(value: object) -> str | None:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, str)):
        return str(value).strip()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ";".join(v.strip() for v in value)
    return None
