"""Read-only, locked-down DuckDB connections and a guard that lets through one read statement.

Statements are classified by DuckDB's own parser. The connection itself is the real wall:
read-only, no file or network access, configuration locked, so even a statement that slipped
past the guard could not write, read files or change settings.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .errors import DrcdataError, QueryRefused

SANDBOX_CONFIG = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}
READ_STATEMENTS = {"SELECT", "EXPLAIN"}


@dataclass
class Result:
    columns: list[str]
    types: list[str]
    rows: list[tuple]
    truncated: bool = False


def open_readonly(db: Path) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(db), read_only=True, config=SANDBOX_CONFIG)
    except duckdb.Error as exc:
        raise DrcdataError(f"cannot open the database {db}: {exc}") from None


def check_single_read(sql: str) -> None:
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefused(f"the query does not parse: {_first_line(exc)}") from None
    if len(statements) != 1:
        raise QueryRefused(f"only a single statement is allowed; this has {len(statements)}")
    kind = statements[0].type.name
    if kind not in READ_STATEMENTS:
        raise QueryRefused(f"only read queries (SELECT) are allowed; this is a {kind} statement")


def run(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None,
        limit: int | None = None, timeout: float | None = None) -> Result:
    """Run one statement; interrupt it after `timeout` seconds; fetch at most `limit` rows."""
    timer = threading.Timer(timeout, con.interrupt) if timeout else None
    if timer:
        timer.daemon = True
        timer.start()
    try:
        cursor = con.execute(sql, params or {})
        columns = [d[0] for d in cursor.description]
        types = [str(d[1]) for d in cursor.description]
        if limit is None:
            rows = cursor.fetchall()
            truncated = False
        else:
            rows = cursor.fetchmany(limit + 1)
            truncated = len(rows) > limit
            rows = rows[:limit]
    except duckdb.InterruptException:
        raise DrcdataError(f"the query was stopped after the {timeout:g} s timeout") from None
    except duckdb.Error as exc:
        raise DrcdataError(_first_line(exc)) from None
    finally:
        if timer:
            timer.cancel()
    return Result(columns, types, rows, truncated)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0]
