"""The Python API returns DataFrames typed from the schema."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import drcdata
from drcdata.errors import UsageError


def test_load_types_columns_from_the_schema(real_db):
    meetings = drcdata.load("meetings")
    assert pd.api.types.is_datetime64_any_dtype(meetings["date"])
    assert isinstance(meetings["kind"].dtype, pd.CategoricalDtype)
    assert "signing_ceremony" in meetings["kind"].cat.categories
    places = drcdata.load("places")
    assert str(places["latitude"].dtype) == "Float64"


def test_report_returns_a_dataframe_with_bound_parameters(real_db):
    frame = drcdata.report("control_as_of", on_date="2025-03-01")
    assert "Goma" in set(frame["place"])
    with pytest.raises(UsageError, match="not a valid DATE"):
        drcdata.report("control_as_of", on_date="1 March")
    with pytest.raises(UsageError, match="no parameter"):
        drcdata.report("control_as_of", when="2025-03-01")


def test_unknown_table_is_a_usage_error(real_db):
    with pytest.raises(UsageError, match="no table named"):
        drcdata.load("nope")


@pytest.mark.parametrize("argv", [["report", "timeline", "--limit", "1"], ["report", "control_as_of", "--on-date", "2025-03-01"],
                                  ["query", "SELECT 1"], ["reports"], ["validate"], ["info"], ["build", "--db", "{tmp}/x.duckdb"]])
def test_fast_paths_import_neither_pandas_nor_frictionless(real_db, argv, tmp_path):
    argv = [a.format(tmp=tmp_path) for a in argv]
    code = ("import sys\nfrom drcdata.cli import main\nsys.argv = ['drcdata', *%r]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('HEAVY', sorted(m for m in ('pandas', 'frictionless') if sys.modules.get(m) is not None))" % (argv,))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY []", out.stderr


@pytest.mark.parametrize("name", ["../sql/timeline", "_functions", "no_such_report"])
def test_a_report_name_cannot_reach_outside_the_named_reports(name):
    from drcdata.api import get_report
    with pytest.raises(UsageError, match="try one of: .*timeline"):
        get_report(name)
    assert get_report("timeline").name == "timeline"
