"""The command line as a user meets it: formats, listings, the data dictionary, exports."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

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


# Every DuckDB type the sandbox lets through, in every format (DuckDB renders the cells).
ALL_TYPES = """SELECT '\\x00ab\\xFF'::BLOB AS blob, TIME '12:34:56.5' AS time, TIMETZ '10:00:00+02' AS timetz,
  INTERVAL '1 month 2 days 3 hours' AS interval, '12345678-1234-5678-1234-567812345678'::UUID AS uuid,
  [DATE '2025-01-02', NULL] AS dates, {'at': TIMESTAMP '2025-01-01 10:00:00', 'x': 1.5::DECIMAL(10,2)} AS struct,
  TIMESTAMPTZ '2025-01-01 10:00:00+02' AS tstz, 'nan'::DOUBLE AS nan, 'inf'::DOUBLE AS inf, '-inf'::FLOAT AS ninf,
  [1.5, 'nan'::DOUBLE] AS nested_nan, 123456789012345678901234567890.123::DECIMAL(38,3) AS dec,
  170141183460469231731687303715884105727::HUGEINT AS huge, MAP {'k': 1} AS map, true AS bool, '101'::BIT AS bit,
  union_value(num := 2) AS tagged, 'x'::ENUM('x', 'y') AS enum, 'infinity'::DATE AS forever,
  TIMESTAMP_NS '2025-01-01 00:00:00.123456789' AS ns, '[1,2]'::JSON AS json, ['a', 'b']::VARCHAR[2] AS array,
  'say "hi" | bye' || chr(10) || 'next' AS text, NULL AS nothing"""


def test_every_type_renders_as_valid_json(real_db):
    result = run_cli("query", ALL_TYPES, "-f", "json")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    row = json.loads(result.stdout, parse_constant=lambda c: pytest.fail(f"invalid JSON constant {c}"))[0]
    assert row["blob"] == "\\x00ab\\xFF" and row["time"] == "12:34:56.5" and row["timetz"] == "10:00:00+02"
    assert row["interval"] == "1 month 2 days 03:00:00"  # not 32 days: no lossy Python timedelta
    assert row["uuid"] == "12345678-1234-5678-1234-567812345678"
    assert row["dates"] == ["2025-01-02", None] and row["struct"] == {"at": "2025-01-01 10:00:00", "x": 1.5}
    assert row["tstz"].startswith("2025-01-01") and row["nan"] == "NaN" and row["inf"] == "Infinity"
    assert row["ninf"] == "-Infinity" and row["nested_nan"] == [1.5, "NaN"]
    assert str(row["huge"]) == "170141183460469231731687303715884105727" and row["map"] == {"k": 1}
    assert row["forever"] == "infinity" and row["ns"] == "2025-01-01 00:00:00.123456789"
    assert row["json"] == [1, 2] and row["array"] == ["a", "b"] and row["tagged"] == {"num": 2}
    assert row["text"] == 'say "hi" | bye\nnext' and row["nothing"] is None


def test_every_type_renders_as_csv_markdown_and_table(real_db):
    as_csv = run_cli("query", ALL_TYPES, "-f", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    row = list(csv.DictReader(io.StringIO(as_csv.stdout)))[0]
    assert row["interval"] == "1 month 2 days 03:00:00" and row["nan"] == "nan" and row["forever"] == "infinity"
    assert row["text"] == 'say "hi" | bye\nnext' and row["nothing"] == "" and row["dec"] == "123456789012345678901234567890.123"
    for fmt in ("markdown", "table"):
        out = run_cli("query", ALL_TYPES, "-f", fmt)
        assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
        assert "1 month 2 days 03:00:00" in out.stdout and "12345678-1234-5678-1234-567812345678" in out.stdout
    markdown = run_cli("query", ALL_TYPES, "-f", "markdown").stdout.splitlines()
    assert len(markdown) == 3 and "say \"hi\" \\| bye next" in markdown[2]


def test_json_streams_many_rows(real_db):
    result = run_cli("query", "SELECT range AS n, range::VARCHAR AS s FROM range(100000)", "-f", "json")
    rows = json.loads(result.stdout)
    assert len(rows) == 100000 and rows[-1] == {"n": 99999, "s": "99999"}
    assert json.loads(run_cli("query", "SELECT 1 AS x WHERE false", "-f", "json").stdout) == []


def test_query_errors_keep_duckdbs_hints(real_db):
    table = run_cli("query", "SELECT * FROM meetingz")
    assert table.returncode == 1 and 'Did you mean "meetings"?' in table.stderr
    column = run_cli("query", "SELECT idd FROM meetings")
    assert 'Candidate bindings: "id"' in column.stderr
    syntax = run_cli("query", "SELECT * FROM meetings WHER id = 1")
    assert syntax.returncode == 2 and "Traceback" not in syntax.stderr
    line, caret = syntax.stderr.splitlines()[-2:]
    assert line == "LINE 1: SELECT * FROM meetings WHER id = 1" and caret.strip() == "^"
    assert line[len(caret) - 1:].startswith("id = 1")  # the caret points at the offending word


def plain_text(stderr: str) -> str:
    """Typer's error box without its frame and line wrapping."""
    import re
    return re.sub(r"[\s│╭╮╰╯─]+", " ", stderr).strip()


