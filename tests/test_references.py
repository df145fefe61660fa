"""A report parameter naming a record that does not exist is an error with the closest ids, not an empty table."""
from __future__ import annotations

import pytest

import drcdata
from drcdata.errors import UsageError
from conftest import run_cli


@pytest.mark.parametrize("report, params, suggestion", [
    ("decisions_targeting", {"for_actor": "tshisekedi"}, "felix-tshisekedi"),
    ("events_of_kind", {"of_kind": "sanction"}, "sanctions_designation"),
    ("places_within", {"within_place": "sud-kivu"}, "south-kivu"),
    ("control_as_of", {"on_date": "2025-03-01", "within_place": "sud-kivu"}, "south-kivu"),
])
def test_unknown_id_is_an_error_with_a_suggestion(real_db, report, params, suggestion):
    with pytest.raises(UsageError, match=f"did you mean {suggestion}"):
        drcdata.run_report(report, params)


def test_a_known_id_still_answers(real_db):
    assert drcdata.run_report("decisions_targeting", {"for_actor": "m23"}).rows


def test_the_cli_says_so_and_exits_2(real_db):
    done = run_cli("report", "statements_by", "--for-actor", "tshisekedi")
    assert done.returncode == 2 and "felix-tshisekedi" in done.stderr and "Traceback" not in done.stderr
