"""Read datapackage.json into typed objects, refusing descriptors we cannot trust.

Everything else (validation SQL, DDL, dtypes, the data dictionary, CLI choices) is generated
from these objects, so datapackage.json stays the one place a table is described.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import descriptor_values as values
from .descriptor_values import Where
from .errors import DescriptorError

# Table Schema types we support, with the DuckDB type each one loads as.
DUCKDB_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "datetime": "TIMESTAMP",
    "year": "INTEGER",
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None

    @property
    def duckdb_type(self) -> str:
        return DUCKDB_TYPES[self.type]


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    description: str
    path: Path
    relpath: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    cited: bool

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def package_root(self) -> Path:
        return self.path.parents[len(PurePosixPath(self.relpath).parts) - 1]


@dataclass(frozen=True)
class Package:
    descriptor_path: Path
    name: str
    title: str
    version: str
    as_of: dt.date
    resources: tuple[Resource, ...]
    raw: dict = field(repr=False, compare=False, default_factory=dict)

    @property
    def root(self) -> Path:
        return self.descriptor_path.parent

    def resource(self, name: str) -> Resource:
        for r in self.resources:
            if r.name == name:
                return r
        raise KeyError(name)

    def load_order(self) -> list[Resource]:
        """Resources ordered so that every referenced table comes before its referrers."""
        ordered: list[Resource] = []
        pending = list(self.resources)
        while pending:
            ready = [r for r in pending
                     if all(fk.resource in {o.name for o in ordered} or fk.resource == r.name
                            for fk in r.foreign_keys)]
            if not ready:
                raise DescriptorError(f"{self.descriptor_path}: foreign keys form a cycle between resources: "
                                      + ", ".join(r.name for r in pending))
            ordered.extend(ready)
            pending = [r for r in pending if r not in ready]
        return ordered


def load_package(descriptor_path: Path) -> Package:
    where = str(descriptor_path)
    try:
        raw = json.loads(descriptor_path.read_text(encoding="utf-8"), parse_constant=_not_json)
    except UnicodeDecodeError as exc:
        raise DescriptorError(f"{where}: not UTF-8 ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise DescriptorError(f"{where}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    if not isinstance(raw, dict):
        raise DescriptorError(f"{where}: the descriptor must be a JSON object")
    package_where = Where(where)
    for key in ("name", "title", "version"):
        values.text(raw.get(key), package_where, key)
    resources_raw = raw.get("resources")
    if not isinstance(resources_raw, list) or not resources_raw:
        raise DescriptorError(f"{where}: 'resources' must be a non-empty list")
    as_of = _parse_as_of(raw.get("as_of"), where)
    resources = tuple(_resource(r, i, descriptor_path.parent, where) for i, r in enumerate(resources_raw))
    names = [r.name for r in resources]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise DescriptorError(f"{where}: duplicate resource names: {', '.join(sorted(dupes))}")
    for r in resources:
        for fk in r.foreign_keys:
            if fk.resource not in names:
                raise DescriptorError(f"{where}: resource {r.name!r} has a foreign key to unknown resource {fk.resource!r}")
            target = next(t for t in resources if t.name == fk.resource)
            for name in fk.reference_fields:
                if name not in target.field_names:
                    raise DescriptorError(f"{where}: resource {r.name!r} has a foreign key to unknown field {fk.resource}.{name}")
            for local, remote in zip(fk.fields, fk.reference_fields):
                if r.field(local).type != target.field(remote).type:  # the database cannot declare such a key
                    raise DescriptorError(f"{where}: resource {r.name!r} foreign key {local} ({r.field(local).type}) -> "
                                          f"{fk.resource}.{remote} ({target.field(remote).type}): the types must be the same")
            keyed = fk.reference_fields == target.primary_key or (
                len(fk.reference_fields) == 1 and target.field(fk.reference_fields[0]).unique)
            if not keyed:  # the database can only enforce a key that points at a primary key or unique field
                raise DescriptorError(f"{where}: resource {r.name!r} foreign key {', '.join(fk.fields)} -> "
                                      f"{fk.resource}.{', '.join(fk.reference_fields)}: the referenced fields must be "
                                      f"that resource's primary key or a unique field")
    package = Package(descriptor_path=descriptor_path, name=str(raw.get("name", "")),
                      title=str(raw.get("title", "")), version=str(raw.get("version", "")),
                      as_of=as_of, resources=resources, raw=raw)
    package.load_order()  # foreign keys that form a cycle between resources are refused here, not at build
    return package


def _not_json(constant: str):
    raise DescriptorError(f"{constant} is not valid JSON (JSON has no NaN or Infinity)")


def _parse_as_of(value, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise DescriptorError(f"{where}: 'as_of' must be a date (YYYY-MM-DD), got {value!r}") from None


def _resource(raw, index: int, root: Path, where: str) -> Resource:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        raise DescriptorError(f"{where}: resource #{index + 1} needs a 'name'")
    name = raw["name"]
    if not re.fullmatch(r"[a-z0-9._-]+", name):  # the Data Package rule; names become SQL identifiers
        raise DescriptorError(f"{where}: resource name {name!r} must be lowercase letters, digits, '.', '_' or '-'")
    if name in values.RESERVED_RESOURCES:
        raise DescriptorError(f"{where}: resource name {name!r} is reserved (the build writes a table of that name)")
    relpath = _safe_relpath(raw.get("path"), name, where)
    here = Where(where, name)
    values.resource_reading(raw, here)
    schema = raw.get("schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        raise DescriptorError(f"{where}: resource {name!r} needs a schema with a list of fields")
    fields = tuple(_field(f, name, where) for f in schema["fields"])
    values.field_names(list(fields), here)
    field_names = [f.name for f in fields]
    pk = values.names(schema["primaryKey"], here, "primaryKey") if "primaryKey" in schema else ()
    for key in pk:
        if key not in field_names:
            raise DescriptorError(f"{where}: resource {name!r} primary key names unknown field {key!r}")
    foreign_keys = schema.get("foreignKeys", [])
    if not isinstance(foreign_keys, list):
        raise here.error("foreignKeys", f"must be a list, got {values._shown(foreign_keys)}")
    fks = []
    for fk in foreign_keys:
        if not isinstance(fk, dict) or not isinstance(fk.get("reference"), dict):
            raise DescriptorError(f"{where}: resource {name!r} has a malformed foreign key: {fk!r}")
        local = values.names(fk.get("fields"), here, "foreignKeys.fields")
        ref = fk["reference"]
        target = values.text(ref.get("resource"), here, "foreignKeys.reference.resource") or name  # "" means a self-reference
        remote = values.names(ref.get("fields"), here, "foreignKeys.reference.fields")
        if len(local) != len(remote):
            raise here.error("foreignKeys", f"{len(local)} field(s) reference {len(remote)} field(s) of {target!r}")
        for key in local:
            if key not in field_names:
                raise DescriptorError(f"{where}: resource {name!r} foreign key names unknown field {key!r}")
        if target == name and len(local) > 1:
            raise here.error("foreignKeys", "a self-reference must be a single field")
        fks.append(ForeignKey(local, target, remote))
    return Resource(name=name, title=values.text(raw.get("title"), here, "title") or name,
                    description=values.text(raw.get("description"), here, "description") or "",
                    path=root / relpath, relpath=relpath, fields=fields, primary_key=pk,
                    foreign_keys=tuple(fks), cited=values.flag(raw.get("drcdata:cited"), here, "drcdata:cited"))


def _safe_relpath(path, name: str, where: str) -> str:
    """Data must live inside the package: no URLs, absolute paths or `..`."""
    if not isinstance(path, str) or not path:
        raise DescriptorError(f"{where}: resource {name!r} needs a 'path' (a single relative file path)")
    if "://" in path or path.startswith(("http:", "https:")):
        raise DescriptorError(f"{where}: resource {name!r} path {path!r} is a URL; only local files are allowed")
    pure = PurePosixPath(path)
    if pure.is_absolute() or path.startswith("\\") or (len(path) > 1 and path[1] == ":"):
        raise DescriptorError(f"{where}: resource {name!r} path {path!r} is absolute; it must be relative to the package")
    if ".." in pure.parts:
        raise DescriptorError(f"{where}: resource {name!r} path {path!r} climbs out of the package")
    return path


def _field(raw, resource: str, where: str) -> Field:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"]:
        raise DescriptorError(f"{where}: resource {resource!r} has a field without a name")
    name = raw["name"]
    here = Where(where, resource, name)
    type_ = raw.get("type", "string")
    if not isinstance(type_, str) or type_ not in DUCKDB_TYPES:
        raise DescriptorError(f"{where}: field {resource}.{name} has unsupported type {type_!r} "
                              f"(supported: {', '.join(DUCKDB_TYPES)})")
    values.field_reading(raw, type_, here)
    c = values.constraints(raw.get("constraints"), type_, here)
    if c["enum"] is None and "categories" in raw:  # Table Schema v2 form
        categories = raw["categories"]
        if not isinstance(categories, list):
            raise here.error("categories", f"must be a list, got {values._shown(categories)}")
        c["enum"] = values.enum([x.get("value") if isinstance(x, dict) else x for x in categories], type_, here)
    return Field(name=name, type=type_, description=values.text(raw.get("description"), here, "description") or "", **c)
