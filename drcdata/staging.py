"""Stage each CSV in DuckDB as text, one row per record with its row number (header = row 1).

Structural problems (unsafe file, encoding, line endings, header, ragged, unparseable or blank
rows) are found here; a resource with any of them is not value-checked, because its cells cannot
be trusted to sit in the right columns, and its row ordinals no longer match the file's rows.
The records DuckDB read are counted against the file's own line count, so no row is ever lost
without an error.
"""
from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field

import duckdb

from .descriptor import Resource
from .descriptor_values import MAX_COLUMNS
from .errors import Problem
from .line_endings import Endings, record_endings
from .package_files import FileRefused, read_package_file
from .sqltext import quote_ident, sql_literal

BOM = b"\xef\xbb\xbf"
MAX_LINE_BYTES = 16 * 1024 * 1024  # a 10 MB cell must parse, so its length rule can report it
RAW = "raw"  # the schema of the tables read_csv fills; stg holds a view per resource over them


@dataclass
class Staged:
    ok: bool                      # the header matched and every record parsed
    problems: list[Problem] = field(default_factory=list)
    has_nul: bool = False         # some cell holds a NUL byte (checked per field afterwards)


def stage(con, resource: Resource) -> Staged:
    """Stage one file."""
    problems: list[Problem] = []

    def problem(row, field, value, rule, message):
        problems.append(Problem(resource.name, resource.relpath, row, field, value, rule, message))

    def refused() -> Staged:
        _empty(con, resource)
        return Staged(False, problems)

    try:
        data, real_path = read_package_file(resource.path, resource.package_root)
    except FileRefused as exc:
        problem(None, None, None, exc.rule, str(exc))
        return refused()

    if not data or data.isspace():
        problem(1, None, None, "empty-file", "the file is empty; it needs at least a header row")
        return refused()
    if data.startswith(BOM):
        problem(1, None, None, "byte-order-mark", "the file starts with a UTF-8 byte-order mark; save it as plain UTF-8")
        return refused()
    try:
        if not data.isascii():  # ASCII is UTF-8; the check costs a tenth of decoding
            data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problem(line, None, repr(data[exc.start:exc.start + 4])[2:-1], "encoding",
                f"bytes at offset {exc.start} are not UTF-8")
        return refused()
    endings = record_endings(data)
    if endings.stray_cr_row is not None:
        problem(endings.stray_cr_row, None, None, "line-ending",
                "a carriage return (CR) not followed by a line feed ends a line outside quotes; "
                "lines must end in LF or CRLF")
        return refused()

    header = _header(data)
    expected = resource.field_names
    if len(header) > MAX_COLUMNS:  # comparing a huge header name by name would take minutes
        problem(1, None, None, "header-too-wide", f"the header has {len(header)} columns; at most {MAX_COLUMNS} are supported")
        return refused()
    if header != expected:
        _header_problems(header, expected, problem)
        return refused()

    blank_lines = _blank_lines(data)
    for line in blank_lines:
        problem(line, None, None, "blank-row", "the row is blank")

    try:
        rejected = _read(con, resource, real_path, endings)
    except duckdb.Error as exc:  # the reader gave up on the file as a whole
        _drop(con, resource)
        problem(None, None, None, "csv-unreadable", "the CSV reader failed: " + str(exc).strip().splitlines()[0])
        return refused()
    seen = set()
    for line, column, error_type, csv_line, message in rejected:
        if (line, error_type) in seen:
            continue  # DuckDB can record one bad line twice
        seen.add((line, error_type))
        name = _field_of(column, expected) if error_type == "MISSING COLUMNS" else None
        problem(line, name, csv_line, "csv-" + error_type.lower().replace(" ", "-"), message.split("\n")[0])
    ok = not rejected and not blank_lines
    if ok:
        ok = _no_row_lost(con, resource, endings.data, problem)
    return Staged(ok, problems, has_nul=b"\x00" in data)


def _read(con, resource: Resource, real_path, endings: Endings) -> list[tuple]:
    """Fill the raw table with read_csv; the rejected lines, in file order.

    Columns get positional names (c1, c2, ...), so no field name (`rowid`, a quote) can mean
    anything to the SQL around them; the stg view gives them back their names."""
    tag = resource.name.encode().hex()  # a plain identifier whatever the name ('.' and '-' are allowed)
    rejects, scan = f"rej_{tag}", f"rejscan_{tag}"
    columns = "{" + ", ".join(f"{sql_literal(c)}: 'VARCHAR'" for c in _positional(resource)) + "}"
    con.execute(f"DROP TABLE IF EXISTS {quote_ident(rejects)}")
    con.execute(f"DROP TABLE IF EXISTS {quote_ident(scan)}")
    with _readable(real_path, endings) as path:
        # The path is inlined as a quoted literal: binding it would make duckdb import pandas.
        con.execute(
            f"""CREATE TABLE {_raw(resource)} AS
                SELECT *
                FROM read_csv({sql_literal(str(path))}, header = true, columns = {columns}, auto_detect = false,
                              delim = ',', quote = '"', escape = '"', new_line = '{endings.new_line}',
                              max_line_size = {MAX_LINE_BYTES}, buffer_size = {2 * MAX_LINE_BYTES}, store_rejects = true,
                              rejects_table = {sql_literal(rejects)}, rejects_scan = {sql_literal(scan)})""")
    _create_view(con, resource)
    return con.execute(f"SELECT line, column_name, error_type, csv_line, error_message FROM {quote_ident(rejects)} ORDER BY line").fetchall()


