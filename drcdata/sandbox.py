"""Read-only, locked-down DuckDB connections and a guard that lets through one read statement.

Two walls, each enough on its own:
- the guard decides what a statement is from DuckDB's own tokenizer and parser (what an EXPLAIN
  wraps included), and lets through one read statement only, calling no built-in table function
  outside READ_TABLE_FUNCTIONS (some SELECTs act: `FROM checkpoint()`, `FROM enable_logging()`,
  and `FROM query('...')` runs SQL the guard cannot see);
- the connection is read-only, with external access disabled and then the local file system
  itself switched off, spilling disabled and the configuration locked. (Read-only and
  `enable_external_access = false` alone still let COPY overwrite the database's own files.)
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .errors import DrcdataError, QueryRefused, duckdb_message
from .memory_guard import memory_limit_setting
from .sqltext import sql_literal

SANDBOX_CONFIG = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "temp_directory": "",  # a query that outgrows its memory limit fails instead of spilling to disk
}
# Settings DuckDB accepts only once the database is open; the lock comes last.
LOCKDOWN = (
    "SET disabled_filesystems = 'LocalFileSystem'",  # no file at all, the database's own included
    "SET lock_configuration = true",
)
ST = duckdb.StatementType
# Built-in table functions a read may call. Any other built-in one (those that act, those that run
# SQL given as text, those that scan Python objects by pointer, and any a new DuckDB adds) is
# refused; the package's own table macros are not built-ins and always pass.
READ_TABLE_FUNCTIONS = frozenset({
    "range", "generate_series", "unnest", "repeat", "repeat_row", "summary", "json_each", "json_tree",
    "histogram", "histogram_values", "icu_calendar_names", "pg_timezone_names", "test_all_types",
    "test_vector_types", "duckdb_table_sample", "which_secret", "glob", "sniff_csv", "read_blob",
    "read_text", "read_csv", "read_csv_auto", "read_json", "read_json_auto", "read_json_objects",
    "read_json_objects_auto", "read_ndjson", "read_ndjson_auto", "read_ndjson_objects", "read_parquet",
    "parquet_scan", "parquet_metadata", "parquet_file_metadata", "parquet_full_metadata",
    "parquet_kv_metadata", "parquet_schema", "parquet_bloom_probe", "read_duckdb",  # files: the connection refuses them
})
READ_TABLE_FUNCTION_PREFIXES = ("duckdb_", "pragma_")  # catalogue listings: duckdb_tables(), pragma_table_info()
EXPLAIN_OPTIONS = {"ANALYZE", "ANALYSE", "VERBOSE"}


@dataclass
class Result:
    """A finished query: column names, DuckDB type names, the rows as tuples, and whether --limit cut them."""

    columns: list[str]
    types: list[str]
    rows: list[tuple]
    truncated: bool = False
    notes: tuple[str, ...] = ()  # how a report read its question (see questions.py)


def open_readonly(db: Path, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    limit = memory_limit_setting(memory_limit)
    try:
        con = duckdb.connect(str(db), read_only=True, config={**SANDBOX_CONFIG, "memory_limit": limit})
    except duckdb.Error as exc:
        raise DrcdataError(f"cannot open the database {db}: {duckdb_message(exc)}") from None
    # Connections to one file in one process share a database instance, so a second sandboxed
    # connection finds the instance already locked down by the first: check it instead.
    if not con.execute("SELECT current_setting('lock_configuration')").fetchone()[0]:
        for statement in LOCKDOWN:
            con.execute(statement)
    if not is_locked_down(con, db):
        con.close()
        raise DrcdataError(f"the database {db} is already open in this process without the sandbox; close that connection first")
    return con


def is_locked_down(con: duckdb.DuckDBPyConnection, db: Path) -> bool:
    """Locked, and unable to read even its own file (current_setting does not show disabled_filesystems)."""
    external, locked = con.execute(
        "SELECT current_setting('enable_external_access'), current_setting('lock_configuration')").fetchone()
    try:
        con.execute(f"SELECT count(*) FROM read_blob({sql_literal(str(db))})").fetchall()
    except duckdb.PermissionException as exc:
        return not external and locked and "LocalFileSystem" in str(exc)
    return False


def check_single_read(sql: str) -> None:
    """Refuse anything but exactly one read statement (SELECT, PIVOT, SUMMARIZE, EXPLAIN of one...)."""
    statements = statement_texts(sql)
    _check_table_functions(sql, duckdb.tokenize(sql))
    if len(statements) != 1:
        raise QueryRefused(f"only a single statement is allowed; this has {len(statements)}")
    _check_read(statements[0])


def statement_texts(sql: str) -> list[str]:
    """The statements the user wrote, split at the semicolons DuckDB's tokenizer sees (not those in
    strings, quoted names or comments). The parser alone cannot count them: it expands one PIVOT
    into two statements."""
    try:
        tokens = duckdb.tokenize(sql)
    except duckdb.Error as exc:
        raise QueryRefused(f"the query does not parse: {duckdb_message(exc)}") from None
    cuts = [pos for pos, kind in tokens if kind == duckdb.token_type.operator and sql[pos] == ";"]
    pieces, start = [], 0
    for cut in cuts + [len(sql)]:
        pieces.append(sql[start:cut])
        start = cut + 1
    return [p for p in pieces if _has_tokens(p)]


def _check_table_functions(sql: str, tokens: list) -> None:
    """Refuse a call of a built-in table function that is not a read. Found from the tokens, so
    that what the parser cannot serialise (PIVOT) is covered, and strings and comments are not."""
    for (pos, kind), (following, _) in zip(tokens, tokens[1:]):
        if kind in (duckdb.token_type.identifier, duckdb.token_type.keyword) and sql[following] == "(":
            name = _name(sql[pos:following])
            if name in _acting_table_functions():
                raise QueryRefused(f"the table function {name}() is not allowed in a read query")


def _name(token_text: str) -> str:
    text = token_text.strip()
    if text.startswith('"'):
        text = text[1:-1].replace('""', '"')
    return text.lower()


@functools.cache
def _acting_table_functions() -> frozenset[str]:
    with duckdb.connect() as con:
        names = con.execute("SELECT DISTINCT function_name FROM duckdb_functions() "
                            "WHERE function_type = 'table' AND internal").fetchall()
    return frozenset(name.lower() for name, in names
                     if name.lower() not in READ_TABLE_FUNCTIONS and not name.startswith(READ_TABLE_FUNCTION_PREFIXES))


def _has_tokens(text: str) -> bool:
    return bool(duckdb.tokenize(text))


def _check_read(text: str) -> None:
    try:
        parsed = duckdb.extract_statements(text)
    except duckdb.Error as exc:
        raise QueryRefused(f"the query does not parse: {duckdb_message(exc)}") from None
    if not parsed:
        raise QueryRefused("the query is empty")
    if any(s.type == ST.EXPLAIN for s in parsed):
        # EXPLAIN ANALYZE runs what it wraps, and plain EXPLAIN of a dynamic PIVOT runs its first
        # step: whatever EXPLAIN wraps must itself be a read.
        _check_read(explained_statement(text))
        return
    *helpers, last = parsed
    # A PIVOT whose columns are not listed is parsed as a generated statement that collects them
    # (a temporary ENUM type, with no text of its own) followed by the SELECT.
    generated = all(s.type == ST.CREATE and not s.query.strip() for s in helpers)
    if last.type != ST.SELECT or not generated:
        kind = next((s.type.name for s in parsed if s.type != ST.SELECT), last.type.name)
        raise QueryRefused(f"only read queries (SELECT) are allowed; this is a {kind} statement")


def explained_statement(text: str) -> str:
    """What `EXPLAIN [ANALYZE] [(options)] <statement>` wraps, found with DuckDB's tokenizer."""
    tokens = duckdb.tokenize(text)
    words = [(pos, _word(text, pos)) for pos, _ in tokens]
    if not words or words[0][1] != "EXPLAIN":
        raise QueryRefused("only read queries (SELECT) are allowed; EXPLAIN must come first")
    i, depth = 1, 0
    while i < len(words):
        pos, word = words[i]
        if word == "(":
            depth += 1
        elif word == ")":
            depth -= 1
        elif depth == 0 and word not in EXPLAIN_OPTIONS:
            return text[pos:]
        i += 1
    raise QueryRefused("EXPLAIN of nothing")


def _word(text: str, pos: int) -> str:
    if text[pos] in "()":
        return text[pos]
    end = pos
    while end < len(text) and (text[end].isalnum() or text[end] == "_"):
        end += 1
    return text[pos:end].upper()

