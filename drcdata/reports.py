"""Named reports: one .sql file each in sql/, with a header that says what it answers.

    -- name: control_as_of
    -- title: Who controlled which place on a date
    -- question: Who held each place on the given day, since when, and on whose word?
    -- param: on_date DATE = 2025-03-01 | the day to look at
    -- column: since | when the holder's control began, as precisely as known

A report without parameters becomes a view; one with parameters becomes a typed table macro,
`FROM control_as_of(DATE '2025-03-01')`. Each carries its question as a COMMENT in DuckDB (and a
view its `column:` notes on its columns; a macro, whose columns cannot hold comments, in its own),
so `duckdb_views()` and `duckdb_functions()` document them. Files whose name starts with `_` hold helper macros
and are created first. Parameter values are bound, never pasted into SQL.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .date_input import parse_date
from .sqltext import quote_ident, sql_literal
from .errors import DescriptorError, UsageError
from .package_files import FileRefused, read_package_file

def _boolean(raw: str) -> bool:
    words = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
    if raw.strip().lower() not in words:
        raise ValueError(raw)
    return words[raw.strip().lower()]


# DATE reads a day as --on-date does (date_input), so the API and the command line accept the same text.
PARAM_TYPES = {"DATE": parse_date, "VARCHAR": str, "INTEGER": int, "BIGINT": int, "DOUBLE": float,
               "BOOLEAN": _boolean}
_HEADER = re.compile(r"^--\s*(name|title|question|param|column):\s*(.*)$")
_COLUMN = re.compile(r"^(?P<name>[a-z_][a-z0-9_]*)\s*\|\s*(?P<help>.+)$")
_PARAM = re.compile(r"^(?P<name>[a-z_][a-z0-9_]*)\s+(?P<type>[A-Z]+)\s*(=\s*(?P<default>[^|]*?))?\s*(\|\s*(?P<help>.*))?$")


@dataclass(frozen=True)
class Param:
    """One `-- param: name TYPE = default | help` line: the value a report takes, typed and bound."""
    name: str
    type: str
    default: str | None
    help: str

    def parse(self, raw):
        """Turn a user's value into the Python value DuckDB binds as this type."""
        if raw is None or raw == "":
            return None
        if not isinstance(raw, str):
            return raw
        try:
            return PARAM_TYPES[self.type](raw)
        except ValueError as exc:
            if self.type == "DATE":  # parse_date's message already shows the day to write
                raise UsageError(f"parameter {self.name}: {exc}") from None
            example = {"INTEGER": "a whole number", "BIGINT": "a whole number",
                       "DOUBLE": "a number", "BOOLEAN": "true or false"}.get(self.type, self.type)
            raise UsageError(f"parameter {self.name}: {raw!r} is not a valid {self.type} (expected {example})") from None

    @property
    def default_value(self):
        """The default as the report sees it; None for NULL, which a report reads as "any"."""
        return None if self.default is None or self.default.upper() == "NULL" else self.parse(self.default)

    def default_sql(self) -> str:
        """The default as the SQL literal the macro's signature carries (a typed NULL for "any")."""
        if self.default is None or self.default.upper() == "NULL":
            return f"CAST(NULL AS {self.type})"
        return f"CAST({sql_literal(self.default)} AS {self.type})"


@dataclass(frozen=True)
class Report:
    """One sql/*.sql file: its header (name, title, question, parameters, column notes) and its body,
    which the build creates as a view (no parameters) or a table macro; a `_` file holds helpers."""
    name: str
    title: str
    question: str
    params: tuple[Param, ...]
    body: str
    path: Path
    columns: tuple[tuple[str, str], ...] = ()  # (column, what it holds) where its name does not say

    @property
    def is_helper(self) -> bool:
        """A `_name.sql` file: macros and views the reports use, created first, not a report itself."""
        return self.path.name.startswith("_")

    def create_sql(self) -> str:
        """The CREATE VIEW or CREATE MACRO ... AS TABLE statement (a helper file's own statements)."""
        if self.is_helper:
            return self.body
        if not self.params:
            return f"CREATE VIEW {quote_ident(self.name)} AS\n{self.body}"
        signature = ", ".join(f"{p.name} {p.type} := {p.default_sql()}" for p in self.params)
        return f"CREATE MACRO {quote_ident(self.name)}({signature}) AS TABLE\n{self.body}"

    def comment_sql(self) -> list[str]:
        """COMMENT statements that put the question (and column notes) into DuckDB's catalog."""
        if self.is_helper:
            return []
        if not self.params:
            return [f"COMMENT ON VIEW {quote_ident(self.name)} IS {sql_literal(self.question)}"] + [
                f"COMMENT ON COLUMN {quote_ident(self.name)}.{quote_ident(c)} IS {sql_literal(text)}"
                for c, text in self.columns]
        parts = [self.question, "Parameters: " + "; ".join(f"{p.name}: {p.help}" for p in self.params) + "."]
        if self.columns:
            parts.append("Columns: " + "; ".join(f"{c}: {text}" for c, text in self.columns) + ".")
        return [f"COMMENT ON MACRO TABLE {quote_ident(self.name)} IS {sql_literal(' '.join(parts))}"]

    def call_sql(self, given: dict) -> str:
        """SELECT from the view or macro; only parameters the user gave are passed (as bound $names)."""
        if not self.params:
            return f"SELECT * FROM {quote_ident(self.name)}"
        args = ", ".join(f"{name} := CAST(${name} AS {self.param(name).type})" for name in given)
        return f"SELECT * FROM {quote_ident(self.name)}({args})"

    def param(self, name: str) -> Param:
        """The parameter called `name`; another name is a UsageError that lists the real ones."""
        for p in self.params:
            if p.name == name:
                return p
        raise UsageError(f"report {self.name} has no parameter {name!r}; it takes: "
                         + (", ".join(p.name for p in self.params) or "none"))

    def bind(self, values: dict) -> dict:
        """Parse the values given; an empty string is an explicit NULL (e.g. 'any'), None means 'use the default'."""
        return {name: self.param(name).parse(raw) for name, raw in values.items() if raw is not None}


