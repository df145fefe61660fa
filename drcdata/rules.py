"""The dataset's own rules (the evidence model and date logic), as SELECTs over typed staging views.

They run only on resources that passed the structural checks; a rule whose tables or columns a
forked package lacks is skipped rather than failing.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from .checks import PRIMARY_KEY_MESSAGE, Check, row_check, typed, typed_value
from .sqltext import quote_ident, sql_literal
from .descriptor import Package, Resource

EVIDENCE = "citations"
PERIODS = [("start_date", "end_date")]
PRECISION_OF = {"date": "date_precision", "start_date": "start_precision",
                "end_date": "end_precision", "signed_date": "signed_precision",
                "until_date": "until_precision"}
# A decision's expiry (a mandate renewed until next December) is known before it comes.
MAY_FOLLOW_AS_OF = {"until_date"}
# Cells that other cells of the row make necessary or impossible: (field, rule, message, failing row).
# A translation we cannot show the original of must not pass for one we hold.
QUOTE = frozenset({"quote_type", "text_original", "original_language"})
POINT = frozenset({"latitude", "longitude", "coordinate_precision"})
ROW_CONSISTENCY = [
    (QUOTE, "text_original", "translation-original",
     "a translated quote keeps its original words (else it is translated_by_source)",
     "quote_type = 'translated' AND text_original IS NULL"),
    (QUOTE, "original_language", "translation-language", "a translated quote names the language it was said in",
     "quote_type = 'translated' AND original_language IS NULL"),
    (QUOTE, "text_original", "original-only-for-translations", "only a translated quote has original words",
     "quote_type <> 'translated' AND text_original IS NOT NULL"),
    (POINT, "coordinate_precision", "coordinate-precision", "a point says how exact it is",
     "latitude IS NOT NULL AND coordinate_precision IS NULL"),
    (POINT, "longitude", "coordinate-pair", "latitude and longitude come together",
     "(latitude IS NULL) <> (longitude IS NULL)"),
]
# Facts that cannot be reported before they happen (unlike a meeting or a post, which is announced
# ahead): their day may not follow the publication of a source cited for them. A day's grace
# covers time zones and pages dated in another one.
REPORTED_AFTER = {"statements": "date", "territorial_control": "start_date"}
# One box per country (ISO 3166-1 alpha-3), generated once from Natural Earth borders (tools/borders).
COUNTRY_BOXES = Path(__file__).resolve().parent / "country_bboxes.csv"


def create_typed_views(con, resources: list[Resource]) -> None:
    """Cast every column once so the rules can compare dates; bad cells become NULL (already reported)."""
    con.execute("CREATE SCHEMA IF NOT EXISTS typed")
    for r in resources:
        cols = ", ".join(f"{typed_value(f, quote_ident(f.name))} AS {quote_ident(f.name)}" for f in r.fields)
        con.execute(f"CREATE OR REPLACE VIEW {typed(r)} AS SELECT __row, {cols} FROM stg.{quote_ident(r.name)}")


def prepare_rule_tables(con, package: Package, usable: set[str]) -> None:
    """Materialise once what several rules read: every record id, the ids that repeat, and the ids with support.

    A record's table is kept as its ordinal in `_id_resources` (a name per row would cost a third more)."""
    resources = _id_resources(package, usable)
    union = " UNION ALL ".join(f"SELECT {i} AS ord, __row, id FROM stg.{quote_ident(r.name)}"
                               for i, r in enumerate(resources))
    con.execute(f"CREATE OR REPLACE TEMP VIEW all_ids AS {union or 'SELECT 0 AS ord, 0::BIGINT AS __row, NULL::VARCHAR AS id'}")
    # One pass over every id in the package finds duplicates within a table and across tables alike.
    con.execute("""CREATE OR REPLACE TEMP TABLE repeated_ids AS
                   SELECT ord, __row, id, min(__row) OVER (PARTITION BY id, ord) AS first_row_in_table,
                          min(ord) OVER (PARTITION BY id) AS first_ord
                   FROM all_ids SEMI JOIN (SELECT id FROM all_ids WHERE id IS NOT NULL GROUP BY id HAVING count(*) > 1)
                        USING (id)""")
    if EVIDENCE in usable:
        con.execute(f"""CREATE OR REPLACE TEMP TABLE supported_ids AS
                        SELECT DISTINCT record_id FROM stg.{quote_ident(EVIDENCE)} WHERE stance = 'supports'""")


def _id_resources(package: Package, usable: set[str]) -> list[Resource]:
    return [r for r in package.resources if r.name in usable and "id" in r.field_names]


