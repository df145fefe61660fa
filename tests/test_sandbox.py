"""drcdata query and report run one read statement on a locked, read-only connection."""
from __future__ import annotations

import pytest

import drcdata
import duckdb

from drcdata.errors import DrcdataError, QueryRefused, UsageError
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
    with pytest.raises(UsageError, match="names no places.id"):  # looked up as a value, never run
        drcdata.run_report("control_history", {"for_place": injection})
    assert drcdata.run_report("search_statements", {"search_text": injection}).rows == []  # a free-text parameter, bound
    assert drcdata.run_query("SELECT count(*) FROM actors").rows[0][0] > 0


def test_malformed_report_date_is_a_clear_error(real_db):
    result = run_cli("report", "control_as_of", "--on-date", "2025-02-30")
    assert result.returncode == 2
    assert "on-date" in result.stderr and "Traceback" not in result.stderr


# ---- statements that execute what they wrap (issue 9) -------------------------------------------

WRAPPED_WRITES = [
    "EXPLAIN ANALYZE COPY (SELECT 'x' AS x) TO '{db}' (FORMAT csv, USE_TMP_FILE false)",
    "EXPLAIN ANALYZE COPY (SELECT 'x' AS x) TO '{db}.wal' (FORMAT csv)",
    "explain analyze copy actors to '{tmp}/actors.csv'",
    "EXPLAIN (ANALYZE) COPY (SELECT 1) TO '{tmp}/x.csv'",
    "EXPLAIN (FORMAT json, ANALYZE true) COPY (SELECT 1) TO '{tmp}/x.csv'",
    "EXPLAIN ANALYSE CREATE TABLE t AS SELECT 1",
    "EXPLAIN ANALYZE CREATE TEMP TABLE t AS SELECT 1",
    "EXPLAIN ANALYZE INSERT INTO actors (id, name, kind) VALUES ('x', 'x', 'person')",
    "EXPLAIN ANALYZE CHECKPOINT",
    "EXPLAIN ANALYZE PRAGMA enable_profiling",
    "EXPLAIN ANALYZE LOAD httpfs",
    "EXPLAIN ANALYZE VACUUM",
    "EXPLAIN ANALYZE SET VARIABLE v = 1",
    "EXPLAIN ANALYZE ATTACH '{tmp}/other.duckdb' AS other",
    "EXPLAIN COPY (SELECT 1) TO '{tmp}/x.csv'",
    "/* a comment first */ EXPLAIN ANALYZE COPY (SELECT 1) TO '{tmp}/x.csv'",
    "CALL checkpoint()",
    "EXPORT DATABASE '{tmp}/dump'",
    "PIVOT actors ON kind USING count(*); COPY actors TO '{tmp}/x.csv'",
]


@pytest.mark.parametrize("template", WRAPPED_WRITES)
def test_statements_wrapped_in_explain_or_pivot_are_classified_by_what_they_run(real_db, tmp_path, template):
    before = real_db.read_bytes()
    with pytest.raises(QueryRefused):
        drcdata.run_query(template.format(db=real_db, tmp=tmp_path))
    assert real_db.read_bytes() == before
    assert not real_db.with_name(real_db.name + ".wal").exists()
    assert list(tmp_path.iterdir()) == []


def test_cli_refuses_explain_analyze_copy_onto_the_database(real_db):
    before = real_db.read_bytes()
    result = run_cli("query", f"EXPLAIN ANALYZE COPY (SELECT 'x' AS x) TO '{real_db}' (FORMAT csv, USE_TMP_FILE false)")
    assert result.returncode == 2 and "COPY statement" in result.stderr and "Traceback" not in result.stderr
    assert real_db.read_bytes() == before


READS = {
    # a PIVOT whose columns are not listed is parsed as two statements: it is still one read
    "dynamic-pivot": "PIVOT (SELECT kind FROM meetings) ON kind USING count(*)",
    "pivot-in-cte": "WITH p AS (PIVOT (SELECT kind FROM meetings) ON kind USING count(*)) SELECT * FROM p",
    "listed-pivot": "PIVOT (SELECT kind FROM meetings) ON kind IN ('summit', 'call') USING count(*)",
    "unpivot": "UNPIVOT (SELECT 1 AS a, 2 AS b) ON COLUMNS(*)",
    "summarize": "SUMMARIZE meetings",
    "describe": "DESCRIBE meetings",
    "show-tables": "SHOW TABLES",
    "explain": "EXPLAIN SELECT * FROM meetings",
    "explain-analyze": "EXPLAIN ANALYZE SELECT count(*) FROM meetings",
    "trailing-semicolon-and-comment": "SELECT 1; -- done",
    "semicolon-in-a-string": "SELECT 'a;b' AS s, \"x;y\" FROM (SELECT 1 AS \"x;y\")",
}


@pytest.mark.parametrize("sql", READS.values(), ids=READS.keys())
def test_read_statements_run(real_db, sql):
    assert drcdata.run_query(sql).columns


