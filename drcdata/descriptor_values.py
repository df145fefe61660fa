"""Each value read from datapackage.json, checked for its type against the Table Schema spec.

Descriptor values end up in generated SQL (as quoted literals and identifiers) and decide how
files are read, so a value of the wrong type, or a property we would otherwise silently ignore
(a format, a dialect, missing values we do not implement), is a descriptor error naming the
resource, field and key, before anything runs.
"""
from __future__ import annotations

import datetime as dt
import math
import re

from .errors import DescriptorError

MAX_COLUMNS = 1000  # per table: a header wider than this is refused before it is compared
RESERVED_FIELDS = {"__row"}  # the validator's own column in the staged tables
RESERVED_RESOURCES = {"dataset_info"}  # a table every build writes
# The range of each integer type's DuckDB column (BIGINT, INTEGER): a bound beyond it cannot be compared.
INTEGER_RANGE = {"integer": (-2**63, 2**63 - 1), "year": (-2**31, 2**31 - 1)}

CONSTRAINTS = {"required", "unique", "enum", "pattern", "minimum", "maximum", "minLength", "maxLength"}
# Formats each type is read in; anything else would mean checking values other than as declared.
FORMATS = {"string": {"default"}, "integer": {"default"}, "number": {"default"}, "boolean": {"default"},
           "date": {"default", "%Y-%m-%d"}, "datetime": {"default"}, "year": {"default"}}
# Field properties that change how values are read: supported only with their default value.
READING_DEFAULTS = {"trueValues": None, "falseValues": None, "decimalChar": ".", "groupChar": None,
                    "bareNumber": True, "missingValues": [""]}
DIALECT_DEFAULTS = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True,
                    "headerRows": [1], "skipInitialSpace": False, "commentChar": None, "escapeChar": None}


class Where:
    """Where a value sits in the descriptor, for the message."""

    def __init__(self, descriptor: str, resource: str | None = None, field: str | None = None):
        self.descriptor, self.resource, self.field = descriptor, resource, field

    def error(self, key: str, message: str) -> DescriptorError:
        place = f"resource {self.resource!r}" if self.resource else "the package"
        if self.field is not None:
            place += f", field {self.field!r}"
        return DescriptorError(f"{self.descriptor}: {place}, {key!r}: {message}")


def text(value, where: Where, key: str, *, required: bool = False) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value):
        raise where.error(key, f"must be {'a non-empty' if required else 'a'} string, got {_shown(value)}")
    _no_nul(value, where, key)
    return value


def _no_nul(value: str, where: Where, key: str) -> None:
    if "\x00" in value:  # no SQL literal or database text can carry it
        raise where.error(key, "must not contain a NUL character")


