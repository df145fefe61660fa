"""Where the package and its database are: one rule for every command and the Python API.

The package: `--package` (the `package` argument), else $DRCDATA_PACKAGE, else the checkout
around the working directory (the nearest folder, from there upward, holding datapackage.json
and a pyproject.toml for drcdata), else the package that came with the code (the copy inside an
installed wheel, or the source tree of an editable install).

The database: `--db` (the `db` argument), else $DRCDATA_DB, else the package's own
`build/drcdata.duckdb`; only the copy inside an installed wheel, which is no place to write,
keeps its database in the user cache, `${XDG_CACHE_HOME:-~/.cache}/drcdata/drcdata.duckdb`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError

_HERE = Path(__file__).resolve().parent
DESCRIPTOR = "datapackage.json"
BUNDLED = _HERE / "_package"  # where the wheel puts datapackage.json, data/ and sql/
DB_NAME = "drcdata.duckdb"


@dataclass(frozen=True)
class Located:
    """A path and what chose it, so messages and `drcdata info` can say why it is that one."""

    path: Path
    origin: str


def bundled_package_dir() -> Path:
    """The package that came with the code: the wheel's copy, else the source tree it runs from."""
    if BUNDLED.is_dir() or not (_HERE.parent / DESCRIPTOR).is_file():
        return BUNDLED
    return _HERE.parent


def find_checkout(start: Path | None = None) -> Path | None:
    """The nearest folder from `start` (the working directory) upward that is a drcdata checkout."""
    try:
        here = (start or Path.cwd()).resolve()
    except OSError:  # the working directory was removed
        return None
    for folder in (here, *here.parents):
        if (folder / DESCRIPTOR).is_file() and _names_drcdata(folder / "pyproject.toml"):
            return folder
    return None


def _names_drcdata(pyproject: Path) -> bool:
    import tomllib  # only beside a datapackage.json: 4 ms
    try:
        return tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {}).get("name") == "drcdata"
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, AttributeError):
        return False


def locate_package(package: str | os.PathLike | None = None) -> Located:
    if package is not None:
        return Located(Path(package), "given")
    if os.environ.get("DRCDATA_PACKAGE"):
        return Located(Path(os.environ["DRCDATA_PACKAGE"]), "$DRCDATA_PACKAGE")
    checkout = find_checkout()
    if checkout is not None:
        return Located(checkout, "the checkout around the working directory")
    return Located(bundled_package_dir(), "bundled with the installed code")


def default_package_dir() -> Path:
    """The folder of the package the rule picks when none is given."""
    return locate_package().path


def resolve_descriptor(package: str | os.PathLike | None = None) -> Path:
    """Accept a datapackage.json path or the folder holding one."""
    path = locate_package(package).path
    if path.is_dir():
        path = path / DESCRIPTOR
    if not path.is_file():
        raise UsageError(f"no data package at {path}")
    return path


def sql_dir(descriptor: Path) -> Path:
    """Reports come with the package; a forked package without sql/ uses the bundled ones."""
    own = descriptor.parent / "sql"
    return own if own.is_dir() else bundled_package_dir() / "sql"


def locate_db(db: str | os.PathLike | None = None, descriptor: Path | None = None) -> Located:
    """The database the user named, else $DRCDATA_DB, else the one that belongs to the package."""
    if db is not None:
        return Located(Path(db), "given")
    if os.environ.get("DRCDATA_DB"):
        return Located(Path(os.environ["DRCDATA_DB"]), "$DRCDATA_DB")
    folder = (descriptor or resolve_descriptor()).parent.resolve()
    if folder == BUNDLED:
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        return Located(cache / "drcdata" / DB_NAME, "the user cache (for the bundled package)")
    return Located(folder / "build" / DB_NAME, "the package's build/ folder")


def resolve_db(db: str | os.PathLike | None = None, descriptor: Path | None = None) -> Path:
    return locate_db(db, descriptor).path
