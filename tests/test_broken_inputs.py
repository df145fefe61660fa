"""A corpus of broken packages: each must give a clear error naming where it is, exit 1 (2 for
usage), print no traceback, and leave a previously built database byte-for-byte untouched."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb
import pytest
from typer.testing import CliRunner

import drcdata
from drcdata.cli import app, _register_reports
from conftest import ROOT
from drcdata.staging import BOM

MINI = Path(__file__).parent / "fixtures" / "mini"


# ---- mutations -------------------------------------------------------------------------------

def _rows(pkg: Path, table: str) -> list[dict]:
    return list(csv.DictReader(open(pkg / "data" / f"{table}.csv", encoding="utf-8", newline="")))


def _write(pkg: Path, table: str, rows: list[dict], header: list[str] | None = None) -> None:
    header = header or list(rows[0].keys())
    with open(pkg / "data" / f"{table}.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def cell(table: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    """Set one cell; `row` counts as the validator does (header = row 1)."""
    def mutate(pkg: Path) -> None:
        rows = _rows(pkg, table)
        rows[row - 2][column] = value
        _write(pkg, table, rows)
    return mutate


def raw(table: str, transform: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def mutate(pkg: Path) -> None:
        path = pkg / "data" / f"{table}.csv"
        path.write_bytes(transform(path.read_bytes()))
    return mutate


def append_line(table: str, line: str) -> Callable[[Path], None]:
    return raw(table, lambda b: b + line.encode("utf-8") + b"\n")


def descriptor(transform: Callable[[dict], None]) -> Callable[[Path], None]:
    def mutate(pkg: Path) -> None:
        path = pkg / "datapackage.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        transform(data)
        path.write_text(json.dumps(data), encoding="utf-8")
    return mutate


def resource(data: dict, name: str) -> dict:
    return next(r for r in data["resources"] if r["name"] == name)


def both(*mutations) -> Callable[[Path], None]:
    def mutate(pkg: Path) -> None:
        for m in mutations:
            m(pkg)
    return mutate


def add_row(table: str, **values) -> Callable[[Path], None]:
    def mutate(pkg: Path) -> None:
        rows = _rows(pkg, table)
        rows.append({k: values.get(k, "") for k in rows[0]})
        _write(pkg, table, rows)
    return mutate


def add_column(table: str, spec: dict, cells: list[str]) -> Callable[[Path], None]:
    """Declare one more field (appended last) and give its first rows these cells, the rest empty."""
    def mutate(pkg: Path) -> None:
        descriptor(lambda d: resource(d, table)["schema"]["fields"].append({"description": "test", **spec}))(pkg)
        rows = _rows(pkg, table)
        for i, row in enumerate(rows):
            row[spec["name"]] = cells[i] if i < len(cells) else ""
        _write(pkg, table, rows)
    return mutate


def constraint(table: str, column: str, **values) -> Callable[[Path], None]:
    def change(d: dict) -> None:
        f = next(f for f in resource(d, table)["schema"]["fields"] if f["name"] == column)
        f.setdefault("constraints", {}).update(values)
    return descriptor(change)


def field_prop(table: str, column: str, **values) -> Callable[[Path], None]:
    return descriptor(lambda d: next(f for f in resource(d, table)["schema"]["fields"] if f["name"] == column).update(values))


def descriptor_text(old: str, new: str) -> Callable[[Path], None]:
    def mutate(pkg: Path) -> None:
        path = pkg / "datapackage.json"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return mutate


def sql_file(name: str, text: str) -> Callable[[Path], None]:
    """Give the package its own sql/ (a copy of ours) with one file added or replaced."""
    def mutate(pkg: Path) -> None:
        if not (pkg / "sql").exists():
            shutil.copytree(ROOT / "sql", pkg / "sql")
        (pkg / "sql" / name).write_text(text, encoding="utf-8")
    return mutate


PASSWD = "CAST((SELECT length(content) FROM read_text('/etc/passwd')) AS INTEGER)"


def _link_outside(pkg: Path, relpath: str) -> None:
    """Move a file or folder out of the package and leave a symlink to it in its place."""
    outside = pkg.parent / ("outside-" + relpath.replace("/", "-"))
    (pkg / relpath).rename(outside)
    (pkg / relpath).symlink_to(outside)


def rename_resource(old: str, new: str) -> Callable[[Path], None]:
    def change(d: dict) -> None:
        resource(d, old)["name"] = new
        for r in d["resources"]:
            for fk in r["schema"].get("foreignKeys", []):
                if fk["reference"]["resource"] == old:
                    fk["reference"]["resource"] = new
    return descriptor(change)


def rename_column(table: str, old: str, new: str) -> Callable[[Path], None]:
    """Rename a field in the descriptor and in its file's header (quoted as csv would)."""
    def mutate(pkg: Path) -> None:
        field_prop(table, old, name=new)(pkg)
        rows = [{(new if k == old else k): v for k, v in row.items()} for row in _rows(pkg, table)]
        _write(pkg, table, rows)
    return mutate


