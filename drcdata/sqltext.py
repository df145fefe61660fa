"""Quoting for the SQL we generate (identifiers and literals from the descriptor, never user values)."""
from __future__ import annotations

import math


def quote_ident(name: str) -> str:
    if not isinstance(name, str) or "\x00" in name:
        raise TypeError(f"not a usable SQL identifier: {name!r}")
    return '"' + name.replace('"', '""') + '"'


def sql_literal(value) -> str:
    """A number as itself (finite only: `nan` would read as a column name), anything else as a quoted string."""
    if isinstance(value, bool):
        raise TypeError(f"no SQL literal for a boolean here: {value!r}")
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return repr(value)
    if isinstance(value, float):
        raise TypeError(f"no SQL literal for {value!r}")
    text = str(value)
    if "\x00" in text:
        raise TypeError("a SQL literal cannot hold a NUL character")
    return "'" + text.replace("'", "''") + "'"
