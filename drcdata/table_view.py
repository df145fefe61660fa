"""The aligned table for people: fit the terminal, keep ids and URLs whole, cut long prose at a word.

How wide: `--wide` cuts nothing; on a terminal (or wherever $COLUMNS says how wide the screen is)
lines fit that width; a pipe or a file gets whole cells, since a program or a pager reads them.
Ids and URLs are never cut (a reader copies them), and neither are column names; only prose
columns give up room, the widest first, and never below MIN_PROSE characters. When ids and URLs
alone are wider than the screen, lines overflow rather than lose them.
"""
from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from typing import TextIO

SEP = "  "
MIN_PROSE = 20
ELLIPSIS = "…"
_BREAKS = " ,;–"  # a cell is cut before one of these: the end of a word, a list item or a name in "Tshisekedi–Kagame"
_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+", re.I)
_ID_COLUMN = re.compile(r"(?:.*_)?(?:id|ids|url|urls)", re.I)


@dataclass(frozen=True)
class Table:
    text: str
    shortened: int  # cells cut to fit


def screen_width(out: TextIO, wide: bool = False) -> int | None:
    """The width to fit, or None for whole cells (--wide, or output that is not a terminal)."""
    if wide:
        return None
    if "COLUMNS" not in os.environ and not _is_terminal(out):
        return None
    return shutil.get_terminal_size().columns


def layout(columns: list[str], rows: list[list[str]], width: int | None) -> Table:
    """Rows of cell text (one line each) as an aligned table at most `width` wide where it can be."""
    natural = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]
    limits = natural if width is None else _fit(columns, natural, width)
    shortened = 0
    shown = []
    for row in rows:
        cells = []
        for text, limit in zip(row, limits):
            if len(text) > limit and not looks_like_url(text):
                text = shorten(text, limit)
                shortened += 1
            cells.append(text)
        shown.append(cells)
    widths = [max([len(c)] + [len(r[i]) for r in shown]) for i, c in enumerate(columns)]
    line = lambda values: SEP.join(v.ljust(w) for v, w in zip(values, widths)).rstrip()
    lines = [line(columns), line(["-" * w for w in widths])] + [line(r) for r in shown]
    return Table("\n".join(lines), shortened)


def shortened_note(count: int) -> str:
    return f"{count} cell{'' if count == 1 else 's'} shortened; --wide shows them whole"


def looks_like_url(text: str) -> bool:
    return bool(_URL.fullmatch(text))


def is_id_column(name: str) -> bool:
    return bool(_ID_COLUMN.fullmatch(name))


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters ending in an ellipsis, after a whole word (or list item) unless
    that would keep less than a third of the room."""
    room = limit - len(ELLIPSIS)
    head = text[:room]
    if text[room] not in _BREAKS:
        end = max(head.rfind(c) for c in _BREAKS)
        if end >= room // 3:
            head = head[:end]
    return head.rstrip(_BREAKS + ":") + ELLIPSIS


def _fit(columns: list[str], natural: list[int], width: int) -> list[int]:
    """Each column's widest cell: prose columns share what ids, URLs, short cells and names leave."""
    floors = [max(MIN_PROSE, len(c)) for c in columns]
    prose = [i for i, c in enumerate(columns) if not is_id_column(c) and natural[i] > floors[i]]
    room = width - len(SEP) * (len(columns) - 1) - sum(w for i, w in enumerate(natural) if i not in prose)
    if not prose:
        return natural
    used = lambda cap: sum(min(natural[i], max(cap, floors[i])) for i in prose)
    if used(max(natural, default=0)) <= room:
        return natural
    low, high = 0, max(natural)  # the largest cap that fits (or none: every prose column at its floor)
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if used(middle) <= room else (low, middle - 1)
    limits = list(natural)
    spare = room - used(low)
    for i in prose:
        limits[i] = min(natural[i], max(low, floors[i]))
        if spare > 0 and limits[i] == low < natural[i]:  # what the cap leaves over, one character each
            limits[i] += 1
            spare -= 1
    return limits


def _is_terminal(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False