def foreign_key(table: str, fields, target: str, target_fields) -> Callable[[Path], None]:
    return descriptor(lambda d: resource(d, table)["schema"].setdefault("foreignKeys", []).append(
        {"fields": fields, "reference": {"resource": target, "fields": target_fields}}))


def parent_cycle(pkg: Path) -> None:
    """Two places, each the other's parent."""
    rows = _rows(pkg, "places")
    rows[0]["parent_id"], rows[1]["parent_id"] = rows[1]["id"], rows[0]["id"]
    _write(pkg, "places", rows)


def drop_citations_of(record_id: str) -> Callable[[Path], None]:
    def mutate(pkg: Path) -> None:
        _write(pkg, "citations", [r for r in _rows(pkg, "citations") if r["record_id"] != record_id])
    return mutate


def first_row_where(pkg: Path, table: str, **match) -> int:
    rows = _rows(pkg, table)
    return next(i for i, r in enumerate(rows) if all(r[k] == v for k, v in match.items())) + 2


# ---- the corpus ------------------------------------------------------------------------------

@dataclass
class Case:
    name: str
    mutate: Callable[[Path], None]
    expect: list[tuple] = field(default_factory=list)   # (file, row, field, rule) that must be reported
    message: str = ""                                   # for descriptor errors: text the message must hold
    exit_code: int = 1


def _goma_row(pkg):  # row numbers that depend on the fixture are looked up, not guessed
    return first_row_where(pkg, "territorial_control", id="tc-goma-m23-2025-01-27")


