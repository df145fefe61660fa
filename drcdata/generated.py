"""Sections of hand-written files (README.md, CHANGELOG.md) that a command regenerates between markers."""
from __future__ import annotations

from pathlib import Path

from .errors import DrcdataError


def section(text: str, start: str, end: str, where: str = "the file") -> str:
    """The generated part, markers included."""
    i, j = _bounds(text, start, end, where)
    return text[i:j]


def rewrite_section(path: Path, start: str, end: str, block: str) -> bool:
    """Replace the part between the markers (included) with `block`; True when the file changed."""
    text = path.read_text(encoding="utf-8")
    i, j = _bounds(text, start, end, str(path))
    new = text[:i] + block + text[j:]
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def _bounds(text: str, start: str, end: str, where: str) -> tuple[int, int]:
    i, j = text.find(start), text.find(end)
    if i < 0 or j < i:
        raise DrcdataError(f"{where}: the markers {start!r} ... {end!r} are missing")
    return i, j + len(end)
