"""Screenshots of the explorer's pages for docs/screenshots/ (PNG, 1400x1000 viewport).

    python tools/screenshots.py [--site DIR] [--out docs/screenshots]

Builds the site into a temporary folder unless --site names one, then opens each page in Debian's
headless Chromium (Playwright, no browser download) with every outside request aborted, and saves
what the first screen shows. The record and actor pages are the first control period and the most
connected actor, so the pictures show a page with evidence and one with a full profile.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1400, "height": 1000}


def pages(site: Path) -> dict[str, str]:
    """Screenshot name -> page path (with fragment) inside the site."""
    control = json.loads(_script(site / "control.html", 'id="control-data"'))
    first_period = control["rows"][next(ix[0] for ix in control["snapshots"].values() if ix)]["record_id"]
    network = json.loads(_script(site / "network.html", 'data-target="network"'))
    nodes = next(d for d in _datasets(network) if d and "ties" in d[0] and "href" in d[0])
    busiest = max(nodes, key=lambda n: (n["ties"], n["id"]))
    return {"index": "index.html", "control": "control.html#on=2025-03-01", "timeline": "timeline.html",
            "network": "network.html", "contested": "contested.html",
            "record": f"record/{first_period}.html", "actor": busiest["href"]}


def _script(page: Path, marker: str) -> str:
    text = page.read_text(encoding="utf-8")
    start = text.index(">", text.index(marker)) + 1
    return text[start:text.index("</script>", start)]


def _datasets(spec: dict) -> list[list[dict]]:
    found = list(spec.get("datasets", {}).values())
    for layer in spec.get("layer", []):
        if isinstance(layer.get("data"), dict) and "values" in layer["data"]:
            found.append(layer["data"]["values"])
    return found


def shoot(site: Path, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    saved, outside = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport=VIEWPORT)
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
                      else (outside.append(r.request.url), r.abort()))
        page = context.new_page()
        for name, path in pages(site).items():
            page.goto((site / path.split("#")[0]).as_uri() + ("#" + path.split("#")[1] if "#" in path else ""))
            page.wait_for_load_state("load")
            # Charts draw after load; wait until every chart holder has its SVG or canvas.
            page.wait_for_function("() => [...document.querySelectorAll('.chart')].every(c => c.querySelector('svg, canvas'))",
                                   timeout=30000)
            page.wait_for_timeout(300)
            target = out / f"{name}.png"
            page.screenshot(path=str(target))
            saved.append(target)
        browser.close()
    if outside:
        raise SystemExit(f"requests left the site: {outside}")
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already generated site (default: generate one)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    if args.site:
        saved = shoot(args.site.resolve(), args.out)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            site = Path(tmp) / "site"
            subprocess.run([str(BIN / "drcdata"), "site", "--out", str(site)], check=True, capture_output=True)
            saved = shoot(site, args.out)
    for path in saved:
        print(path)


if __name__ == "__main__":
    main()