P = "data/processes.csv"
CASES = [
    # CSV syntax
    Case("unclosed-quote", append_line("processes", 'broken-process,"unclosed,desc'), [(P, 3, None, "csv-unquoted-value")]),
    Case("too-many-cells", append_line("processes", "p2,Name,Desc,extra"), [(P, 3, None, "csv-too-many-columns")]),
    Case("too-few-cells", append_line("processes", "p2,Name"), [(P, 3, "description", "csv-missing-columns")]),
    Case("wrong-delimiter", raw("processes", lambda b: b.replace(b",", b";")), [(P, 1, "id;name;description", "extra-column")]),
    Case("byte-order-mark", raw("processes", lambda b: b"\xef\xbb\xbf" + b), [(P, 1, None, "byte-order-mark")]),
    Case("not-utf8", raw("processes", lambda b: b.replace("Doha".encode(), "Doh\xe9".encode("latin-1"), 1)), [(P, 2, None, "encoding")]),
    Case("empty-file", raw("processes", lambda b: b""), [(P, 1, None, "empty-file")]),
    Case("blank-row", raw("processes", lambda b: b.replace(b"\n", b"\n\n", 1)), [(P, 2, None, "blank-row")]),
    Case("duplicate-header", raw("processes", lambda b: b.replace(b"id,name,description", b"id,name,name", 1)),
         [(P, 1, "name", "duplicate-header"), (P, 1, "description", "missing-column")]),
    Case("missing-column", raw("figures", lambda b: b"\n".join(l.rsplit(b",", 1)[0] for l in b.strip().split(b"\n")) + b"\n"),
         [("data/figures.csv", 1, "event_id", "missing-column")]),
    Case("extra-column", raw("processes", lambda b: b"\n".join(l + b",x" for l in b.strip().split(b"\n")) + b"\n"),
         [(P, 1, "x", "extra-column")]),
    # types and constraints
    Case("impossible-date", cell("meetings", 2, "date", "2025-02-30"), [("data/meetings.csv", 2, "date", "type:date")]),
    Case("date-in-another-format", cell("meetings", 2, "date", "18/03/2025"), [("data/meetings.csv", 2, "date", "type:date")]),
    Case("number-with-comma", cell("figures", 2, "value", "24,000,000"), [("data/figures.csv", 2, "value", "type:number")]),
    Case("boolean-spelled-yes", both(
        descriptor(lambda d: resource(d, "processes")["schema"]["fields"].append(
            {"name": "active", "type": "boolean", "description": "test"})),
        raw("processes", lambda b: b"\n".join(l + (b",active" if i == 0 else b",yes") for i, l in enumerate(b.strip().split(b"\n"))) + b"\n")),
        [(P, 2, "active", "type:boolean")]),
    Case("empty-required-cell", cell("meetings", 2, "title", ""), [("data/meetings.csv", 2, "title", "required")]),
    Case("value-outside-enum", cell("meetings", 2, "kind", "picnic"), [("data/meetings.csv", 2, "kind", "enum")]),
    Case("pattern-mismatch", cell("actors", 2, "country", "Congo"), [("data/actors.csv", 2, "country", "pattern")]),
    Case("beyond-maximum", cell("places", 2, "latitude", "91"), [("data/places.csv", 2, "latitude", "maximum")]),
    Case("below-minimum", cell("places", 2, "longitude", "-181"), [("data/places.csv", 2, "longitude", "minimum")]),
    Case("too-long", cell("citations", 2, "excerpt", "x" * 2001), [("data/citations.csv", 2, "excerpt", "maxLength")]),
    Case("number-overflows-to-infinity", cell("figures", 2, "value", "1e400"), [("data/figures.csv", 2, "value", "out-of-range")]),
    Case("number-overflows-to-minus-infinity", cell("figures", 2, "value", "-2E+308"), [("data/figures.csv", 2, "value", "out-of-range")]),
    Case("integer-beyond-64-bits", add_column("actors", {"name": "rank", "type": "integer"}, ["1", "9223372036854775808"]),
         [("data/actors.csv", 3, "rank", "out-of-range")]),
    Case("year-0000", cell("meetings", 2, "date", "0000-01-01"), [("data/meetings.csv", 2, "date", "out-of-range")]),
    Case("datetime-offset-past-9999", add_column("actors", {"name": "seen", "type": "datetime"}, ["9999-12-31T23:00:00-05:00"]),
         [("data/actors.csv", 2, "seen", "out-of-range")]),
    Case("nul-byte-in-a-cell", cell("processes", 2, "description", "before\x00after"), [(P, 2, "description", "nul-character")]),
    Case("unique-integers-written-differently", add_column("actors", {"name": "rank", "type": "integer", "constraints": {"unique": True}},
                                                           ["1", "01"]), [("data/actors.csv", 3, "rank", "unique")]),
    Case("unique-booleans-written-differently", add_column("actors", {"name": "flag", "type": "boolean", "constraints": {"unique": True}},
                                                           ["true", "True"]), [("data/actors.csv", 3, "flag", "unique")]),
    Case("ten-megabyte-cell", cell("citations", 2, "excerpt", "y" * 10_000_000), [("data/citations.csv", 2, "excerpt", "maxLength")]),
    # keys
    Case("duplicate-primary-key", raw("processes", lambda b: b + b.strip().split(b"\n")[1] + b"\n"),
         [(P, 3, "id", "primary-key")]),
    Case("foreign-key-to-nothing", cell("meetings", 2, "place_id", "atlantis"), [("data/meetings.csv", 2, "place_id", "foreign-key")]),
    Case("citation-of-unknown-record", cell("citations", 2, "record_id", "no-such-record"),
         [("data/citations.csv", 2, "record_id", "citation-record")]),
    Case("citation-of-unknown-source", cell("citations", 2, "source_id", "src-nowhere"),
         [("data/citations.csv", 2, "source_id", "foreign-key")]),
    Case("participant-of-unknown-meeting", cell("meeting_participants", 2, "meeting_id", "2025-01-01-no-meeting"),
         [("data/meeting_participants.csv", 2, "meeting_id", "foreign-key")]),
    Case("id-reused-across-tables", cell("processes", 2, "id", "goma"),
         [(P, 2, "id", "id-unique-in-package")]),
    # dataset rules
    Case("end-before-start", cell("territorial_control", 2, "end_date", "2024-01-01"),
         [("data/territorial_control.csv", 2, "end_date", "end-before-start")]),
    Case("overlapping-control", both(
        add_row("territorial_control", id="tc-goma-fardc-2025-02-01", place_id="goma", controller_id="m23",
                start_date="2025-02-01", start_precision="day", status="control", how_began="retaken", assessment="independent"),
        lambda pkg: add_row("citations", id="cit-test-overlap", record_id="tc-goma-fardc-2025-02-01",
                            source_id=_rows(pkg, "sources")[0]["id"], excerpt="x", stance="supports")(pkg)),
        [("data/territorial_control.csv", 4, "start_date", "control-overlap")]),
    Case("fact-row-without-citation", drop_citations_of("tc-goma-m23-2025-01-27"),
         [("data/territorial_control.csv", "goma-row", "id", "cited")]),
    Case("contradiction-without-value", lambda pkg: cell("citations", first_row_where(pkg, "citations", stance="contradicts"),
                                                          "asserted_value", "")(pkg),
         [("data/citations.csv", "first-contradiction", "asserted_value", "contradiction-value")]),
    Case("empty-excerpt", cell("citations", 2, "excerpt", ""), [("data/citations.csv", 2, "excerpt", "required")]),
    Case("date-after-as-of", cell("meetings", 2, "date", "2099-01-01"), [("data/meetings.csv", 2, "date", "after-as-of")]),
    Case("month-precision-with-a-day", both(cell("meetings", 2, "date", "2025-03-18"), cell("meetings", 2, "date_precision", "month")),
         [("data/meetings.csv", 2, "date", "precision-day")]),
    Case("date-without-precision", cell("meetings", 2, "date_precision", ""),
         [("data/meetings.csv", 2, "date_precision", "precision-required")]),
    Case("citation-of-unknown-column", cell("citations", 2, "field", "colour"),
         [("data/citations.csv", 2, "field", "citation-field")]),
    # the descriptor
    Case("invalid-json", lambda pkg: (pkg / "datapackage.json").write_text("{not json", encoding="utf-8"), message="invalid JSON"),
    Case("unknown-field-type", descriptor(lambda d: resource(d, "figures")["schema"]["fields"][2].update(type="money")),
         message="unsupported type 'money'"),
    Case("foreign-key-to-unknown-resource", descriptor(lambda d: resource(d, "meetings")["schema"]["foreignKeys"][0]["reference"].update(resource="venues")),
         message="unknown resource 'venues'"),
    Case("absolute-path", descriptor(lambda d: resource(d, "figures").update(path="/etc/passwd")), message="is absolute"),
    Case("url-path", descriptor(lambda d: resource(d, "figures").update(path="https://example.org/figures.csv")), message="is a URL"),
    Case("path-climbs-out", descriptor(lambda d: resource(d, "figures").update(path="../../figures.csv")), message="climbs out"),
    Case("missing-as-of", descriptor(lambda d: d.pop("as_of")), message="'as_of' must be a date"),
    Case("invalid-regex-pattern", descriptor(lambda d: resource(d, "processes")["schema"]["fields"][1].update(
        constraints={"pattern": "([unclosed"})), message="resource 'processes', field 'name', 'pattern': not a valid regular expression: Invalid Input Error: missing ]"),
    Case("missing-file", lambda pkg: (pkg / "data" / "figures.csv").unlink(), [("data/figures.csv", None, None, "file-missing")]),
    # files that are not regular files inside the package
    Case("data-file-linked-outside", lambda pkg: _link_outside(pkg, "data/processes.csv"),
         [(P, None, None, "file-outside-package")]),
    Case("data-folder-linked-outside", lambda pkg: _link_outside(pkg, "data"),
         [(P, None, None, "file-outside-package"), ("data/citations.csv", None, None, "file-outside-package")]),
    Case("data-file-is-a-directory", lambda pkg: ((pkg / P).unlink(), (pkg / P).mkdir()),
         [(P, None, None, "not-a-regular-file")]),
    Case("data-file-links-to-a-device", lambda pkg: ((pkg / P).unlink(), (pkg / P).symlink_to("/dev/zero")),
         [(P, None, None, "file-outside-package")]),
    Case("data-file-link-loop", lambda pkg: ((pkg / P).unlink(), (pkg / P).symlink_to(pkg / P)),
         [(P, None, None, "file-unreadable")]),
    Case("report-linked-outside", lambda pkg: (sql_file("coverage.sql", "")(pkg), _link_outside(pkg, "sql/coverage.sql")),
         message="outside the package"),
    Case("header-of-100000-columns", raw("processes", lambda b: b.replace(b"id,name,description", b",".join(b"c%d" % i for i in range(100_000)), 1)),
         [(P, 1, None, "header-too-wide")]),
    # descriptor values, type-checked against the Table Schema spec before any SQL is generated
    Case("sql-in-maxLength", constraint("processes", "name", maxLength=PASSWD), message="'maxLength': must be a whole number"),
    Case("sql-in-minLength", constraint("processes", "name", minLength="1) OR (1=1"), message="'minLength': must be a whole number"),
    Case("negative-minLength", constraint("processes", "name", minLength=-1), message="'minLength': must be a whole number"),
    Case("boolean-maxLength", constraint("processes", "name", maxLength=True), message="'maxLength': must be a whole number"),
    Case("sql-in-minimum", constraint("places", "latitude", minimum=PASSWD), message="'minimum': must be a finite number"),
    Case("nan-maximum", descriptor_text('"maximum": 90', '"maximum": NaN'), message="NaN is not valid JSON"),
    Case("date-minimum-not-a-date", constraint("meetings", "date", minimum="2025-13-01"), message="'minimum': must be a date"),
    Case("enum-not-a-list", constraint("meetings", "kind", enum="summit"), message="'enum': must be a non-empty list"),
    Case("enum-of-objects", constraint("meetings", "kind", enum=[{"x": 1}]), message="'enum': values must be strings"),
    Case("pattern-not-a-string", constraint("actors", "country", pattern=5), message="'pattern': must be a regular expression"),
    Case("pattern-on-a-number", constraint("places", "latitude", pattern="[0-9]+"), message="pattern applies to string fields"),
    Case("required-spelled-yes", constraint("meetings", "title", required="yes"), message="'required': must be true or false"),
    Case("unique-as-number", constraint("meetings", "title", unique=1), message="'unique': must be true or false"),
    Case("unknown-constraint", constraint("places", "latitude", exclusiveMinimum=-90), message="unsupported constraint 'exclusiveMinimum'"),
    Case("unsupported-string-format", field_prop("sources", "url", format="uri"), message="'format': 'uri' is not supported"),
    Case("unsupported-date-format", field_prop("meetings", "date", format="%d/%m/%Y"), message="'format': '%d/%m/%Y' is not supported"),
    Case("true-values", field_prop("processes", "name", trueValues=["yes"]), message="'trueValues': only the default"),
    Case("description-not-text", field_prop("processes", "name", description=["a"]), message="'description': must be a string"),
    Case("field-name-empty", field_prop("processes", "name", name=""), message="has a field without a name"),
    Case("field-names-differ-by-case", descriptor(lambda d: resource(d, "processes")["schema"]["fields"].append(
        {"name": "ID", "type": "string"})), message="'id' and 'ID' are the same column"),
    Case("reserved-field-name", field_prop("processes", "description", name="__row"), message="'__row' is reserved"),
    Case("primary-key-not-names", descriptor(lambda d: resource(d, "processes")["schema"].update(primaryKey=5)),
         message="'primaryKey': must be a field name"),
    Case("foreign-key-width-mismatch", descriptor(lambda d: resource(d, "meetings")["schema"]["foreignKeys"][0]["reference"].update(
        fields=["id", "name"])), message="1 field(s) reference 2 field(s)"),
    Case("foreign-key-to-a-non-key", descriptor(lambda d: resource(d, "meetings")["schema"]["foreignKeys"][0]["reference"].update(
        fields="name")), message="must be that resource's primary key or a unique field"),
    Case("dialect-semicolon", descriptor(lambda d: resource(d, "processes").update(dialect={"delimiter": ";"})),
         message="delimiter = ';' is not supported"),
    Case("missing-values-na", descriptor(lambda d: resource(d, "processes")["schema"].update(missingValues=["NA"])),
         message="'missingValues': only"),
    Case("latin-1-encoding", descriptor(lambda d: resource(d, "processes").update(encoding="latin-1")),
         message="'encoding': only utf-8"),
    Case("cited-spelled-yes", descriptor(lambda d: resource(d, "processes").update({"drcdata:cited": "yes"})),
         message="'drcdata:cited': must be true or false"),
    Case("package-title-not-text", descriptor(lambda d: d.update(title={"en": "x"})), message="'title': must be a string"),
    # descriptors that validated but that the database refused at build time
    Case("resource-named-dataset-info", rename_resource("processes", "dataset_info"), message="'dataset_info' is reserved"),
    Case("resource-named-like-a-report", rename_resource("processes", "coverage"),
         message="resource 'coverage' has the name of the report"),
    Case("resource-named-like-a-helper-view", rename_resource("processes", "records"),
         message="resource 'records' has the name of a view or macro that sql/_functions.sql creates"),
    Case("primary-key-names-a-field-twice", descriptor(lambda d: resource(d, "processes")["schema"].update(primaryKey=["id", "id"])),
         message="'primaryKey': names the field 'id' twice"),
    Case("enum-value-not-an-integer", add_column("actors", {"name": "rank", "type": "integer", "constraints": {"enum": ["abc"]}}, []),
         message="field 'rank', 'enum': 'abc' is not a valid integer"),
    Case("enum-value-not-a-date", add_column("actors", {"name": "seen", "type": "date", "constraints": {"enum": ["2025-13-01"]}}, []),
         message="field 'seen', 'enum': '2025-13-01' is not a valid date"),
    Case("integer-minimum-beyond-64-bits", add_column("actors", {"name": "rank", "type": "integer", "constraints": {"minimum": 10**30}}, []),
         message="'minimum': must be a whole number from -9223372036854775808"),
    Case("number-minimum-beyond-floats", add_column("actors", {"name": "x", "type": "number", "constraints": {"minimum": 10**400}}, []),
         message="'minimum': must be a finite number"),
    Case("year-maximum-beyond-32-bits", add_column("actors", {"name": "y", "type": "year", "constraints": {"maximum": 10**12}}, []),
         message="'maximum': must be a whole number from -2147483648 to 2147483647"),
    Case("max-length-beyond-64-bits", constraint("processes", "name", maxLength=10**40), message="'maxLength': must be a whole number"),
    Case("nul-in-a-description", field_prop("processes", "name", description="a\x00b"),
         message="field 'name', 'description': must not contain a NUL character"),
    Case("nul-in-an-enum-value", constraint("meetings", "kind", enum=["a\x00b"]), message="'enum': must not contain a NUL character"),
    Case("nul-in-the-package-title", descriptor(lambda d: d.update(title="a\x00b")), message="'title': must not contain a NUL"),
    Case("table-without-fields", both(descriptor(lambda d: resource(d, "figures")["schema"].update(fields=[])),
                                      drop_citations_of("fig-drc-mineral-resources-24-trillion-usd")),
         message="'fields': is empty"),
    Case("foreign-key-between-types", both(add_column("actors", {"name": "proc", "type": "integer"}, []),
                                           foreign_key("actors", "proc", "processes", "id")),
         message="foreign key proc (integer) -> processes.id (string): the types must be the same"),
    Case("foreign-keys-cycle-between-resources", foreign_key("processes", "id", "meetings", "id"),
         message="foreign keys form a cycle between resources: processes, meetings"),
    Case("parents-in-a-cycle", parent_cycle, [("data/places.csv", 2, "parent_id", "foreign-key-cycle"),
                                              ("data/places.csv", 3, "parent_id", "foreign-key-cycle")]),
    Case("report-names-a-missing-column", sql_file("zz.sql", "-- name: zz\n-- title: t\n-- question: q\nSELECT nope FROM processes"),
         message='zz.sql: Binder Error: Referenced column "nope" not found'),
    # package SQL: one read statement per report, only definitions in helper files, no file access
    Case("report-smuggles-copy", sql_file("coverage.sql", "-- name: coverage\n-- title: t\n-- question: q\n"
                                          "SELECT 1; COPY (SELECT 1) TO '/tmp/drcdata-pwned.csv'"),
         message="a report must be one read statement"),
    Case("helper-runs-copy", sql_file("_evil.sql", "COPY (SELECT 1) TO '/tmp/drcdata-pwned.csv';"),
         message="may only hold CREATE statements"),
    Case("report-reads-a-file", sql_file("zz_passwd.sql", "-- name: zz_passwd\n-- title: t\n-- question: q\n"
                                         "SELECT * FROM read_text('/etc/passwd')"),
         message="zz_passwd.sql: Permission Error"),
    Case("helper-table-reads-a-file", sql_file("_evil.sql", "CREATE TABLE leaked AS SELECT * FROM read_text('/etc/passwd');"),
         message="_evil.sql: Permission Error"),
    Case("report-misspells-a-table", sql_file("zz_typo.sql", "-- name: zz_typo\n-- title: t\n-- question: q\n"
                                              "SELECT * FROM meetingz"),
         message='zz_typo.sql: Catalog Error: Table with name meetingz does not exist!\nDid you mean "meetings"?'),
]
VALID = {
    "field-name-with-a-quote": rename_column("processes", "description", 'de"scr,iption'),
    "field-name-a-keyword-with-a-space": rename_column("processes", "description", "select from"),
    "field-name-rowid": rename_column("processes", "description", "rowid"),
    "resource-name-with-dot-and-dash": lambda pkg: (
        descriptor(lambda d: d["resources"].append({"name": "notes.v2-x", "path": "data/notes.csv", "schema": {
            "fields": [{"name": "id", "type": "string", "description": "test"}], "primaryKey": ["id"]}}))(pkg),
        (pkg / "data" / "notes.csv").write_text("id\nn1\nn2\n", encoding="utf-8")),
    "number-infinity-spelled-INF": cell("figures", 2, "value", "INF"),  # the spec's lexical form for infinity
    "integer-at-64-bit-edges": add_column("actors", {"name": "rank", "type": "integer"},
                                          ["9223372036854775807", "-9223372036854775808"]),
    "crlf-line-endings": raw("processes", lambda b: b.replace(b"\n", b"\r\n")),
    # a header-only table is valid once no citation points into it
    "header-only": both(raw("figures", lambda b: b.split(b"\n", 1)[0] + b"\n"),
                        drop_citations_of("fig-drc-mineral-resources-24-trillion-usd")),
}


