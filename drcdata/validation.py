"""Validate a data package: stage the CSVs, then run the generated checks and the dataset rules."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

import duckdb

from .checks import Check, field_checks, foreign_key_checks
from .descriptor import Package, load_package
from .errors import Problem, format_problems
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
    report = ValidationReport(pkg)
    usable: set[str] = set()
    for resource in pkg.resources:
        staged, problems = stage(con, resource)
        _add(report, problems, len(problems))
        if staged.ok:
            usable.add(resource.name)
    checks: list[Check] = []
    for resource in pkg.resources:
        if resource.name in usable:
            checks += field_checks(resource)
    checks += foreign_key_checks(pkg, usable)
    for check in checks:
        _run(con, check, report)
    # Badly typed cells cast to NULL here; they are reported above, and the rules skip NULLs.
    create_typed_views(con, [r for r in pkg.resources if r.name in usable])
    prepare_rule_tables(con, pkg, usable)
    for check in dataset_rules(pkg, usable):
        _run(con, check, report)
    return con, report


def validate(package: str | os.PathLike | None = None) -> ValidationReport:
    con, report = check_package(package)
    con.close()
    return report


def _run(con, check: Check, report: ValidationReport) -> None:
    rows = con.execute(
        f"SELECT __row, value, count(*) OVER () FROM ({check.sql}) ORDER BY __row LIMIT {EXAMPLES_PER_CHECK}"
    ).fetchall()
    if not rows:
        return
    problems = [Problem(check.resource.name, check.resource.relpath, row, check.field,
                        None if value is None else str(value), check.rule, check.message)
                for row, value, _ in rows]
    _add(report, problems, rows[0][2])


def _add(report: ValidationReport, problems: list[Problem], count: int) -> None:
    report.problems.extend(problems)
    report.total += count


def format_report(report: ValidationReport, limit: int = 50) -> str:
    if report.valid:
        return f"{report.package.descriptor_path}: valid ({len(report.package.resources)} resources)"
    lines = format_problems(report.problems, report.total, limit)
    lines.append(f"{report.package.descriptor_path}: invalid: {report.total} error(s)")
    return "\n".join(lines)

