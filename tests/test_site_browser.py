"""The explorer in a real browser: Debian's Chromium driven by Playwright, opened from disk (file://).

Every request that is not for a file is aborted and counted as a failure, so a page that
reached for a CDN, a tile server or a web font fails here. Locally these tests skip when
Chromium or Playwright is missing; under CI (CI=true) that is a failure instead, since .ci/run
installs both.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("jinja2", reason="the site extra is not installed: pip install '.[site]'")

import drcdata  # noqa: E402
from conftest import ROOT  # noqa: E402
from drcdata.site import build_site  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AS_OF = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))["as_of"]


def _missing() -> str | None:
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install '.[test]')"
    return None


MISSING = _missing()
if MISSING and os.environ.get("CI"):
    raise RuntimeError(f"browser tests cannot run in CI: {MISSING}")
pytestmark = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")


class Browser:
    """One Chromium page; outside requests and console errors are collected, never allowed."""

    def __init__(self, playwright):
        self.browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self.context = self.browser.new_context(viewport={"width": 1400, "height": 1000})
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))

    def _route(self, route):
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, path: Path, fragment: str = ""):
        self.page.goto(path.as_uri() + fragment)
        return self.page

    def close(self):
        self.browser.close()


@pytest.fixture(scope="module")
def site(real_db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser-site") / "explorer"
    build_site(out, db=real_db)
    return out


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        b = Browser(playwright)
        yield b
        b.close()
        assert not b.outside, f"requests left the site: {b.outside}"
        assert not b.errors, b.errors


def control_as_of(day: str) -> list[str]:
    result = drcdata.run_report("control_as_of", {"on_date": day})
    return [row[result.columns.index("record_id")] for row in result.rows]


def placed_ids() -> set[str]:
    result = drcdata.run_query("SELECT t.id FROM territorial_control t JOIN places p ON p.id = t.place_id "
                               "WHERE p.latitude IS NOT NULL AND p.longitude IS NOT NULL")
    return {row[0] for row in result.rows}


def shown(page, day: str):
    page.wait_for_selector(f"body[data-shown-day='{day}']", timeout=15000)
    rows = page.eval_on_selector_all("#held tbody tr", "rows => rows.map(r => r.dataset.recordId)")
    marks = page.eval_on_selector_all("#map svg .held_marks path[aria-roledescription='point']",
                                      "paths => paths.map(p => p.getAttribute('aria-label'))")
    return rows, marks


@pytest.mark.parametrize("day", ["2025-01-21", "2025-02-16", "2025-03-01", "2025-12-12", "2026-01-20", AS_OF])
def test_control_page_shows_control_as_of_for_the_day_in_the_fragment(site, browser, day):
    page = browser.open(site / "control.html", f"#on={day}")
    rows, marks = shown(page, day)
    expected = control_as_of(day)
    assert expected, f"no control period on {day}: pick a day the data covers"
    assert rows == expected
    assert sorted(marks) == sorted(r for r in expected if r in placed_ids())
    assert page.input_value("#day-input") == day
    # Each row links to its record page.
    links = page.eval_on_selector_all("#held tbody tr a", "as => as.map(a => a.getAttribute('href'))")
    assert links == [f"record/{r}.html" for r in expected]


def test_moving_the_slider_updates_the_fragment_table_and_map(site, browser):
    page = browser.open(site / "control.html", "#on=2025-01-01")
    shown(page, "2025-01-01")
    first = page.get_attribute("#day-input", "min")
    target = dt.date(2025, 2, 20)
    steps = (target - dt.date.fromisoformat(first)).days
    page.fill("#day", str(steps))  # a range input: fill sets the value and fires `input`
    rows, marks = shown(page, target.isoformat())
    assert page.evaluate("location.hash") == f"#on={target.isoformat()}"
    assert rows == control_as_of(target.isoformat())
    assert sorted(marks) == sorted(r for r in rows if r in placed_ids())


def test_a_shared_link_with_a_bad_day_opens_on_as_of(site, browser):
    page = browser.open(site / "control.html", "#on=2025-02-30")
    rows, _ = shown(page, AS_OF)
    assert rows == control_as_of(AS_OF)


def test_clicking_a_timeline_item_lands_on_its_record_page(site, browser):
    page = browser.open(site / "timeline.html")
    page.select_option("#kind", "meeting")
    visible = page.eval_on_selector_all("#items li:not([hidden])", "lis => lis.map(l => l.dataset.kind)")
    assert visible and set(visible) == {"meeting"}
    item = page.locator("#items li:not([hidden]) a").nth(3)
    record_id = item.evaluate("a => a.parentElement.dataset.recordId")
    item.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/record/{record_id}.html")
    assert page.get_attribute("h1", "data-record-id") == record_id


def test_clicking_a_map_mark_opens_its_record_page(site, browser):
    page = browser.open(site / "control.html", f"#on={AS_OF}")
    _, marks = shown(page, AS_OF)
    target = sorted(marks)[-1]
    # Vega opens a mark's href on its own click handler; dispatching the click avoids a label on top.
    page.locator(f"#map svg .held_marks path[aria-label='{target}']").dispatch_event("click")
    page.wait_for_url(f"**/record/{target}.html")
    assert page.get_attribute("h1", "data-record-id") == target


def test_control_table_keeps_short_values_on_one_line_and_scrolls_beside_the_map(site, browser):
    page = browser.open(site / "control.html", "#on=2025-03-01")
    shown(page, "2025-03-01")
    # A date, a status or a kind broken over two lines is what made the table unreadable.
    cells = "#held td.col-since, #held td.col-until, #held td.col-status, #held td.col-place_kind, #held td.col-how_began"
    assert page.eval_on_selector_all(cells, "tds => tds.length") == 5 * len(control_as_of("2025-03-01"))
    broken = page.evaluate("""() => [...document.querySelectorAll(
        '#held td.col-since, #held td.col-until, #held td.col-status, #held td.col-place_kind, #held td.col-how_began')]
        .filter(td => { const r = document.createRange(); r.selectNodeContents(td);
                        return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1; })
        .map(td => td.className + ': ' + td.textContent)""")
    assert not broken, broken
    # The table scrolls inside its own box, no taller than the map beside it, its header in view.
    box = page.eval_on_selector(".held-scroll", "e => [e.getBoundingClientRect().height, e.scrollHeight, e.clientHeight]")
    map_height = page.eval_on_selector("#map", "e => e.getBoundingClientRect().height")
    assert box[0] <= map_height + 60 and box[1] > box[2]
    page.eval_on_selector(".held-scroll", "e => { e.scrollTop = 400; }")
    header_top = page.eval_on_selector("#held thead th", "th => th.getBoundingClientRect().top")
    box_top = page.eval_on_selector(".held-scroll", "e => e.getBoundingClientRect().top")
    assert abs(header_top - box_top) < 3


def test_network_names_drawn_by_the_browser_do_not_overlap(site, browser):
    page = browser.open(site / "network.html")
    page.wait_for_function("() => window.drcCharts && window.drcCharts.network")
    page.evaluate("() => window.drcCharts.network.then(() => true)")
    boxes = page.eval_on_selector_all(
        "#network svg g.mark-text text",
        "ts => ts.map(t => { const b = t.getBoundingClientRect(); return [t.textContent, b.left, b.top, b.right, b.bottom]; })")
    names = [b for b in boxes if b[0]]
    assert len(names) > 100
    clashes = [(a[0], b[0]) for i, a in enumerate(names) for b in names[i + 1:]
               if a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5 and a[2] < b[4] - 0.5 and b[2] < a[4] - 0.5]
    assert not clashes, clashes[:5]


@pytest.mark.parametrize("path", ["index.html", "control.html", "timeline.html", "network.html", "contested.html",
                                  "record/2025-03-18-tshisekedi-kagame-doha.html", "record/goma.html",
                                  "actor/felix-tshisekedi.html", "table/territorial_control.html"])
def test_no_console_errors_and_no_outside_requests(site, browser, path):
    page = browser.open(site / path)
    page.wait_for_load_state("load")
    if page.query_selector("script.vl-spec"):
        page.wait_for_function("() => Object.values(window.drcCharts).length > 0")
        page.evaluate("() => Promise.all(Object.values(window.drcCharts)).then(() => true)")
        assert page.query_selector_all(".chart svg"), f"{path}: a chart did not draw"
    # The fixture asserts that nothing left the site and nothing was logged as an error.


def test_site_folder_can_move(site, browser, tmp_path):
    """Every link is relative: a copy elsewhere (a USB stick, a static host) works the same."""
    moved = tmp_path / "copy"
    shutil.copytree(site, moved)
    page = browser.open(moved / "index.html")
    page.click("text=Who held which place")
    page.wait_for_url("**/copy/control.html")
    shown(page, AS_OF)
