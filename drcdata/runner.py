"""Run one sandboxed statement in a worker thread, under a deadline, fetching rows in batches.

DuckDB checks for an interrupt between vectors, so one long call inside a scalar function (a
levenshtein of two long strings) ignores `interrupt()`. The query therefore runs in a worker
thread: the caller waits at most until the deadline, interrupts, waits a short grace period, and
if the worker is still busy raises QueryStuck (the CLI then ends the process). The deadline
covers fetching and printing too, and rows pass through a small queue, so output streams in
bounded memory. A MemoryWatch (memory_guard.py) interrupts the query when the process outgrows
its memory limit in ways DuckDB does not count, and the same rule applies: stop, or the process ends.
"""
from __future__ import annotations

import math
import queue
import threading
import time
from collections.abc import Iterator

import duckdb

from .errors import DrcdataError, QueryStuck, UsageError, duckdb_message
from .memory_guard import MemoryWatch, memory_limit_setting
from .sandbox import Result

DEFAULT_TIMEOUT = 120.0         # seconds; the real data answers any report in milliseconds
MAX_TIMEOUT = 24 * 3600.0
GRACE = 3.0                     # seconds between the interrupt and giving up on the worker
MEMORY_GRACE = 0.2              # the same when memory is running out, which it can do at gigabytes a second
BATCH = 2048
QUEUED_BATCHES = 4
# How each output shape wants its cells: DuckDB renders every type itself (INTERVAL, UUID, BLOB,
# TIMESTAMPTZ, nested values, NaN...), so nothing is lost in a Python conversion.
SHAPES = {"text": "CAST(COLUMNS(*) AS VARCHAR)", "json": "to_json(COLUMNS(*))"}


def check_timeout(timeout) -> float | None:
    """None means no timeout; anything else must be a finite number of seconds in range."""
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not math.isfinite(timeout) \
            or not 0 < timeout <= MAX_TIMEOUT:
        raise UsageError(f"invalid timeout {timeout!r}: give a number of seconds above 0 and at most {MAX_TIMEOUT:g}")
    return float(timeout)


def check_limit(limit) -> int | None:
    """None means every row; anything else must be a whole number of rows, at least 1."""
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise UsageError(f"invalid limit {limit!r}: give a whole number of rows, at least 1")
    return limit


