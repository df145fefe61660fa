"""Table Schema rules as set-based SQL over the staged text tables.

Each check is a SELECT returning the failing rows (`__row`, `value`); an empty result is a pass.
The SQL is generated from the descriptor, so a new field or constraint needs no new code.
"""
from __future__ import annotations

from dataclasses import dataclass

from .descriptor import Field, ForeignKey, Package, Resource
from .sqltext import quote_ident, sql_literal

# Lexical forms of the Table Schema types (stricter than DuckDB casts: 'yes' is no boolean).
TYPE_FORMS = {
    "integer": "regexp_full_match({v}, '[+-]?[0-9]+')",
    "number": "regexp_full_match({v}, '[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?|NaN|INF|-INF')",
    "boolean": "{v} IN ('true', 'True', 'TRUE', '1', 'false', 'False', 'FALSE', '0')",
    # The pattern fixes the form; the cast then rejects impossible days (cheaper than strptime).
    "date": "(regexp_full_match({v}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') AND try_cast({v} AS DATE) IS NOT NULL)",
    "datetime": "(regexp_full_match({v}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}T[0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}(\\.[0-9]+)?(Z|[+-][0-9]{{2}}:[0-9]{{2}})?')"
                " AND try_cast(replace({v}, 'Z', '') AS TIMESTAMP) IS NOT NULL)",
    "year": "regexp_full_match({v}, '[0-9]{{4}}')",
}
# A value of the right form DuckDB cannot hold as its type: (condition it must meet, message).
# {t} is the typed value. The spec's NaN, INF and -INF are numbers; 1e400 (which would become
# Infinity) is not. Year 0000 and years past 9999 (a datetime's offset can carry it there) do
# not exist in the calendars Python and most readers use.
REPRESENTABLE = {
    "integer": ("{t} IS NOT NULL", "beyond the range of a 64-bit integer (-9223372036854775808 to 9223372036854775807)"),
    "number": ("isfinite({t}) OR {v} IN ('NaN', 'INF', '-INF')",
               "too large to store as a number (beyond ±1.8e308); write INF or -INF for an infinity"),
    "date": ("year({t}) BETWEEN 1 AND 9999", "outside the dates that exist (0001-01-01 to 9999-12-31; there is no year 0000)"),
    "datetime": ("year({t}) BETWEEN 1 AND 9999",
                 "outside the datetimes that exist (years 0001 to 9999 in UTC; there is no year 0000)"),
}
TYPE_EXAMPLES = {"integer": "42", "number": "3.5", "boolean": "true or false",
                 "date": "YYYY-MM-DD, a real calendar day", "datetime": "YYYY-MM-DDThh:mm:ssZ", "year": "YYYY"}


@dataclass(frozen=True)
class Check:
    """A rule about one field (or the row) of one resource, and the SELECT that finds its failures."""

    resource: Resource
    field: str | None
    rule: str
    message: str
    sql: str  # selects __row, value
    # A check that judges each row on its own also names its table and failing condition, so the
    # validator can count all such checks of a table in one pass.
    table: str | None = None
    condition: str | None = None


def row_check(resource: Resource, field: str | None, rule: str, message: str,
              table: str, value: str, condition: str) -> Check:
    return Check(resource, field, rule, message, f"SELECT __row, {value} AS value FROM {table} WHERE {condition}",
                 table, condition)


def staged(resource: Resource) -> str:
    return f"stg.{quote_ident(resource.name)}"


def typed(resource: Resource) -> str:
    """The view of the staged table with every column cast to its type (see rules.create_typed_views)."""
    return f"typed.{quote_ident(resource.name)}"


def typed_value(f: Field, v: str) -> str:
    """The text cell `v` as a value of the field's type; NULL when it is not one.

    A datetime's offset is applied (DuckDB's TIMESTAMP cast drops it): the staging connection's
    time zone is UTC, so a datetime without an offset is read as UTC."""
    if f.type == "datetime":
        return f"timezone('UTC', TRY_CAST({v} AS TIMESTAMPTZ))"
    return f"TRY_CAST({v} AS {f.duckdb_type})"


def _keyed_table(resource: Resource, keys) -> str:
    """Keys are compared as the database compares them: '01' and '1' are one integer."""
    return staged(resource) if all(resource.field(k).type == "string" for k in keys) else typed(resource)


