"""pandas DataFrames with dtypes taken from the schema: dates as datetimes, enums as categoricals."""
from __future__ import annotations

import pandas as pd

from .api import PathLike, connect, get_report
from .sqltext import quote_ident
from .descriptor import Resource, load_package
from .errors import UsageError
from .paths import resolve_descriptor


def load(table: str, *, db: PathLike = None, package: PathLike = None) -> pd.DataFrame:
    """One table as a DataFrame typed from the schema (see apply_schema_dtypes); the database is
    built first if it is missing or stale. An unknown table is a UsageError listing the real ones."""
    pkg = load_package(resolve_descriptor(package))
    names = [r.name for r in pkg.resources]
    if table not in names:
        raise UsageError(f"no table named {table!r}; the tables are: {', '.join(names)}")
    with connect(db, package) as con:
        frame = con.execute(f"SELECT * FROM {quote_ident(table)}").df()
    return apply_schema_dtypes(frame, pkg.resource(table))


def apply_schema_dtypes(frame: pd.DataFrame, resource: Resource) -> pd.DataFrame:
    """Give each column the dtype its schema field implies: dates as datetimes, enums as
    categoricals (every allowed value a category), integers as Int64, booleans as boolean and
    numbers as Float64 (nullable, so a missing value stays missing). Changes `frame` in place."""
    for f in resource.fields:
        column = frame[f.name]
        if f.type in ("date", "datetime"):
            frame[f.name] = pd.to_datetime(column)
        elif f.enum is not None:
            frame[f.name] = pd.Categorical(column, categories=list(f.enum))
        elif f.type in ("integer", "year"):
            frame[f.name] = column.astype("Int64")
        elif f.type == "boolean":
            frame[f.name] = column.astype("boolean")
        elif f.type == "number":
            frame[f.name] = column.astype("Float64")
    return frame


def report(name: str, *, db: PathLike = None, package: PathLike = None, **params) -> pd.DataFrame:
    """A named report as a DataFrame; its parameters are keyword arguments, e.g.
    report("control_as_of", on_date="2025-03-01"). An unknown report or parameter, or a value
    that is not of the parameter's type, is a UsageError."""
    definition = get_report(name, package)
    bound = definition.bind(params)
    with connect(db, package) as con:
        return con.execute(definition.call_sql(bound), bound).df()


def query(sql: str, *, db: PathLike = None, package: PathLike = None) -> pd.DataFrame:
    """The result of one read-only SQL statement as a DataFrame, run on a sandboxed connection."""
    from .sandbox import check_single_read
    check_single_read(sql)
    with connect(db, package) as con:
        return con.execute(sql).df()