class Execution:
    """One statement running on `con`, which it owns and closes when the worker is done."""

    def __init__(self, con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None, *,
                 limit: int | None = None, timeout: float | None = DEFAULT_TIMEOUT,
                 memory_limit: str | None = None, shape: str | None = None):
        self.limit = check_limit(limit)
        self.timeout = check_timeout(timeout)
        self.memory_limit = memory_limit_setting(memory_limit)
        self.columns: list[str] = []
        self.types: list[str] = []
        self.truncated = False
        self.notes: list[str] = []  # how the question was read; the caller shows them
        self._con, self._sql, self._params, self._shape = con, sql, params or None, shape
        self._queue: queue.Queue = queue.Queue(QUEUED_BATCHES)
        self._stop = threading.Event()
        self._deadline = time.monotonic() + self.timeout if self.timeout else None
        self._worker = threading.Thread(target=self._work, name="drcdata-query", daemon=True)
        self._memory = MemoryWatch(self.memory_limit, self._interrupt)
        self._worker.start()
        self._started = False
        self._closed = False

    # -- the caller's side ---------------------------------------------------------------------

    def start(self) -> Execution:
        """Wait for the statement to run as far as knowing its columns."""
        if not self._started:
            kind, *payload = self._next()
            if kind == "error":
                raise self._translate(payload[0])
            self.columns, self.types = payload
            self._started = True
        return self

    def batches(self) -> Iterator[list[tuple]]:
        """The rows, a list of tuples at a time, as the query produces them; the connection closes at the end."""
        self.start()
        try:
            while True:
                kind, payload = self._next()
                if kind == "rows":
                    yield payload
                elif kind == "end":
                    self.truncated = payload
                    return
                else:
                    raise self._translate(payload)
        finally:
            self.close()

    def result(self) -> Result:
        """Every row at once, as a Result."""
        rows = [row for batch in self.batches() for row in batch]
        return Result(self.columns, self.types, rows, self.truncated, tuple(self.notes))

    def close(self) -> None:
        """Stop the worker if it is still running (the caller stopped reading, or Ctrl-C)."""
        if self._closed:
            return
        self._closed = True
        self._stop.set()
        if self._worker.is_alive():
            self._interrupt()
            self._worker.join(MEMORY_GRACE if self._memory.exceeded.is_set() else GRACE)
        if not self._worker.is_alive():
            self._memory.stop()

    def _interrupt(self) -> None:
        try:
            self._con.interrupt()
        except duckdb.ConnectionException:
            pass  # the worker finished and closed it in the meantime

    def _next(self) -> tuple:
        try:
            while True:
                if self._memory.exceeded.is_set():
                    self._out_of_memory()
                try:
                    return self._queue.get(timeout=self._wait())
                except queue.Empty:
                    if self._deadline is not None and time.monotonic() >= self._deadline:
                        self._give_up()
        except BaseException:
            self.close()
            raise

    def _wait(self) -> float:
        # Short waits keep Ctrl-C and the memory watch responsive; the deadline bounds them.
        if self._deadline is None:
            return 0.05
        return max(0.0, min(0.05, self._deadline - time.monotonic()))

    def _give_up(self) -> None:
        self.close()
        if self._worker.is_alive():
            raise QueryStuck(f"the query did not stop within {GRACE:g} s of its {self.timeout:g} s timeout "
                             "(a single long function call cannot be interrupted)")
        raise DrcdataError(f"the query was stopped after the {self.timeout:g} s timeout")

    def _out_of_memory(self) -> None:
        self.close()
        if self._worker.is_alive():
            raise QueryStuck(f"{self._memory_message()}, and did not stop when interrupted")
        raise DrcdataError(self._memory_message())

    def _memory_message(self) -> str:
        return (f"the query needs more memory than its limit of {self.memory_limit} "
                "(raise it with --memory-limit or $DRCDATA_MEMORY_LIMIT, or ask for less)")

    def _translate(self, exc: BaseException) -> BaseException:
        if self._memory.exceeded.is_set():
            return DrcdataError(self._memory_message())
        if isinstance(exc, duckdb.InterruptException):
            return DrcdataError(f"the query was stopped after the {self.timeout:g} s timeout")
        if isinstance(exc, duckdb.OutOfMemoryException):
            return DrcdataError(self._memory_message())
        if isinstance(exc, duckdb.Error):
            return DrcdataError(duckdb_message(exc))
        if isinstance(exc, (ValueError, OverflowError)):  # a value Python cannot hold, e.g. a date in year 0
            return DrcdataError(f"a value in the result cannot be converted: {exc}")
        return exc

    # -- the worker's side ---------------------------------------------------------------------

    def _work(self) -> None:
        try:
            relation = self._con.sql(self._sql, params=self._params)
            if relation is None:
                raise DrcdataError("the statement returned no result")
            self._put(("columns", relation.columns, [str(t) for t in relation.types]))
            if self._shape:
                relation = relation.project(self._projection(relation))
            remaining = self.limit
            while not self._stop.is_set():
                if remaining == 0:
                    self._put(("end", bool(relation.fetchmany(1))))
                    return
                rows = relation.fetchmany(BATCH if remaining is None else min(BATCH, remaining))
                if not rows:
                    self._put(("end", False))
                    return
                self._put(("rows", rows))
                if remaining is not None:
                    remaining -= len(rows)
        except BaseException as exc:  # handed to the caller, who decides what it means
            self._put(("error", exc))
        finally:
            self._memory.stop()
            self._con.close()

    def _projection(self, relation) -> str:
        if self._shape == "text":
            from .precision import text_projection
            return text_projection(relation.columns, [str(t) for t in relation.types]) or SHAPES["text"]
        return SHAPES[self._shape]

    def _put(self, item: tuple) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