def keyed_by_id(resource: Resource) -> bool:
    """Its primary key is checked here, with the package-wide id index (of text ids), not by a check of its own."""
    return resource.primary_key == ("id",) and resource.field("id").type == "string"


def dataset_rules(package: Package, usable: set[str]) -> list[Check]:
    resources = [r for r in package.resources if r.name in usable]
    with_ids = _id_resources(package, usable)
    checks: list[Check] = []
    checks += _ids_unique(with_ids)
    if EVIDENCE in usable:
        citations = package.resource(EVIDENCE)
        checks += _every_fact_row_cited(citations, [r for r in with_ids if r.cited])
        checks += _contradictions_carry_value(citations)
        checks += _citations_not_repeated(citations)
        if all(r.name in usable for r in package.resources):  # else every id in a broken table looks missing
            checks += _citations_point_at_records(citations)
            checks += _cited_field_exists(citations, with_ids)
    for r in resources:
        checks += _dates_not_after_as_of(r, package)
        checks += _precision_matches_date(r)
        checks += _end_not_before_start(r)
        checks += _row_consistent(r)
    if "territorial_control" in usable:
        checks += _control_periods_do_not_overlap(package.resource("territorial_control"), package)
    if "places" in usable:
        checks += _point_in_country(package.resource("places"))
    if {EVIDENCE, "sources"} <= usable:
        checks += _not_dated_after_its_source(package, usable)
    return checks


def _ids_unique(resources: list[Resource]) -> list[Check]:
    names = "[" + ", ".join(sql_literal(r.name) for r in resources) + "]"
    checks = []
    for i, r in enumerate(resources):
        if keyed_by_id(r):
            checks.append(row_check(r, "id", "primary-key", PRIMARY_KEY_MESSAGE,
                                    "repeated_ids", "id", f"ord = {i} AND __row > first_row_in_table"))
        checks.append(row_check(r, "id", "id-unique-in-package",
                                "record ids must be unique across the whole package, so citations can point at any record",
                                "repeated_ids", f"id || ' (also in ' || {names}[first_ord + 1] || ')'",
                                f"ord = {i} AND ord > first_ord"))
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
    return [row_check(citations, "asserted_value", "contradiction-value",
                      "a contradicting citation must say what the source asserts instead",
                      typed(citations), "asserted_value",
                      "stance = 'contradicts' AND (asserted_value IS NULL OR trim(asserted_value) = '')")]


def _citations_not_repeated(citations: Resource) -> list[Check]:
    """The same excerpt of the same source for the same record and field counts once, not twice:
    corroboration is counted by origin, and a copy would only inflate the evidence."""
    same = ["record_id", "source_id", "field", "stance", "excerpt"]
    if not set(same) <= set(citations.field_names):
        return []
    key = ", ".join(quote_ident(c) for c in same)
    return [Check(citations, "excerpt", "citation-repeated", "an earlier citation has the same record, source, field, stance and excerpt",
                  f"""SELECT __row, first_id AS value FROM (
                        SELECT __row, first(id ORDER BY __row) OVER (PARTITION BY {key}) AS first_id,
                               row_number() OVER (PARTITION BY {key} ORDER BY __row) AS nth
                        FROM {typed(citations)}) WHERE nth > 1""")]


def _cited_field_exists(citations: Resource, resources: list[Resource]) -> list[Check]:
    pairs = ", ".join(f"({i}, {sql_literal(f.name)})" for i, r in enumerate(resources) for f in r.fields)
    return [Check(citations, "field", "citation-field", "the cited record's table has no such column",
                  f"""WITH cols(ord, name) AS (VALUES {pairs})
                      SELECT c.__row, c.field AS value FROM {typed(citations)} c JOIN all_ids r ON r.id = c.record_id
                      WHERE c.field IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cols WHERE cols.ord = r.ord AND cols.name = c.field)""")]


def _date_fields(r: Resource) -> list[str]:
    return [f.name for f in r.fields if f.type == "date"]


def _dates_not_after_as_of(r: Resource, package: Package) -> list[Check]:
    as_of = sql_literal(package.as_of.isoformat())
    return [row_check(r, name, "after-as-of", f"the date is after the package's as_of ({package.as_of})",
                      typed(r), f"CAST({quote_ident(name)} AS VARCHAR)", f"{quote_ident(name)} > DATE {as_of}")
            for name in _date_fields(r) if name not in MAY_FOLLOW_AS_OF]


