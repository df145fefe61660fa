"""A report parameter naming a record or a value that does not exist is an error with the closest ids,
not an empty table; a record can be named by its name when exactly one record answers to it."""
from __future__ import annotations

import warnings

import pytest

import drcdata
from drcdata.errors import ReportNote, UsageError
from conftest import run_cli


@pytest.mark.parametrize("report, params, suggestion", [
    ("decisions_targeting", {"for_actor": "tshisekedy"}, "felix-tshisekedi"),
    ("events_of_kind", {"of_kind": "sanction"}, "sanctions_designation"),
    ("places_within", {"within_place": "sud-kivu"}, "south-kivu"),
    ("control_as_of", {"on_date": "2025-03-01", "within_place": "sud-kivu"}, "south-kivu"),
    ("evidence", {"record": "2025-03-17-tshisekedi-kagame-doha"}, "2025-03-18-tshisekedi-kagame-doha"),
])
def test_unknown_id_is_an_error_with_a_suggestion(real_db, report, params, suggestion):
    with pytest.raises(UsageError, match=f"did you mean {suggestion}"):
        drcdata.run_report(report, params)


def test_a_known_id_still_answers(real_db):
    result = drcdata.run_report("decisions_targeting", {"for_actor": "m23"})
    assert result.rows and not any("is m23" in n for n in result.notes)


@pytest.mark.parametrize("report, param, given, meant", [
    ("statements_by", "for_actor", "tshisekedi", "felix-tshisekedi"),        # a word of the id
    ("statements_by", "for_actor", "Félix Tshisekedi", "felix-tshisekedi"),  # the name, accents and all
    ("statements_by", "for_actor", "felix tshisekedi", "felix-tshisekedi"),
    ("meetings_between", "actor_a", "usa", "united-states"),                 # a state's ISO code
    ("meetings_between", "actor_a", "United States", "united-states"),
    ("control_history", "for_place", "Goma", "goma"),                        # exactly Goma, not its airport
    ("places_within", "within_place", "South Kivu", "south-kivu"),
])
def test_a_name_that_one_record_answers_to_is_that_record(real_db, report, param, given, meant):
    by_name = drcdata.run_report(report, {param: given})
    by_id = drcdata.run_report(report, {param: meant})
    assert by_name.rows and by_name.rows == by_id.rows
    assert any(f"{param} {given!r} is {meant}" in note for note in by_name.notes)


@pytest.mark.parametrize("report, param, given, candidates", [
    ("control_history", "for_place", "kivu", ["north-kivu", "south-kivu"]),
    ("meetings_of", "for_actor", "united", ["united-kingdom", "united-nations", "united-states"]),
])
def test_an_ambiguous_name_is_an_error_listing_the_candidates(real_db, report, param, given, candidates):
    with pytest.raises(UsageError, match="could mean any of") as raised:
        drcdata.run_report(report, {param: given})
    assert all(c in str(raised.value) for c in candidates)


def test_names_resolve_in_the_dataframe_api_with_a_warning(real_db):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = drcdata.report("statements_by", for_actor="tshisekedi")
    assert len(frame) > 5 and set(frame["speaker"]) == {"Félix Tshisekedi"}
    assert any(issubclass(w.category, ReportNote) and "felix-tshisekedi" in str(w.message) for w in caught)


def test_the_dataframe_api_refuses_an_unknown_id_too(real_db):
    with pytest.raises(UsageError, match="names no actors.id"):
        drcdata.report("statements_by", for_actor="nobody-at-all")


@pytest.mark.parametrize("report, param, value, allowed", [
    ("agreements_by", "in_status", "signd", "under_negotiation"),
    ("agreements_by", "on_topic", "mineral", "peace_process"),
    ("search_statements", "on_topic", "mining", "sovereignty"),
    ("events_of_kind", "of_kind", "resolution", "sanctions_designation"),
])
def test_an_enum_value_outside_the_schema_is_refused_with_the_choices(real_db, report, param, value, allowed):
    with pytest.raises(UsageError, match="not one of the allowed values") as raised:
        drcdata.run_report(report, {param: value})
    assert allowed in str(raised.value)


def test_an_allowed_value_no_row_has_is_a_real_none(real_db):
    # 'collapsed' is in the schema; whether any agreement has it, the answer is a real answer.
    drcdata.run_report("agreements_by", {"in_status": "collapsed"})


def test_every_enum_parameter_shows_its_choices_in_help(real_db):
    statuses = ("proposed", "under_negotiation", "in_force", "collapsed")
    for report, option, expected in (("agreements_by", "--in-status", statuses),
                                      ("events_of_kind", "--of-kind", ("un_resolution", "attack"))):
        done = run_cli("report", report, "--help", env={"COLUMNS": "300"})
        assert done.returncode == 0 and option in done.stdout
        assert all(value in done.stdout for value in expected), (report, done.stdout)


def test_the_cli_resolves_names_and_says_so_on_stderr(real_db):
    done = run_cli("report", "statements_by", "--for-actor", "tshisekedi", "--format", "csv")
    assert done.returncode == 0 and done.stdout.count("Félix Tshisekedi") > 5
    assert "for_actor 'tshisekedi' is felix-tshisekedi" in done.stderr


@pytest.mark.parametrize("args, says", [
    (["evidence", "--record", "UNKNOWN"], "names no records.id"),
    (["statements_by", "--for-actor", "nobody-at-all"], "names no actors.id"),
    (["control_history", "--for-place", "Kivu"], "north-kivu"),
    (["agreements_by", "--in-status", "signd"], "did you mean signed?"),
])
def test_the_cli_refuses_with_exit_2_and_no_traceback(real_db, args, says):
    done = run_cli("report", *args)
    assert done.returncode == 2 and says in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""
