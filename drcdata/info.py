"""`drcdata info`: which package and which database a command here would use, and their state.

It reads and never builds, so it can be asked on a read-only or half-broken setup.
"""
from __future__ import annotations

import duckdb

from .dbfile import is_duckdb_file, reason
from .descriptor import load_package
from .api import PathLike
from .errors import DrcdataError
from .paths import locate_db, locate_package, resolve_descriptor
from .sqltext import quote_ident


def info(db: PathLike = None, package: PathLike = None) -> dict:
    from . import __version__
    chosen = locate_package(package)
    descriptor = resolve_descriptor(package)
    pkg = load_package(descriptor)
    where = locate_db(db, descriptor)
    facts = {
        "version": __version__,
        "package": str(descriptor.parent.resolve()),
        "package_chosen_by": chosen.origin,
        "package_version": pkg.version,
        "as_of": pkg.as_of.isoformat() if pkg.as_of else None,
        "database": str(where.path),
        "database_chosen_by": where.origin,
    }
    facts.update(_database_state(where.path, descriptor, [r.name for r in pkg.resources]))
    return facts


def _database_state(path, descriptor, tables: list[str]) -> dict:
    if not path.exists():
        return {"database_state": "not built yet (the next command that reads data builds it)"}
    try:
        if not (path.is_file() and is_duckdb_file(path)):
            return {"database_state": "not a DuckDB database"}
        return _read_state(path, descriptor, tables)
    except (OSError, duckdb.Error) as exc:
        return {"database_state": f"unreadable: {reason(exc)}"}
    except DrcdataError as exc:
        return {"database_state": f"unreadable: {exc}"}


def _read_state(path, descriptor, tables: list[str]) -> dict:
    from .freshness import is_stale
    from .sandbox import open_readonly
    with open_readonly(path) as con:
        state = "fresh" if not is_stale(con, path, descriptor) else \
            "stale (the next command that reads data rebuilds it)"
        built_at, built_as_of = con.execute("SELECT built_at, as_of FROM dataset_info").fetchone()
        present = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        rows = {t: con.execute(f"SELECT count(*) FROM {quote_ident(t)}").fetchone()[0] for t in tables if t in present}
    return {"database_state": state, "built_at": built_at.isoformat(timespec="seconds") + "Z",
            "database_as_of": built_as_of.isoformat() if built_as_of else None, "rows": rows}


def info_rows(facts: dict) -> list[tuple[str, object]]:
    """Two columns for the table, CSV and Markdown formats: one line per fact, then per table."""
    rows = [(k, v) for k, v in facts.items() if k != "rows"]
    return rows + [(f"rows in {table}", count) for table, count in facts.get("rows", {}).items()]
