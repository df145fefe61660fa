"""A report answers the question asked: a reversed range is refused, a default that picks the question
is said on stderr, and a date outside the data says so (the report still answers)."""
from __future__ import annotations

import json
import warnings

import pytest

import drcdata
from drcdata.errors import ReportNote, UsageError
from conftest import ROOT, read_rows, run_cli

AS_OF = json.loads((ROOT / "datapackage.json").read_text())["as_of"]


def test_a_reversed_range_is_an_error(real_db):
    with pytest.raises(UsageError, match="reversed: date_from 2025-12-01 is after date_to 2025-01-01"):
        drcdata.run_report("events_between", {"date_from": "2025-12-01", "date_to": "2025-01-01"})


def test_a_range_reversed_by_a_default_says_which_end_was_the_default(real_db):
    # date_to defaults to 2025-12-31: asking from March 2026 alone would silently answer nothing.
    with pytest.raises(UsageError, match=r"date_to 2025-12-31 \(the default\)"):
        drcdata.run_report("events_between", {"date_from": "2026-03-01"})


def test_the_cli_refuses_a_reversed_range_with_exit_2(real_db):
    done = run_cli("report", "events_between", "--date-from", "2025-12-01", "--date-to", "2025-01-01")
    assert done.returncode == 2 and "reversed" in done.stderr and done.stdout == ""


def test_a_default_that_picks_the_place_is_said_on_stderr(real_db):
    done = run_cli("report", "control_history", "--format", "csv")
    assert done.returncode == 0 and "Goma" in done.stdout
    assert "no for_place given: using the default goma" in done.stderr


def test_no_note_when_every_parameter_is_given_or_means_any(real_db):
    assert drcdata.run_report("control_history", {"for_place": "uvira"}).notes == ()
    assert drcdata.run_report("agreements_by").notes == ()  # NULL defaults mean "any"
    assert drcdata.run_report("search_statements", {"search_text": "cobalt"}).notes == ()  # a switch left off


@pytest.mark.parametrize("report", [r.name for r in drcdata.reports()])
def test_every_default_that_narrows_the_question_is_announced(real_db, report):
    definition = next(r for r in drcdata.reports() if r.name == report)
    narrowing = [p.name for p in definition.params if p.default_value is not None and p.type != "BOOLEAN"]
    notes = drcdata.run_report(report).notes
    assert [n.split()[1] for n in notes if n.startswith("no ")] == narrowing


def test_a_date_past_as_of_says_so_and_still_answers(real_db):
    result = drcdata.run_report("events_between", {"date_from": "2026-03-01", "date_to": "2027-01-01"})
    assert result.rows  # March and April 2026 are in the data
    assert any(f"date_to 2027-01-01 is after the package's as_of date {AS_OF}" in n for n in result.notes)


def test_a_date_before_the_reports_data_says_so(real_db):
    # Asking about a day before the first control record is not "no one held anything".
    first = min(r["start_date"] for r in read_rows(ROOT / "data" / "territorial_control.csv"))
    done = run_cli("report", "control_as_of", "--on-date", "2020-01-01")
    assert first > "2020-01-01"
    assert done.returncode == 0 and f"is before this report's data starts ({first})" in done.stderr


def test_a_date_inside_the_data_has_no_note(real_db):
    assert drcdata.run_report("control_as_of", {"on_date": "2025-03-01"}).notes == ()
    # a range may start before the data: what it finds from the start is the answer
    assert drcdata.run_report("events_between", {"date_from": "1990-01-01", "date_to": "2025-01-31"}).notes == ()


def test_the_dataframe_api_warns_with_the_same_notes(real_db):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        drcdata.report("control_as_of", on_date="2027-01-01")
    assert [str(w.message) for w in caught if w.category is ReportNote] == [
        f"on_date 2027-01-01 is after the package's as_of date {AS_OF}: the data says nothing after it"]
