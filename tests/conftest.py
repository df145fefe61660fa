"""Shared fixtures: the real package, a database built from it once per session, and copies to break."""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def real_db(tmp_path_factory) -> Path:
    """The real package built once; DRCDATA_DB points every API call at it."""
    db = tmp_path_factory.mktemp("db") / "drcdata.duckdb"
    os.environ["DRCDATA_DB"] = str(db)
    import drcdata
    drcdata.build(ROOT, db)
    return db


@pytest.fixture
def package_copy(tmp_path) -> Path:
    """A throwaway copy of the real package (descriptor, data, sql) to break."""
    for name in ("datapackage.json",):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "sql", tmp_path / "sql")
    return tmp_path


def read_rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write_rows(path: Path, rows: list[dict], fieldnames: list[str] | None = None) -> None:
    fieldnames = fieldnames or list(rows[0].keys())
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def run_cli(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """The real console entry point in a subprocess: exit codes, stdout and stderr as a user sees them.

    A variable set to None in `env` is removed from the environment."""
    full_env = {k: v for k, v in {**os.environ, **(env or {})}.items() if v is not None}
    return subprocess.run([sys.executable, "-m", "drcdata.cli", *args], capture_output=True, text=True,
                          env=full_env, cwd=kwargs.pop("cwd", ROOT), timeout=kwargs.pop("timeout", 120), **kwargs)
