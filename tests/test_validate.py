"""The validator on the real package, and the errors it gives for broken copies."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from drcdata.validation import validate
from conftest import ROOT, read_rows, run_cli, write_rows


def test_real_package_is_valid():
    report = validate(ROOT)
    assert report.valid, [p.format() for p in report.problems[:10]]


def test_frictionless_accepts_the_package():
    from frictionless import Package, system
    with system.use_context(trusted=True):
        report = Package(str(ROOT / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_every_resource_and_field_has_a_description():
    raw = json.loads((ROOT / "datapackage.json").read_text())
    missing = [r["name"] for r in raw["resources"] if not r.get("description")]
    missing += [f"{r['name']}.{f['name']}" for r in raw["resources"] for f in r["schema"]["fields"] if not f.get("description")]
    assert missing == []


def _problems(package):
    return [(p.file, p.row, p.field, p.rule) for p in validate(package).problems]


def test_impossible_date_is_named_by_file_row_and_field(package_copy):
    path = package_copy / "data" / "meetings.csv"
    rows = read_rows(path)
    rows[2]["date"] = "2025-02-30"
    write_rows(path, rows)
    assert ("data/meetings.csv", 4, "date", "type:date") in _problems(package_copy)


def test_contradiction_without_asserted_value(package_copy):
    path = package_copy / "data" / "citations.csv"
    rows = read_rows(path)
    index = next(i for i, r in enumerate(rows) if r["stance"] == "contradicts")
    rows[index]["asserted_value"] = ""
    write_rows(path, rows)
    assert ("data/citations.csv", index + 2, "asserted_value", "contradiction-value") in _problems(package_copy)


def test_uncited_fact_row(package_copy):
    path = package_copy / "data" / "citations.csv"
    rows = read_rows(path)
    write_rows(path, [r for r in rows if r["record_id"] != "tc-goma-m23-2025-01-27"])
    control = read_rows(package_copy / "data" / "territorial_control.csv")
    row = next(i for i, r in enumerate(control) if r["id"] == "tc-goma-m23-2025-01-27") + 2
    assert ("data/territorial_control.csv", row, "id", "cited") in _problems(package_copy)


def test_overlapping_control_periods(package_copy):
    path = package_copy / "data" / "territorial_control.csv"
    rows = read_rows(path)
    goma = next(r for r in rows if r["id"] == "tc-goma-m23-2025-01-27")
    rows.append({**goma, "id": "tc-goma-m23-2025-02-01", "start_date": "2025-02-01"})
    write_rows(path, rows)
    cits = read_rows(package_copy / "data" / "citations.csv")
    cits.append({**cits[0], "id": "cit-test-1", "record_id": "tc-goma-m23-2025-02-01"})
    write_rows(package_copy / "data" / "citations.csv", cits)
    rules = {p[3] for p in _problems(package_copy)}
    assert rules == {"control-overlap"}


def test_cli_exit_codes(package_copy):
    assert run_cli("validate", str(package_copy)).returncode == 0
    (package_copy / "data" / "figures.csv").write_text("id,subject\n", encoding="utf-8")
    broken = run_cli("validate", str(package_copy))
    assert broken.returncode == 1
    assert "data/figures.csv, row 1, field value: [figures] missing-column" in broken.stderr
    assert "Traceback" not in broken.stderr
    missing = run_cli("validate", str(package_copy / "nowhere"))
    assert missing.returncode == 2 and "no data package" in missing.stderr


def test_many_failures_are_counted_and_the_first_shown_in_row_order(package_copy):
    path = package_copy / "data" / "statements.csv"
    rows = read_rows(path)
    for row in rows[:30]:
        row["text"] = ""  # a NULL value: the failing value itself is missing
    write_rows(path, rows)
    report = validate(package_copy)
    required = [p for p in report.problems if p.rule == "required" and p.field == "text"]
    assert [p.row for p in required] == list(range(2, 22))  # the first 20, header = row 1
    assert all(p.value is None for p in required)
    assert report.total == 30


def test_a_malformed_foreign_key_value_is_still_reported(package_copy):
    # The child's pattern check is left to the foreign key (the parent's ids are pattern-checked).
    path = package_copy / "data" / "meetings.csv"
    rows = read_rows(path)
    rows[0]["place_id"] = "Not A Slug!"
    write_rows(path, rows)
    assert ("data/meetings.csv", 2, "place_id", "foreign-key") in _problems(package_copy)
    places = read_rows(package_copy / "data" / "places.csv")
    places[0]["id"] = "Bad Id"
    write_rows(package_copy / "data" / "places.csv", places)
    assert ("data/places.csv", 2, "id", "pattern") in _problems(package_copy)


def test_duplicate_ids_within_and_across_tables(package_copy):
    actors = read_rows(package_copy / "data" / "actors.csv")
    places = read_rows(package_copy / "data" / "places.csv")
    actors.append(dict(actors[3]))
    places.append({**places[0], "id": actors[5]["id"]})
    write_rows(package_copy / "data" / "actors.csv", actors)
    write_rows(package_copy / "data" / "places.csv", places)
    problems = _problems(package_copy)
    assert ("data/actors.csv", len(actors) + 1, "id", "primary-key") in problems
    assert ("data/places.csv", len(places) + 1, "id", "id-unique-in-package") in problems
    assert ("data/actors.csv", 5, "id", "primary-key") not in problems  # the first occurrence is not blamed


def test_translation_without_its_original_is_refused(package_copy):
    path = package_copy / "data" / "statements.csv"
    rows = read_rows(path)
    index = next(i for i, r in enumerate(rows) if r["quote_type"] == "translated")
    rows[index]["text_original"] = ""
    rows[index]["original_language"] = ""
    direct = next(i for i, r in enumerate(rows) if r["quote_type"] == "direct")
    rows[direct]["text_original"] = rows[direct]["text"]
    write_rows(path, rows)
    problems = _problems(package_copy)
    assert ("data/statements.csv", index + 2, "text_original", "translation-original") in problems
    assert ("data/statements.csv", index + 2, "original_language", "translation-language") in problems
    assert ("data/statements.csv", direct + 2, "text_original", "original-only-for-translations") in problems


def test_a_point_needs_both_coordinates_and_its_precision(package_copy):
    path = package_copy / "data" / "places.csv"
    rows = read_rows(path)
    # A latitude alone: the row's own point (if the data gives it one) is cleared first.
    rows[0].update(latitude="-1.68", longitude="", coordinate_precision="")
    write_rows(path, rows)
    problems = _problems(package_copy)
    assert ("data/places.csv", 2, "longitude", "coordinate-pair") in problems
    assert ("data/places.csv", 2, "coordinate_precision", "coordinate-precision") in problems


def test_an_expiry_may_follow_as_of_but_an_event_may_not(package_copy):
    raw = json.loads((package_copy / "datapackage.json").read_text())
    as_of = raw["as_of"]
    year = int(as_of[:4]) + 1
    events = package_copy / "data" / "events.csv"
    header = (ROOT / "data" / "events.csv").read_text().splitlines()[0]
    events.write_text(header + "\n"
                      f"ev-test-renewal,{year}-01-01,day,un_resolution,A renewal,,,,S/RES/0 (0),,{year}-12-31,day\n")
    problems = _problems(package_copy)
    assert ("data/events.csv", 2, "date", "after-as-of") in problems
    assert not [p for p in problems if p[2] == "until_date"]


@pytest.mark.parametrize("table, field, rule", [
    ("sources", "url", "unique"),                       # one document is one source
    ("citations", "excerpt", "citation-repeated"),      # the same evidence counted once
])
def test_a_row_repeated_under_a_new_id_is_refused(package_copy, table, field, rule):
    path = package_copy / "data" / f"{table}.csv"
    rows = read_rows(path)
    rows.append({**rows[3], "id": f"{table}-the-same-again"})
    write_rows(path, rows)
    assert (f"data/{table}.csv", len(rows) + 1, field, rule) in _problems(package_copy)


@pytest.mark.parametrize("table, date_field", [
    ("statements", "date"),                  # words cannot be reported before they are said
    ("territorial_control", "start_date"),   # nor a capture before it happens
])
def test_a_fact_dated_after_the_source_that_reports_it_is_refused(package_copy, table, date_field):
    precision = {"date": "date_precision", "start_date": "start_precision"}[date_field]
    sources = {s["id"]: s for s in read_rows(package_copy / "data" / "sources.csv")}
    citations = read_rows(package_copy / "data" / "citations.csv")
    path = package_copy / "data" / f"{table}.csv"
    rows = read_rows(path)
    # A day-dated row whose every supporting source carries a publication date.
    index, row = next((i, r) for i, r in enumerate(rows) if r[precision] == "day" and all(
        sources[c["source_id"]]["published_date"] for c in citations
        if c["record_id"] == r["id"] and c["stance"] == "supports" and c["field"] in ("", date_field)))
    latest = max(sources[c["source_id"]]["published_date"] for c in citations
                 if c["record_id"] == row["id"] and c["stance"] == "supports" and c["field"] in ("", date_field))
    assert ("data/" + table + ".csv", index + 2, date_field, "dated-after-its-source") not in _problems(package_copy)
    row[date_field] = (dt.date.fromisoformat(latest) + dt.timedelta(days=5)).isoformat()
    if row.get("end_date"):
        row["end_date"] = ""  # keep the period's end after its start
    write_rows(path, rows)
    assert ("data/" + table + ".csv", index + 2, date_field, "dated-after-its-source") in _problems(package_copy)
