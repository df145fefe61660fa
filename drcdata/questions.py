"""Make sure a report answers the question the user asked, not an empty or different one.

Before a report runs: records named by name are resolved (references.py), a reversed range
(`<x>_from` after `<x>_to`) is refused, and notes say when a default chose the question (no
place given: Goma) or a date lies past the package's as_of or before the report's data starts.
The notes go to stderr in the CLI and are warnings in the Python API; the report still answers.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .descriptor import Package
from .errors import UsageError
from .references import resolve_references
from .reports import Report, parse_report


@dataclass
class Prepared:
    bound: dict
    notes: list[str] = field(default_factory=list)


def prepare(report: Report, given: dict, con, pkg: Package | None) -> Prepared:
    """`pkg` is needed only when a parameter names a column (see references.needs_package)."""
    bound = report.bind(given)
    notes = resolve_references(report, bound, con, pkg)
    check_ranges(report, bound)
    notes += default_notes(report, bound)
    notes += coverage_notes(report, bound, con)
    return Prepared(bound, notes)


def effective(report: Report, bound: dict) -> dict:
    """Every parameter's value as the report will see it: the one given, else its default."""
    return {p.name: bound[p.name] if p.name in bound else p.default_value
            for p in report.params}


def ranges(report: Report) -> list[tuple[str, str]]:
    """Pairs of parameters that bound a range, by name: date_from and date_to."""
    names = [p.name for p in report.params]
    return [(n, n[:-len("_from")] + "_to") for n in names if n.endswith("_from") and n[:-len("_from")] + "_to" in names]


def check_ranges(report: Report, bound: dict) -> None:
    values = effective(report, bound)
    for low, high in ranges(report):
        if values[low] is not None and values[high] is not None and values[low] > values[high]:
            raise UsageError(f"{report.name}: the range is reversed: {low} {values[low]}{_source(low, bound)} "
                             f"is after {high} {values[high]}{_source(high, bound)}")


def _source(name: str, bound: dict) -> str:
    return "" if name in bound else " (the default)"


def default_notes(report: Report, bound: dict) -> list[str]:
    """A default that picks a record, a day or a phrase answers a question the user did not ask: say so.
    A NULL default means "any" and narrows nothing; a switch (BOOLEAN) left off asks nothing else."""
    return [f"no {p.name} given: using the default {p.default} (give {p.name} to ask about another)"
            for p in report.params if p.name not in bound and p.default_value is not None and p.type != "BOOLEAN"]


def coverage_notes(report: Report, bound: dict, con) -> list[str]:
    """A date past as_of, or before the first dated record the report reads, finds nothing for want of data."""
    dates = {p.name: bound[p.name] for p in report.params if p.type == "DATE" and bound.get(p.name) is not None}
    if not dates:
        return []
    as_of = con.execute("SELECT as_of FROM dataset_info").fetchone()[0]  # the package the database was built from
    start = data_start(report, con)
    lows = {low for low, _ in ranges(report)}
    notes = []
    for name, day in dates.items():
        if day > as_of:
            notes.append(f"{name} {day} is after the package's as_of date {as_of}: the data says nothing after it")
        elif start is not None and day < start and name not in lows:
            notes.append(f"{name} {day} is before this report's data starts ({start}): the data says nothing before it")
    return notes


def data_start(report: Report, con) -> dt.date | None:
    """The earliest date among the records of the tables the report reads (through the reports it reads)."""
    dated = dict(con.execute("SELECT table_name, min(date) FROM records WHERE date IS NOT NULL GROUP BY table_name").fetchall())
    starts = [dated[t] for t in tables_read(report, set(dated))]
    return min(starts) if starts else None


def tables_read(report: Report, tables: set[str], seen: frozenset = frozenset()) -> set[str]:
    """The tables a report's SQL names, and those of the reports it names (timeline for events_between)."""
    words = set(re.findall(r"[a-z_][a-z0-9_]*", report.body))
    found = words & tables
    others = {p.stem for p in report.path.parent.glob("*.sql") if not p.name.startswith("_")}
    for other in sorted(words & others - seen - {report.name}):
        found |= tables_read(parse_report(report.path.parent / f"{other}.sql"), tables, seen | {report.name})
    return found
