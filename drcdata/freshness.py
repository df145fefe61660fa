"""Is the built database older than what it was built from? Cheap enough for every query."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb

from .paths import sql_dir


def input_files(descriptor: Path) -> list[Path]:
    """Everything a build reads: the descriptor, its CSVs and the SQL files."""
    try:
        resources = json.loads(descriptor.read_text(encoding="utf-8")).get("resources", [])
        data = [descriptor.parent / r["path"] for r in resources if isinstance(r, dict) and isinstance(r.get("path"), str)]
    except (ValueError, AttributeError):
        data = []  # an unreadable descriptor: the build will say what is wrong with it
    return [descriptor, *(p for p in data if p.exists()), *sql_dir(descriptor).glob("*.sql")]


def is_stale(con: duckdb.DuckDBPyConnection, db: Path, descriptor: Path) -> bool:
    """Older than one of its inputs, or built from another package (checked on an open connection)."""
    newest = max(p.stat().st_mtime for p in input_files(descriptor))
    if db.stat().st_mtime < newest:
        return True
    try:
        built_from = con.execute("SELECT package_path FROM dataset_info").fetchone()[0]
    except duckdb.Error:
        return True
    return built_from != str(descriptor.resolve())
