"""The library behind the CLI: build, validate, connect, run reports and queries.

Nothing here imports pandas or frictionless; `frames.py` adds the DataFrame layer.
"""
from __future__ import annotations

import os
from pathlib import Path

import duckdb

from .errors import UsageError
from .paths import resolve_db, resolve_descriptor, sql_dir
from .reports import Report, named_reports, parse_report
from .sandbox import Result, check_single_read, open_readonly, run

PathLike = str | os.PathLike | None


def build(package: PathLike = None, db: PathLike = None) -> Path:
    from .builder import build as _build
    return _build(package, db)


def validate(package: PathLike = None):
    from .validation import validate as _validate
    return _validate(package)


def connect(db: PathLike = None, package: PathLike = None) -> duckdb.DuckDBPyConnection:
    """A sandboxed read-only connection, building the database first if it is missing or stale."""
    from .freshness import is_stale
    target = resolve_db(db)
    descriptor = resolve_descriptor(package)
    if target.exists():
        con = open_readonly(target)
        if not is_stale(con, target, descriptor):
            return con
        con.close()
    build(descriptor, target)
    return open_readonly(target)


def reports(package: PathLike = None) -> list[Report]:
    return list(named_reports(sql_dir(resolve_descriptor(package))).values())


def get_report(name: str, package: PathLike = None) -> Report:
    folder = sql_dir(resolve_descriptor(package))
    path = folder / f"{name}.sql"
    if name.isidentifier() and not name.startswith("_") and path.is_file():
        return parse_report(path)  # a report's file is named after it (parse_report checks), so read just that one
    available = named_reports(folder)
    raise UsageError(f"no report named {name!r}; try one of: {', '.join(sorted(available))}")


def run_report(name: str, params: dict | None = None, *, db: PathLike = None, package: PathLike = None,
               limit: int | None = None, timeout: float | None = None) -> Result:
    report = get_report(name, package)
    bound = report.bind(params or {})
    with connect(db, package) as con:
        return run(con, report.call_sql(bound), bound, limit=limit, timeout=timeout)


def run_query(sql: str, *, db: PathLike = None, package: PathLike = None,
              limit: int | None = None, timeout: float | None = None) -> Result:
    check_single_read(sql)
    with connect(db, package) as con:
        return run(con, sql, limit=limit, timeout=timeout)
