"""The dataset's own rules (the evidence model and date logic), as SELECTs over typed staging views.

They run only on resources that passed the structural checks; a rule whose tables or columns a
forked package lacks is skipped rather than failing.
"""
from __future__ import annotations

from .checks import Check
from .sqltext import quote_ident, sql_literal
from .descriptor import Package, Resource

EVIDENCE = "citations"
PERIODS = [("start_date", "end_date")]
PRECISION_OF = {"date": "date_precision", "start_date": "start_precision",
                "end_date": "end_precision", "signed_date": "signed_precision"}


def typed(resource: Resource) -> str:
    return f"typed.{quote_ident(resource.name)}"


def create_typed_views(con, resources: list[Resource]) -> None:
    """Cast every column once so the rules can compare dates; bad cells become NULL (already reported)."""
    con.execute("CREATE SCHEMA IF NOT EXISTS typed")
    for r in resources:
        cols = ", ".join(f"TRY_CAST({quote_ident(f.name)} AS {f.duckdb_type}) AS {quote_ident(f.name)}"
                         for f in r.fields)
        con.execute(f"CREATE OR REPLACE VIEW {typed(r)} AS SELECT __row, {cols} FROM stg.{quote_ident(r.name)}")


def prepare_rule_tables(con, package: Package, usable: set[str]) -> None:
    """Materialise once what several rules read: every record id, and the ids with support."""
    resources = [r for r in package.resources if r.name in usable and "id" in r.field_names]
    union = " UNION ALL ".join(
        f"SELECT {sql_literal(r.name)} AS res, {i} AS ord, __row, id FROM {typed(r)}" for i, r in enumerate(resources))
    con.execute(f"CREATE OR REPLACE TEMP TABLE all_ids AS {union or 'SELECT NULL::VARCHAR AS res, 0 AS ord, 0::BIGINT AS __row, NULL::VARCHAR AS id'}")
    if EVIDENCE in usable:
        con.execute(f"""CREATE OR REPLACE TEMP TABLE supported_ids AS
                        SELECT DISTINCT record_id FROM {typed(package.resource(EVIDENCE))} WHERE stance = 'supports'""")


def dataset_rules(package: Package, usable: set[str]) -> list[Check]:
    resources = [r for r in package.resources if r.name in usable]
    with_ids = [r for r in resources if "id" in r.field_names]
    checks: list[Check] = []
    checks += _ids_unique_across_package(with_ids)
    if EVIDENCE in usable:
        citations = package.resource(EVIDENCE)
        checks += _every_fact_row_cited(citations, [r for r in with_ids if r.cited])
        checks += _contradictions_carry_value(citations)
        if all(r.name in usable for r in package.resources):  # else every id in a broken table looks missing
            checks += _citations_point_at_records(citations)
            checks += _cited_field_exists(citations, with_ids)
    for r in resources:
        checks += _dates_not_after_as_of(r, package)
        checks += _precision_matches_date(r)
        checks += _end_not_before_start(r)
    if "territorial_control" in usable:
        checks += _control_periods_do_not_overlap(package.resource("territorial_control"), package)
    return checks


def _ids_unique_across_package(resources: list[Resource]) -> list[Check]:
    checks = []
    for i, r in enumerate(resources):
        sql = f"""SELECT x.__row, x.id || ' (also in ' || min(y.res) || ')' AS value
                  FROM all_ids x JOIN all_ids y ON x.id = y.id AND y.ord < x.ord
                  WHERE x.ord = {i} GROUP BY x.__row, x.id"""
        checks.append(Check(r, "id", "id-unique-in-package",
                            "record ids must be unique across the whole package, so citations can point at any record", sql))
    return checks


def _every_fact_row_cited(citations: Resource, facts: list[Resource]) -> list[Check]:
    return [Check(r, "id", "cited", "the row has no supporting citation",
                  f"""SELECT r.__row, r.id AS value FROM {typed(r)} r
                      ANTI JOIN supported_ids s ON s.record_id = r.id WHERE r.id IS NOT NULL""")
            for r in facts]