@contextmanager
def _readable(real_path, endings: Endings):
    """The file itself, or a temporary copy of the bytes DuckDB must read instead."""
    if not endings.rewritten:
        yield real_path
        return
    fd, tmp = tempfile.mkstemp(prefix="drcdata-", suffix=".csv")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(endings.data)
        yield tmp
    finally:
        os.unlink(tmp)


def _header(data: bytes) -> list[str]:
    end = data.find(b"\n")
    first = (data if end < 0 else data[:end]).decode("utf-8").rstrip("\r")
    try:
        return next(csv.reader(io.StringIO(first)), [])
    except csv.Error:  # a stray carriage return: report the header as it stands, as a mismatch
        return [first]


def _header_problems(header: list[str], expected: list[str], problem) -> None:
    for position, name in enumerate(header, start=1):
        if header.count(name) > 1 and header.index(name) + 1 == position:
            problem(1, name, name, "duplicate-header", f"column {name!r} appears {header.count(name)} times")
    for name in expected:
        if name not in header:
            problem(1, name, None, "missing-column", f"the header lacks the column {name!r}")
    for name in header:
        if name not in expected:
            hint = " (is the delimiter a comma?)" if len(header) == 1 and (";" in name or "\t" in name) else ""
            problem(1, name, name, "extra-column", f"the header has a column the schema does not declare{hint}")
    if sorted(set(header)) == sorted(expected) and header != expected:
        problem(1, None, ",".join(header), "header-order",
                "the columns are not in the schema's order: " + ",".join(expected))


def _blank_lines(data: bytes) -> list[int]:
    """Record numbers (header = 1) of blank rows; an empty line inside a quoted cell is not one."""
    if not _EMPTY_LINE.search(data) and not data.startswith((b"\n", b"\r\n")):
        return []  # the common case, decided in one pass without copying the file
    text = data.replace(b"\r\n", b"\n")
    starts = [m.start() + 1 for m in re.finditer(b"\n(?=[ \t]*(\n|$))", text)]
    if text.startswith(b"\n"):
        starts.insert(0, 0)
    starts = [p for p in starts if p < len(text.rstrip(b"\n")) or p == 0]
    if not starts:
        return []
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    rows = []
    for pos in starts:
        if text.count(b'"', 0, pos) % 2:
            continue  # inside a quoted cell
        inside = sum(text.count(b"\n", a, min(b, pos)) for a, b in quoted if a < pos)
        rows.append(text.count(b"\n", 0, pos) - inside + 1)
    return rows


_QUOTED = re.compile(rb'"(?:[^"]|"")*"')
_EMPTY_LINE = re.compile(rb"\n\r?\n")


def _positional(resource: Resource) -> list[str]:
    return [f"c{i}" for i in range(1, len(resource.fields) + 1)]


def _field_of(column: str | None, names: list[str]) -> str | None:
    """The field a rejects row names by its positional column."""
    if column and column[1:].isdigit() and 0 < int(column[1:]) <= len(names):
        return names[int(column[1:]) - 1]
    return column


def _raw(resource: Resource) -> str:
    return f"{RAW}.{quote_ident(resource.name)}"


def _create_view(con, resource: Resource) -> None:
    # Insertion order is preserved, so rowid is the record's ordinal: cheaper than row_number().
    cols = ", ".join(f"{c} AS {quote_ident(f)}" for c, f in zip(_positional(resource), resource.field_names))
    con.execute(f"CREATE VIEW stg.{quote_ident(resource.name)} AS SELECT rowid + 2 AS __row, {cols} FROM {_raw(resource)}")


def _empty(con, resource: Resource) -> None:
    """An empty staged table for a file that could not be read, so every later query still binds."""
    cols = ", ".join(f"{c} VARCHAR" for c in _positional(resource))
    con.execute(f"CREATE TABLE {_raw(resource)} ({cols})")
    _create_view(con, resource)


def _drop(con, resource: Resource) -> None:
    con.execute(f"DROP VIEW IF EXISTS stg.{quote_ident(resource.name)}")
    con.execute(f"DROP TABLE IF EXISTS {_raw(resource)}")


def _no_row_lost(con, resource: Resource, data: bytes, problem) -> bool:
    """Every line after the header is a record, or part of a quoted cell that holds a line break.

    The line count is the file's own; the line breaks inside cells are counted by DuckDB only
    when the file has a quote at all (else no cell can hold one)."""
    lines = data.rstrip(b"\r\n").count(b"\n")
    counts = ["count(*)"]
    if b'"' in data and lines:
        counts += [f"coalesce(sum(strlen({c}) - strlen(replace({c}, chr(10), ''))), 0)" for c in _positional(resource)]
    records, *breaks = con.execute(f"SELECT {', '.join(counts)} FROM {_raw(resource)}").fetchone()
    expected = lines - sum(breaks)
    if records == expected:
        return True
    problem(None, None, None, "rows-lost", f"the CSV reader read {records} record(s) but the file has {expected} "
                                           f"after the header; it cannot be read reliably")
    return False