def parse_report(path: Path) -> Report:
    try:  # a regular file of the package that holds sql/ (a link out of it or a FIFO is refused)
        data, _ = read_package_file(path, path.parent.parent)
        text = data.decode("utf-8")
    except FileRefused as exc:
        raise DescriptorError(str(exc)) from None
    except UnicodeDecodeError as exc:
        raise DescriptorError(f"{path}: not UTF-8 ({exc.reason})") from None
    meta: dict[str, str] = {}
    params: list[Param] = []
    columns: list[tuple[str, str]] = []
    body_lines = []
    in_header = True
    for line in text.splitlines():
        match = _HEADER.match(line) if in_header else None
        if match:
            key, value = match.group(1), match.group(2).strip()
            if key == "param":
                params.append(_param(value, path))
            elif key == "column":
                columns.append(_column(value, path))
            else:
                meta[key] = value
            continue
        if in_header and line.startswith("--"):
            continue
        in_header = False
        body_lines.append(line)
    body = "\n".join(body_lines).strip().rstrip(";")
    if path.name.startswith("_"):
        _only_definitions(body, path)
        return Report(path.stem, meta.get("title", ""), "", (), body, path)
    _one_read(body, path)
    for key in ("name", "title", "question"):
        if key not in meta:
            raise DescriptorError(f"{path}: the header lacks '-- {key}:'")
    if meta["name"] != path.stem:
        raise DescriptorError(f"{path}: the header names {meta['name']!r}; the file must be {meta['name']}.sql")
    return Report(meta["name"], meta["title"], meta["question"], tuple(params), body, path, tuple(columns))


def _one_read(body: str, path: Path) -> None:
    """A report is one read statement, judged as the query sandbox judges a query: `SELECT 1; COPY ...`
    pasted into CREATE VIEW would run the COPY at build time."""
    from .errors import QueryRefused
    from .sandbox import check_single_read
    try:
        check_single_read(body)
    except QueryRefused as exc:
        raise DescriptorError(f"{path}: a report must be one read statement: {exc}") from None


def _only_definitions(body: str, path: Path) -> None:
    """A helper file only defines macros and views (CREATE statements); it runs nothing else."""
    import duckdb
    try:
        statements = duckdb.extract_statements(body)
    except duckdb.Error as exc:
        raise DescriptorError(f"{path}: does not parse: {str(exc).strip().splitlines()[0]}") from None
    for statement in statements:
        comment = statement.type == duckdb.StatementType.ALTER and \
            re.match(r"\s*COMMENT\s+ON\s", statement.query, re.I) is not None
        if statement.type != duckdb.StatementType.CREATE and not comment:
            raise DescriptorError(f"{path}: a helper file may only hold CREATE statements (macros, views) and "
                                  f"COMMENT ON them; this one has a {statement.type.name} statement")


def _param(spec: str, path: Path) -> Param:
    match = _PARAM.match(spec)
    if not match or match.group("type") not in PARAM_TYPES:
        raise DescriptorError(f"{path}: cannot read the parameter line {spec!r} "
                              f"(expected 'name TYPE = default | help', TYPE one of {', '.join(PARAM_TYPES)})")
    default = match.group("default")
    return Param(match.group("name"), match.group("type"), default.strip() if default else None,
                 (match.group("help") or "").strip())


def _column(spec: str, path: Path) -> tuple[str, str]:
    match = _COLUMN.match(spec)
    if not match:
        raise DescriptorError(f"{path}: cannot read the column line {spec!r} (expected 'name | what it holds')")
    return match["name"], match["help"].strip()


def load_reports(folder: Path) -> list[Report]:
    """Helpers first (they define macros the reports use), then reports by name."""
    files = sorted(folder.glob("*.sql"), key=lambda p: (not p.name.startswith("_"), p.name))
    return [parse_report(p) for p in files]


def named_reports(folder: Path) -> dict[str, Report]:
    return {r.name: r for r in load_reports(folder) if not r.is_helper}