def flag(value, where: Where, key: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise where.error(key, f"must be true or false, got {_shown(value)}")
    return value


def names(value, where: Where, key: str) -> tuple[str, ...]:
    """A field name or a list of them (primaryKey, foreign key fields)."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(v, str) and v for v in items):
        raise where.error(key, f"must be a field name or a non-empty list of field names, got {_shown(value)}")
    repeated = next((v for v in items if items.count(v) > 1), None)
    if repeated is not None:
        raise where.error(key, f"names the field {repeated!r} twice")
    return tuple(items)


def length(value, where: Where, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63:
        raise where.error(key, f"must be a whole number of characters (0 or more), got {_shown(value)}")
    return value


def bound(value, type_: str, where: Where, key: str):
    """minimum/maximum: a value of the field's own type."""
    if value is None:
        return None
    if type_ in ("integer", "year"):
        low, high = INTEGER_RANGE[type_]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise where.error(key, f"must be a whole number from {low} to {high} for a {type_} field, got {_shown(value)}")
        return value
    if type_ == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not _finite(value):
            raise where.error(key, f"must be a finite number for a number field, got {_shown(value)}")
        return float(value) if isinstance(value, int) and abs(value) > 2**63 else value
    if type_ == "date":
        return _iso(value, dt.date.fromisoformat, "a date (YYYY-MM-DD)", where, key)
    if type_ == "datetime":
        return _iso(value, dt.datetime.fromisoformat, "a datetime (YYYY-MM-DDThh:mm:ss)", where, key)
    raise where.error(key, f"does not apply to a {type_} field")


def _finite(value) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float: 1e400 written out
        return False


def enum(value, type_: str, where: Where) -> tuple[str, ...] | None:
    """Allowed values, as the lexical forms the cells are compared with."""
    if value is None:
        return None
    if not isinstance(value, list) or not value:
        raise where.error("enum", f"must be a non-empty list, got {_shown(value)}")
    out = []
    for item in value:
        if isinstance(item, str):
            _no_nul(item, where, "enum")
            out.append(item)
        elif type_ in ("integer", "year") and isinstance(item, int) and not isinstance(item, bool):
            out.append(str(item))
        elif type_ == "boolean" and isinstance(item, bool):
            out.append("true" if item else "false")
        else:
            raise where.error("enum", f"values must be strings (or {type_} values), got {_shown(item)}")
    return tuple(out)


def pattern(value, where: Where) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise where.error("pattern", f"must be a regular expression (a string), got {_shown(value)}")
    if "\x00" in value:
        raise where.error("pattern", "must not contain a NUL character")
    return value


def constraints(raw, type_: str, where: Where) -> dict:
    raw = {} if raw is None else raw
    if not isinstance(raw, dict):
        raise where.error("constraints", f"must be an object, got {_shown(raw)}")
    unknown = sorted(set(raw) - CONSTRAINTS)
    if unknown:
        raise where.error("constraints", f"unsupported constraint {unknown[0]!r} (supported: {', '.join(sorted(CONSTRAINTS))})")
    if type_ not in ("string",) and ("minLength" in raw or "maxLength" in raw):
        raise where.error("constraints", f"minLength and maxLength apply to string fields, not {type_}")
    if type_ not in ("string",) and "pattern" in raw:
        raise where.error("constraints", f"pattern applies to string fields, not {type_}")
    if type_ in ("string", "boolean") and ("minimum" in raw or "maximum" in raw):
        raise where.error("constraints", f"minimum and maximum do not apply to a {type_} field")
    return {"required": flag(raw.get("required"), where, "required"),
            "unique": flag(raw.get("unique"), where, "unique"),
            "enum": enum(raw.get("enum"), type_, where),
            "pattern": pattern(raw.get("pattern"), where),
            "minimum": bound(raw.get("minimum"), type_, where, "minimum"),
            "maximum": bound(raw.get("maximum"), type_, where, "maximum"),
            "min_length": length(raw.get("minLength"), where, "minLength"),
            "max_length": length(raw.get("maxLength"), where, "maxLength")}


def field_reading(raw: dict, type_: str, where: Where) -> None:
    """A format or a reading option we do not implement is refused, not ignored."""
    fmt = raw.get("format", "default")
    if fmt not in FORMATS[type_]:
        raise where.error("format", f"{_shown(fmt)} is not supported for a {type_} field "
                                    f"(supported: {', '.join(sorted(FORMATS[type_]))})")
    for key, default in READING_DEFAULTS.items():
        if key in raw and raw[key] != default:
            raise where.error(key, f"only the default ({default!r}) is supported, got {_shown(raw[key])}")


def field_names(fields: list, where: Where) -> None:
    if not fields:
        raise where.error("fields", "is empty; a table needs at least one field")
    if len(fields) > MAX_COLUMNS:
        raise where.error("fields", f"has {len(fields)} fields; at most {MAX_COLUMNS} are supported")
    seen: dict[str, str] = {}
    for name in (f.name for f in fields):
        if name in RESERVED_FIELDS:
            raise where.error("fields", f"the field name {name!r} is reserved")
        if any(ord(c) < 32 for c in name):
            raise where.error("fields", f"the field name {name!r} contains a control character")
        if name.lower() in seen:  # DuckDB column names are case-insensitive
            raise where.error("fields", f"the field names {seen[name.lower()]!r} and {name!r} are the same column")
        seen[name.lower()] = name


def resource_reading(raw: dict, where: Where) -> None:
    """Only UTF-8 CSV, comma-separated, double-quoted, one header row, empty cells as missing."""
    for key, allowed in (("format", {"csv"}), ("mediatype", {"text/csv"}), ("scheme", {"file"}),
                         ("encoding", {"utf-8", "utf8"}), ("type", {"table"})):
        value = raw.get(key)
        if value is not None and (not isinstance(value, str) or value.lower() not in allowed):
            raise where.error(key, f"only {' or '.join(sorted(allowed))} is supported, got {_shown(value)}")
    dialect = raw.get("dialect")
    if dialect is not None:
        if not isinstance(dialect, dict):
            raise where.error("dialect", f"must be an object, got {_shown(dialect)}")
        for key, value in dialect.items():
            if key == "$schema" or (key == "lineTerminator" and value in ("\n", "\r\n")):
                continue
            if key not in DIALECT_DEFAULTS or value != DIALECT_DEFAULTS[key]:
                raise where.error("dialect", f"{key} = {_shown(value)} is not supported "
                                             f"(the files must be comma-separated, double-quoted, with one header row)")
    schema = raw.get("schema")
    if isinstance(schema, dict) and "missingValues" in schema and schema["missingValues"] != [""]:
        raise where.error("missingValues", f"only [\"\"] (an empty cell is missing) is supported, got {_shown(schema['missingValues'])}")


def _iso(value, parse, expected: str, where: Where, key: str) -> str:
    try:
        if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9:.]+)?", value):
            raise ValueError
        parse(value)
    except ValueError:
        raise where.error(key, f"must be {expected}, got {_shown(value)}") from None
    return value


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"
