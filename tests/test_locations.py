"""Where the package and the database are (one rule, shown by `drcdata info`), and every place
a database cannot go: a folder, under a file, /proc, a read-only or full file system, a file
that is not a database. Each is one clear message and exit 2 (a path that cannot be a
database) or 1 (a place that cannot be written), and a failed build leaves the old database."""
from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import drcdata
from drcdata.dbfile import DatabaseWriteError
from drcdata.errors import UsageError
from conftest import ROOT, read_rows, run_cli, write_rows

# The user's environment, as if none of the overrides were set (conftest sets DRCDATA_DB).
NO_OVERRIDES = {"DRCDATA_DB": None, "DRCDATA_PACKAGE": None}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def checkout(package_copy) -> Path:
    """A copy of the repository's data as a checkout: datapackage.json beside a pyproject.toml for drcdata."""
    shutil.copy(ROOT / "pyproject.toml", package_copy / "pyproject.toml")
    return package_copy


def _info(cwd: Path, *args: str, env: dict | None = None) -> dict:
    result = run_cli("info", "-f", "json", *args, cwd=cwd, env={**NO_OVERRIDES, **(env or {})})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- the rule ---------------------------------------------------------------------------------

def test_in_a_checkout_everything_uses_its_data_and_its_build_folder(checkout):
    """README's commands, run anywhere inside a checkout, build and read checkout/build/drcdata.duckdb."""
    result = run_cli("report", "coverage", "-f", "csv", cwd=checkout / "data", env=NO_OVERRIDES)
    db = checkout / "build" / "drcdata.duckdb"
    assert result.returncode == 0, result.stderr
    assert f"built the database {db} from {checkout}" in result.stderr
    facts = _info(checkout / "sql")
    assert facts["package"] == str(checkout) and facts["database"] == str(db)
    assert facts["database_state"] == "fresh"
    assert facts["rows"]["meetings"] == len(read_rows(checkout / "data" / "meetings.csv"))
    # README's DuckDB line, from the checkout's root.
    from drcdata.shell import duckdb_cli
    shell = subprocess.run([duckdb_cli(), "-readonly", "-csv", "build/drcdata.duckdb", "-c", "SELECT count(*) FROM meetings"],
                           cwd=checkout, capture_output=True, text=True, timeout=60)
    assert shell.returncode == 0, shell.stderr
    assert int(shell.stdout.split()[1]) == facts["rows"]["meetings"]


def test_in_a_checkout_validate_sees_an_edit_to_its_csv(checkout):
    """The newcomer's case: edit data/meetings.csv, run `drcdata validate` in the checkout."""
    path = checkout / "data" / "meetings.csv"
    rows = read_rows(path)
    rows[0]["kind"] = "picnic"
    write_rows(path, rows)
    result = run_cli("validate", cwd=checkout, env=NO_OVERRIDES)
    assert result.returncode == 1 and "field kind: [meetings] enum" in result.stderr


