"""The memory a query may use: the limit asked for, and a watch on the whole process.

DuckDB's `memory_limit` covers its buffer manager, not every allocation: a list built by
`range(0, n)` or one huge string from `repeat()` grows past it unseen (a 500-million element list
reached 20 GB under a 1 GB limit). So a thread also reads the process's resident memory from
/proc every few milliseconds and, past the limit plus some headroom for Python and DuckDB
themselves, interrupts the query; the runner ends the process if the interrupt is ignored.
"""
from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable

from .errors import UsageError

DEFAULT_MEMORY_LIMIT = "1GB"
HEADROOM = 256 * 2**20   # bytes above the limit for the interpreter, DuckDB's own state and one batch of output
POLL = 0.02              # seconds between looks: memory can grow by gigabytes a second
UNITS = {"b": 1, "bytes": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
         "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}  # as DuckDB reads them
_SIZE = re.compile(r"(?P<number>[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>[a-z]+)", re.I)
MINIMUM = 16 * 10**6      # below this DuckDB cannot even open the database and read a table
_STATM = "/proc/self/statm"


def memory_limit_setting(value: str | None = None) -> str:
    """The memory limit asked for, else $DRCDATA_MEMORY_LIMIT, else 1GB; checked before any work."""
    limit = (value or os.environ.get("DRCDATA_MEMORY_LIMIT") or DEFAULT_MEMORY_LIMIT).strip()
    limit_bytes(limit)
    return limit


def limit_bytes(limit: str) -> int:
    """A size DuckDB accepts for memory_limit (a number with a unit) in bytes."""
    match = _SIZE.fullmatch(limit)
    if not match or match["unit"].lower() not in UNITS:
        raise UsageError(f"invalid memory limit {limit!r} (expected a size with a unit, such as 512MB or 2GB)")
    size = int(float(match["number"]) * UNITS[match["unit"].lower()])
    if size < MINIMUM:
        raise UsageError(f"invalid memory limit {limit!r} (give at least 16MB)")
    return size


def resident_bytes() -> int | None:
    """This process's resident memory, or None where /proc is not there to say."""
    try:
        with open(_STATM, "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


class MemoryWatch:
    """Calls `on_exceeded` once when the process's resident memory grows by more than `limit` plus
    HEADROOM from when the watch began (a notebook may already hold gigabytes of its own)."""

    def __init__(self, limit: str, on_exceeded: Callable[[], None]):
        baseline = resident_bytes()
        self.budget = (baseline or 0) + limit_bytes(limit) + HEADROOM
        self.exceeded = threading.Event()
        self._on_exceeded = on_exceeded
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="drcdata-memory", daemon=True)
        if baseline is not None:  # without /proc only DuckDB's own limit applies
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _watch(self) -> None:
        while not self._stop.wait(POLL):
            used = resident_bytes()
            if used is not None and used > self.budget:
                self.exceeded.set()
                self._on_exceeded()
                return
