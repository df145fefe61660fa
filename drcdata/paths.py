"""Where the package, its SQL and the built database live, from a checkout or an install."""
from __future__ import annotations

import os
from pathlib import Path

from .errors import UsageError

_HERE = Path(__file__).resolve().parent
DESCRIPTOR = "datapackage.json"


def default_package_dir() -> Path:
    """The checkout root when run from source, else the copy the wheel carries."""
    checkout = _HERE.parent
    if (checkout / DESCRIPTOR).is_file() and (checkout / "sql").is_dir():
        return checkout
    return _HERE / "_package"


def resolve_descriptor(package: str | os.PathLike | None = None) -> Path:
    """Accept a datapackage.json path or the folder holding one."""
    path = Path(package) if package is not None else default_package_dir()
    if path.is_dir():
        path = path / DESCRIPTOR
    if not path.is_file():
        raise UsageError(f"no data package at {path}")
    return path


def sql_dir(descriptor: Path) -> Path:
    """Reports come with the package; a forked package without sql/ uses ours."""
    own = descriptor.parent / "sql"
    return own if own.is_dir() else default_package_dir() / "sql"


def resolve_db(db: str | os.PathLike | None) -> Path:
    """The database the user named, or the default one."""
    return Path(db) if db is not None else default_db_path()


def default_db_path() -> Path:
    """$DRCDATA_DB, else build/ in a checkout, else the user's cache folder."""
    if os.environ.get("DRCDATA_DB"):
        return Path(os.environ["DRCDATA_DB"])
    root = default_package_dir()
    if root == _HERE.parent and os.access(root, os.W_OK):
        return root / "build" / "drcdata.duckdb"
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return cache / "drcdata" / "drcdata.duckdb"
