"""Places lie in their real administrative chain, so a province-level question finds every town in it.

Answers from the sources: Minova lies in Kalehe territory, South Kivu (Radio Okapi, 21 January
2025); Katana in Kabare territory, South Kivu; Masisi-Centre is the seat of Masisi territory,
North Kivu; Kanyabayonga lies in Lubero territory, North Kivu.
"""
from __future__ import annotations

import drcdata
from conftest import ROOT, read_rows


def rows(name, **params):
    result = drcdata.run_report(name, params)
    return [dict(zip(result.columns, r)) for r in result.rows]


def test_every_place_but_a_country_has_a_parent_and_every_chain_ends_in_a_country():
    places = {p["id"]: p for p in read_rows(ROOT / "data" / "places.csv")}
    orphans = [p for p in places.values() if p["kind"] != "country" and not p["parent_id"] and p["country"] == "COD"]
    assert orphans == []
    for place in places.values():
        seen, here = [], place
        while here["parent_id"]:
            assert here["id"] not in seen, f"cycle through {here['id']}"
            seen.append(here["id"])
            here = places[here["parent_id"]]
        if place["country"] == "COD":
            assert here["id"] == "country-drc", place["id"]


def test_towns_are_found_at_any_depth_of_their_province(real_db):
    south_kivu = {r["record_id"]: r for r in rows("places_within", within_place="south-kivu")}
    assert south_kivu["minova"]["parent"] == "Kalehe territory" and south_kivu["minova"]["depth"] == 2
    assert south_kivu["katana"]["parent"] == "Kabare territory"
    assert "goma" not in south_kivu
    drc = {r["record_id"] for r in rows("places_within", within_place="country-drc")}
    assert {"minova", "katana", "masisi", "kanyabayonga", "goma", "bukavu"} <= drc


def test_control_on_a_day_can_be_asked_of_one_province(real_db):
    everywhere = rows("control_as_of", on_date="2025-03-01")
    south_kivu = rows("control_as_of", on_date="2025-03-01", within_place="south-kivu")
    assert {r["record_id"] for r in south_kivu} < {r["record_id"] for r in everywhere}
    assert "tc-minova-m23-2025-01-21" in {r["record_id"] for r in south_kivu}  # in Kalehe territory, two levels down
    assert "tc-goma-m23-2025-01-27" not in {r["record_id"] for r in south_kivu}