def test_dynamic_pivot_counts_what_a_group_by_counts(real_db):
    pivot = drcdata.run_query("PIVOT (SELECT kind FROM meetings) ON kind USING count(*)")
    grouped = dict(drcdata.run_query("SELECT kind, count(*) FROM meetings GROUP BY kind").rows)
    assert dict(zip(pivot.columns, pivot.rows[0])) == grouped


def test_two_pivots_are_two_statements(real_db):
    with pytest.raises(QueryRefused, match="this has 2"):
        drcdata.run_query("PIVOT meetings ON kind USING count(*); PIVOT meetings ON kind USING count(*)")


DIRECT_WRITES = [
    "COPY (SELECT 'x' AS x) TO '{db}' (FORMAT csv, USE_TMP_FILE false)",
    "COPY (SELECT 'x' AS x) TO '{db}.wal' (FORMAT csv)",
    "COPY (SELECT 1) TO '{tmp}/x.csv'",
    "EXPLAIN ANALYZE COPY (SELECT 'x' AS x) TO '{db}' (FORMAT csv, USE_TMP_FILE false)",
    "EXPORT DATABASE '{tmp}/dump'",
    "INSERT INTO actors (id, name, kind) VALUES ('x', 'x', 'person')",
    "CREATE TABLE t (x INT)",
    "ATTACH '{tmp}/other.duckdb' AS other",
    "SELECT * FROM read_text('{db}')",
    "SELECT * FROM read_blob('{db}.wal')",
    "SET disabled_filesystems = ''",
    "SET enable_external_access = true",
    "SET temp_directory = '{tmp}'",
    "INSTALL httpfs",
]


@pytest.mark.parametrize("template", DIRECT_WRITES)
def test_connect_cannot_write_any_file_even_without_the_guard(real_db, tmp_path, template):
    """drcdata.connect() promises a read-only connection: statements sent straight to it fail."""
    import shutil
    db = tmp_path / "own" / "copy.duckdb"
    db.parent.mkdir()
    shutil.copy(real_db, db)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    before = db.read_bytes()
    from conftest import ROOT
    with drcdata.connect(db, ROOT) as con:
        with pytest.raises(duckdb.Error):
            con.execute(template.format(db=db, tmp=scratch)).fetchall()
        con.execute("CHECKPOINT")  # allowed, and a no-op on a read-only database
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["copy.duckdb"]
    assert list(scratch.iterdir()) == []


# ---- timeouts, memory, limits, interrupts ---------------------------------------------------------

def test_timeout_holds_for_a_function_that_ignores_interrupts(real_db):
    """One levenshtein call over long strings never checks for an interrupt: the process is ended."""
    result = run_cli("query", "SELECT levenshtein(repeat('a', 300000), repeat('b', 300000))", "--timeout", "1",
                     timeout=60)
    assert result.returncode == 1
    assert "timeout" in result.stderr and "ending the process" in result.stderr and "Traceback" not in result.stderr


def test_timeout_covers_fetching_and_printing(real_db):
    import time
    execution = drcdata.api.start_query("SELECT * FROM range(100000000)", timeout=0.5, shape="text")
    batches = execution.batches()
    next(batches)
    time.sleep(1)  # a slow reader: the deadline still applies
    with pytest.raises(DrcdataError, match="timeout"):
        for _ in batches:
            pass


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e10", "0", "-1", "86401"])
def test_invalid_timeouts_are_usage_errors(real_db, value):
    result = run_cli("query", "SELECT 1", "--timeout", value)
    assert result.returncode == 2 and "invalid timeout" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 1e10, 0, -1, True, "5"])
def test_invalid_api_timeouts_are_usage_errors(real_db, value):
    with pytest.raises(UsageError, match="invalid timeout"):
        drcdata.run_query("SELECT 1", timeout=value)


@pytest.mark.parametrize("value", [-1, 0, True, 2.5, "3"])
def test_invalid_api_limits_are_usage_errors(real_db, value):
    with pytest.raises(UsageError, match="invalid limit"):
        drcdata.run_query("SELECT 1", limit=value)


def test_huge_limit_is_no_limit(real_db):
    result = run_cli("query", "SELECT * FROM range(5)", "--limit", str(10 ** 30), "-f", "csv")
    assert result.returncode == 0 and result.stdout.split() == ["range", "0", "1", "2", "3", "4"]
    assert result.stderr == ""


def test_memory_limit_is_a_clear_error(real_db):
    result = run_cli("query", "SELECT length(string_agg(repeat('x', 1000), '')) FROM range(3000000)",
                     "--memory-limit", "200MB")
    assert result.returncode == 1 and "more memory than its limit of 200MB" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_default_memory_limit_applies(real_db):
    with drcdata.connect() as con:
        assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] in ("953.6 MiB", "1.0 GiB")


def test_invalid_memory_limit_is_a_usage_error(real_db):
    result = run_cli("query", "SELECT 1", "--memory-limit", "lots")
    assert result.returncode == 2 and "invalid memory limit" in result.stderr and "Traceback" not in result.stderr