# ---- fixtures --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def mini_db(tmp_path_factory) -> Path:
    pkg = _mini_copy(tmp_path_factory.mktemp("mini-ref"))
    return drcdata.build(pkg, tmp_path_factory.mktemp("mini-db") / "mini.duckdb")


def _mini_copy(target: Path) -> Path:
    shutil.copytree(MINI / "data", target / "data")
    shutil.copy(ROOT / "datapackage.json", target / "datapackage.json")
    return target


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


_register_reports()
runner = CliRunner()


def _resolve(expect: tuple, pkg: Path) -> tuple:
    file, row, fld, rule = expect
    if row == "goma-row":
        row = _goma_row(pkg)
    elif row == "first-contradiction":
        row = first_row_where(pkg, "citations", stance="contradicts")
    return file, row, fld, rule


# ---- tests -----------------------------------------------------------------------------------

def test_corpus_is_large_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_package(case: Case, tmp_path, mini_db):
    pkg = _mini_copy(tmp_path / "pkg")
    expected = [_resolve(e, pkg) for e in case.expect]
    case.mutate(pkg)
    db = tmp_path / "db.duckdb"
    shutil.copy(mini_db, db)
    before = _sha(db)

    result = runner.invoke(app, ["build", str(pkg), "--db", str(db)])

    assert result.exit_code == case.exit_code, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert _sha(db) == before, "a failed build must leave the old database untouched"
    assert not list(tmp_path.glob("db.duckdb.tmp-*"))
    if case.message:
        assert case.message in result.output
    assert "root:" not in result.output, "a descriptor or report file read /etc/passwd"
    assert not Path("/tmp/drcdata-pwned.csv").exists()
    for file, row, fld, rule in expected:
        where = file + (f", row {row}" if row is not None else "") + (f", field {fld}" if fld else "")
        assert f"{where}: [" in result.output and f"] {rule}:" in result.output, (where, rule, result.output)


