"""The library behind the CLI: build, validate, connect, run reports and queries.

Nothing here imports pandas or frictionless; `frames.py` adds the DataFrame layer.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import duckdb

from .errors import UsageError
from .paths import locate_db, resolve_descriptor, sql_dir
from .reports import Report, named_reports, parse_report
from .runner import DEFAULT_TIMEOUT, Execution, check_limit, check_timeout
from .sandbox import Result, check_single_read, memory_limit_setting, open_readonly

PathLike = str | os.PathLike | None


def build(package: PathLike = None, db: PathLike = None) -> Path:
    from .builder import build as _build
    return _build(package, db)


def validate(package: PathLike = None):
    from .validation import validate as _validate
    return _validate(package)


def connect(db: PathLike = None, package: PathLike = None, *, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    """A sandboxed read-only connection, building the database first if it is missing or stale.

    Which package and database: see `drcdata.paths` (`drcdata info` shows them). It cannot write
    any file (its own database's included), read files or change its settings; queries on it are
    limited to `memory_limit` (default $DRCDATA_MEMORY_LIMIT or 1GB)."""
    return _ready(db, package, memory_limit)[1]


def database_path(db: PathLike = None, package: PathLike = None) -> Path:
    """The database file, built first if it is missing or stale."""
    target, con = _ready(db, package, None)
    con.close()
    return target


def _ready(db, package, memory_limit) -> tuple[Path, duckdb.DuckDBPyConnection]:
    from .dbfile import DatabaseWriteError, check_readable
    from .freshness import is_stale
    descriptor = resolve_descriptor(package)
    where = locate_db(db, descriptor)
    check_readable(where)
    target = where.path
    if not target.exists():
        _build_and_say(descriptor, where, "it did not exist")
    else:
        con = open_readonly(target, memory_limit)
        if not is_stale(con, target, descriptor):
            return target, con
        con.close()
        try:
            _build_and_say(descriptor, where, f"it was older than {descriptor.parent} or built from another package")
        except DatabaseWriteError as exc:
            # Better an answer from the last build than none: say so and use it.
            _say(f"warning: {exc}; using it as it is, older than {descriptor.parent}")
    return target, open_readonly(target, memory_limit)


def _build_and_say(descriptor: Path, where, why: str) -> None:
    from .builder import build_at
    build_at(descriptor, where)
    _say(f"built the database {where.path} from {descriptor.parent} ({why})")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


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
               limit: int | None = None, timeout: float | None = DEFAULT_TIMEOUT,
               memory_limit: str | None = None) -> Result:
    return start_report(name, params, db=db, package=package, limit=limit, timeout=timeout,
                        memory_limit=memory_limit).result()


def run_query(sql: str, *, db: PathLike = None, package: PathLike = None, limit: int | None = None,
              timeout: float | None = DEFAULT_TIMEOUT, memory_limit: str | None = None) -> Result:
    return start_query(sql, db=db, package=package, limit=limit, timeout=timeout, memory_limit=memory_limit).result()


def start_report(name: str, params: dict | None = None, *, db: PathLike = None, package: PathLike = None,
                 limit: int | None = None, timeout: float | None = DEFAULT_TIMEOUT,
                 memory_limit: str | None = None, shape: str | None = None) -> Execution:
    """A running report whose rows can be read batch by batch (`shape` "text" or "json" has DuckDB render them)."""
    from .references import check_references
    report = get_report(name, package)
    bound = report.bind(params or {})
    check = connect(db, package, memory_limit=memory_limit)
    try:
        check_references(report, bound, check)
    finally:
        check.close()
    return _start(report.call_sql(bound), bound, db, package, limit, timeout, memory_limit, shape)


def start_query(sql: str, *, db: PathLike = None, package: PathLike = None, limit: int | None = None,
                timeout: float | None = DEFAULT_TIMEOUT, memory_limit: str | None = None,
                shape: str | None = None) -> Execution:
    check_single_read(sql)
    return _start(sql, None, db, package, limit, timeout, memory_limit, shape)


def _start(sql, params, db, package, limit, timeout, memory_limit, shape) -> Execution:
    check_limit(limit)
    check_timeout(timeout)  # usage errors before any build or connection
    memory_limit_setting(memory_limit)
    return Execution(connect(db, package, memory_limit=memory_limit), sql, params, limit=limit,
                     timeout=timeout, memory_limit=memory_limit, shape=shape)
