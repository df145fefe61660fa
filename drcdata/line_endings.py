"""How a CSV's records end, judged outside quoted cells, for DuckDB's reader.

DuckDB reads one kind of line ending per file, and given the wrong one it reads no rows at all,
silently. So the ending is decided from the whole file: LF or CRLF throughout (counted in C, the
common case), else the record ends are found outside quoted cells; a file mixing LF and CRLF is
read with its CRLF record ends made LF (cells keep theirs), and a bare CR ending a record (old Mac
files) is refused, naming the row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(rb'"(?:[^"]|"")*"|\r\n|\n|\r')  # a quoted cell, or a line ending outside one


@dataclass(frozen=True)
class Endings:
    new_line: str        # for read_csv: '\\n' or '\\r\\n'
    data: bytes          # the bytes to read: the file's own, or with CRLF record ends made LF
    rewritten: bool = False          # data differs from the file: DuckDB must read a copy
    stray_cr_row: int | None = None  # the record (header = 1) a bare CR ends, if any


def record_endings(data: bytes) -> Endings:
    cr = data.count(b"\r")
    if not cr:
        return Endings("\\n", data)
    if cr == data.count(b"\r\n") == data.count(b"\n"):
        return Endings("\\r\\n", data)
    kinds: set[bytes] = set()
    row = 1
    for match in _TOKEN.finditer(data):
        token = match.group()
        if token[:1] == b'"':
            continue
        if token == b"\r":
            return Endings("\\n", data, stray_cr_row=row)
        kinds.add(token)
        row += 1
    if kinds == {b"\r\n"}:
        return Endings("\\r\\n", data)
    if b"\r\n" not in kinds:
        return Endings("\\n", data)  # LF record ends; the CRs are inside quoted cells
    return Endings("\\n", _TOKEN.sub(lambda m: b"\n" if m.group() == b"\r\n" else m.group(), data), rewritten=True)