def field_checks(resource: Resource, implied_patterns: frozenset[str] = frozenset()) -> list[Check]:
    """`implied_patterns`: fields whose pattern a foreign-key check already guarantees (see below)."""
    checks: list[Check] = []
    table = staged(resource)
    for f in resource.fields:
        v = quote_ident(f.name)

        def add(rule: str, message: str, failing: str, f: Field = f, v: str = v) -> None:
            checks.append(row_check(resource, f.name, rule, message, table, v, failing))

        required = f.required or f.name in resource.primary_key
        if required:
            add("required", "a value is required", f"{v} IS NULL")
        if f.type in TYPE_FORMS:
            add(f"type:{f.type}", f"not a valid {f.type} (expected {TYPE_EXAMPLES[f.type]})",
                f"{v} IS NOT NULL AND NOT ({TYPE_FORMS[f.type].format(v=v)})")
        well_typed = f"{v} IS NOT NULL" + (
            f" AND ({TYPE_FORMS[f.type].format(v=v)})" if f.type in TYPE_FORMS else "")
        cast = typed_value(f, v)
        if f.type in REPRESENTABLE:
            holds, message = REPRESENTABLE[f.type]
            add("out-of-range", message, f"{well_typed} AND NOT ({holds.format(t=cast, v=v)})")
        if f.enum is not None:
            allowed = ", ".join(sql_literal(x) for x in f.enum)
            add("enum", "not one of: " + ", ".join(f.enum), f"{v} IS NOT NULL AND {v} NOT IN ({allowed})")
        if f.pattern and f.name not in implied_patterns:
            add("pattern", f"does not match the pattern {f.pattern}",
                f"{v} IS NOT NULL AND NOT regexp_full_match({v}, {sql_literal(f.pattern)})")
        if f.min_length is not None:
            add("minLength", f"shorter than {f.min_length} characters", f"{v} IS NOT NULL AND length({v}) < {sql_literal(f.min_length)}")
        if f.max_length is not None:
            add("maxLength", f"longer than {f.max_length} characters", f"{v} IS NOT NULL AND length({v}) > {sql_literal(f.max_length)}")
        if f.minimum is not None:
            add("minimum", f"below the minimum {f.minimum}",
                f"{well_typed} AND {cast} < CAST({sql_literal(f.minimum)} AS {f.duckdb_type})")
        if f.maximum is not None:
            add("maximum", f"above the maximum {f.maximum}",
                f"{well_typed} AND {cast} > CAST({sql_literal(f.maximum)} AS {f.duckdb_type})")
        if f.unique and (f.name,) != resource.primary_key:
            checks.append(_duplicates(resource, (f.name,), "unique", "the value is not unique (an earlier row has it)"))
    return checks


def nul_checks(resource: Resource) -> list[Check]:
    """Run only on a file that holds a NUL byte: DuckDB would store it inside the cell."""
    return [row_check(resource, f.name, "nul-character", "the cell holds a NUL character (byte 0)",
                      staged(resource), f"replace({quote_ident(f.name)}, chr(0), '\\0')",
                      f"contains({quote_ident(f.name)}, chr(0))") for f in resource.fields]


PRIMARY_KEY_MESSAGE = "duplicate primary key (an earlier row has it)"


def primary_key_check(resource: Resource) -> list[Check]:
    if not resource.primary_key:
        return []
    return [_duplicates(resource, resource.primary_key, "primary-key", PRIMARY_KEY_MESSAGE)]


def _duplicates(resource: Resource, keys: tuple[str, ...], rule: str, message: str) -> Check:
    """Every occurrence of a key after its first; only keys that repeat are sorted, not the table."""
    cols = ", ".join(quote_ident(k) for k in keys)
    value = " || ',' || ".join(f"coalesce(CAST(t.{quote_ident(k)} AS VARCHAR), '')" for k in keys)
    not_null = " AND ".join(f"{quote_ident(k)} IS NOT NULL" for k in keys)
    table = _keyed_table(resource, keys)
    sql = f"""WITH repeated AS (SELECT {cols}, min(__row) AS first_row FROM {table}
                                WHERE {not_null} GROUP BY {cols} HAVING count(*) > 1)
              SELECT t.__row, {value} AS value FROM {table} t JOIN repeated USING ({cols})
              WHERE t.__row > repeated.first_row"""
    return Check(resource, ",".join(keys), rule, message, sql)