def _citations_point_at_records(citations: Resource) -> list[Check]:
    return [Check(citations, "record_id", "citation-record", "no record in the package has this id",
                  f"""SELECT c.__row, c.record_id AS value FROM {typed(citations)} c
                      ANTI JOIN all_ids a ON a.id = c.record_id WHERE c.record_id IS NOT NULL""")]


def _contradictions_carry_value(citations: Resource) -> list[Check]:
    return [Check(citations, "asserted_value", "contradiction-value",
                  "a contradicting citation must say what the source asserts instead",
                  f"""SELECT __row, asserted_value AS value FROM {typed(citations)}
                      WHERE stance = 'contradicts' AND (asserted_value IS NULL OR trim(asserted_value) = '')""")]


def _cited_field_exists(citations: Resource, resources: list[Resource]) -> list[Check]:
    pairs = ", ".join(f"({sql_literal(r.name)}, {sql_literal(f.name)})" for r in resources for f in r.fields)
    return [Check(citations, "field", "citation-field", "the cited record's table has no such column",
                  f"""WITH cols(res, name) AS (VALUES {pairs})
                      SELECT c.__row, c.field AS value FROM {typed(citations)} c JOIN all_ids r ON r.id = c.record_id
                      WHERE c.field IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cols WHERE cols.res = r.res AND cols.name = c.field)""")]


def _date_fields(r: Resource) -> list[str]:
    return [f.name for f in r.fields if f.type == "date"]


def _dates_not_after_as_of(r: Resource, package: Package) -> list[Check]:
    as_of = sql_literal(package.as_of.isoformat())
    return [Check(r, name, "after-as-of", f"the date is after the package's as_of ({package.as_of})",
                  f"SELECT __row, CAST({quote_ident(name)} AS VARCHAR) AS value FROM {typed(r)} "
                  f"WHERE {quote_ident(name)} > DATE {as_of}")
            for name in _date_fields(r)]


def _precision_matches_date(r: Resource) -> list[Check]:
    checks = []
    for date, precision in PRECISION_OF.items():
        if date not in r.field_names or precision not in r.field_names:
            continue
        d, p = quote_ident(date), quote_ident(precision)
        checks.append(Check(r, precision, "precision-required", f"{precision} is required when {date} is set",
                            f"SELECT __row, CAST({d} AS VARCHAR) AS value FROM {typed(r)} WHERE {d} IS NOT NULL AND {p} IS NULL"))
        checks.append(Check(r, date, "precision-day",
                            f"with {precision} 'month' the day must be 01; with 'year' the date must be YYYY-01-01",
                            f"""SELECT __row, CAST({d} AS VARCHAR) || ' (' || {p} || ')' AS value FROM {typed(r)}
                                WHERE ({p} = 'month' AND day({d}) <> 1)
                                   OR ({p} = 'year' AND (day({d}) <> 1 OR month({d}) <> 1))"""))
    return checks


def _end_not_before_start(r: Resource) -> list[Check]:
    checks = []
    for start, end in PERIODS:
        if start in r.field_names and end in r.field_names:
            s, e = quote_ident(start), quote_ident(end)
            checks.append(Check(r, end, "end-before-start", f"{end} is before {start}",
                                f"SELECT __row, CAST({e} AS VARCHAR) || ' < ' || CAST({s} AS VARCHAR) AS value "
                                f"FROM {typed(r)} WHERE {e} < {s}"))
    return checks


def _control_periods_do_not_overlap(r: Resource, package: Package) -> list[Check]:
    needed = {"place_id", "controller_id", "start_date", "end_date", "status"}
    if not needed <= set(r.field_names):
        return []
    as_of = sql_literal(package.as_of.isoformat())
    return [Check(r, "start_date", "control-overlap",
                  "control periods of one place overlap; mark both 'contested' if fighting for it went on",
                  f"""SELECT b.__row, b.place_id || ': ' || b.id || ' overlaps ' || a.id AS value
                      FROM {typed(r)} a JOIN {typed(r)} b
                        ON a.place_id = b.place_id AND a.__row < b.__row
                       AND a.start_date < coalesce(b.end_date, DATE {as_of})
                       AND b.start_date < coalesce(a.end_date, DATE {as_of})
                      WHERE NOT (a.status = 'contested' AND b.status = 'contested')""")]
