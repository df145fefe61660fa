"""Hand the terminal to the official DuckDB shell (the duckdb-cli package), read-only."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from .api import PathLike, database_path
from .errors import DrcdataError


def duckdb_cli() -> str:
    beside_python = Path(sys.executable).parent / "duckdb"
    found = str(beside_python) if beside_python.exists() else shutil.which("duckdb")
    if not found:
        raise DrcdataError("the DuckDB shell is not installed; pip install duckdb-cli")
    return found


def open_shell(db: PathLike = None, package: PathLike = None) -> None:
    target = database_path(db, package)  # built first if needed
    cli = duckdb_cli()
    os.execv(cli, [cli, "-readonly", str(target)])
