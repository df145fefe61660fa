"""Export every table to Parquet, CSV or JSON files with DuckDB's COPY, with a datapackage.json
that describes what was written (`frictionless validate OUT/datapackage.json` accepts it)."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb

from .api import PathLike, database_path
from .dbfile import ensure_folder, reason
from .descriptor import load_package
from .errors import DrcdataError
from .paths import DESCRIPTOR, resolve_descriptor
from .sqltext import quote_ident, sql_literal

COPY_OPTIONS = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true", "json": "FORMAT json, ARRAY true"}
MEDIA_TYPES = {"parquet": "application/vnd.apache.parquet", "csv": "text/csv", "json": "application/json"}
# What described the source CSVs and is untrue of the files written here.
_SOURCE_ONLY = ("path", "dialect", "encoding", "format", "mediatype", "bytes", "hash", "scheme", "compression")


def export_tables(out: Path, fmt: str, *, db: PathLike = None, package: PathLike = None) -> list[Path]:
    """One file per table and OUT/datapackage.json; the paths written, the descriptor last."""
    descriptor = resolve_descriptor(package)
    pkg = load_package(descriptor)
    out = Path(out)
    ensure_folder(out, "--out")
    target = database_path(db, descriptor)  # built first if it is missing or stale
    written = []
    # A plain read-only connection: COPY needs file access, which the query sandbox forbids.
    with duckdb.connect(str(target), read_only=True) as con:
        for resource in pkg.resources:
            path = out / f"{resource.name}.{fmt}"
            try:
                con.execute(f"COPY {quote_ident(resource.name)} TO {sql_literal(str(path))} ({COPY_OPTIONS[fmt]})")
            except duckdb.Error as exc:
                raise DrcdataError(f"cannot write {path}: {reason(exc)}") from None
            written.append(path)
    return written + [write_descriptor(descriptor, out, fmt)]


def write_descriptor(descriptor: Path, out: Path, fmt: str) -> Path:
    """The source descriptor with each resource pointing at its exported file in `fmt`."""
    raw = json.loads(descriptor.read_text(encoding="utf-8"))
    resources = []
    for resource in raw["resources"]:
        kept = {k: v for k, v in resource.items() if k not in _SOURCE_ONLY}
        kept.update(path=f"{resource['name']}.{fmt}", format=fmt, mediatype=MEDIA_TYPES[fmt])
        if fmt == "csv":
            # DuckDB writes UTF-8, comma-separated, with a header and NULL as an empty cell.
            kept["encoding"] = "utf-8"
            kept["schema"] = {**kept.get("schema", {}), "missingValues": [""]}
        resources.append(kept)
    raw["resources"] = resources
    path = out / DESCRIPTOR
    try:
        path.write_text(json.dumps(raw, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise DrcdataError(f"cannot write {path}: {reason(exc)}") from None
    return path
