"""The database file: is it a DuckDB database, can it be written where it is asked for.

Every problem with the place is a one-line message naming the path and what chose it (`--db`,
$DRCDATA_DB, the default): a path that cannot be a database file is a usage error (exit 2), a
place that cannot be written (read-only, full, no permission) an environment error (exit 1).
"""
from __future__ import annotations

import errno
import os
import re
from contextlib import contextmanager
from pathlib import Path

import duckdb

from .errors import DrcdataError, UsageError
from .paths import Located

# "TransactionContext Error: Failed to commit: Could not write...": the cause is the last part.
_DUCKDB_PREFIX = re.compile(r"^(?:[A-Za-z ]+ Error: |Failed to commit: )+")
# A DuckDB file starts with an 8-byte checksum, then the magic bytes.
MAGIC, MAGIC_AT = b"DUCK", 8


class DatabaseWriteError(DrcdataError):
    """The database could not be written where it belongs (read-only, full, no permission...)."""


def named(where: Located) -> str:
    return f"{where.path}" if where.origin == "given" else f"{where.path} (from {where.origin})"


def is_duckdb_file(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(MAGIC_AT + len(MAGIC))[MAGIC_AT:] == MAGIC


def check_readable(where: Located) -> None:
    """An existing path must be a DuckDB database file (a missing one will be built)."""
    path = where.path
    if path.is_dir():
        raise UsageError(f"the database {named(where)} is a folder; name a file, such as {path / 'drcdata.duckdb'}")
    if not path.exists():
        return
    try:
        ours = path.is_file() and is_duckdb_file(path)
    except OSError as exc:
        raise DrcdataError(f"cannot read the database {named(where)}: {reason(exc)}") from None
    if not ours:
        raise UsageError(f"{named(where)} is not a DuckDB database")


def check_replaceable(where: Located) -> None:
    """Before a build: the place can hold a file, and what is there is a database we may replace."""
    path = where.path
    if path.is_dir():
        raise UsageError(f"the database {named(where)} is a folder; name a file, such as {path / 'drcdata.duckdb'}")
    for folder in path.parents:
        if folder.exists():
            if not folder.is_dir():
                raise UsageError(f"cannot put the database {named(where)} there: {folder} is a file, not a folder")
            break
    if not path.exists():
        return
    if not (path.is_file() and is_duckdb_file(path)):
        raise UsageError(f"{named(where)} is not a DuckDB database; refusing to replace it "
                         "(remove it, or choose another file with --db)")
    if not built_by_drcdata(path):
        raise UsageError(f"{named(where)} is a DuckDB database that drcdata did not build (it has no dataset_info "
                         "table); refusing to replace it (remove it, or choose another file with --db)")


def built_by_drcdata(path: Path) -> bool:
    """Every database a build writes has its dataset_info table; someone's own DuckDB file does not."""
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            return con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'dataset_info'").fetchone()[0] > 0
    except duckdb.Error as exc:
        raise UsageError(f"cannot tell whether {path} is a database drcdata built ({reason(exc)}); "
                         "refusing to replace it (remove it, or choose another file with --db)") from None


def probe_writable(where: Located, tmp: Path) -> None:
    """Create the folder and the temporary file once, before the slow part, to fail early and clearly."""
    try:
        tmp.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseWriteError(f"cannot write the database {named(where)}: "
                                 f"cannot create the folder {tmp.parent}: {reason(exc, path=False)}") from None
    try:
        with open(tmp, "xb"):
            pass
    except OSError as exc:
        raise DatabaseWriteError(f"cannot write the database {named(where)}: "
                                 f"cannot create a file in {tmp.parent}: {reason(exc, path=False)}") from None
    tmp.unlink()


@contextmanager
def write_errors(where: Located):
    """A write that fails half-way (disk full, a mount turned read-only) as a message, not a traceback."""
    try:
        yield
    except (OSError, duckdb.IOException, duckdb.TransactionException, duckdb.FatalException) as exc:
        # DuckDB reports a full disk at commit time as a failed transaction.
        raise DatabaseWriteError(f"cannot write the database {named(where)}: {reason(exc)}") from None


def reason(exc: BaseException, path: bool = True) -> str:
    """The cause in a few words: the OS's own for an OSError, DuckDB's first line otherwise."""
    if isinstance(exc, OSError) and exc.errno is not None:
        text = exc.strerror or errno.errorcode.get(exc.errno, str(exc.errno))
        return f"{text} ({exc.filename})" if exc.filename and path else text
    line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return _DUCKDB_PREFIX.sub("", line.rpartition("Original error: ")[2])


def ensure_folder(folder: Path, what: str) -> None:
    """`what` (such as "--out") names the option in the message."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{what} {folder} is a file; give a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DrcdataError(f"cannot create {what} {folder}: {reason(exc)}") from None
    if not os.access(folder, os.W_OK):
        raise DrcdataError(f"cannot write into {what} {folder}: permission denied")
