"""drcdata query and report run one read statement on a locked, read-only connection."""
from __future__ import annotations

import pytest

import drcdata
from drcdata.errors import DrcdataError, QueryRefused
from conftest import run_cli

REFUSED_BY_PARSER = [
    "INSERT INTO actors (id, name, kind) VALUES ('x', 'x', 'person')",
    "UPDATE actors SET name = 'x'",
    "DELETE FROM actors",
    "CREATE TABLE t (x INT)",
    "DROP TABLE actors",
    "ATTACH '/tmp/other.duckdb' AS other",
    "COPY actors TO '/tmp/actors.csv'",
    "SET memory_limit = '1GB'",
    "PRAGMA enable_profiling",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SELECT 1; SELECT 2",
    "SELECT 1; DROP TABLE actors",
]


@pytest.mark.parametrize("sql", REFUSED_BY_PARSER)
def test_non_read_statements_are_refused(real_db, sql):
    with pytest.raises(QueryRefused):
        drcdata.run_query(sql)


@pytest.mark.parametrize("sql", [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM glob('/etc/*')",
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM 'data/actors.csv'",
    "SELECT current_setting('enable_external_access'), (SELECT 1 FROM read_parquet('/tmp/x.parquet'))",
])
def test_file_access_is_refused_by_the_connection(real_db, sql):
    with pytest.raises(DrcdataError) as info:
        drcdata.run_query(sql)
    assert "disabled" in str(info.value).lower() or "permission" in str(info.value).lower()


def test_runaway_query_is_interrupted(real_db):
    with pytest.raises(DrcdataError, match="timeout"):
        drcdata.run_query("SELECT count(*) FROM range(100000000000) a, range(1000) b", timeout=0.5)


def test_limit_truncates_and_says_so(real_db):
    result = run_cli("query", "SELECT * FROM range(10)", "--limit", "3", "--format", "csv")
    assert result.returncode == 0
    assert result.stdout.strip().splitlines() == ["range", "0", "1", "2"]
    assert "cut at 3 rows" in result.stderr


def test_cli_refusal_is_a_clean_usage_error(real_db):
    result = run_cli("query", "DROP TABLE actors")
    assert result.returncode == 2
    assert "only read queries" in result.stderr and "Traceback" not in result.stderr


def test_report_parameters_are_bound_not_pasted(real_db):
    injection = "goma'; DROP TABLE actors; --"
    assert drcdata.run_report("control_history", {"for_place": injection}).rows == []
    assert drcdata.run_query("SELECT count(*) FROM actors").rows[0][0] > 0


def test_malformed_report_date_is_a_clear_error(real_db):
    result = run_cli("report", "control_as_of", "--on-date", "2025-02-30")
    assert result.returncode == 2
    assert "on-date" in result.stderr and "Traceback" not in result.stderr
