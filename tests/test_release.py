"""`drcdata release`: the bundle validates, its Parquet reads back whole, its checksums verify,
and it refuses to go out under a version number the changes do not allow."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys

import duckdb
import pytest

from drcdata.errors import DrcdataError
from drcdata.release import CHECKSUMS, build_release, verify_checksums
from conftest import ROOT, run_cli

PACKAGE = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
TABLES = [r["name"] for r in PACKAGE["resources"]]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("release") / "drcdata-release"
    written = build_release(out, package=ROOT, site=False)
    return out, written


def csv_rows(path) -> int:
    with open(path, newline="", encoding="utf-8") as fh:
        return sum(1 for _ in csv.DictReader(fh))


def test_bundle_holds_every_artefact(bundle):
    out, written = bundle
    names = {p.relative_to(out).as_posix() for p in written}
    expected = {"datapackage.json", "drcdata.duckdb", "changes.json", "CITATION.cff", "LICENSE", "LICENSE-DATA",
                "CHANGELOG.md", "README.md", "parquet/datapackage.json", CHECKSUMS}
    expected |= {f"data/{t}.csv" for t in TABLES} | {f"parquet/{t}.parquet" for t in TABLES}
    assert names == expected
    assert written[-1] == out / CHECKSUMS


@pytest.mark.parametrize("descriptor", ["datapackage.json", "parquet/datapackage.json"])
def test_bundle_descriptors_pass_frictionless_validate(bundle, descriptor):
    out, _ = bundle
    result = subprocess.run([sys.executable, "-m", "frictionless", "validate", "--json", descriptor],
                            cwd=out, capture_output=True, text=True, timeout=300)
    report = json.loads(result.stdout)
    assert report["valid"], [t["errors"][:3] for t in report["tasks"] if not t["valid"]]
    assert result.returncode == 0


def test_parquet_reads_back_with_the_csv_row_counts(bundle):
    import pandas as pd
    out, _ = bundle
    with duckdb.connect() as con:
        for table in TABLES:
            expected = csv_rows(out / "data" / f"{table}.csv")
            parquet = out / "parquet" / f"{table}.parquet"
            assert len(pd.read_parquet(parquet)) == expected, table
            assert con.execute("SELECT count(*) FROM read_parquet($p)", {"p": str(parquet)}).fetchone()[0] == expected


def test_database_holds_the_csv_rows(bundle):
    out, _ = bundle
    with duckdb.connect(str(out / "drcdata.duckdb"), read_only=True) as con:
        for table in TABLES:
            assert con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == csv_rows(out / "data" / f"{table}.csv")


def test_change_file_is_the_diff_from_the_previous_version(bundle):
    out, _ = bundle
    changes = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    assert changes["old"]["version"] == "0.1.0" and changes["old"]["label"].startswith("3628e18")
    assert changes["new"] == {"label": PACKAGE["version"], "version": PACKAGE["version"], "as_of": PACKAGE["as_of"]}
    assert {t["table"] for t in changes["tables"]} >= set(TABLES)


def test_checksums_verify_and_catch_a_changed_byte(bundle, tmp_path):
    out, written = bundle
    assert verify_checksums(out) == []
    check = subprocess.run(["sha256sum", "--check", "--quiet", CHECKSUMS], cwd=out, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    listed = (out / CHECKSUMS).read_text().splitlines()
    assert len(listed) == len(written) - 1  # every artefact but the checksum file itself
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    citation = copy / "CITATION.cff"
    citation.write_text(citation.read_text().replace("version:", "version: 9"))
    (copy / "extra.txt").write_text("not in the release")
    assert verify_checksums(copy) == ["CITATION.cff", "extra.txt"]


def test_release_refuses_a_folder_in_use(tmp_path):
    (tmp_path / "old.txt").write_text("x")
    result = run_cli("release", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "exists and is not an empty folder" in result.stderr and "Traceback" not in result.stderr


def test_release_refuses_a_version_too_small_for_the_changes(tmp_path):
    """A corrected value needs a patch bump: releasing it under the same number is refused."""
    work = tmp_path / "work"
    work.mkdir()
    for name in ("datapackage.json", "CITATION.cff", "CHANGELOG.md", "README.md", "LICENSE", "LICENSE-DATA"):
        shutil.copy(ROOT / name, work / name)
    shutil.copytree(ROOT / "data", work / "data")
    meetings = work / "data" / "meetings.csv"
    meetings.write_text(meetings.read_text(encoding="utf-8").replace("2025-03-18,day", "2025-03-17,day", 1),
                        encoding="utf-8")
    with pytest.raises(DrcdataError, match=r"version .* is too small a step .* meetings: 1 row\(s\) corrected"):
        build_release(tmp_path / "out", package=work, since=str(ROOT), site=False)
    assert not (tmp_path / "out").exists()  # refused before anything was written
