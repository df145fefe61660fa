"""Benchmark the explorer: time to generate it, its size, and how soon control.html answers in Chromium.

    python benchmarks/site.py [--repeats 5] [--loads 10]

Generation is `drcdata site --out DIR` in a fresh process (imports included), against a database
built beforehand. "Interactive" is the moment control.html has drawn its map and filled its
table for the day (control.js records performance.now() then), measured from navigation start
in headless Debian Chromium with every outside request aborted; the first load of each browser
is counted too, so the median includes cold caches.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def generate(out: Path, db: Path) -> float:
    started = time.perf_counter()
    subprocess.run([str(BIN / "drcdata"), "site", "--out", str(out), "--db", str(db)], check=True,
                   capture_output=True, text=True)
    return time.perf_counter() - started


def size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def interactive_ms(site: Path, loads: int) -> list[float]:
    from playwright.sync_api import sync_playwright
    times, outside = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for _ in range(loads):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
                          else (outside.append(r.request.url), r.abort()))
            page = context.new_page()
            page.goto((site / "control.html").as_uri() + "#on=2025-03-01")
            page.wait_for_function("() => window.drcInteractiveMs !== undefined", timeout=30000)
            times.append(page.evaluate("() => window.drcInteractiveMs"))
            context.close()
        browser.close()
    if outside:
        raise SystemExit(f"requests left the site: {outside}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="site generations to time")
    parser.add_argument("--loads", type=int, default=10, help="page loads of control.html to time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db = tmp / "drcdata.duckdb"
        subprocess.run([str(BIN / "drcdata"), "build", "--db", str(db)], check=True, capture_output=True)
        seconds = [generate(tmp / "site", db) for _ in range(args.repeats)]
        files, total = size(tmp / "site")
        vega = (tmp / "site" / "assets" / "vega.js").stat().st_size
        control = (tmp / "site" / "control.html").stat().st_size
        loads = interactive_ms(tmp / "site", args.loads)
    print(json.dumps({
        "generate_seconds_median": round(statistics.median(seconds), 2),
        "generate_seconds_all": [round(s, 2) for s in seconds],
        "files": files, "megabytes": round(total / 1e6, 2),
        "vega_bundle_megabytes": round(vega / 1e6, 2), "control_html_kilobytes": round(control / 1e3, 1),
        "control_interactive_ms_median": round(statistics.median(loads)),
        "control_interactive_ms_min_max": [round(min(loads)), round(max(loads))],
        "loads": len(loads),
    }, indent=2))


if __name__ == "__main__":
    main()
