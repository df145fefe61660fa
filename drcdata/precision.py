"""Dates printed only as precisely as they are known.

A table stores a partly known date as its first day (2025-03-01 for "March 2025") beside a
precision column: `date` with `date_precision`, `start_date` with `start_precision`. Whatever
prints a result as text (the CLI's table, CSV and Markdown, for reports and queries alike) prints
such a date as 2025-03 or 2025; JSON and the Python API keep the real date and its precision.
"""
from __future__ import annotations

from .sqltext import quote_ident


def precision_column(column: str) -> str:
    """The column that says how precisely `column` is known: date -> date_precision, start_date -> start_precision."""
    return "date_precision" if column == "date" else column.removesuffix("_date") + "_precision"


def dated_columns(columns: list[str], types: list[str]) -> dict[str, str]:
    """Each DATE column whose precision column is in the result too, with that column."""
    present = set(columns)
    return {c: precision_column(c) for c, t in zip(columns, types)
            if t == "DATE" and (c == "date" or c.endswith("_date")) and precision_column(c) in present}


def text_projection(columns: list[str], types: list[str]) -> str | None:
    """The SELECT list that renders every cell as text, partly known dates as precisely as known;
    None when no column needs it (or names repeat, so columns cannot be named one by one)."""
    dated = dated_columns(columns, types)
    if not dated or len(set(columns)) != len(columns):
        return None
    cells = []
    for column in columns:
        name = quote_ident(column)
        if column in dated:
            precision = quote_ident(dated[column])
            cells.append(f"CASE {precision} WHEN 'year' THEN strftime({name}, '%Y') WHEN 'month' THEN strftime({name}, '%Y-%m') "
                         f"ELSE CAST({name} AS VARCHAR) END AS {name}")
        else:
            cells.append(f"CAST({name} AS VARCHAR) AS {name}")
    return ", ".join(cells)
