"""The command line as a user meets it: formats, listings, the data dictionary, exports."""
from __future__ import annotations

import csv
import io
import json

import duckdb

from conftest import run_cli


def test_reports_json_lists_every_sql_file(real_db):
    from conftest import ROOT
    result = run_cli("reports", "--format", "json")
    assert result.returncode == 0
    listed = {r["name"] for r in json.loads(result.stdout)}
    on_disk = {p.stem for p in (ROOT / "sql").glob("*.sql") if not p.name.startswith("_")}
    assert listed == on_disk and len(listed) >= 14


def test_report_formats_agree(real_db):
    as_json = json.loads(run_cli("report", "control_as_of", "--on-date", "2025-03-01", "-f", "json").stdout)
    as_csv = list(csv.DictReader(io.StringIO(run_cli("report", "control_as_of", "--on-date", "2025-03-01", "-f", "csv").stdout)))
    markdown = run_cli("report", "control_as_of", "--on-date", "2025-03-01", "-f", "markdown").stdout
    assert [r["record_id"] for r in as_json] == [r["record_id"] for r in as_csv]
    assert markdown.startswith("| place |") and len(markdown.strip().splitlines()) == len(as_json) + 2


def test_unknown_report_option_is_a_usage_error(real_db):
    result = run_cli("report", "control_as_of", "--no-such-option", "x")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_describe_prints_the_dictionary_from_the_descriptor(real_db):
    result = run_cli("describe", "territorial_control", "-f", "json")
    columns = {r["column"]: r for r in json.loads(result.stdout)}
    assert columns["status"]["constraints"].endswith("one of: control, contested")
    assert "→ places.id" in columns["place_id"]["constraints"]
    unknown = run_cli("describe", "nope")
    assert unknown.returncode == 2 and "no table named 'nope'" in unknown.stderr


def test_tables_counts_rows(real_db):
    rows = json.loads(run_cli("tables", "-f", "json").stdout)
    from conftest import ROOT, read_rows
    counts = {r["table"]: r["rows"] for r in rows}
    assert counts["meetings"] == len(read_rows(ROOT / "data" / "meetings.csv"))


def test_export_parquet_round_trips(real_db, tmp_path):
    result = run_cli("export", "--format", "parquet", "--out", str(tmp_path))
    assert result.returncode == 0
    con = duckdb.connect()
    exported = con.execute(f"SELECT count(*) FROM '{tmp_path / 'statements.parquet'}'").fetchone()[0]
    original = duckdb.connect(str(real_db), read_only=True).execute("SELECT count(*) FROM statements").fetchone()[0]
    assert exported == original > 0


def test_data_on_stdout_messages_on_stderr(real_db):
    result = run_cli("report", "coverage", "-f", "csv")
    assert result.stdout.startswith("table_name,rows,")
    assert result.stderr == ""
