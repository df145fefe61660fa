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
from .ddl import schema_sql
from .descriptor import Package, Resource
from .errors import DescriptorError, Problem, ValidationFailed
from .dbfile import check_replaceable, probe_writable, write_errors
from .paths import Located, locate_db, resolve_descriptor, sql_dir
from .reports import load_reports
from .rules import typed
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
        reports = load_reports(sql_dir(pkg.descriptor_path))
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
    for statement in schema_sql(pkg):
        con.execute(statement)
    for resource in pkg.load_order():
        _load(con, resource)
    _write_dataset_info(con, pkg)
    # The package's SQL runs with no file access beyond the database being built, and
    # the CSV reader's settings cannot be brought back.
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    _create_reports(con, reports)
    con.execute("USE memory")
    # A checkpoint of its own first: a failing one names its cause (a full disk); DETACH's does not.
    con.execute("CHECKPOINT out")
    con.execute("DETACH out")


def _load(con, resource: Resource) -> None:
    """Insert from the typed staging view; a self-referencing table goes in parent-first, level by level."""
    cols = ", ".join(quote_ident(f.name) for f in resource.fields)
    source = typed(resource).replace("typed.", "memory.typed.", 1)
    target = f"out.main.{quote_ident(resource.name)}"
    self_fk = next((fk for fk in resource.foreign_keys if fk.resource == resource.name and len(fk.fields) == 1), None)
    if self_fk is None:
        con.execute(f"INSERT INTO {target} ({cols}) SELECT {cols} FROM {source} ORDER BY __row")
        return
    ref, key = quote_ident(self_fk.fields[0]), quote_ident(self_fk.reference_fields[0])
    while con.execute(
            f"""INSERT INTO {target} ({cols})
                SELECT {cols} FROM {source} s
                WHERE s.{key} NOT IN (SELECT {key} FROM {target})
                  AND (s.{ref} IS NULL OR s.{ref} IN (SELECT {key} FROM {target}))
                ORDER BY __row""").fetchone()[0]:
        pass
    missing = con.execute(f"SELECT count(*) FROM {source} WHERE {key} NOT IN (SELECT {key} FROM {target})").fetchone()[0]
    if missing:
        raise ValidationFailed([Problem(resource.name, resource.relpath, None, self_fk.fields[0], None, "foreign-key-cycle",
                                        f"{missing} row(s) reference each other in a cycle")])


def _create_reports(con, reports) -> None:
    """Create views and macros; one that uses another not yet created is retried after it."""
    pending = list(reports)
    while pending:
        failed = []
        for report_def in pending:
            try:
                con.execute(report_def.create_sql())
            except duckdb.CatalogException as exc:
                failed.append((report_def, exc))
            except duckdb.Error as exc:
                raise DescriptorError(f"{report_def.path}: {str(exc).strip().splitlines()[0]}") from None
        if len(failed) == len(pending):
            report_def, exc = failed[0]
            raise DescriptorError(f"{report_def.path}: {str(exc).strip().splitlines()[0]}")
        pending = [report_def for report_def, _ in failed]


def _write_dataset_info(con, pkg: Package) -> None:
    con.execute("""CREATE TABLE dataset_info (name VARCHAR, title VARCHAR, version VARCHAR, as_of DATE,
                                              built_at TIMESTAMP, package_path VARCHAR)""")
    con.execute("INSERT INTO dataset_info VALUES (?, ?, ?, ?, ?, ?)",
                [pkg.name, pkg.title, pkg.version, pkg.as_of, dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
                 str(pkg.descriptor_path.resolve())])
    con.execute("COMMENT ON TABLE dataset_info IS 'Which package this database was built from, its version and as_of date.'")


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
