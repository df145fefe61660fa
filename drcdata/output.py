"""Print results as an aligned table, CSV, JSON or Markdown, with no pandas on the path.

Query and report cells arrive already rendered by DuckDB (text, or JSON text for `json`), batch
by batch, and CSV, JSON and Markdown are written as they come, so output takes no more memory
than a batch. Only the aligned table (table_view.py) waits for every row, to know its column widths,
so it stops at MAX_TABLE_ROWS (a reader wanting more is a program, better served by CSV or JSON).
"""
from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from .table_view import layout

FORMATS = ("table", "csv", "json", "markdown")
MAX_TABLE_ROWS = 10_000
# A JSON string, or a NaN/Infinity token outside one: DuckDB's to_json prints those bare, which is not JSON.
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\t]")
_JSON_STRING_OR_NONFINITE = re.compile(r'"(?:[^"\\]|\\.)*"|-?Infinity|NaN', re.S)


def shape_of(fmt: str) -> str:
    """How DuckDB should render cells for this format."""
    return "json" if fmt == "json" else "text"


def plain(value):
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@dataclass(frozen=True)
class Written:
    rows: int
    shortened: int = 0  # table cells cut to fit the screen
    cut: bool = False   # the table stopped at MAX_TABLE_ROWS with rows left over


def render(columns: list[str], rows: list[tuple], fmt: str) -> str:
    """Small listings built in Python (the data dictionary, the diff), whole cells."""
    out = io.StringIO()
    write(columns, [cells(rows, fmt)], fmt, out)
    return out.getvalue().rstrip("\n")


def cells(rows: list[tuple], fmt: str) -> list[list[str | None]]:
    """Python values rendered as `write` takes them: text, or JSON text for json."""
    if fmt == "json":
        return [[None if v is None else json.dumps(plain(v), ensure_ascii=False) for v in row] for row in rows]
    return [[None if v is None else str(plain(v)) for v in row] for row in rows]


def write(columns: list[str], batches: Iterable[list[tuple]], fmt: str, out: TextIO,
          width: int | None = None) -> Written:
    """Write rendered cells (text or None; JSON text for json) as they come. Only the table is
    fitted to `width` (None: whole cells); the other formats always carry whole values."""
    if fmt == "json":
        return Written(_json(columns, batches, out))
    if fmt == "csv":
        return Written(_csv(columns, batches, out))
    if fmt == "markdown":
        return Written(_markdown(columns, batches, out))
    stream = (row for batch in batches for row in batch)
    rows = [[_text(v) for v in row] for row in itertools.islice(stream, MAX_TABLE_ROWS)]
    cut = next(stream, None) is not None
    stream.close()  # read no further; whoever started the query closes it (cli.stream does)
    table = layout(columns, rows, width)
    out.write(table.text + "\n")
    return Written(len(rows), table.shortened, cut)


def table_cut_note(rows: int) -> str:
    return f"(table cut at {rows} rows; --format csv or --format json prints every row)"


def valid_json(text: str) -> str:
    """NaN and ±Infinity become strings, as PostgreSQL's to_json writes them: valid JSON, value kept."""
    if "NaN" not in text and "Infinity" not in text:
        return text
    return _JSON_STRING_OR_NONFINITE.sub(lambda m: m.group() if m.group()[0] == '"' else f'"{m.group()}"', text)


def _json(columns, batches, out) -> int:
    keys = [json.dumps(c, ensure_ascii=False) for c in columns]
    count = 0
    for batch in batches:
        for row in batch:
            out.write("[\n" if count == 0 else ",\n")
            body = ",\n".join(f"    {k}: {'null' if v is None else valid_json(v)}" for k, v in zip(keys, row))
            out.write("  {\n" + body + "\n  }" if body else "  {}")
            count += 1
    out.write("[]\n" if count == 0 else "\n]\n")
    return count


def _csv(columns, batches, out) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for batch in batches:
        writer.writerows(["" if v is None else v for v in row] for row in batch)
        count += len(batch)
    return count


def _text(value) -> str:
    """One line: a line break or a tab inside a cell would break the table's rows and columns."""
    return "" if value is None else _LINE_BREAKS.sub(" ", str(value))


def _markdown(columns, batches, out) -> int:
    esc = lambda v: _text(v).replace("|", "\\|")
    out.write("| " + " | ".join(columns) + " |\n" + "|" + "|".join(" --- " for _ in columns) + "|\n")
    count = 0
    for batch in batches:
        out.writelines("| " + " | ".join(esc(v) for v in row) + " |\n" for row in batch)
        count += len(batch)
    return count
