"""pandas DataFrames with dtypes taken from the schema: dates as datetimes, enums as categoricals."""
from __future__ import annotations

import re
import warnings

import pandas as pd

from .api import PathLike, connect, prepare_report
from .sqltext import quote_ident
from .descriptor import Resource, load_package
from .errors import ReportNote, UsageError
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
    that is not of the parameter's type, is a UsageError. How it read the question (see
    questions.py) comes as ReportNote warnings."""
    definition, prepared = prepare_report(name, params, db=db, package=package)
    for note in prepared.notes:
        warnings.warn(note, ReportNote, stacklevel=3)
    with connect(db, package) as con:
        return real_dates(con.execute(definition.call_sql(prepared.bound), prepared.bound).df())


# What fmt_date and fmt_end (sql/_functions.sql) print: a date at its precision, an open end, or
# (posts_on) a start no source gives.
_SHOWN_DATE = re.compile(r"^(?P<year>\d{4})(-(?P<month>\d{2}))?(-(?P<day>\d{2}))?$")
_NO_DATE = re.compile(r"^(?P<ongoing>ongoing as of \d{4}-\d{2}-\d{2})$|^unknown$")


def real_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Turn each column of dates printed at their precision (`when`, `since`, `until`...) into real
    datetimes (the first day of a month or year known only so far) with a `<column>_precision`
    column beside it: day, month, year, or ongoing for a period still open at as_of (NaT).
    `drcdata report` and the site keep the printed form."""
    for position, column in reversed(list(enumerate(frame.columns))):
        values = frame[column].dropna()
        if values.empty or not pd.api.types.is_string_dtype(frame[column]) or not all(isinstance(v, str) for v in values):
            continue
        shown = [_SHOWN_DATE.match(v) for v in values]
        if not all(m or _NO_DATE.match(v) for m, v in zip(shown, values)) or not any(shown):
            continue
        precision = frame[column].map(_precision, na_action="ignore")
        frame[column] = pd.to_datetime(frame[column].map(_first_day, na_action="ignore"))
        if f"{column}_precision" not in frame.columns:
            frame.insert(position + 1, f"{column}_precision", precision)
    return frame


def _precision(shown: str) -> str | None:
    match = _SHOWN_DATE.match(shown)
    if not match:
        return "ongoing" if _NO_DATE.match(shown)["ongoing"] else None
    return "day" if match["day"] else "month" if match["month"] else "year"


def _first_day(shown: str):
    match = _SHOWN_DATE.match(shown)
    return None if not match else f"{match['year']}-{match['month'] or '01'}-{match['day'] or '01'}"


def query(sql: str, *, db: PathLike = None, package: PathLike = None) -> pd.DataFrame:
    """The result of one read-only SQL statement as a DataFrame, run on a sandboxed connection."""
    from .sandbox import check_single_read
    check_single_read(sql)
    with connect(db, package) as con:
        return con.execute(sql).df()