@pytest.mark.parametrize("name", list(VALID))
def test_unusual_but_valid(name, tmp_path):
    pkg = _mini_copy(tmp_path / "pkg")
    VALID[name](pkg)
    result = runner.invoke(app, ["validate", str(pkg)])
    assert result.exit_code == 0, result.output


def test_validate_never_runs_sql_from_a_constraint(tmp_path):
    pkg = _mini_copy(tmp_path / "pkg")
    constraint("processes", "name", maxLength=PASSWD)(pkg)
    result = runner.invoke(app, ["validate", str(pkg)])
    assert result.exit_code == 1 and "root:" not in result.output
    assert "resource 'processes', field 'name', 'maxLength': must be a whole number" in result.output


def test_query_with_a_package_does_not_run_its_copy(tmp_path):
    from conftest import run_cli
    pkg = _mini_copy(tmp_path / "pkg")
    target = tmp_path / "pwned.csv"
    sql_file("_evil.sql", f"CREATE MACRO evil() AS 1; COPY (SELECT 1) TO '{target}';")(pkg)
    result = run_cli("query", "SELECT 1", "--package", str(pkg), "--db", str(tmp_path / "db.duckdb"))
    assert result.returncode == 1 and "may only hold CREATE statements" in result.stderr
    assert not target.exists() and not (tmp_path / "db.duckdb").exists()


