"""The explorer, generated from the real data into a temporary folder, checked without a browser.

Each chart's data is compared with the report it claims to show, run the way `drcdata report`
runs it; every record of every cited table must have its page with all of its citations.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("jinja2", reason="the site extra is not installed: pip install '.[site]'")

import drcdata  # noqa: E402
from conftest import ROOT, run_cli  # noqa: E402
from drcdata.site import build_site  # noqa: E402

DESCRIPTOR = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
AS_OF = DESCRIPTOR["as_of"]
RESOURCE_TAGS = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src",
                 "video": "src", "audio": "src", "embed": "src", "object": "data"}


@pytest.fixture(scope="module")
def site(real_db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "explorer"
    summary = build_site(out, db=real_db)
    assert summary.files > 1000 and (out / "index.html").is_file()
    return out


def report(name, **params) -> list[dict]:
    result = drcdata.run_report(name, params)
    return [{c: (v.isoformat() if isinstance(v, dt.date) else v) for c, v in zip(result.columns, row)}
            for row in result.rows]


def without_drawing(rows: list[dict]) -> list[dict]:
    """A chart's rows less the columns added for drawing (named with a leading underscore)."""
    return [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]


class Page(HTMLParser):
    """The tags of a page with their attributes, and the text of its <script> blocks."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "script":
            self._script = attrs

    def handle_data(self, data):
        if self._script is not None:
            self.scripts.append((self._script, data))

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def specs(self) -> dict[str, dict]:
        return {a["data-target"]: json.loads(text) for a, text in self.scripts if "vl-spec" in a.get("class", "")}

    def json_block(self, element_id: str):
        return next(json.loads(text) for a, text in self.scripts if a.get("id") == element_id)

    def attr_values(self, attr: str) -> list[str]:
        return [a[attr] for _, a in self.tags if attr in a]


def all_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_page_loads_anything_from_outside(site):
    """Scripts, styles, images and frames are files in the site; only evidence links leave it."""
    pages = all_pages(site)
    for path in pages:
        page = Page(path)
        for tag, attrs in page.tags:
            target = attrs.get(RESOURCE_TAGS.get(tag, ""))
            if target:
                assert "://" not in target and not target.startswith("//"), f"{path}: <{tag}> loads {target}"
                assert (path.parent / target).resolve().is_file(), f"{path}: <{tag}> points at missing {target}"
            if tag == "a" and "://" in attrs.get("href", ""):
                assert "source" in attrs.get("class", ""), f"{path}: outside link that is not a source: {attrs['href']}"
            if tag == "link":
                assert attrs.get("rel") == "stylesheet"
        for spec in page.specs().values():
            assert '"url"' not in json.dumps(spec), f"{path}: a chart loads its data from a URL"
    for name in ("site.css", "site.js", "control.js", "timeline.js"):
        text = (site / "assets" / name).read_text(encoding="utf-8")
        assert not re.search(r"https?:|@import|@font-face|fetch\(|XMLHttpRequest", text), name


def test_every_chart_spec_validates_against_the_vega_lite_schema(site):
    import jsonschema
    import altair.vegalite.v6.schema as schema_module  # the Vega-Lite schema altair ships

    schema = json.loads((Path(schema_module.__file__).parent / "vega-lite-schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    checked = 0
    for name in ("control.html", "timeline.html", "network.html"):
        for target, spec in Page(site / name).specs().items():
            errors = sorted(validator.iter_errors(spec), key=lambda e: e.path)
            assert not errors, f"{name} #{target}: {errors[0].message}"
            assert spec["$schema"].endswith(f"v{schema_module.SCHEMA_VERSION.lstrip('v')}.json")
            checked += 1
    assert checked == 4


def control_snapshots(data: dict) -> dict[str, list[dict]]:
    """Day -> the rows the page shows for it: each snapshot lists indexes into the shared rows."""
    return {day: [data["rows"][i] for i in indexes] for day, indexes in data["snapshots"].items()}


def test_control_page_stores_each_row_once(site):
    # A period held for a year appears in every snapshot of that year: stored once, referred to by index.
    data = Page(site / "control.html").json_block("control-data")
    encoded = [json.dumps(r, sort_keys=True) for r in data["rows"]]
    assert len(encoded) == len(set(encoded))
    assert all(isinstance(i, int) and 0 <= i < len(encoded) for ix in data["snapshots"].values() for i in ix)
    assert sum(map(len, data["snapshots"].values())) > 2 * len(encoded)  # the sharing matters


def test_control_map_and_table_show_control_as_of_for_every_day(site):
    page = Page(site / "control.html")
    data = page.json_block("control-data")
    snapshots = control_snapshots(data)
    assert data["as_of"] == AS_OF and min(snapshots) == data["first"]
    for day, rows in snapshots.items():
        assert without_drawing(rows) == report("control_as_of", on_date=day), day
    # The page shows, for any day, the last snapshot on or before it: that must be the report's answer.
    first, last = dt.date.fromisoformat(data["first"]), dt.date.fromisoformat(AS_OF)
    day = first
    while day <= last:
        chosen = max(d for d in snapshots if d <= day.isoformat())
        assert without_drawing(snapshots[chosen]) == report("control_as_of", on_date=day.isoformat()), day
        day += dt.timedelta(days=9)
    # The map opens on as_of with exactly the periods of places that have coordinates.
    spec = page.specs()["map"]
    placed = [r for r in snapshots[max(snapshots)] if "_longitude" in r]
    assert spec["datasets"]["control"] == placed
    assert data["columns"] == list(report("control_as_of", on_date=AS_OF)[0])


def test_each_map_mark_sits_on_its_places_sourced_point_and_says_how_exact_it_is(site):
    page = Page(site / "control.html")
    places = {p["id"]: p for p in drcdata_table("places")}
    periods = {t["id"]: t for t in drcdata_table("territorial_control")}
    checked = 0
    for rows in control_snapshots(page.json_block("control-data")).values():
        for row in rows:
            place = places[periods[row["record_id"]]["place_id"]]
            if place["latitude"] is None:
                assert "_longitude" not in row and "_position" not in row
                continue
            assert (row["_longitude"], row["_latitude"]) == (place["longitude"], place["latitude"])
            assert row["_position"] == place["coordinate_precision"]
            checked += 1
    assert checked
    # An approximate point is drawn pale, and the tooltip says how exact the point is.
    marks = next(layer for layer in page.specs()["map"]["layer"] if layer.get("name") == "held")
    assert "approximate" in marks["encoding"]["fillOpacity"]["condition"]["test"]
    assert any(t["field"] == "_position" for t in marks["encoding"]["tooltip"])


def test_the_controllers_holding_most_periods_get_the_first_colours(site):
    spec = Page(site / "control.html").specs()["map"]
    marks = next(layer for layer in spec["layer"] if layer.get("name") == "held")
    domain = marks["encoding"]["color"]["scale"]["domain"]
    actors = {a["id"]: a["name"] for a in drcdata_table("actors")}
    held = [actors[t["controller_id"]] for t in drcdata_table("territorial_control")]
    counts = [held.count(name) for name in domain]
    assert sorted(domain) == sorted(set(held)) and counts == sorted(counts, reverse=True)


def test_history_bars_are_control_history_of_each_place(site):
    spec = Page(site / "control.html").specs()["history"]
    bars = spec["data"]["values"]
    places = sorted({r["place_id"] for r in drcdata_table("territorial_control")})
    expected = {r["record_id"]: r for p in places for r in report("control_history", for_place=p)}
    assert {r["record_id"]: r for r in without_drawing(bars)} == expected
    for bar in bars:
        assert bar["_start"] < bar["_end"]
        if bar["to"].startswith("ongoing as of"):
            assert bar["_end"] == (dt.date.fromisoformat(AS_OF) + dt.timedelta(days=1)).isoformat()


def test_timeline_chart_is_the_timeline_report_with_spans_for_vague_dates(site):
    page = Page(site / "timeline.html")
    items = page.specs()["timeline-chart"]["data"]["values"]
    assert without_drawing(items) == report("timeline")
    by_precision = {len(i["when"]): i for i in items}
    month = next(i for i in items if len(i["when"]) == 7)
    assert month["_span"] and month["_start"] == month["when"] + "-01"
    assert (dt.date.fromisoformat(month["_end"]) - dt.date.fromisoformat(month["_start"])).days >= 28
    assert not by_precision[10]["_span"]
    listed = [a["data-record-id"] for tag, a in page.tags if tag == "li" and "data-kind" in a]
    assert listed == [i["record_id"] for i in items]
    meetings = {m["id"]: m for m in drcdata_table("meetings")}
    for tag, attrs in page.tags:
        if tag == "li" and attrs.get("data-kind") == "meeting":
            assert attrs["data-process"] == (meetings[attrs["data-record-id"]]["process_id"] or "")


def test_network_edges_are_the_actor_network_report(site):
    page = Page(site / "network.html")
    spec = page.specs()["network"]
    edges = spec["layer"][0]["data"]["values"]
    assert without_drawing(edges) == report("actor_network")
    nodes = spec["layer"][1]["data"]["values"]
    ids = {e["actor_a_id"] for e in edges} | {e["actor_b_id"] for e in edges}
    assert {n["id"] for n in nodes} == ids
    assert all((site / n["href"]).is_file() for n in nodes)
    # The layout is seeded: laying out the report's rows again puts every node at the same place.
    from drcdata.site.build import spring_layout
    again = spring_layout(report("actor_network"))
    assert {n["id"]: (n["x"], n["y"]) for n in nodes} == again


def test_a_name_in_capitals_is_measured_wider_than_the_same_letters_in_lower_case():
    from drcdata.site import network_layout as nl
    # "ADQ" measured at an average letter's width was drawn over "Orion Resource Partners".
    assert nl.name_width("ADQ") > nl.name_width("adq") > nl.name_width("ilj")
    assert nl.name_width("Orion Resource Partners") == pytest.approx(sum(nl.name_width(c) for c in "Orion Resource Partners"))


def test_network_dots_and_names_do_not_overlap_and_the_hubs_are_named(site):
    from drcdata.site import network_layout as nl

    page = Page(site / "network.html")
    layers = page.specs()["network"]["layer"]
    nodes = layers[1]["data"]["values"]
    labels = [lb for layer in layers[3:] for lb in layer["data"]["values"]]
    dots = {n["id"]: (n["x"], n["y"], nl.dot_radius(n["_area"])) for n in nodes}
    for a in nodes:   # no dot covers another, and every dot is inside the plot
        assert 0 <= a["x"] <= nl.WIDTH and 0 <= a["y"] <= nl.HEIGHT, a["id"]
        for b in nodes:
            if a["id"] < b["id"]:
                (xa, ya, ra), (xb, yb, rb) = dots[a["id"]], dots[b["id"]]
                assert ((xa - xb) ** 2 + (ya - yb) ** 2) ** 0.5 >= ra + rb, (a["id"], b["id"])
    boxes = {}
    for lb in labels:
        width, half = nl.name_width(lb["name"]), nl.LINE_HEIGHT / 2
        left = {"left": lb["x"], "right": lb["x"] - width, "center": lb["x"] - width / 2}[lb["align"]]
        boxes[lb["id"]] = (left, lb["y"] - half, left + width, lb["y"] + half)
    for name, box in boxes.items():
        assert nl._inside(box), name
        assert not any(nl._overlap(box, other) for o, other in boxes.items() if o != name), name
        assert not any(nl._covers(box, dot) for d, dot in dots.items() if d != name), name
    # Bigger dots for more partners; the twenty most connected actors all carry their name.
    partners = {n["id"]: n["partners"] for n in nodes}
    area = {n["id"]: n["_area"] for n in nodes}
    assert all(area[a] <= area[b] for a in partners for b in partners if partners[a] < partners[b])
    hubs = sorted(partners, key=lambda a: (-partners[a], a))[:nl.NAMED_HUBS]
    assert set(hubs) <= set(boxes), set(hubs) - set(boxes)
    # A name set away from its dot has a leader line from the dot's rim to the name.
    for lb in labels:
        if "_x1" in lb:
            x, y, r = dots[lb["id"]]
            assert abs(((lb["_x1"] - x) ** 2 + (lb["_y1"] - y) ** 2) ** 0.5 - r) < 0.05, lb["id"]


def drcdata_table(name: str) -> list[dict]:
    result = drcdata.run_query(f'SELECT * FROM "{name}" ORDER BY id')
    return [{c: (v.isoformat() if isinstance(v, dt.date) else v) for c, v in zip(result.columns, row)}
            for row in result.rows]


def cited_tables() -> list[str]:
    return [r["name"] for r in DESCRIPTOR["resources"] if r.get("drcdata:cited")]


def test_every_record_of_every_cited_table_has_its_page_with_all_its_citations(site):
    assert "events" in cited_tables()  # a table added to the descriptor gets pages with no site change
    citations: dict[str, list[dict]] = {}
    for c in drcdata_table("citations"):
        citations.setdefault(c["record_id"], []).append(c)
    seen = 0
    for table in cited_tables():
        for row in drcdata_table(table):
            path = site / "record" / f"{row['id']}.html"
            assert path.is_file(), f"no page for {table} {row['id']}"
            text = path.read_text(encoding="utf-8")
            for c in citations.get(row["id"], []):
                assert f'data-citation-id="{c["id"]}"' in text, (row["id"], c["id"])
                if c["stance"] == "contradicts":
                    assert _escaped(c["asserted_value"]) in text
            seen += 1
    assert seen == sum(len(v) for v in [drcdata_table(t) for t in cited_tables()])


def _escaped(text: str) -> str:
    """As the templates print it (Jinja's autoescape)."""
    import markupsafe
    return str(markupsafe.escape(text))


def test_record_page_lists_citations_in_the_evidence_report_order(site):
    """The pages call the evidence report once for all records; the result must equal one call per record."""
    contested = {r["record_id"] for r in report("contested_facts")}
    sample = sorted(contested)[:40] + [r["id"] for r in drcdata_table("territorial_control")]
    for record_id in sample:
        page = Page(site / "record" / f"{record_id}.html")
        on_page = page.attr_values("data-citation-id")
        assert on_page == [r["citation_id"] for r in report("evidence", record=record_id)], record_id


def test_single_origin_records_carry_a_warning_and_corroborated_ones_do_not(site):
    weak = report("weakly_sourced")
    assert weak
    for row in weak[:25]:
        text = (site / "record" / f"{row['record_id']}.html").read_text(encoding="utf-8")
        assert "rests on a single origin" in text, row["record_id"]
    goma = (site / "record" / "tc-goma-m23-2025-01-27.html").read_text(encoding="utf-8")
    assert "single origin" not in goma  # Reuters and AP both report the fall of Goma


def test_record_page_links_its_references_and_referrers(site):
    page = Page(site / "record" / "tc-goma-m23-2025-01-27.html")
    hrefs = page.attr_values("href")
    assert "../record/goma.html" in hrefs and "../record/m23.html" in hrefs and "../actor/m23.html" in hrefs
    meeting = Page(site / "record" / "2025-03-18-tshisekedi-kagame-doha.html")
    participants = [r["id"] for r in drcdata_table("meeting_participants")
                    if r["meeting_id"] == "2025-03-18-tshisekedi-kagame-doha"]
    assert participants and all(f"../record/{p}.html" in meeting.attr_values("href") for p in participants)


def test_actor_pages_follow_actor_profile(site):
    for actor in ("felix-tshisekedi", "m23", "united-states"):
        page = Page(site / "actor" / f"{actor}.html")
        listed = [a["data-record-id"] for tag, a in page.tags if tag == "li" and "data-record-id" in a]
        assert listed == [r["record_id"] for r in report("actor_profile", for_actor=actor)], actor
    assert len(list((site / "actor").glob("*.html"))) == len(drcdata_table("actors"))


def test_contested_page_shows_every_contradiction_with_its_source(site):
    text = (site / "contested.html").read_text(encoding="utf-8")
    rows = report("contested_facts")
    assert rows
    for row in rows:
        assert f'data-record-id="{row["record_id"]}"' in text
        assert _escaped(row["value_asserted"]) in text and _escaped(row["url"]) in text


def test_index_states_version_as_of_and_links_every_page_and_download(site):
    page = Page(site / "index.html")
    text = (site / "index.html").read_text(encoding="utf-8")
    assert DESCRIPTOR["version"] in text and AS_OF in text
    hrefs = page.attr_values("href")
    for target in ("control.html", "timeline.html", "network.html", "contested.html", "downloads/datapackage.json"):
        assert target in hrefs and (site / target).is_file()
    assert all(f"table/{t}.html" in hrefs for t in cited_tables())
    assert (site / "downloads" / "data" / "territorial_control.csv").is_file()


def test_cli_site_writes_the_site_and_refuses_a_foreign_folder(real_db, tmp_path):
    done = run_cli("site", "--out", str(tmp_path / "s"), "--db", str(real_db))
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stderr and (tmp_path / "s" / "control.html").is_file()
    again = run_cli("site", "--out", str(tmp_path / "s"), "--db", str(real_db))
    assert again.returncode == 0, again.stderr  # an earlier site is replaced
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "mine.txt").write_text("keep me")
    refused = run_cli("site", "--out", str(foreign), "--db", str(real_db))
    assert refused.returncode == 2 and "does not hold a site" in refused.stderr
    assert "Traceback" not in refused.stderr and (foreign / "mine.txt").read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes", "s"]  # no staging folder left behind


def test_cli_site_without_the_extra_says_how_to_install_it(real_db, tmp_path):
    code = ("import sys; sys.modules['jinja2'] = None; sys.argv = ['drcdata', 'site', '--out', sys.argv[1]]; "
            "from drcdata.cli import main; main()")
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "s")], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2 and "pip install 'drcdata[site]'" in done.stderr and "Traceback" not in done.stderr
