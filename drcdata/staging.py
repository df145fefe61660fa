"""Stage each CSV in DuckDB as text, one row per record with its row number (header = row 1).

Structural problems (encoding, header, ragged, unparseable or blank rows) are found here; a
resource with any of them is not value-checked, because its cells cannot be trusted to sit in the
right columns, and its row ordinals no longer match the file's rows.
"""
from __future__ import annotations

import csv
import io
import re

from .descriptor import Resource
from .descriptor_values import MAX_COLUMNS
from .errors import Problem

BOM = b"\xef\xbb\xbf"
MAX_LINE_BYTES = 16 * 1024 * 1024  # a 10 MB cell must parse, so its length rule can report it


def stage(con, resource: Resource) -> tuple[bool, list[Problem]]:
    """Stage one file; True when its header matched and every record parsed."""
    table = f'stg."{resource.name}"'
    file = resource.relpath
    problems: list[Problem] = []

    def problem(row, field, value, rule, message):
        problems.append(Problem(resource.name, file, row, field, value, rule, message))

    try:
        data = resource.path.read_bytes()
    except FileNotFoundError:
        problem(None, None, None, "file-missing", f"the file {resource.path} does not exist")
        return _empty(con, resource, table), problems
    except OSError as exc:
        problem(None, None, None, "file-unreadable", str(exc))
        return _empty(con, resource, table), problems

    if not data or data.isspace():
        problem(1, None, None, "empty-file", "the file is empty; it needs at least a header row")
        return _empty(con, resource, table), problems
    if data.startswith(BOM):
        problem(1, None, None, "byte-order-mark", "the file starts with a UTF-8 byte-order mark; save it as plain UTF-8")
        return _empty(con, resource, table), problems
    try:
        if not data.isascii():  # ASCII is UTF-8; the check costs a tenth of decoding
            data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problem(line, None, repr(data[exc.start:exc.start + 4])[2:-1], "encoding",
                f"bytes at offset {exc.start} are not UTF-8")
        return _empty(con, resource, table), problems

    header = _header(data)
    expected = resource.field_names
    if len(header) > MAX_COLUMNS:  # comparing a huge header name by name would take minutes
        problem(1, None, None, "header-too-wide", f"the header has {len(header)} columns; at most {MAX_COLUMNS} are supported")
        return _empty(con, resource, table), problems
    if header != expected:
        _header_problems(header, expected, problem)
        return _empty(con, resource, table), problems

    blank_lines = _blank_lines(data)
    for line in blank_lines:
        problem(line, None, None, "blank-row", "the row is blank")

    rejects = f'"rej_{resource.name}"'
    columns = "{" + ", ".join(f"'{_sql_str(n)}': 'VARCHAR'" for n in expected) + "}"
    con.execute(f"DROP TABLE IF EXISTS {rejects}")
    con.execute(f"DROP TABLE IF EXISTS \"rejscan_{resource.name}\"")
    data_table = f'stg."{resource.name}__data"'
    con.execute(
        f"""CREATE TABLE {data_table} AS
            SELECT *
            FROM read_csv({_sql_literal(str(resource.path))}, header = true, columns = {columns}, auto_detect = false,
                          delim = ',', quote = '"', escape = '"', new_line = '{_newline(data)}',
                          max_line_size = {MAX_LINE_BYTES}, buffer_size = {2 * MAX_LINE_BYTES}, store_rejects = true,
                          rejects_table = '{rejects[1:-1]}', rejects_scan = 'rejscan_{resource.name}')"""
    )  # the path is inlined as a quoted literal: binding it would make duckdb import pandas
    # Insertion order is preserved, so rowid is the record's ordinal: cheaper than row_number().
    con.execute(f"CREATE VIEW {table} AS SELECT rowid + 2 AS __row, * FROM {data_table}")
    rejected = con.execute(
        f"SELECT line, column_name, error_type, csv_line, error_message FROM {rejects} ORDER BY line"
    ).fetchall()
    seen = set()
    for line, column, error_type, csv_line, message in rejected:
        if (line, error_type) in seen:
            continue  # DuckDB can record one bad line twice
        seen.add((line, error_type))
        problem(line, column if error_type == "MISSING COLUMNS" else None, csv_line,
                "csv-" + error_type.lower().replace(" ", "-"), message.split("\n")[0])
    return not rejected and not blank_lines, problems


def _empty(con, resource: Resource, table: str) -> bool:
    cols = ", ".join(f'"{n}" VARCHAR' for n in resource.field_names)
    con.execute(f'CREATE TABLE stg."{resource.name}__data" ({cols})')
    con.execute(f'CREATE VIEW {table} AS SELECT rowid + 2 AS __row, * FROM stg."{resource.name}__data"')
    return False


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


def _newline(data: bytes) -> str:
    return "\\r\\n" if b"\r\n" in data[:65536] else "\\n"


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


def _sql_str(value: str) -> str:
    return value.replace("'", "''")


def _sql_literal(value: str) -> str:
    return "'" + _sql_str(value) + "'"