def test_python_started_in_a_checkout_uses_the_same_database_as_the_cli(checkout):
    code = "import drcdata; con = drcdata.connect(); print(con.execute('SELECT package_path FROM dataset_info').fetchone()[0])"
    env = {k: v for k, v in os.environ.items() if k not in NO_OVERRIDES}
    result = subprocess.run([sys.executable, "-c", code], cwd=checkout, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(checkout / "datapackage.json")
    assert (checkout / "build" / "drcdata.duckdb").is_file()
    assert _info(checkout)["database_state"] == "fresh"  # the CLI finds it fresh: one database, not two


def test_overrides_come_first_and_a_given_package_keeps_its_own_database(checkout, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env_db = tmp_path / "env.duckdb"
    assert _info(elsewhere, env={"DRCDATA_DB": str(env_db)})["database"] == str(env_db)
    assert _info(elsewhere, "--db", "given.duckdb", env={"DRCDATA_DB": str(env_db)})["database"] == "given.duckdb"
    by_env = _info(elsewhere, env={"DRCDATA_PACKAGE": str(checkout)})
    assert by_env["package"] == str(checkout) and by_env["package_chosen_by"] == "$DRCDATA_PACKAGE"
    fork = tmp_path / "fork"  # a package that is not a checkout: no pyproject.toml
    fork.mkdir()
    shutil.copy(ROOT / "datapackage.json", fork)
    shutil.copytree(ROOT / "data", fork / "data")
    given = _info(checkout, "--package", str(fork))
    assert given["package"] == str(fork) and given["database"] == str(fork / "build" / "drcdata.duckdb")


def test_outside_a_checkout_the_bundled_package_is_used(tmp_path):
    facts = _info(tmp_path, env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert facts["package_chosen_by"] == "bundled with the installed code"
    bundled = Path(drcdata.__file__).resolve().parent / "_package"
    if bundled.is_dir():  # a wheel install (CI's `pip install .`): the data it carries, the user cache
        assert facts["package"] == str(bundled)
        assert facts["database"] == str(tmp_path / "cache" / "drcdata" / "drcdata.duckdb")
    else:  # an editable install or the source tree: that checkout and its build/
        assert facts["package"] == str(ROOT) and facts["database"] == str(ROOT / "build" / "drcdata.duckdb")


def test_a_wheel_install_finds_its_bundled_data_outside_a_checkout(tmp_path):
    """Installed without -e (as CI's first step and a user outside the repository do), the wheel
    carries datapackage.json, data/ and sql/, and its database goes to the user cache."""
    target = tmp_path / "site"
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(ROOT)],
                         capture_output=True, text=True, timeout=300)
    assert pip.returncode == 0, pip.stderr
    away = tmp_path / "away"
    away.mkdir()
    env = {**{k: v for k, v in os.environ.items() if k not in NO_OVERRIDES},
           "PYTHONPATH": str(target), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    run = subprocess.run([sys.executable, "-m", "drcdata.cli", "report", "coverage", "-f", "json"], cwd=away, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    cache_db = tmp_path / "cache" / "drcdata" / "drcdata.duckdb"
    assert f"built the database {cache_db} from {target / 'drcdata' / '_package'}" in run.stderr
    rows = {r["table_name"]: r["rows"] for r in json.loads(run.stdout)}
    assert rows["meetings"] == len(read_rows(ROOT / "data" / "meetings.csv"))


# --- places a database cannot be --------------------------------------------------------------

@pytest.mark.parametrize("where, code, message", [
    ("{tmp}", 2, "the database {tmp} (from $DRCDATA_DB) is a folder; name a file"),
    ("{tmp}/notes.txt/x.duckdb", 2, "cannot put the database {tmp}/notes.txt/x.duckdb (from $DRCDATA_DB) there: {tmp}/notes.txt is a file"),
    ("/proc/drcdata.duckdb", 1, "cannot write the database /proc/drcdata.duckdb (from $DRCDATA_DB): cannot create a file in /proc"),
    ("/proc/self/status", 2, "/proc/self/status (from $DRCDATA_DB) is not a DuckDB database"),
    ("{tmp}/notes.txt", 2, "{tmp}/notes.txt (from $DRCDATA_DB) is not a DuckDB database"),
])
def test_drcdata_db_that_cannot_be_a_database(tmp_path, where, code, message):
    (tmp_path / "notes.txt").write_text("my notes\n")
    where, message = where.format(tmp=tmp_path), message.format(tmp=tmp_path)
    result = run_cli("report", "coverage", env={"DRCDATA_DB": where})
    assert result.returncode == code and result.stderr.startswith("error: " + message), result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "notes.txt").read_text() == "my notes\n"


def test_build_refuses_to_replace_a_file_that_is_not_a_database(tmp_path):
    notes = tmp_path / "notes.csv"
    notes.write_text("a,b\n1,2\n")
    result = run_cli("build", "--db", str(notes))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{notes} is not a DuckDB database; refusing to replace it" in result.stderr
    assert notes.read_text() == "a,b\n1,2\n"
    with pytest.raises(UsageError, match="is not a DuckDB database"):
        drcdata.build(ROOT, notes)


def test_build_refuses_to_replace_someone_elses_duckdb_database(tmp_path):
    mine = tmp_path / "analysis.duckdb"
    with duckdb.connect(str(mine)) as con:
        con.execute("CREATE TABLE notes AS SELECT 'keep me' AS note")
    before = _digest(mine)
    for result in (run_cli("build", "--db", str(mine)), run_cli("query", "SELECT 1", env={"DRCDATA_DB": str(mine)})):
        assert result.returncode == 2 and "is a DuckDB database that drcdata did not build" in result.stderr, result.stderr
    assert _digest(mine) == before


def test_build_replaces_an_older_database(real_db, tmp_path):
    db = tmp_path / "old.duckdb"
    shutil.copy(real_db, db)
    assert run_cli("build", "--db", str(db)).returncode == 0


def test_a_write_failing_half_way_leaves_the_previous_database(real_db, tmp_path, monkeypatch):
    """A full disk at the last step, simulated by monkeypatching os.replace to raise ENOSPC
    (the real full file system is the tmpfs test below)."""
    db = tmp_path / "drcdata.duckdb"
    shutil.copy(real_db, db)
    before = _digest(db)

    def full(*_):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(db))
    monkeypatch.setattr("drcdata.builder.os.replace", full)
    with pytest.raises(DatabaseWriteError, match=f"cannot write the database {db}: No space left on device"):
        drcdata.build(ROOT, db)
    assert _digest(db) == before and sorted(p.name for p in tmp_path.iterdir()) == ["drcdata.duckdb"]


# --- exports ----------------------------------------------------------------------------------

def test_export_onto_a_file_or_an_unwritable_place(real_db, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me\n")
    onto_file = run_cli("export", "--out", str(notes))
    assert onto_file.returncode == 2 and f"error: --out {notes} is a file; give a folder" in onto_file.stderr
    assert notes.read_text() == "keep me\n"
    under_file = run_cli("export", "--out", str(notes / "x"))
    assert under_file.returncode == 1 and f"error: cannot create --out {notes / 'x'}: Not a directory" in under_file.stderr
    in_proc = run_cli("export", "--out", "/proc/drcdata-export")
    assert in_proc.returncode == 1 and "error: cannot create --out /proc/drcdata-export" in in_proc.stderr
    for result in (onto_file, under_file, in_proc):
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command, message", [
    (("site",), "error: cannot write into /proc: No such file or directory"),
    (("release", "--no-site"), "error: cannot create --out /proc/drcdata-out: No such file or directory"),
])
def test_other_writers_in_an_unwritable_place(real_db, command, message):
    result = run_cli(*command, "--out", "/proc/drcdata-out")
    assert result.returncode == 1 and result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.stderr


