"""The build: schema from the descriptor, constraints and comments, and atomic replacement."""
from __future__ import annotations

import hashlib

import duckdb
import pytest

import drcdata
from drcdata.errors import ValidationFailed
from conftest import read_rows, run_cli, write_rows


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_tables_have_keys_constraints_and_comments(real_db):
    con = duckdb.connect(str(real_db), read_only=True)
    constraints = con.execute(
        "SELECT table_name, constraint_type FROM duckdb_constraints() WHERE table_name = 'meetings'").fetchall()
    kinds = {c[1] for c in constraints}
    assert {"PRIMARY KEY", "FOREIGN KEY", "NOT NULL", "CHECK"} <= kinds
    comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'meetings' AND column_name = 'date'").fetchone()[0]
    assert comment.startswith("Day of the meeting")
    assert con.execute("SELECT data_type FROM duckdb_columns() WHERE table_name = 'meetings' AND column_name = 'date'").fetchone()[0] == "DATE"
    with pytest.raises(duckdb.Error):  # read-only, and the CHECK would refuse it anyway
        con.execute("INSERT INTO meetings (id, date, kind, title) VALUES ('x', DATE '2025-01-01', 'party', 't')")


def test_check_constraint_guards_enums(real_db, tmp_path):
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(real_db.read_bytes())
    con = duckdb.connect(str(copy))
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO processes (id, name) VALUES ('Not A Slug', 'x')")


def test_failed_build_leaves_the_previous_database_untouched(package_copy, tmp_path):
    db = tmp_path / "out.duckdb"
    drcdata.build(package_copy, db)
    before = _digest(db)
    path = package_copy / "data" / "meetings.csv"
    rows = read_rows(path)
    rows[0]["kind"] = "picnic"
    write_rows(path, rows)
    with pytest.raises(ValidationFailed):
        drcdata.build(package_copy, db)
    assert _digest(db) == before
    assert not list(tmp_path.glob("out.duckdb.tmp-*"))
    result = run_cli("build", str(package_copy), "--db", str(db))
    assert result.returncode == 1
    assert "data/meetings.csv, row 2, field kind: [meetings] enum" in result.stderr
    assert "nothing was built" in result.stderr
    assert _digest(db) == before


def test_stale_database_is_rebuilt(package_copy, tmp_path):
    db = tmp_path / "stale.duckdb"
    drcdata.build(package_copy, db)
    path = package_copy / "data" / "processes.csv"
    rows = read_rows(path)
    rows[0]["name"] = rows[0]["name"] + " (renamed)"
    write_rows(path, rows)
    result = drcdata.run_query("SELECT name FROM processes ORDER BY id LIMIT 1", db=db, package=package_copy)
    assert result.rows[0][0].endswith("(renamed)")


def test_database_opens_in_the_official_duckdb_shell(real_db):
    import subprocess
    from drcdata.shell import duckdb_cli
    out = subprocess.run([duckdb_cli(), "-readonly", "-csv", str(real_db), "-c", "SELECT * FROM timeline LIMIT 5"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert lines[0].startswith("date,date_precision,when,event,title,record_id") and len(lines) == 6
    macro = subprocess.run([duckdb_cli(), "-readonly", "-csv", str(real_db), "-c",
                            "SELECT controller FROM control_as_of(DATE '2025-03-01') WHERE place = 'Goma'"],
                           capture_output=True, text=True, timeout=60)
    assert macro.stdout.strip().splitlines()[1:] == ["M23 (March 23 Movement)"]


def test_views_and_macros_carry_their_question_as_a_comment(real_db):
    reports = {r.name: r for r in drcdata.reports()}
    with drcdata.connect() as con:
        views = dict(con.execute("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall())
        macros = dict(con.execute("SELECT function_name, comment FROM duckdb_functions() "
                                  "WHERE function_type IN ('macro', 'table_macro') AND NOT internal").fetchall())
        columns = {(t, c): note for t, c, note in con.execute(
            "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE comment IS NOT NULL").fetchall()}
    for name, report in reports.items():
        if report.params:
            assert macros[name].startswith(report.question), name
            assert all(p.name in macros[name] for p in report.params), name
        else:
            assert views[name] == report.question, name
    assert "as precisely as" in columns[("timeline", "when")]
    assert "evidence" in columns[("timeline", "record_id")]
    assert "Columns: " in macros["control_history"] and "ongoing as of" in macros["control_history"]
    for helper in ("fmt_date", "fmt_end", "side_of", "clip_words"):
        assert macros[helper], helper
    assert views["records"] and views["place_ancestry"] and views["record_support"]