def test_ctrl_c_stops_a_query_cleanly(real_db):
    import signal
    import subprocess
    import sys
    import time
    from conftest import ROOT
    proc = subprocess.Popen([sys.executable, "-m", "drcdata.cli", "query",
                             "SELECT count(*) FROM range(100000000000) a, range(1000) b", "--timeout", "600"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    time.sleep(2)  # let it start running
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and "interrupted" in err and "Traceback" not in err


def test_a_reader_that_goes_away_is_no_error(real_db):
    import subprocess
    import sys
    from conftest import ROOT
    cmd = f"'{sys.executable}' -m drcdata.cli query 'SELECT * FROM range(10000000)' -f csv | head -2"
    result = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.stdout.split() == ["range", "0"] and "Traceback" not in result.stderr, result.stderr


def test_two_sandboxed_connections_at_once_share_the_locked_instance(real_db):
    with drcdata.connect() as first, drcdata.connect() as second:
        assert first.execute("SELECT count(*) FROM actors").fetchone() == second.execute("SELECT count(*) FROM actors").fetchone()
        with pytest.raises(duckdb.Error):
            second.execute(f"COPY (SELECT 1) TO '{real_db}'")


# ---- functions with side effects, and memory DuckDB does not count (issue 9, second audit) ------

SIDE_EFFECT_CALLS = [
    "SELECT * FROM checkpoint()",
    "SELECT * FROM force_checkpoint()",
    "SELECT * FROM enable_logging()",
    "SELECT * FROM disable_logging()",
    "SELECT * FROM truncate_duckdb_logs()",
    "SELECT * FROM enable_profiling()",
    'SELECT * FROM "checkpoint"()',
    "SELECT * FROM system.main.checkpoint ( )",
    "SELECT 1 UNION ALL SELECT count(*) FROM enable_logging()",
    "WITH t AS (SELECT * FROM truncate_duckdb_logs()) SELECT * FROM t",
    "SELECT (SELECT count(*) FROM checkpoint()) AS x",
    "PIVOT (SELECT * FROM checkpoint()) ON success USING count(*)",
    "EXPLAIN ANALYZE SELECT * FROM enable_logging()",
    "SELECT * FROM query('SELECT * FROM checkpoint()')",  # SQL in a string: the guard cannot see inside
    "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT * FROM checkpoint()'))",
]


@pytest.mark.parametrize("sql", SIDE_EFFECT_CALLS)
def test_table_functions_with_side_effects_are_refused(real_db, sql):
    with pytest.raises(QueryRefused, match="not allowed in a read query"):
        drcdata.run_query(sql)


@pytest.mark.parametrize("sql", [
    "SELECT 'checkpoint()' AS s",                            # a string, not a call
    "SELECT 1 AS checkpoint",                                # a name, not a call
    "SELECT count(*) FROM range(3)",
    "SELECT * FROM unnest([1, 2])",
    "SELECT count(*) FROM duckdb_tables()",
    "SELECT count(*) FROM control_as_of(DATE '2025-03-01')",  # the package's own table macro
])
def test_ordinary_calls_and_names_pass(real_db, sql):
    assert drcdata.run_query(sql).rows


@pytest.mark.parametrize("sql", [
    "SELECT len(range(0, 100000000)) AS n",       # a list vector: outside DuckDB's memory_limit accounting
    "SELECT length(repeat('x', 600000000)) AS n",  # one huge string
])
def test_memory_outside_duckdbs_accounting_is_stopped(real_db, sql):
    result = run_cli("query", sql, "--memory-limit", "100MB", timeout=90)
    assert result.returncode == 1, result.stderr
    assert "memory" in result.stderr and "100MB" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["100", "1.5", "0MB", "-1GB", "50%", "1e3GB", "1MB"])
def test_a_memory_limit_needs_a_unit_and_a_sane_size(real_db, value):
    result = run_cli("query", "SELECT 1", "--memory-limit", value)
    assert result.returncode == 2 and "invalid memory limit" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["16MB", "2.5GiB", " 1 GB ", "2000000000 bytes"])
def test_every_accepted_memory_limit_opens_the_database(real_db, value):
    result = run_cli("query", "SELECT count(*) AS n FROM actors", "--memory-limit", value, "-f", "csv")
    assert result.returncode == 0 and int(result.stdout.split()[1]) > 0, result.stderr


def test_a_long_table_is_cut_with_a_note(real_db):
    from drcdata.output import MAX_TABLE_ROWS
    result = run_cli("query", f"SELECT * FROM range({MAX_TABLE_ROWS + 5})")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 2 + MAX_TABLE_ROWS and lines[-1].strip() == str(MAX_TABLE_ROWS - 1)
    assert f"table cut at {MAX_TABLE_ROWS} rows" in result.stderr and "--format csv" in result.stderr
    assert len(run_cli("query", f"SELECT * FROM range({MAX_TABLE_ROWS + 5})", "-f", "csv").stdout.splitlines()) \
        == MAX_TABLE_ROWS + 6
