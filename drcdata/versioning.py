"""The version-bump rule: the Data Package Version recipe applied to what `drcdata diff` found.

MAJOR for incompatible changes (schema changes, rows removed), MINOR for added rows or tables,
PATCH for corrected values. While the major number is 0, a major change bumps the minor number
(initial development, as in semantic versioning and Cargo).
"""
from __future__ import annotations

import re

from .errors import DrcdataError

VERSION = re.compile(r"(\d+)\.(\d+)\.(\d+)")


def parse(version: str) -> tuple[int, int, int]:
    match = VERSION.fullmatch(version)
    if not match:
        raise DrcdataError(f"version {version!r} is not MAJOR.MINOR.PATCH")
    return tuple(int(x) for x in match.groups())


def minimum_next(previous: str, level: str) -> str:
    """The smallest version after `previous` that a change of `level` allows."""
    major, minor, patch = parse(previous)
    if level == "major" and major == 0:
        level = "minor"
    return {"none": previous, "patch": f"{major}.{minor}.{patch + 1}", "minor": f"{major}.{minor + 1}.0",
            "major": f"{major + 1}.0.0"}[level]


def bump_problem(previous: str, current: str, level: str, reasons: list[str]) -> str | None:
    """Why `current` is too small a step from `previous` for the changes found, or None when it is enough."""
    needed = minimum_next(previous, level)
    if parse(current) >= parse(needed):
        return None
    why = "; ".join(reasons[:3]) + (f"; and {len(reasons) - 3} more" if len(reasons) > 3 else "")
    return (f"version {current} is too small a step from {previous}: the changes need at least {needed} "
            f"({level}: {why}); set `version` and `created` in datapackage.json and run python -m drcdata.citation")