def _precision_matches_date(r: Resource) -> list[Check]:
    checks = []
    for date, precision in PRECISION_OF.items():
        if date not in r.field_names or precision not in r.field_names:
            continue
        d, p = quote_ident(date), quote_ident(precision)
        checks.append(row_check(r, precision, "precision-required", f"{precision} is required when {date} is set",
                                typed(r), f"CAST({d} AS VARCHAR)", f"{d} IS NOT NULL AND {p} IS NULL"))
        checks.append(row_check(r, date, "precision-day",
                                f"with {precision} 'month' the day must be 01; with 'year' the date must be YYYY-01-01",
                                typed(r), f"CAST({d} AS VARCHAR) || ' (' || {p} || ')'",
                                f"({p} = 'month' AND day({d}) <> 1) OR ({p} = 'year' AND (day({d}) <> 1 OR month({d}) <> 1))"))
    return checks


def _row_consistent(r: Resource) -> list[Check]:
    checks = []
    for needs, field, rule, message, failing in ROW_CONSISTENCY:
        if needs <= set(r.field_names):
            checks.append(row_check(r, field, rule, message, typed(r), f"CAST({quote_ident(field)} AS VARCHAR)", failing))
    return checks


def _end_not_before_start(r: Resource) -> list[Check]:
    checks = []
    for start, end in PERIODS:
        if start in r.field_names and end in r.field_names:
            s, e = quote_ident(start), quote_ident(end)
            checks.append(row_check(r, end, "end-before-start", f"{end} is before {start}",
                                    typed(r), f"CAST({e} AS VARCHAR) || ' < ' || CAST({s} AS VARCHAR)", f"{e} < {s}"))
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


@lru_cache(maxsize=1)
def country_boxes() -> dict[str, tuple[float, float, float, float]]:
    """ISO alpha-3 -> (min longitude, min latitude, max longitude, max latitude)."""
    with COUNTRY_BOXES.open(newline="", encoding="utf-8") as f:
        return {row["iso3"]: (float(row["min_longitude"]), float(row["min_latitude"]),
                              float(row["max_longitude"]), float(row["max_latitude"])) for row in csv.DictReader(f)}


def _point_in_country(r: Resource) -> list[Check]:
    """A place's point must lie in its country's bounding box: a swapped sign or a lat/long mix-up lands elsewhere.

    Countries without a box (none in Natural Earth, or an unknown code the pattern check reports) are not judged."""
    if not {"latitude", "longitude", "country"} <= set(r.field_names):
        return []
    boxes = ", ".join(f"({sql_literal(code)}, {x0!r}, {y0!r}, {x1!r}, {y1!r})"
                      for code, (x0, y0, x1, y1) in sorted(country_boxes().items()))
    return [Check(r, "latitude", "coordinate-in-country",
                  "the point (latitude, longitude) lies outside its country's bounding box",
                  f"""WITH boxes(iso3, x0, y0, x1, y1) AS (VALUES {boxes})
                      SELECT p.__row, p.latitude || ', ' || p.longitude || ' is outside ' || p.country
                             || ' (latitude ' || b.y0 || ' to ' || b.y1 || ', longitude ' || b.x0 || ' to ' || b.x1 || ')' AS value
                      FROM {typed(r)} p JOIN boxes b ON b.iso3 = p.country
                      WHERE p.latitude IS NOT NULL AND p.longitude IS NOT NULL
                        AND NOT (p.latitude BETWEEN b.y0 AND b.y1 AND p.longitude BETWEEN b.x0 AND b.x1)""")]


def _not_dated_after_its_source(package: Package, usable: set[str]) -> list[Check]:
    """A day-dated statement or capture must not postdate a source cited for the whole row or its date."""
    citations, sources = package.resource(EVIDENCE), package.resource("sources")
    if not {"record_id", "source_id", "field", "stance"} <= set(citations.field_names) or \
            not {"id", "published_date"} <= set(sources.field_names):
        return []
    checks = []
    for name, date in REPORTED_AFTER.items():
        precision = PRECISION_OF[date]
        if name not in usable or not {"id", date, precision} <= set(package.resource(name).field_names):
            continue
        r, d = package.resource(name), quote_ident(date)
        checks.append(Check(r, date, "dated-after-its-source",
                            "the date is after the publication of a source cited for it",
                            f"""SELECT r.__row, CAST(r.{d} AS VARCHAR) || ' is after ' || s.id || ' (published '
                                       || CAST(s.published_date AS VARCHAR) || ')' AS value
                                FROM {typed(r)} r
                                JOIN {typed(citations)} c ON c.record_id = r.id AND c.stance = 'supports'
                                 AND (c.field IS NULL OR c.field = {sql_literal(date)})
                                JOIN {typed(sources)} s ON s.id = c.source_id
                                WHERE r.{quote_ident(precision)} = 'day' AND s.published_date < r.{d} - 1
                                QUALIFY row_number() OVER (PARTITION BY r.__row ORDER BY s.published_date, s.id) = 1"""))
    return checks
