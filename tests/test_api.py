"""The Python API returns DataFrames typed from the schema."""
from __future__ import annotations

import re
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
    with pytest.raises(UsageError, match="parameter on_date: .1 March. is not a date; write year-month-day"):
        drcdata.report("control_as_of", on_date="1 March")
    with pytest.raises(UsageError, match="no parameter"):
        drcdata.report("control_as_of", when="2025-03-01")


@pytest.mark.parametrize("raw, message", [
    ("2025-03", "'2025-03' is a month; give a day, e.g. 2025-03-01 for its first"),
    ("2025", "'2025' is a year; give a day, e.g. 2025-01-01 for its first"),
    ("20250301", "'20250301' is not a date; write year-month-day, e.g. 2025-03-01"),
    ("2025-W09-6", "'2025-W09-6' is not a date; write year-month-day, e.g. 2025-03-01"),
    ("2025-02-30", "'2025-02-30' is not a date (day is out of range for month); write year-month-day"),
])
def test_api_reads_dates_as_the_command_line_does(real_db, raw, message):
    """One rule for a date typed by a user: the API refuses what --on-date refuses, with the same words."""
    with pytest.raises(UsageError, match=re.escape(f"parameter on_date: {message}")):
        drcdata.report("control_as_of", on_date=raw)
    assert set(drcdata.report("control_as_of", on_date="2025-3-1")["record_id"]) == \
        set(drcdata.report("control_as_of", on_date="2025-03-01")["record_id"])


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


def test_report_returns_real_dates_and_their_precision(real_db):
    # M23 took Uvira on 10 December 2025; its last troops left on 17 January 2026; FARDC holds it since.
    uvira = drcdata.report("control_history", for_place="uvira")
    assert pd.api.types.is_datetime64_any_dtype(uvira["from"]) and pd.api.types.is_datetime64_any_dtype(uvira["to"])
    assert list(uvira["from"].dt.date.astype(str)) == ["2025-12-10", "2026-01-18"]
    assert list(uvira["from_precision"]) == ["day", "day"]
    assert uvira["to"].iloc[0] == pd.Timestamp("2026-01-17") and pd.isna(uvira["to"].iloc[1])
    assert uvira["to_precision"].iloc[1] == "ongoing"
    # Sources give only the month Nyangezi fell: a real date (its first day) and the precision.
    timeline = drcdata.report("timeline").set_index("record_id")
    nyangezi = timeline.loc["tc-nyangezi-m23-2025-02-01"]
    assert nyangezi["date"] == pd.Timestamp("2025-02-01") and nyangezi["date_precision"] == "month"
    assert nyangezi["when"] == pd.Timestamp("2025-02-01") and nyangezi["when_precision"] == "month"


def test_run_report_keeps_dates_as_dates_with_a_precision_column(real_db):
    import datetime as dt
    result = drcdata.run_report("statements_by", {"for_actor": "felix-tshisekedi"})
    row = dict(zip(result.columns, result.rows[0]))
    assert isinstance(row["date"], dt.date) and row["date_precision"] in ("day", "month", "year")


def public_callables():
    """What a user reaches from `import drcdata`: its exports, the api and frames functions, and the
    classes those return (their public methods too)."""
    import inspect
    from drcdata import api, frames
    from drcdata.reports import Param, Report
    from drcdata.runner import Execution
    from drcdata.sandbox import Result
    from drcdata.validation import ValidationReport
    found = {f"drcdata.{n}": o for n, o in vars(drcdata).items() if not n.startswith("_") and inspect.isfunction(o)}
    for module in (api, frames):
        found.update({f"{module.__name__}.{n}": o for n, o in vars(module).items()
                      if not n.startswith("_") and inspect.isfunction(o) and o.__module__ == module.__name__})
    for cls in (Result, Execution, ValidationReport, Report, Param):  # reports() returns Report
        found[cls.__name__] = cls
        found.update({f"{cls.__name__}.{n}": o for n, o in vars(cls).items() if not n.startswith("_") and callable(o)})
    return found


def test_every_public_callable_has_a_docstring():
    found = public_callables()
    assert {"drcdata.load", "drcdata.report", "drcdata.query", "drcdata.build", "drcdata.run_report",
            "drcdata.api.start_query", "drcdata.frames.apply_schema_dtypes", "Execution.batches"} <= set(found)
    # a dataclass without one gets its signature as __doc__: that is not documentation
    missing = [name for name, o in found.items()
               if not (o.__doc__ or "").strip() or (o.__doc__ or "").startswith(getattr(o, "__name__", "?") + "(")]
    assert missing == []
