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

from .api import build, connect, reports, run_query, run_report, validate  # noqa: E402,F401


def load(table: str, **kwargs):
    """One table as a pandas DataFrame with dtypes from the schema (see drcdata.frames.load)."""
    from .frames import load as _load
    return _load(table, **kwargs)


def report(name: str, **kwargs):
    """A named report as a pandas DataFrame; parameters are keywords (see drcdata.frames.report)."""
    from .frames import report as _report
    return _report(name, **kwargs)


def query(sql: str, **kwargs):
    """One read-only SQL statement's result as a pandas DataFrame (see drcdata.frames.query)."""
    from .frames import query as _query
    return _query(sql, **kwargs)


def __getattr__(name: str):
    # One version, read from datapackage.json (pyproject.toml reads the same line through hatch).
    if name == "__version__":
        import json
        from .paths import DESCRIPTOR, default_package_dir
        return json.loads((default_package_dir() / DESCRIPTOR).read_text(encoding="utf-8"))["version"]
    raise AttributeError(f"module 'drcdata' has no attribute {name!r}")