# ---- line endings: every record read, counted against Python's csv module --------------------

def _with_quoted_breaks(pkg: Path) -> bytes:
    """citations.csv with two excerpts that hold line breaks (LF and CRLF) inside their quotes."""
    rows = _rows(pkg, "citations")
    rows[0]["excerpt"] = "first line\nsecond line"
    rows[3]["excerpt"] = "first line\r\nsecond line, after a CRLF"
    _write(pkg, "citations", rows)
    return (pkg / "data" / "citations.csv").read_bytes()


def _record_ends(data: bytes, ending: Callable[[int], bytes]) -> bytes:
    """Replace the LF that ends record i by ending(i); line breaks inside quoted cells stay."""
    out, inside, record = bytearray(), False, 0
    for byte in data:
        if byte == ord('"'):
            inside = not inside
        if byte == ord("\n") and not inside:
            if out.endswith(b"\r"):
                out.pop()
            out += ending(record)
            record += 1
        else:
            out.append(byte)
    return bytes(out)


LINE_ENDINGS = {
    "lf": lambda b: b,
    "crlf": lambda b: _record_ends(b, lambda i: b"\r\n"),
    "mixed": lambda b: _record_ends(b, lambda i: b"\r\n" if i % 3 == 1 else b"\n"),
    "last-line-crlf": lambda b: b[:-1] + b"\r\n",
    "first-line-crlf": lambda b: b.replace(b"\n", b"\r\n", 1),
    "crlf-after-64-kb": lambda b: _record_ends(b, lambda i: b"\r\n" if i > 40 else b"\n"),
    "no-trailing-newline": lambda b: b.rstrip(b"\n"),
    "crlf-no-trailing-newline": lambda b: _record_ends(b, lambda i: b"\r\n").rstrip(b"\r\n"),
    "trailing-empty-lines": lambda b: b + b"\n\n",
}


