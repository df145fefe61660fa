"""drcdata: a sourced dataset on the 2025 DRC-US minerals-for-security story, with a SQL layer.

    import drcdata
    drcdata.build()                          # validate and (re)build the DuckDB database
    drcdata.validate().valid                 # True when every check passes
    drcdata.load("meetings")                 # a DataFrame with schema dtypes
    drcdata.report("control_as_of", on_date="2025-03-01")
    con = drcdata.connect()                  # read-only DuckDB connection
    drcdata.info()                           # which package and database, and their state

Which package and database: inside a checkout (found from the working directory upward) the
checkout's data and its build/drcdata.duckdb; elsewhere the bundled data and the user cache;
$DRCDATA_PACKAGE, $DRCDATA_DB or the `package` and `db` arguments override (drcdata.paths).

pandas is imported only by the functions that return DataFrames.
"""
from __future__ import annotations

from .api import build, connect, reports, run_query, run_report, validate  # noqa: E402,F401


def info(db=None, package=None) -> dict:
    """Version, package and database paths (and what chose them), the database's state, as_of, rows per table."""
    from .info import info as _info
    return _info(db, package)


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
    # One version, read from the datapackage.json that came with the code (pyproject.toml reads
    # the same line through hatch); `drcdata info` also shows the version of the package in use.
    if name == "__version__":
        import json
        from .paths import DESCRIPTOR, bundled_package_dir
        return json.loads((bundled_package_dir() / DESCRIPTOR).read_text(encoding="utf-8"))["version"]
    raise AttributeError(f"module 'drcdata' has no attribute {name!r}")