def self_reference(resource: Resource) -> ForeignKey | None:
    return next((fk for fk in resource.foreign_keys if fk.resource == resource.name and len(fk.fields) == 1), None)


def placed_rows_sql(resource: Resource, fk: ForeignKey, table: str) -> str:
    """Each row (`__row`) whose chain of parents ends at a row without one, with its depth there (0).

    The build loads a self-referencing table depth by depth, parents first; a row never placed is in
    a cycle. The depth bound stops the recursion even when keys repeat (reported on their own)."""
    ref, key = quote_ident(fk.fields[0]), quote_ident(fk.reference_fields[0])
    return f"""WITH RECURSIVE placed(__row, k, depth) AS (
                   SELECT __row, {key}, 0 FROM {table} WHERE {ref} IS NULL
                   UNION ALL
                   SELECT c.__row, c.{key}, p.depth + 1 FROM {table} c JOIN placed p ON c.{ref} = p.k
                   WHERE p.depth < (SELECT count(*) FROM {table}))
               SELECT __row, depth FROM placed"""


def self_reference_checks(resource: Resource) -> list[Check]:
    fk = self_reference(resource)
    if fk is None:
        return []
    table = _keyed_table(resource, fk.fields)
    ref, key = quote_ident(fk.fields[0]), quote_ident(fk.reference_fields[0])
    sql = f"""SELECT t.__row, CAST(t.{ref} AS VARCHAR) AS value FROM {table} t
              WHERE t.{ref} IS NOT NULL AND t.{ref} IN (SELECT {key} FROM {table})
                AND t.__row NOT IN (SELECT __row FROM ({placed_rows_sql(resource, fk, table)}))"""
    return [Check(resource, fk.fields[0], "foreign-key-cycle",
                  f"following {fk.fields[0]} from this row never reaches a row without one "
                  f"(the rows reference each other in a cycle, or one's parent is missing)", sql)]


def patterns_implied_by_foreign_keys(package: Package, usable: set[str]) -> dict[str, frozenset[str]]:
    """Fields whose pattern needs no check of its own, by resource.

    A value that passes a foreign-key check equals a parent value, and the parent's field is
    checked against the same pattern; a value that fails it is reported as a foreign-key error.
    Either way no bad value goes unreported, and the regular expression runs once, on the parent.
    """
    links = [(r.name, fk.fields[0], fk.resource, fk.reference_fields[0])
             for r in package.resources for fk in r.foreign_keys if len(fk.fields) == 1]
    children = {(res, name) for res, name, _, _ in links}
    implied: dict[str, set[str]] = {}
    for res, name, parent_res, parent_name in links:
        if res not in usable or parent_res not in usable:
            continue  # the foreign-key check only runs when both tables staged cleanly
        if (parent_res, parent_name) in children:
            continue  # the parent's own pattern check may be skipped too; keep this one
        pattern = package.resource(res).field(name).pattern
        if pattern and pattern == package.resource(parent_res).field(parent_name).pattern:
            implied.setdefault(res, set()).add(name)
    return {name: frozenset(fields) for name, fields in implied.items()}


def foreign_key_checks(package: Package, usable: set[str]) -> list[Check]:
    """Only against resources whose rows were staged cleanly, so a broken parent is not blamed on its children."""
    checks = []
    for r in package.resources:
        for fk in r.foreign_keys:
            if fk.resource not in usable or r.name not in usable:
                continue
            parent = package.resource(fk.resource)
            on = " AND ".join(f"c.{quote_ident(a)} = p.{quote_ident(b)}" for a, b in zip(fk.fields, fk.reference_fields))
            not_null = " AND ".join(f"c.{quote_ident(a)} IS NOT NULL" for a in fk.fields)
            value = " || ',' || ".join(f"CAST(c.{quote_ident(a)} AS VARCHAR)" for a in fk.fields)
            sql = (f"SELECT c.__row, {value} AS value FROM {_keyed_table(r, fk.fields)} c "
                   f"ANTI JOIN {_keyed_table(parent, fk.reference_fields)} p ON {on} WHERE {not_null}")
            checks.append(Check(r, ",".join(fk.fields), "foreign-key",
                                f"no {parent.name} row has this {'/'.join(fk.reference_fields)}", sql))
    return checks
