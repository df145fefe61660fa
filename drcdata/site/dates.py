"""Turn the reports' printed dates back into the span of days they stand for.

Reports print a date only as precisely as it is known (`2025`, `2025-03`, `2025-03-18`) and an
open period as `ongoing as of <as_of>`; a chart draws `2025-03` over the whole of March, never on
a false day.
"""
from __future__ import annotations

import datetime as dt

ONGOING = "ongoing as of "


def span(printed: str) -> tuple[dt.date, dt.date]:
    """First day and the day after the last day that a printed date covers."""
    parts = [int(p) for p in printed.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0] + 1, 1, 1)
    if len(parts) == 2:
        year, month = parts
        first = dt.date(year, month, 1)
        return first, dt.date(year + month // 12, month % 12 + 1, 1)
    day = dt.date(*parts)
    return day, day + dt.timedelta(days=1)


def period_end(printed_end: str) -> dt.date:
    """The day after a period's end as printed, the day after `as_of` when it is still open."""
    if printed_end.startswith(ONGOING):
        return dt.date.fromisoformat(printed_end[len(ONGOING):]) + dt.timedelta(days=1)
    return span(printed_end)[1]


def is_span(printed: str) -> bool:
    return printed.count("-") < 2
