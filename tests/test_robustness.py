"""Crash safety, readers during a build, random mutations, and memory at a million rows."""
from __future__ import annotations

import csv
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import drcdata
from drcdata.validation import validate
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402

MINI = Path(__file__).parent / "fixtures" / "mini"


def _build_cmd(pkg: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "drcdata.cli", "build", str(pkg), "--db", str(db)]


def _wait_for_temporary(db: Path, proc: subprocess.Popen, seconds: float = 120) -> Path:
    deadline = time.time() + seconds
    while time.time() < deadline:
        found = list(db.parent.glob(db.name + ".tmp-*"))
        if found:
            return found[0]
        if proc.poll() is not None:
            pytest.fail("the build finished before it could be interrupted")
        time.sleep(0.01)
    pytest.fail("the build never started writing")


@pytest.fixture(scope="module")
def big_package(tmp_path_factory) -> Path:
    """Large enough that a build takes a while, so it can be caught half-way."""
    out = tmp_path_factory.mktemp("big")
    generate(out, 400_000)
    return out


def test_build_killed_halfway_leaves_old_database_readable(big_package, tmp_path):
    db = tmp_path / "kill.duckdb"
    drcdata.build(_mini(tmp_path), db)
    before = db.read_bytes()
    proc = subprocess.Popen(_build_cmd(big_package, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for_temporary(db, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert db.read_bytes() == before
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM actors").fetchone()[0] > 0
    # The next build clears what the killed one left behind.
    drcdata.build(_mini(tmp_path), db)
    assert not list(tmp_path.glob("kill.duckdb.tmp-*"))


def test_reader_during_a_build_sees_old_or_new_never_partial(big_package, tmp_path):
    db = tmp_path / "live.duckdb"
    mini = _mini(tmp_path)
    drcdata.build(mini, db)
    old_count = duckdb.connect(str(db), read_only=True).execute("SELECT count(*) FROM actors").fetchone()[0]
    proc = subprocess.Popen(_build_cmd(big_package, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for_temporary(db, proc)
    seen = set()
    while proc.poll() is None:
        with duckdb.connect(str(db), read_only=True) as con:
            seen.add(con.execute("SELECT count(*) FROM actors").fetchone()[0])
    assert proc.returncode == 0, proc.stderr.read().decode()
    with duckdb.connect(str(db), read_only=True) as con:
        seen.add(con.execute("SELECT count(*) FROM actors").fetchone()[0])
    new_count = len(list(csv.reader(open(big_package / "data" / "actors.csv")))) - 1
    assert seen <= {old_count, new_count} and new_count in seen


def _mini(tmp_path: Path) -> Path:
    target = tmp_path / "mini-pkg"
    if not target.exists():
        shutil.copytree(MINI / "data", target / "data")
        shutil.copy(ROOT / "datapackage.json", target / "datapackage.json")
    return target


MUTATION_TABLES = ["processes", "meetings", "citations", "places", "territorial_control"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=st.sampled_from(MUTATION_TABLES), position=st.floats(0, 1), junk=st.binary(max_size=40),
       op=st.sampled_from(["insert", "replace", "truncate", "duplicate-line"]))
def test_random_mutations_are_reported_never_raised(tmp_path_factory, table, position, junk, op):
    pkg = _mini(tmp_path_factory.mktemp("hyp"))
    path = pkg / "data" / f"{table}.csv"
    data = path.read_bytes()
    at = int(position * len(data))
    if op == "insert":
        data = data[:at] + junk + data[at:]
    elif op == "replace":
        data = data[:at] + junk + data[at + len(junk):]
    elif op == "truncate":
        data = data[:at]
    else:
        lines = data.split(b"\n")
        lines.insert(int(position * len(lines)), lines[min(int(position * len(lines)), len(lines) - 1)])
        data = b"\n".join(lines)
    path.write_bytes(data)
    report = validate(pkg)  # must not raise, whatever the bytes
    for problem in report.problems:
        assert problem.resource and problem.file and problem.rule and problem.message


def test_a_million_rows_validate_in_bounded_memory(tmp_path):
    pkg = tmp_path / "million"
    generate(pkg, 1_000_000)
    code = ("import resource, sys; from drcdata.validation import validate; r = validate(sys.argv[1]); "
            "print(r.valid, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, str(pkg)], capture_output=True, text=True, timeout=600)
    valid, peak_kib = out.stdout.split()
    assert valid == "True", out.stderr
    assert int(peak_kib) < 1.5 * 1024 * 1024, f"peak memory {int(peak_kib) / 1024:.0f} MiB"