def _csv_records(data: bytes) -> list[list[str]]:
    return [row for row in csv.reader(io.StringIO(data.decode("utf-8"), newline="")) if row][1:]


@pytest.mark.parametrize("name", list(LINE_ENDINGS))
def test_every_line_ending_reads_every_record(name, tmp_path):
    pkg = _mini_copy(tmp_path / "pkg")
    data = LINE_ENDINGS[name](_with_quoted_breaks(pkg))
    if name == "crlf-after-64-kb":  # the old reader judged the line ending from the first 64 KB only
        rows = _rows(pkg, "citations")
        for row in rows[5:45]:
            row["excerpt"] = "x" * 1900  # within maxLength, 76 KB in all
        _write(pkg, "citations", rows)
        data = LINE_ENDINGS[name]((pkg / "data" / "citations.csv").read_bytes())
    (pkg / "data" / "citations.csv").write_bytes(data)
    expected = _csv_records(data)
    db = drcdata.build(pkg, tmp_path / "db.duckdb")
    con = duckdb.connect(str(db), read_only=True)
    cols = ", ".join(next(csv.reader(io.StringIO(data.decode("utf-8").splitlines()[0]))))
    got = con.execute(f"SELECT {cols} FROM citations ORDER BY rowid").fetchall()
    con.close()
    assert len(got) == len(expected) > 50
    assert [[("" if v is None else v) for v in row] for row in got] == expected


