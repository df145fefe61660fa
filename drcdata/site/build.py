"""Write the static site: pages from Jinja2 templates, the Vega bundle once, the downloads.

Everything a page needs is in DIR: the scripts and styles under `assets/`, the chart data inside
the pages (a browser refuses `fetch()` of local files opened with file://).
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import jinja2

from drcdata.dbfile import ensure_folder, reason
from drcdata.errors import DrcdataError, UsageError

from . import charts, pages
from .source import SiteSource

HERE = Path(__file__).resolve().parent
ASSETS = HERE / "assets"
STATIC_ASSETS = ("site.css", "site.js", "control.js", "timeline.js")
MARKER = ".drcdata-site"  # marks a folder this command wrote, and may therefore replace


@dataclass
class SiteSummary:
    out: Path
    files: int
    bytes: int
    seconds: float


def build_site(out, *, db=None, package=None) -> SiteSummary:
    """Generate the explorer into `out` from the built database.

    The site is written to a temporary folder beside `out` and moved into place only when complete,
    so a failure leaves an earlier site untouched; a folder that holds anything but an earlier site
    is refused rather than overwritten."""
    started = time.perf_counter()
    out = Path(out)
    _check_target(out)
    staging = _staging_beside(out)
    try:
        downloads = _write_downloads(staging, db, package)  # first: export opens its own connection
        source = SiteSource(db, package)
        try:
            _write_site(staging, source, downloads)
        finally:
            source.close()
        (staging / MARKER).write_text("written by `drcdata site`; the next run may replace this folder\n", encoding="utf-8")
        _replace(out, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    files = [p for p in out.rglob("*") if p.is_file()]
    return SiteSummary(out, len(files), sum(p.stat().st_size for p in files), time.perf_counter() - started)


def _check_target(out: Path) -> None:
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise UsageError(f"{out} exists and does not hold a site written by drcdata; "
                         "choose a new or empty folder (nothing was written)")


def _staging_beside(out: Path) -> Path:
    """A private folder beside `out`; an unwritable place is a message, not a traceback."""
    ensure_folder(out.parent, "the folder of --out")
    try:
        return Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    except OSError as exc:
        raise DrcdataError(f"cannot write into {out.parent}: {reason(exc, path=False)}") from None


def _replace(out: Path, staging: Path) -> None:
    staging.chmod(0o755)  # mkdtemp makes it private; a site is meant to be read
    if not out.exists():
        staging.rename(out)
        return
    old = out.with_name(f".{out.name}-old-{os.getpid()}")
    out.rename(old)
    staging.rename(out)
    shutil.rmtree(old)


def _write_site(out: Path, source: SiteSource, downloads: list[str]) -> None:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["json_script"] = _json_script
    borders = json.loads((ASSETS / "borders.geojson").read_text(encoding="utf-8"))
    common = {"title": source.descriptor["title"], "version": source.descriptor["version"], "as_of": source.as_of}

    def write(path: str, template: str, **context) -> None:
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        root = "../" * path.count("/")
        target.write_text(env.get_template(template).render(root=root, **common, **context), encoding="utf-8")

    _write_assets(out)
    tables = source.fact_tables
    records = pages.record_pages(source)
    for record in records:
        write(pages.record_href(record["id"]), "record.html", record=record)
    for table in tables:
        write(f"table/{table.name}.html", "table.html", table=table,
              records=[r for r in records if r["table"] == table.name])
    for actor in pages.actor_pages(source):
        write(pages.actor_href(actor["id"]), "actor.html", actor=actor)
    write("control.html", "control.html", control=pages.control_page(source, borders))
    write("timeline.html", "timeline.html", timeline=pages.timeline_page(source))
    write("network.html", "network.html", network=pages.network_page(source, spring_layout))
    write("contested.html", "contested.html", contested=pages.contested_page(source))
    write("index.html", "index.html", coverage=pages.coverage_rows(source), tables=tables,
          description=source.descriptor.get("description", ""), licenses=source.descriptor.get("licenses", []),
          downloads=downloads)


def _write_assets(out: Path) -> None:
    import vl_convert

    target = out / "assets"
    target.mkdir(parents=True, exist_ok=True)
    # Vega, Vega-Lite and vega-embed in one classic script, from the package: never a CDN.
    (target / "vega.js").write_text(vl_convert.javascript_bundle(vl_version=charts.VEGA_LITE_VERSION), encoding="utf-8")
    for name in STATIC_ASSETS:
        shutil.copyfile(ASSETS / name, target / name)


def _write_downloads(out: Path, db, package) -> list[str]:
    """The tables as CSV (the `drcdata export` output) beside a copy of datapackage.json."""
    from drcdata.export import export_tables
    from drcdata.paths import resolve_descriptor

    folder = out / "downloads"
    data = export_tables(folder / "data", "csv", db=db, package=package)
    shutil.copyfile(resolve_descriptor(package), folder / "datapackage.json")
    return ["downloads/datapackage.json"] + [f"downloads/data/{p.name}" for p in data]


def spring_layout(edges: list[dict]) -> dict[str, tuple[float, float]]:
    """Each actor's place on the network chart: seeded spring layouts per connected group, packed
    and pushed apart so no dots overlap (see network_layout); the same rows draw the same picture."""
    from drcdata.site import network_layout

    return network_layout.layout(edges)


def _json_script(value) -> str:
    """JSON for a <script type="application/json"> block: `<`, `>` and `&` escaped so no text can close it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return jinja2.utils.markupsafe.Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
