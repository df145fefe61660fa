"""DuckDB DDL generated from the descriptor: constraints as a last guard, comments as the dictionary."""
from __future__ import annotations

from .sqltext import quote_ident, sql_literal
from .descriptor import Field, Resource


def create_table_sql(resource: Resource) -> str:
    lines = [_column(f, resource) for f in resource.fields]
    if resource.primary_key:
        lines.append(f"PRIMARY KEY ({', '.join(quote_ident(k) for k in resource.primary_key)})")
    for fk in resource.foreign_keys:
        lines.append(f"FOREIGN KEY ({', '.join(quote_ident(k) for k in fk.fields)}) "
                     f"REFERENCES {quote_ident(fk.resource)} ({', '.join(quote_ident(k) for k in fk.reference_fields)})")
    body = ",\n  ".join(lines)
    return f"CREATE TABLE {quote_ident(resource.name)} (\n  {body}\n)"


def _column(f: Field, resource: Resource) -> str:
    col = quote_ident(f.name)
    parts = [col, f.duckdb_type]
    if f.required or f.name in resource.primary_key:
        parts.append("NOT NULL")
    if f.unique and (f.name,) != resource.primary_key:
        parts.append("UNIQUE")
    for condition in _conditions(f, col):
        parts.append(f"CHECK ({condition})")
    return " ".join(parts)


def _conditions(f: Field, col: str) -> list[str]:
    out = []
    if f.enum is not None:
        out.append(f"{col} IN ({', '.join(sql_literal(v) for v in f.enum)})")
    if f.pattern:
        out.append(f"regexp_full_match({col}, {sql_literal(f.pattern)})")
    if f.minimum is not None:
        out.append(f"{col} >= {sql_literal(f.minimum)}")
    if f.maximum is not None:
        out.append(f"{col} <= {sql_literal(f.maximum)}")
    if f.min_length is not None:
        out.append(f"length({col}) >= {sql_literal(f.min_length)}")
    if f.max_length is not None:
        out.append(f"length({col}) <= {sql_literal(f.max_length)}")
    return out


def comment_sql(resource: Resource) -> list[str]:
    table = quote_ident(resource.name)
    out = [f"COMMENT ON TABLE {table} IS {sql_literal(resource.description)}"]
    out += [f"COMMENT ON COLUMN {table}.{quote_ident(f.name)} IS {sql_literal(f.description)}" for f in resource.fields]
    return out
