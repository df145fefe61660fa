"""Create what the database holds besides the rows: the tables, dataset_info and the reports.

The build creates them in the database it writes; validation creates them first in an empty,
file-less database (`rehearse`), so anything the database would refuse (a name taken twice, a
key it cannot declare, a report that does not bind) is a descriptor error from `validate`
naming the resource or the file, and a build never fails on it after validate passed.
"""
from __future__ import annotations

import re

import duckdb

from .checks import REPRESENTABLE, TYPE_FORMS, typed_value
from .ddl import comment_sql, create_table_sql
from .descriptor import Package, Resource
from .errors import DescriptorError, duckdb_message
from .reports import Report, load_reports
from .paths import sql_dir
from .sqltext import quote_ident

DATASET_INFO = "dataset_info"


def package_reports(pkg: Package) -> list[Report]:
    return load_reports(sql_dir(pkg.descriptor_path))


def rehearse(pkg: Package) -> None:
    """Everything `build` creates, created in an empty in-memory database with no file access."""
    reports = package_reports(pkg)
    con = duckdb.connect(config={"enable_external_access": False})
    try:
        check_constraint_values(con, pkg)
        create_tables(con, pkg)
        create_dataset_info(con)
        create_reports(con, pkg, reports)
    finally:
        con.close()


def create_tables(con, pkg: Package) -> None:
    for resource in pkg.load_order():
        for statement in [create_table_sql(resource), *comment_sql(resource)]:
            try:
                con.execute(statement)
            except duckdb.Error as exc:
                raise _refused(pkg, resource, exc) from None


def create_dataset_info(con) -> None:
    con.execute(f"""CREATE TABLE {DATASET_INFO} (name VARCHAR, title VARCHAR, version VARCHAR, as_of DATE,
                                                 built_at TIMESTAMP, package_path VARCHAR)""")
    con.execute(f"COMMENT ON TABLE {DATASET_INFO} IS 'Which package this database was built from, its version and as_of date.'")


def create_reports(con, pkg: Package, reports: list[Report]) -> None:
    """Views and macros; one that uses another not yet created is retried after it.

    A helper file's statements are created one by one, so one that waits does not re-run the others."""
    _names_free(pkg, reports)
    pending = [(r.path, sql) for r in reports
               for sql in ([s.query for s in duckdb.extract_statements(r.body)] if r.is_helper else [r.create_sql()])]
    while pending:
        failed = []
        for path, sql in pending:
            try:
                con.execute(sql)
            except duckdb.CatalogException as exc:
                failed.append((path, sql, exc))
            except duckdb.Error as exc:
                raise DescriptorError(f"{path}: {duckdb_message(exc)}") from None
        if len(failed) == len(pending):
            path, _, exc = failed[0]
            raise DescriptorError(f"{path}: {duckdb_message(exc)}")
        pending = [(path, sql) for path, sql, _ in failed]
    for report_def in reports:
        for statement in report_def.comment_sql():
            try:
                con.execute(statement)
            except duckdb.Error as exc:
                raise DescriptorError(f"{report_def.path}: its header's notes do not fit what it creates: "
                                      f"{duckdb_message(exc)}") from None


def check_constraint_values(con, pkg: Package) -> None:
    """A pattern must be a regular expression DuckDB compiles, and an enum value a value of the
    field's type (the table's CHECK casts it)."""
    for resource in pkg.resources:
        for f in resource.fields:
            where = f"{pkg.descriptor_path}: resource {resource.name!r}, field {f.name!r}"
            if f.pattern:
                try:
                    con.execute("SELECT regexp_full_match('', $pattern)", {"pattern": f.pattern})
                except duckdb.Error as exc:
                    raise DescriptorError(f"{where}, 'pattern': not a valid regular expression: "
                                          f"{str(exc).strip().splitlines()[0]}") from None
            if f.enum is None or f.type not in TYPE_FORMS:
                continue
            ok = f"({TYPE_FORMS[f.type].format(v='x')})"
            if f.type in REPRESENTABLE:
                ok += f" AND ({REPRESENTABLE[f.type][0].format(t=typed_value(f, 'x'), v='x')})"
            bad = con.execute(f"SELECT x FROM (SELECT unnest($values::VARCHAR[]) AS x) WHERE NOT ({ok}) LIMIT 1",
                              {"values": list(f.enum)}).fetchall()
            if bad:
                raise DescriptorError(f"{where}, 'enum': {bad[0][0]!r} is not a valid {f.type}")


def _names_free(pkg: Package, reports: list[Report]) -> None:
    """A table, a report and a helper's view or macro share one namespace in the database."""
    tables = {r.name for r in pkg.resources}
    for report_def in reports:
        if not report_def.is_helper and report_def.name in tables:
            raise DescriptorError(f"{pkg.descriptor_path}: resource {report_def.name!r} has the name of the report "
                                  f"{report_def.path}; rename one of them")
        for name in _CREATED.findall(report_def.body) if report_def.is_helper else ():
            if name.strip('"').lower() in tables:
                raise DescriptorError(f"{pkg.descriptor_path}: resource {name.strip(chr(34))!r} has the name of a view "
                                      f"or macro that sql/{report_def.path.name} creates; rename one of them")


_CREATED = re.compile(r"\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?(?:VIEW|MACRO|FUNCTION|TABLE)\s+"
                      r"(?:IF\s+NOT\s+EXISTS\s+)?(\"[^\"]+\"|\w+)", re.IGNORECASE)


def _refused(pkg: Package, resource: Resource, exc: duckdb.Error) -> DescriptorError:
    return DescriptorError(f"{pkg.descriptor_path}: resource {resource.name!r}: the database cannot declare its table "
                           f"{quote_ident(resource.name)}: {str(exc).strip().splitlines()[0]}")
