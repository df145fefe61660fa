"""A report parameter that names a record must name one that exists: an unknown id is an error
with the closest ids, never an empty table that reads as "none".

A parameter declares what it names in its help text: `(see the actors table)` for a record id,
`(see events.kind)` for a value of one column.
"""
from __future__ import annotations

import difflib
import re

from .errors import UsageError
from .reports import Report
from .sqltext import quote_ident

_NAMES = re.compile(r"\bsee (?:the (?P<table>[a-z_]+) table|(?P<t>[a-z_]+)\.(?P<column>[a-z_]+)\b)")


def check_references(report: Report, bound: dict, con) -> None:
    for name, value in bound.items():
        match = _NAMES.search(report.param(name).help)
        if value is None or not match:
            continue
        table, column = (match["table"], "id") if match["table"] else (match["t"], match["column"])
        known = [row[0] for row in con.execute(
            f"SELECT DISTINCT {quote_ident(column)} FROM {quote_ident(table)} WHERE {quote_ident(column)} IS NOT NULL").fetchall()]
        if value in known:
            continue
        close = difflib.get_close_matches(str(value), known, n=3, cutoff=0.5) or \
            [k for k in known if str(value).lower() in k.lower()][:3]
        hint = f"; did you mean {' or '.join(close)}?" if close else f" (see `drcdata query \"SELECT {column} FROM {table}\"`)"
        raise UsageError(f"{report.name}: {name} {value!r} names no {table}.{column}{hint}")
