"""pandas DataFrames with dtypes taken from the schema: dates as datetimes, enums as categoricals."""
from __future__ import annotations

import warnings

import pandas as pd

from .api import PathLike, connect, prepare_report
from .sqltext import quote_ident
from .descriptor import Resource, load_package
from .errors import ReportNote, UsageError
from .paths import resolve_descriptor


def load(table: str, *, db: PathLike = None, package: PathLike = None) -> pd.DataFrame:
    pkg = load_package(resolve_descriptor(package))
    names = [r.name for r in pkg.resources]
    if table not in names:
        raise UsageError(f"no table named {table!r}; the tables are: {', '.join(names)}")
    with connect(db, package) as con:
        frame = con.execute(f"SELECT * FROM {quote_ident(table)}").df()
    return apply_schema_dtypes(frame, pkg.resource(table))


def apply_schema_dtypes(frame: pd.DataFrame, resource: Resource) -> pd.DataFrame:
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
    """A named report as a DataFrame; how it read the question (see questions.py) comes as ReportNote warnings."""
    definition, prepared = prepare_report(name, params, db=db, package=package)
    for note in prepared.notes:
        warnings.warn(note, ReportNote, stacklevel=3)
    with connect(db, package) as con:
        return con.execute(definition.call_sql(prepared.bound), prepared.bound).df()


def query(sql: str, *, db: PathLike = None, package: PathLike = None) -> pd.DataFrame:
    from .sandbox import check_single_read
    check_single_read(sql)
    with connect(db, package) as con:
        return con.execute(sql).df()
