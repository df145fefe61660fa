"""Validate a data package: stage the CSVs, then run the generated checks and the dataset rules."""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import duckdb

from .checks import Check, field_checks, foreign_key_checks
from .descriptor import Package, load_package
from .errors import DescriptorError, Problem, format_problems
from .paths import resolve_descriptor
from .rules import create_typed_views, dataset_rules, prepare_rule_tables
from .staging import stage

EXAMPLES_PER_CHECK = 20


@dataclass
class ValidationReport:
    package: Package
    problems: list[Problem] = field(default_factory=list)   # the first failures of each check
    total: int = 0                                           # every failure, shown or not

    @property
    def valid(self) -> bool:
        return self.total == 0


def open_staging() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(config={"memory_limit": os.environ.get("DRCDATA_MEMORY_LIMIT", "1GB"),
                                 "preserve_insertion_order": True})
    con.execute("CREATE SCHEMA stg")
    return con


def check_package(package: str | os.PathLike | None = None) -> tuple[duckdb.DuckDBPyConnection, ValidationReport]:
    """Stage and check; returns the staging connection (typed views ready) for the build to load from."""
    pkg = load_package(resolve_descriptor(package))
    con = open_staging()
    try:
        return con, _check(con, pkg)
    except BaseException:
        con.close()
        raise


def _check(con, pkg: Package) -> ValidationReport:
    report = ValidationReport(pkg)
    usable: set[str] = set()
    for resource, (ok, problems) in zip(pkg.resources, _stage_all(con, pkg)):
        _add(report, problems, len(problems))
        if ok:
            usable.add(resource.name)
    checks: list[Check] = []
    for resource in pkg.resources:
        if resource.name in usable:
            checks += field_checks(resource)
    checks += foreign_key_checks(pkg, usable)
    # Badly typed cells cast to NULL in the typed views; the type checks report them, and the
    # dataset rules skip NULLs. Everything then runs as one statement.
    create_typed_views(con, [r for r in pkg.resources if r.name in usable])
    prepare_rule_tables(con, pkg, usable)
    _run_all(con, checks + dataset_rules(pkg, usable), report)
    return report


def _stage_all(con, pkg: Package) -> list:
    """Stage the files side by side: DuckDB reads a small CSV on one thread, so files overlap well."""
    workers = min(len(pkg.resources), (os.cpu_count() or 1) + 1)
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda resource: stage(con.cursor(), resource), pkg.resources))


def validate(package: str | os.PathLike | None = None) -> ValidationReport:
    con, report = check_package(package)
    con.close()
    return report


def _run_all(con, checks: list[Check], report: ValidationReport) -> None:
    """All checks in one statement: DuckDB plans the scans together, and we pay one round trip.

    Each check keeps its first failures (by row) and the count of all of them."""
    if not checks:
        return
    branches = " UNION ALL ".join(
        f"SELECT {i} AS check_no, __row, CAST(value AS VARCHAR) AS value FROM ({check.sql})"
        for i, check in enumerate(checks))
    try:
        rows = con.execute(
        f"""SELECT check_no, __row, value, total FROM (
              SELECT *, count(*) OVER (PARTITION BY check_no) AS total,
                     row_number() OVER (PARTITION BY check_no ORDER BY __row) AS nth
              FROM ({branches}))
            WHERE nth <= {EXAMPLES_PER_CHECK} ORDER BY check_no, __row""").fetchall()
    except duckdb.Error as exc:  # e.g. a pattern in the descriptor that is not a valid regular expression
        raise DescriptorError(f"the checks generated from the descriptor could not run: {str(exc).splitlines()[0]}") from None
    counted = set()
    for check_no, row, value, total in rows:
        check = checks[check_no]
        report.problems.append(Problem(check.resource.name, check.resource.relpath, row, check.field,
                                       value, check.rule, check.message))
        if check_no not in counted:
            counted.add(check_no)
            report.total += total


def _add(report: ValidationReport, problems: list[Problem], count: int) -> None:
    report.problems.extend(problems)
    report.total += count


def format_report(report: ValidationReport, limit: int = 50) -> str:
    if report.valid:
        return f"{report.package.descriptor_path}: valid ({len(report.package.resources)} resources)"
    lines = format_problems(report.problems, report.total, limit)
    lines.append(f"{report.package.descriptor_path}: invalid: {report.total} error(s)")
    return "\n".join(lines)