def test_info_names_a_database_it_cannot_use(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    assert _info(tmp_path, "--db", str(notes))["database_state"] == "not a DuckDB database"
    assert _info(tmp_path, "--db", str(tmp_path / "new.duckdb"))["database_state"].startswith("not built yet")


@pytest.mark.parametrize("fmt", ["parquet", "csv", "json"])
def test_export_carries_a_datapackage_that_frictionless_accepts(real_db, tmp_path, fmt):
    result = run_cli("export", "--format", fmt, "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    descriptor = tmp_path / "datapackage.json"
    assert result.stdout.splitlines()[-1] == str(descriptor)
    described = json.loads(descriptor.read_text(encoding="utf-8"))
    assert {r["path"] for r in described["resources"]} == {p.name for p in tmp_path.glob(f"*.{fmt}")} - {"datapackage.json"}
    check = subprocess.run([sys.executable, "-m", "frictionless", "validate", "--json", "datapackage.json"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=600)
    report = json.loads(check.stdout)
    assert report["valid"], [t["errors"][:3] for t in report["tasks"] if t["errors"]]
    counts = {t["name"]: t["stats"]["rows"] for t in report["tasks"]}
    with duckdb.connect(str(real_db), read_only=True) as con:
        assert counts == {r["name"]: con.execute(f'SELECT count(*) FROM "{r["name"]}"').fetchone()[0]
                          for r in described["resources"]}


def test_pandas_reads_the_default_parquet_export(real_db, tmp_path):
    """In the project's own environment (pyarrow comes with frictionless[parquet])."""
    import pandas as pd
    assert run_cli("export", "--out", str(tmp_path)).returncode == 0
    meetings = pd.read_parquet(tmp_path / "meetings.parquet")
    assert len(meetings) == len(read_rows(ROOT / "data" / "meetings.csv"))
    assert meetings["date"].min().isoformat() == min(r["date"] for r in read_rows(ROOT / "data" / "meetings.csv"))


# --- real read-only and full file systems (mounted: needs root with CAP_SYS_ADMIN) -------------

@pytest.fixture
def mount(tmp_path):
    """mount(folder, *options): mount something on `folder`, unmounted afterwards; skips where mounting is not permitted."""
    mounted = []

    def _mount(folder: Path, *args: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(["mount", *args, str(folder)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount here ({done.stderr.strip() or 'mount failed'}): needs root with CAP_SYS_ADMIN")
        mounted.append(folder)
        return folder
    yield _mount
    for folder in reversed(mounted):
        subprocess.run(["umount", str(folder)], check=True)


def _read_only_copy(mount, source: Path, at: Path) -> Path:
    """A read-only bind mount of `source` at `at`."""
    _mount_bind = mount(at, "--bind", str(source))
    done = subprocess.run(["mount", "-o", "remount,ro,bind", str(at)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return _mount_bind


def test_a_database_on_a_read_only_mount_is_used_and_a_stale_one_with_a_warning(package_copy, tmp_path, mount):
    """A real read-only bind mount."""
    writable = tmp_path / "writable"
    writable.mkdir()
    drcdata.build(package_copy, writable / "drcdata.duckdb")
    ro = _read_only_copy(mount, writable, tmp_path / "ro")
    db = ro / "drcdata.duckdb"
    query = ("query", "SELECT count(*) AS n FROM meetings", "-f", "csv", "--package", str(package_copy), "--db", str(db))
    meetings = str(len(read_rows(package_copy / "data" / "meetings.csv")))
    fresh = run_cli(*query)
    assert fresh.returncode == 0 and fresh.stderr == "" and fresh.stdout.splitlines()[1] == meetings
    os.utime(package_copy / "datapackage.json")  # now the database is older than its package
    stale = run_cli(*query)
    assert stale.returncode == 0 and stale.stdout.splitlines()[1] == meetings, stale.stderr
    assert stale.stderr.startswith(f"warning: cannot write the database {db}: cannot create a file in {ro}: Read-only file system")
    assert "using it as it is" in stale.stderr
    rebuild = run_cli("build", str(package_copy), "--db", str(db))
    assert rebuild.returncode == 1 and "Read-only file system" in rebuild.stderr and "Traceback" not in rebuild.stderr
    missing = run_cli(*query[:-1], str(ro / "other.duckdb"))
    assert missing.returncode == 1 and "Read-only file system" in missing.stderr
    export = run_cli("export", "--out", str(ro / "exports"))
    assert export.returncode == 1 and "Read-only file system" in export.stderr and "Traceback" not in export.stderr


def test_a_full_file_system_fails_clearly_and_keeps_the_previous_database(real_db, tmp_path, mount):
    """A real tmpfs of 24 MB: the first database (16 MB) fits, a second beside it during the rebuild does not."""
    size = real_db.stat().st_size
    disk = mount(tmp_path / "disk", "-t", "tmpfs", "-o", f"size={size * 3 // 2}", "tmpfs")
    db = disk / "drcdata.duckdb"
    shutil.copy(real_db, db)
    before = _digest(db)
    os.utime(db, (0, 0))  # older than the package: the query must rebuild it, and cannot
    result = run_cli("query", "SELECT count(*) FROM meetings", "-f", "csv", env={"DRCDATA_DB": str(db)})
    assert result.returncode == 0 and "No space left on device" in result.stderr and "using it as it is" in result.stderr
    build = run_cli("build", "--db", str(db))
    assert build.returncode == 1 and "Traceback" not in build.stderr
    assert f"error: cannot write the database {db}: " in build.stderr and "No space left on device" in build.stderr
    assert _digest(db) == before and sorted(p.name for p in disk.iterdir()) == ["drcdata.duckdb"]
    tiny = mount(tmp_path / "tiny", "-t", "tmpfs", "-o", "size=64k", "tmpfs")
    first = run_cli("report", "coverage", env={"DRCDATA_DB": str(tiny / "drcdata.duckdb")})
    assert first.returncode == 1 and "No space left on device" in first.stderr and not list(tiny.iterdir())
