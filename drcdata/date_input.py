"""Dates typed by a user (report parameters such as --on-date): year-month-day, and an error that
shows one. A month or a year alone is refused with the day to write instead, because a report
cannot tell whether "2025-03" means its first day, its last or all of it."""
from __future__ import annotations

import datetime as dt
import re

EXAMPLE = "2025-03-01"
_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_YEAR = re.compile(r"\d{4}")


def parse_date(text: str) -> dt.date:
    """A day written 2025-03-01 (or 2025-3-1); ValueError says what to write instead."""
    text = text.strip()
    day = _DAY.fullmatch(text)
    if day:
        try:
            return dt.date(*map(int, day.groups()))
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a date ({exc}); write year-month-day, e.g. {EXAMPLE}") from None
    month = _MONTH.fullmatch(text)
    if month and 1 <= int(month[2]) <= 12:
        return _refuse(text, "a month", f"{month[1]}-{int(month[2]):02d}-01")
    if _YEAR.fullmatch(text):
        return _refuse(text, "a year", f"{text}-01-01")
    raise ValueError(f"{text!r} is not a date; write year-month-day, e.g. {EXAMPLE}")


def _refuse(text: str, what: str, first_day: str):
    raise ValueError(f"{text!r} is {what}; give a day, e.g. {first_day} for its first")


def option_date(text: str) -> dt.date:
    """parse_date for a command-line option: Typer shows the message after the option's name."""
    import typer
    try:
        return parse_date(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
