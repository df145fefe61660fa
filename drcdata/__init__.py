"""drcdata: a sourced dataset on the 2025 DRC-US minerals-for-security story, with a SQL layer.

    import drcdata
    drcdata.build()                          # validate and (re)build the DuckDB database
    drcdata.validate().valid                 # True when every check passes
    drcdata.load("meetings")                 # a DataFrame with schema dtypes
    drcdata.report("control_as_of", on_date="2025-03-01")
    con = drcdata.connect()                  # read-only DuckDB connection

pandas is imported only by the functions that return DataFrames.
"""
from __future__ import annotations

__version__ = "0.1.0"

from .api import build, connect, reports, run_query, run_report, validate  # noqa: E402,F401


def load(table: str, **kwargs):
    from .frames import load as _load
    return _load(table, **kwargs)


def report(name: str, **kwargs):
    from .frames import report as _report
    return _report(name, **kwargs)


def query(sql: str, **kwargs):
    from .frames import query as _query
    return _query(sql, **kwargs)