def test_a_bare_carriage_return_ending_a_line_is_refused_with_its_row(tmp_path):
    pkg = _mini_copy(tmp_path / "pkg")
    data = _record_ends((pkg / "data" / "processes.csv").read_bytes(), lambda i: b"\r" if i == 1 else b"\n")
    (pkg / "data" / "processes.csv").write_bytes(data + b"p2,Name,Desc\n")
    result = runner.invoke(app, ["validate", str(pkg)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "data/processes.csv, row 2: [processes] line-ending:" in result.output


def test_a_byte_order_mark_is_refused_not_read_as_part_of_the_first_name(tmp_path):
    pkg = _mini_copy(tmp_path / "pkg")
    path = pkg / "data" / "citations.csv"
    path.write_bytes(BOM + _with_quoted_breaks(pkg))
    assert len(_csv_records(path.read_bytes()[3:])) > 50  # Python would read it, with the mark in 'id'
    result = runner.invoke(app, ["validate", str(pkg)])
    assert result.exit_code == 1
    assert "data/citations.csv, row 1: [citations] byte-order-mark:" in result.output


def test_records_the_reader_drops_are_reported_not_lost(tmp_path, monkeypatch):
    """The last guard: told the wrong line ending, DuckDB reads no rows; the count against the file says so."""
    from drcdata import staging
    from drcdata.line_endings import Endings
    pkg = _mini_copy(tmp_path / "pkg")
    monkeypatch.setattr(staging, "record_endings", lambda data: Endings("\\r\\n", data))
    report = drcdata.validate(pkg)
    lost = [p for p in report.problems if p.rule == "rows-lost"]
    assert not report.valid and {p.file for p in lost} >= {"data/citations.csv", "data/processes.csv"}
    assert "read 0 record(s) but the file has" in lost[0].message


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


@pytest.mark.parametrize("relpath", ["data/processes.csv", "sql/coverage.sql"])
def test_a_fifo_in_the_package_is_refused_without_hanging(relpath, tmp_path):
    """Opening a FIFO for reading blocks until a writer comes: it must be refused from its stat."""
    from conftest import run_cli
    pkg = _mini_copy(tmp_path / "pkg")
    shutil.copytree(ROOT / "sql", pkg / "sql")
    _fifo(pkg / relpath)
    result = run_cli("build", str(pkg), "--db", str(tmp_path / "db.duckdb"), timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"{pkg / relpath} is a FIFO (named pipe), not a regular file" in result.stderr


def test_a_device_in_the_package_is_refused(tmp_path):
    pkg = _mini_copy(tmp_path / "pkg")
    (pkg / P).unlink()
    try:
        os.mknod(pkg / P, 0o644 | stat.S_IFCHR, os.makedev(1, 5))  # the device /dev/zero is
    except PermissionError:
        pytest.skip("creating a device node needs CAP_MKNOD")
    report = drcdata.validate(pkg)
    [refused] = [p for p in report.problems if p.file == P]
    assert refused.rule == "not-a-regular-file" and "is a character device" in refused.message


def test_a_link_to_another_file_inside_the_package_is_read(tmp_path):
    pkg = _mini_copy(tmp_path / "pkg")
    (pkg / "elsewhere").mkdir()
    (pkg / P).rename(pkg / "elsewhere" / "processes.csv")
    (pkg / P).symlink_to(Path("..") / "elsewhere" / "processes.csv")
    assert drcdata.validate(pkg).valid


def test_a_datetime_offset_is_applied_not_dropped(tmp_path):
    pkg = _mini_copy(tmp_path / "pkg")
    add_column("actors", {"name": "seen", "type": "datetime"},
               ["2025-01-01T05:30:00+05:30", "2025-01-01T00:00:00Z", "2025-01-01T00:00:00"])(pkg)
    con = duckdb.connect(str(drcdata.build(pkg, tmp_path / "db.duckdb")), read_only=True)
    seen = [v for (v,) in con.execute("SELECT seen FROM actors WHERE seen IS NOT NULL ORDER BY rowid").fetchall()]
    assert [str(v) for v in seen] == ["2025-01-01 00:00:00"] * 3


def test_a_field_named_rowid_keeps_the_rows_numbered_as_in_the_file(tmp_path):
    pkg = _mini_copy(tmp_path / "pkg")
    add_column("actors", {"name": "rowid", "type": "string"}, ["7", "8", "9"])(pkg)
    cell("actors", 4, "country", "Congo")(pkg)
    report = drcdata.validate(pkg)
    assert [(p.file, p.row, p.field, p.rule) for p in report.problems] == [("data/actors.csv", 4, "country", "pattern")]


@pytest.mark.parametrize("name", ["field-name-with-a-quote", "field-name-rowid", "resource-name-with-dot-and-dash", "header-only"])
def test_unusual_but_valid_builds(name, tmp_path):
    """What validate accepts, build builds."""
    pkg = _mini_copy(tmp_path / "pkg")
    VALID[name](pkg)
    assert drcdata.build(pkg, tmp_path / "db.duckdb").exists()
