"""Print results as an aligned table, CSV, JSON or Markdown, with no pandas on the path."""
from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json

FORMATS = ("table", "csv", "json", "markdown")
MAX_CELL = 60  # in the human table only; csv and json carry full values


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


def render(columns: list[str], rows: list[tuple], fmt: str) -> str:
    rows = [[plain(v) for v in row] for row in rows]
    if fmt == "json":
        return json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
        return out.getvalue().rstrip("\n")
    if fmt == "markdown":
        return _markdown(columns, rows)
    return _table(columns, rows)


def _text(value, clip: bool) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    return text if not clip or len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _table(columns, rows) -> str:
    cells = [[_text(v, clip=True) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()
    out = [line(columns), line(["-" * w for w in widths])] + [line(r) for r in cells]
    return "\n".join(out)


def _markdown(columns, rows) -> str:
    esc = lambda v: _text(v, clip=False).replace("|", "\\|")
    out = ["| " + " | ".join(columns) + " |", "|" + "|".join(" --- " for _ in columns) + "|"]
    out += ["| " + " | ".join(esc(v) for v in row) + " |" for row in rows]
    return "\n".join(out)