@pytest.mark.parametrize("given, says", [
    ("2025-13-01", "'2025-13-01' is not a date (month must be in 1..12); write year-month-day, e.g. 2025-03-01"),
    ("1 March", "'1 March' is not a date; write year-month-day, e.g. 2025-03-01"),
    ("2024-11", "'2024-11' is a month; give a day, e.g. 2024-11-01 for its first"),
    ("2024", "'2024' is a year; give a day, e.g. 2024-01-01 for its first"),
])
def test_a_bad_date_says_what_a_date_looks_like(real_db, given, says):
    result = run_cli("report", "control_as_of", "--on-date", given)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"Invalid value for '--on-date': {says}" in plain_text(result.stderr)
    assert "%Y" not in result.stderr


def test_a_date_without_leading_zeros_is_the_same_day(real_db):
    short = run_cli("report", "control_as_of", "--on-date", "2025-3-1", "-f", "csv")
    assert short.returncode == 0 and short.stdout == run_cli("report", "control_as_of", "--on-date", "2025-03-01", "-f", "csv").stdout


def test_version_is_the_packages(real_db):
    from conftest import ROOT
    version = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))["version"]
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout == f"drcdata {version}\n"


def every_command_path(group, path=()):
    for name, command in group.commands.items():
        yield (*path, name)
        if hasattr(command, "commands"):  # a group
            yield from every_command_path(command, (*path, name))


def test_h_is_help_on_every_command(real_db):
    import typer.main
    from typer.testing import CliRunner
    from drcdata.cli import _register_reports, app, report_app
    if not report_app.registered_commands:
        _register_reports([])
    paths = [()] + list(every_command_path(typer.main.get_command(app)))
    assert {("build",), ("query",), ("report", "timeline"), ("report", "control_as_of")} <= set(paths)
    runner = CliRunner()
    for path in paths:
        short, long = (runner.invoke(app, [*path, flag], prog_name="drcdata") for flag in ("-h", "--help"))
        assert short.exit_code == 0 and short.output == long.output and "Usage: drcdata" in short.output, path


def test_h_on_a_report_from_the_installed_command(real_db):
    result = subprocess.run([str(DRCDATA), "report", "control_as_of", "-h"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "--on-date" in result.stdout


DRCDATA = Path(sys.executable).parent / "drcdata"  # the console script pip installed


def completions(words: str, tmp_path) -> list[str]:
    """What bash offers after `words` (a trailing space completes a new word), with the script
    `drcdata --show-completion bash` prints, sourced in a real bash."""
    script = tmp_path / "drcdata.sh"
    script.write_text(subprocess.run([str(DRCDATA), "--show-completion", "bash"], capture_output=True,
                                     text=True, check=True).stdout)
    new_word = ' ""' if words.endswith(" ") else ""
    line = f"COMP_WORDS=({words}{new_word}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))"
    out = subprocess.run(["bash", "--norc", "-c", f"source {script}; {line}; _drcdata_completion drcdata;"
                          " printf '%s\\n' \"${COMPREPLY[@]}\""], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PATH": f"{DRCDATA.parent}{os.pathsep}{os.environ['PATH']}"})
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


@pytest.mark.skipif(shutil.which("bash") is None, reason="the completion script under test is bash's")
def test_shell_completion_completes_commands_reports_and_options(real_db, tmp_path):
    assert completions("drcdata rep", tmp_path) == ["reports", "report"]
    assert completions("drcdata report control_", tmp_path) == ["control_as_of", "control_history"]
    assert "--on-date" in completions("drcdata report control_as_of --on", tmp_path)
    assert completions("drcdata query --format ", tmp_path) == ["table", "csv", "json", "markdown"]


def test_install_completion_writes_only_under_home(real_db, tmp_path):
    result = subprocess.run([str(DRCDATA), "--install-completion"], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "HOME": str(tmp_path), "SHELL": "/bin/bash"})
    assert result.returncode == 0, result.stderr
    installed = tmp_path / ".bash_completions" / "drcdata.sh"
    assert "_DRCDATA_COMPLETE=complete_bash" in installed.read_text()
    assert f"source '{installed}'" in (tmp_path / ".bashrc").read_text()


def test_python_m_drcdata_is_the_command(real_db):
    """`python -m drcdata` runs the same CLI as the console script, for a checkout without one on PATH."""
    result = subprocess.run([sys.executable, "-m", "drcdata", "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout == run_cli("--version").stdout
