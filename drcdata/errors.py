"""Errors the user can act on. The CLI prints them without a traceback."""
from __future__ import annotations

from dataclasses import dataclass


class DrcdataError(Exception):
    """A problem with the user's input or environment; `exit_code` follows the CLI convention."""

    exit_code = 1


class UsageError(DrcdataError):
    """Bad arguments: a missing file, an unknown report or parameter, a malformed value."""

    exit_code = 2


class ReportNote(UserWarning):
    """How a report read its question (a name resolved, a default used, a date past as_of): the
    Python API warns with it where the CLI prints a note on stderr."""


class DescriptorError(DrcdataError):
    """datapackage.json itself is unusable (bad JSON, unknown type, unsafe path...)."""


class QueryRefused(DrcdataError):
    """The sandbox refused a query (a write, a file read, several statements...)."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One failed rule, located as precisely as we can: resource, file, row (header = 1), field."""

    resource: str
    file: str
    row: int | None
    field: str | None
    value: str | None
    rule: str
    message: str

    def format(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", field {self.field}"
        shown = "" if self.value is None else f" (value {_clip(self.value)!r})"
        return f"{where}: [{self.resource}] {self.rule}: {self.message}{shown}"


class ValidationFailed(DrcdataError):
    """The package has data errors; carries every problem found."""

    def __init__(self, problems: list[Problem], total: int | None = None):
        self.problems = problems
        self.total = len(problems) if total is None else total
        super().__init__(f"{self.total} validation error(s)")


def format_problems(problems: list[Problem], total: int, limit: int = 50) -> list[str]:
    """The first problems in file and row order, then how many more there are."""
    ordered = sorted(problems, key=lambda p: (p.file, p.row or 0, p.field or "", p.rule))
    lines = [p.format() for p in ordered[:limit]]
    if total > len(lines):
        lines.append(f"... and {total - len(lines)} more")
    return lines


def duckdb_message(exc: Exception) -> str:
    """DuckDB's whole message: its hints ("Did you mean", "Candidate bindings") and the caret
    under LINE 1 are what the writer of the SQL needs to fix it."""
    return str(exc).strip()


def _clip(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


class QueryStuck(DrcdataError):
    """A query ignored its interrupt (one long call inside a function): only ending the process stops it."""
