"""Export every table to Parquet, CSV or JSON files with DuckDB's COPY."""
from __future__ import annotations

from pathlib import Path

import duckdb

from .api import PathLike, connect
from .sqltext import quote_ident, sql_literal
from .descriptor import load_package
from .errors import DrcdataError
from .paths import resolve_db, resolve_descriptor

COPY_OPTIONS = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true", "json": "FORMAT json, ARRAY true"}


def export_tables(out: Path, fmt: str, *, db: PathLike = None, package: PathLike = None) -> list[Path]:
    pkg = load_package(resolve_descriptor(package))
    connect(db, package).close()  # builds the database first if it is missing or stale
    target = resolve_db(db)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    # A plain read-only connection: COPY needs file access, which the query sandbox forbids.
    with duckdb.connect(str(target), read_only=True) as con:
        for resource in pkg.resources:
            path = out / f"{resource.name}.{fmt}"
            try:
                con.execute(f"COPY {quote_ident(resource.name)} TO {sql_literal(str(path))} ({COPY_OPTIONS[fmt]})")
            except duckdb.Error as exc:
                raise DrcdataError(f"cannot write {path}: {str(exc).splitlines()[0]}") from None
            written.append(path)
    return written
