"""Build the DuckDB database: validate, create tables from the descriptor, load, add the reports.

The database is written to a temporary file beside the target and renamed over it only when
everything succeeded, so a failed or killed build leaves the previous database as it was.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb

from .sqltext import quote_ident, sql_literal
from .database_objects import DATASET_INFO, create_dataset_info, create_reports, create_tables, package_reports
from .descriptor import Package, Resource
from .errors import Problem, ValidationFailed
from .dbfile import check_replaceable, probe_writable, write_errors
from .paths import Located, locate_db, resolve_descriptor
from .checks import placed_rows_sql, self_reference, typed
from .validation import check_package

TMP_MARK = ".tmp-"
STORAGE_VERSION = "v1.4.0"


def build(package: str | os.PathLike | None = None, db: str | os.PathLike | None = None) -> Path:
    descriptor = resolve_descriptor(package)
    return build_at(descriptor, locate_db(db, descriptor))


def build_at(descriptor: Path, where: Located) -> Path:
    """Build the database at `where` (its origin goes into the messages)."""
    target = where.path
    check_replaceable(where)
    tmp = target.with_name(f"{target.name}{TMP_MARK}{os.getpid()}")
    probe_writable(where, tmp)
    con, report = check_package(descriptor)
    try:
        if not report.valid:
            raise ValidationFailed(report.problems, report.total)
        pkg = report.package
        reports = package_reports(pkg)
        _remove_stale_temporaries(target)
        try:
            with write_errors(where):
                _write(con, pkg, reports, tmp)
                os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            Path(str(tmp) + ".wal").unlink(missing_ok=True)
            raise
    finally:
        con.close()
    return target


def _write(con, pkg: Package, reports, tmp: Path) -> None:
    # Typed table macros need storage v1.4+; duckdb-cli (pinned with duckdb) reads it.
    con.execute(f"ATTACH {sql_literal(str(tmp))} AS out (STORAGE_VERSION '{STORAGE_VERSION}')")
    con.execute("USE out")
    create_tables(con, pkg)
    for resource in pkg.load_order():
        _load(con, resource)
    _write_dataset_info(con, pkg)
    # The package's SQL runs with no file access beyond the database being built, and
    # the CSV reader's settings cannot be brought back.
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    create_reports(con, pkg, reports)
    con.execute("USE memory")
    # A checkpoint of its own first: a failing one names its cause (a full disk); DETACH's does not.
    con.execute("CHECKPOINT out")
    con.execute("DETACH out")


def _load(con, resource: Resource) -> None:
    """Insert from the typed staging view; a self-referencing table goes in parent-first, depth by depth.

    A constraint the database still refuses (validation should have said) is reported, not raised."""
    cols = ", ".join(quote_ident(f.name) for f in resource.fields)
    source = typed(resource).replace("typed.", "memory.typed.", 1)
    target = f"out.main.{quote_ident(resource.name)}"
    fk = self_reference(resource)
    try:
        if fk is None:
            con.execute(f"INSERT INTO {target} ({cols}) SELECT {cols} FROM {source} ORDER BY __row")
            return
        con.execute(f"CREATE OR REPLACE TEMP TABLE placed AS {placed_rows_sql(resource, fk, source)}")
        for (depth,) in con.execute("SELECT DISTINCT depth FROM placed ORDER BY depth").fetchall():
            con.execute(f"INSERT INTO {target} ({cols}) SELECT {cols} FROM {source} JOIN placed USING (__row) "
                        f"WHERE depth = ? ORDER BY __row", [depth])
    except duckdb.ConstraintException as exc:
        raise ValidationFailed([Problem(resource.name, resource.relpath, None, None, None, "database-constraint",
                                        str(exc).strip().splitlines()[0])]) from None
    missing = con.execute(f"SELECT (SELECT count(*) FROM {source}) - (SELECT count(*) FROM {target})").fetchone()[0]
    if missing:
        raise ValidationFailed([Problem(resource.name, resource.relpath, None, fk.fields[0], None, "foreign-key-cycle",
                                        f"{missing} row(s) reference each other in a cycle")])


def _write_dataset_info(con, pkg: Package) -> None:
    create_dataset_info(con)
    con.execute(f"INSERT INTO {DATASET_INFO} VALUES (?, ?, ?, ?, ?, ?)",
                [pkg.name, pkg.title, pkg.version, pkg.as_of, dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
                 str(pkg.descriptor_path.resolve())])


def _remove_stale_temporaries(target: Path) -> None:
    """Left by a build that was killed; never the database itself."""
    for leftover in target.parent.glob(f"{target.name}{TMP_MARK}*"):
        pid = leftover.name.rsplit(TMP_MARK, 1)[-1].split(".")[0]
        if pid.isdigit() and not _alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
