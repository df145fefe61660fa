"""The row diff: each table's two CSVs loaded as text into DuckDB and joined on the primary key."""
from __future__ import annotations

from pathlib import Path

import duckdb

from ..descriptor import Resource, load_package
from ..errors import DrcdataError
from ..package_files import FileRefused, safe_real_path
from ..paths import resolve_descriptor
from ..sqltext import quote_ident as q
from .model import PackageDiff, SchemaChange, Side, TableDiff, ValueChange
from .schema import column_changes, find_renames
from .sides import package_folder, short_label

READ_CSV = "read_csv($path, header=true, all_varchar=true, delim=',', quote='\"', escape='\"')"


def diff_packages(old: str, new: str, *, repo: Path | str | None = None) -> PackageDiff:
    """Compare two packages, each a folder or a git revision of `repo` (default: NEW's folder, else here)."""
    repo = Path(repo) if repo is not None else (Path(new) if Path(new).is_dir() else Path("."))
    with package_folder(old, repo) as old_dir, package_folder(new, repo) as new_dir:
        return diff_folders(old_dir, new_dir, short_label(old, repo), short_label(new, repo))


def diff_folders(old_dir: Path, new_dir: Path, old_label: str | None = None,
                 new_label: str | None = None) -> PackageDiff:
    old_pkg = load_package(resolve_descriptor(old_dir))
    new_pkg = load_package(resolve_descriptor(new_dir))
    old_by_name = {r.name: r for r in old_pkg.resources}
    new_names = {r.name for r in new_pkg.resources}
    pairs = [(old_by_name.get(r.name), r) for r in new_pkg.resources]
    pairs += [(r, None) for r in old_pkg.resources if r.name not in new_names]
    with duckdb.connect() as con:
        tables = [_diff_table(con, old, new) for old, new in pairs]
    side = lambda pkg, label: Side(label or str(pkg.root), pkg.version, pkg.as_of.isoformat())
    return PackageDiff(side(old_pkg, old_label), side(new_pkg, new_label), tables)


def _diff_table(con, old: Resource | None, new: Resource | None) -> TableDiff:
    if old is None or new is None:
        present = new or old
        _load(con, "side", present)
        keys = _keys(con, "side", present.primary_key, present)
        change = SchemaChange("table_added" if old is None else "table_removed")
        return TableDiff(present.name, present.primary_key, None if old is None else len(keys),
                         None if new is None else len(keys), added=keys if old is None else [],
                         removed=keys if new is None else [], schema=[change])
    key = new.primary_key
    missing = [k for k in key if k not in old.field_names]
    if not key or missing:
        raise DrcdataError(f"table {new.name}: rows cannot be paired, the old version has no column "
                           f"{', '.join(missing) or '(no primary key)'} to match the new primary key on")
    _load(con, "o", old)
    _load(con, "n", new)
    old_keys, new_keys = _keys(con, "o", key, old), _keys(con, "n", key, new)
    renames = find_renames(con, old, new, _join(key))
    was = {b: a for a, b in renames.items()}
    pairs = [(was.get(f, f), f) for f in new.field_names if was.get(f, f) in old.field_names]
    return TableDiff(new.name, key, len(old_keys), len(new_keys),
                     added=sorted(set(new_keys) - set(old_keys)),
                     removed=sorted(set(old_keys) - set(new_keys)),
                     changed=_changed_values(con, key, pairs),
                     schema=column_changes(old, new, renames))


def _load(con, alias: str, resource: Resource) -> None:
    columns = ", ".join(q(f) for f in resource.field_names)
    try:
        real = safe_real_path(resource.path, resource.package_root)  # a FIFO would hang the reader
        con.execute(f"CREATE OR REPLACE TEMP TABLE {alias} AS SELECT {columns} FROM {READ_CSV}",
                    {"path": str(real)})
    except FileRefused as exc:
        raise DrcdataError(f"cannot read table {resource.name}: {exc}") from None
    except duckdb.Error as exc:
        raise DrcdataError(f"{resource.path}: cannot read table {resource.name}: {str(exc).splitlines()[0]}") from None


def _key_expr(alias: str, key: tuple[str, ...]) -> str:
    cols = [f"{alias}.{q(k)}" for k in key]
    return cols[0] if len(cols) == 1 else f"concat_ws(' / ', {', '.join(cols)})"


def _join(key: tuple[str, ...]) -> str:
    return " AND ".join(f"o.{q(k)} = n.{q(k)}" for k in key)


def _keys(con, alias: str, key: tuple[str, ...], resource: Resource) -> list[str]:
    """Every key of one side, refusing duplicates (rows could not be paired)."""
    expr = _key_expr(alias, key)
    rows = con.execute(f"SELECT {expr} AS k, count(*) FROM {alias} GROUP BY ALL ORDER BY k").fetchall()
    dupes = [k for k, n in rows if n > 1]
    if dupes or any(k is None for k, _ in rows):
        raise DrcdataError(f"{resource.path}: primary key {', '.join(key)} is not unique or is empty "
                           f"(e.g. {dupes[:3] or [None]}); validate the package first")
    return [k for k, _ in rows]


def _changed_values(con, key: tuple[str, ...], pairs: list[tuple[str, str]]) -> list[ValueChange]:
    """One row per (record, field) whose text differs; fields in the new table's order."""
    selects = [f"SELECT {_key_expr('n', key)} AS k, {i} AS pos, o.{q(a)} AS old, n.{q(b)} AS new "
               f"FROM o JOIN n ON {_join(key)} WHERE o.{q(a)} IS DISTINCT FROM n.{q(b)}"
               for i, (a, b) in enumerate(pairs) if b not in key]
    if not selects:
        return []
    rows = con.execute(" UNION ALL ".join(selects) + " ORDER BY k, pos").fetchall()
    return [ValueChange(k, pairs[pos][1], old, new) for k, pos, old, new in rows]
