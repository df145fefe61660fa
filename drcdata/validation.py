"""Validate a data package: stage the CSVs, then run the generated checks and the dataset rules."""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import duckdb

from .checks import (Check, field_checks, foreign_key_checks, nul_checks, patterns_implied_by_foreign_keys,
                     primary_key_check, self_reference_checks)
from .database_objects import rehearse
from .descriptor import Package, load_package
from .errors import DescriptorError, Problem, format_problems
from .paths import resolve_descriptor
from .rules import create_typed_views, dataset_rules, keyed_by_id, prepare_rule_tables
from .staging import RAW, stage

EXAMPLES_PER_CHECK = 20


@dataclass
class ValidationReport:
    """What validate() found: `valid`, the failures in all (`total`) and the first of each check (`problems`)."""

    package: Package
    problems: list[Problem] = field(default_factory=list)   # the first failures of each check
    total: int = 0                                           # every failure, shown or not

    @property
    def valid(self) -> bool:
        return self.total == 0


def open_staging() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(config={"memory_limit": os.environ.get("DRCDATA_MEMORY_LIMIT", "1GB"),
                                 "preserve_insertion_order": True})
    con.execute("SET TimeZone = 'UTC'")  # a datetime without an offset is UTC (checks.typed_value)
    con.execute("CREATE SCHEMA stg")
    con.execute(f"CREATE SCHEMA {RAW}")
    return con


def check_package(package: str | os.PathLike | None = None) -> tuple[duckdb.DuckDBPyConnection, ValidationReport]:
    """Stage and check; returns the staging connection (typed views ready) for the build to load from."""
    pkg = load_package(resolve_descriptor(package))
    rehearse(pkg)  # what the database would refuse is a descriptor error now, not a failed build later
    con = open_staging()
    try:
        return con, _check(con, pkg)
    except BaseException:
        con.close()
        raise


def _check(con, pkg: Package) -> ValidationReport:
    report = ValidationReport(pkg)
    usable: set[str] = set()
    with_nul: set[str] = set()
    for resource, staged in zip(pkg.resources, _stage_all(con, pkg)):
        _add(report, staged.problems, len(staged.problems))
        if staged.ok:
            usable.add(resource.name)
        if staged.has_nul:
            with_nul.add(resource.name)
    checks: list[Check] = []
    implied = patterns_implied_by_foreign_keys(pkg, usable)
    for resource in pkg.resources:
        if resource.name in usable:
            checks += field_checks(resource, implied.get(resource.name, frozenset()))
            checks += self_reference_checks(resource)
            if resource.name in with_nul:
                checks += nul_checks(resource)
            if not keyed_by_id(resource):
                checks += primary_key_check(resource)
    checks += foreign_key_checks(pkg, usable)
    # Badly typed cells cast to NULL in the typed views; the type checks report them, and the
    # dataset rules skip NULLs.
    create_typed_views(con, [r for r in pkg.resources if r.name in usable])
    prepare_rule_tables(con, pkg, usable)
    _run_all(con, checks + dataset_rules(pkg, usable), report)
    return report


def _stage_all(con, pkg: Package) -> list:
    """Stage the files side by side: DuckDB reads a small CSV on one thread, so files overlap well."""
    workers = min(len(pkg.resources), (os.cpu_count() or 1) + 1)
    with ThreadPoolExecutor(workers) as pool:
        # Largest files first, so no big file starts last and runs alone.
        futures = {r.name: pool.submit(stage, con.cursor(), r) for r in sorted(pkg.resources, key=_size, reverse=True)}
        return [futures[r.name].result() for r in pkg.resources]


def _size(resource) -> int:
    try:
        return resource.path.stat().st_size
    except OSError:
        return 0  # stage() reports the missing or unreadable file


def validate(package: str | os.PathLike | None = None) -> ValidationReport:
    con, report = check_package(package)
    con.close()
    return report


def _run_all(con, checks: list[Check], report: ValidationReport) -> None:
    """Row checks are counted in one pass per table, and only those that failed are read again for
    their first rows; every other check returns its count and first rows at once."""
    row_totals = _count_row_checks(con, checks)
    again = [i for i, check in enumerate(checks) if not check.condition or row_totals[i]]
    for check_no, total, first in _first_failures(con, checks, again):
        check = checks[check_no]
        report.problems.extend(Problem(check.resource.name, check.resource.relpath, row, check.field,
                                       value, check.rule, check.message) for row, value in first)
        report.total += total


def _count_row_checks(con, checks: list[Check]) -> dict[int, int]:
    """A valid table (the common case) is judged in a single pass, without sorting or fetching a row."""
    by_table: dict[str, list[int]] = {}
    for i, check in enumerate(checks):
        if check.condition:
            by_table.setdefault(check.table, []).append(i)
    if not by_table:
        return {}
    groups = list(by_table.items())
    sql = " UNION ALL ".join(
        f"SELECT {g} AS g, [{', '.join(f'count_if({checks[i].condition})' for i in members)}] AS counts FROM {table}"
        for g, (table, members) in enumerate(groups))
    return {i: count for g, counts in _fetch(con, sql) for i, count in zip(groups[g][1], counts)}


def _first_failures(con, checks: list[Check], indices: list[int]) -> list[tuple]:
    """(check, total, [(row, value), ...]) for each check that fails, first rows first.

    A top-N aggregate keeps memory bounded however many rows fail. (The pair is one struct
    because min_by skips NULL arguments, and a failing value is often NULL.) Kept apart from the
    per-table counts: DuckDB 1.5 once took minutes, uninterruptibly, to plan a union of count_if
    scans and self-joins, and the split keeps the counting statement simple."""
    if not indices:
        return []
    sql = " UNION ALL ".join(
        f"SELECT {i} AS check_no, count(*) AS total, "
        f"min_by((__row, CAST(value AS VARCHAR)), __row, {EXAMPLES_PER_CHECK}) AS first FROM ({checks[i].sql}) "
        f"HAVING count(*) > 0" for i in indices)
    return [(i, total, [tuple(pair) for pair in first])
            for i, total, first in _fetch(con, sql + " ORDER BY check_no")]


def _fetch(con, sql: str) -> list[tuple]:
    try:
        return con.execute(sql).fetchall()
    except duckdb.Error as exc:  # e.g. a pattern in the descriptor that is not a valid regular expression
        raise DescriptorError(f"the checks generated from the descriptor could not run: {str(exc).splitlines()[0]}") from None


def _add(report: ValidationReport, problems: list[Problem], count: int) -> None:
    report.problems.extend(problems)
    report.total += count


def format_report(report: ValidationReport, limit: int = 50) -> str:
    if report.valid:
        return f"{report.package.descriptor_path}: valid ({len(report.package.resources)} resources)"
    lines = format_problems(report.problems, report.total, limit)
    lines.append(f"{report.package.descriptor_path}: invalid: {report.total} error(s)")
    return "\n".join(lines)

