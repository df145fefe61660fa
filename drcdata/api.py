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
from .memory_guard import memory_limit_setting
from .sandbox import Result, check_single_read, open_readonly

PathLike = str | os.PathLike | None


def build(package: PathLike = None, db: PathLike = None) -> Path:
    """Validate the package and write the DuckDB database; returns its path.

    `package` is a datapackage.json or its folder, `db` the database file (both default to the
    ones every command uses). The build is atomic: invalid data raises ValidationFailed and a
    failed build leaves the old database as it was."""
    from .builder import build as _build
    return _build(package, db)


def validate(package: PathLike = None):
    """Check the CSVs against datapackage.json and the dataset's rules, without building.

    Returns a ValidationReport: `.valid` is True when every check passes, `.total` counts the
    failures and `.problems` holds the first of each check with its file, row, field, value and rule."""
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
    """The named reports (name, title, question, parameters), read from the package's sql/ files."""
    return list(named_reports(sql_dir(resolve_descriptor(package))).values())


def get_report(name: str, package: PathLike = None) -> Report:
    """One named report; an unknown name is a UsageError that lists the real ones."""
    folder = sql_dir(resolve_descriptor(package))
    path = folder / f"{name}.sql"
    if name.isidentifier() and not name.startswith("_") and path.is_file():
        return parse_report(path)  # a report's file is named after it (parse_report checks), so read just that one
    available = named_reports(folder)
    raise UsageError(f"no report named {name!r}; try one of: {', '.join(sorted(available))}")


def report_choices(chosen: list[Report], package: PathLike = None) -> dict[str, dict[str, tuple[str, ...]]]:
    """For each report, the allowed values of each parameter that names an enum column (datapackage.json)."""
    from .descriptor import load_package
    from .references import choices_of
    from .references import needs_package
    if not any(needs_package(r) for r in chosen):
        return {r.name: {} for r in chosen}
    pkg = load_package(resolve_descriptor(package))
    return {r.name: {p.name: allowed for p in r.params if (allowed := choices_of(p, pkg)) is not None} for r in chosen}


def run_report(name: str, params: dict | None = None, *, db: PathLike = None, package: PathLike = None,
               limit: int | None = None, timeout: float | None = DEFAULT_TIMEOUT,
               memory_limit: str | None = None) -> Result:
    """Run a named report with its parameters (e.g. {"on_date": "2025-03-01"}) in the sandbox.

    Returns a Result: column names, DuckDB types and the rows as Python values; `truncated`
    says whether `limit` cut it. The timeout (seconds) and memory limit bound the query."""
    return start_report(name, params, db=db, package=package, limit=limit, timeout=timeout,
                        memory_limit=memory_limit).result()


def run_query(sql: str, *, db: PathLike = None, package: PathLike = None, limit: int | None = None,
              timeout: float | None = DEFAULT_TIMEOUT, memory_limit: str | None = None) -> Result:
    """Run one read-only SQL statement in the sandbox; returns a Result as run_report does.

    Anything but a single read (a write, a file read, several statements) raises QueryRefused."""
    return start_query(sql, db=db, package=package, limit=limit, timeout=timeout, memory_limit=memory_limit).result()


def start_report(name: str, params: dict | None = None, *, db: PathLike = None, package: PathLike = None,
                 limit: int | None = None, timeout: float | None = DEFAULT_TIMEOUT,
                 memory_limit: str | None = None, shape: str | None = None) -> Execution:
    """A running report whose rows can be read batch by batch (`shape` "text" or "json" has DuckDB render them).

    Its `notes` say how the question was read (a name resolved, a default used, a date past as_of)."""
    report, prepared = prepare_report(name, params, db=db, package=package, memory_limit=memory_limit)
    execution = _start(report.call_sql(prepared.bound), prepared.bound, db, package, limit, timeout, memory_limit, shape)
    execution.notes = prepared.notes
    return execution


def prepare_report(name: str, params: dict | None = None, *, db: PathLike = None, package: PathLike = None,
                   memory_limit: str | None = None):
    """The report and its parameters checked, resolved and bound, with notes on how they were read."""
    from .descriptor import load_package
    from .questions import prepare
    from .references import needs_package
    report = get_report(name, package)
    report.bind(params or {})  # a malformed value is a usage error before any build
    check = connect(db, package, memory_limit=memory_limit)
    try:
        pkg = load_package(resolve_descriptor(package)) if needs_package(report) else None
        return report, prepare(report, params or {}, check, pkg)
    finally:
        check.close()


def start_query(sql: str, *, db: PathLike = None, package: PathLike = None, limit: int | None = None,
                timeout: float | None = DEFAULT_TIMEOUT, memory_limit: str | None = None,
                shape: str | None = None) -> Execution:
    """A running query whose rows can be read batch by batch (see start_report)."""
    check_single_read(sql)
    return _start(sql, None, db, package, limit, timeout, memory_limit, shape)


def _start(sql, params, db, package, limit, timeout, memory_limit, shape) -> Execution:
    check_limit(limit)
    check_timeout(timeout)  # usage errors before any build or connection
    memory_limit_setting(memory_limit)
    return Execution(connect(db, package, memory_limit=memory_limit), sql, params, limit=limit,
                     timeout=timeout, memory_limit=memory_limit, shape=shape)
