"""The explorer: a static, offline site generated from the built database.

    from drcdata.site import build_site
    build_site("site/")          # index.html, a page per record, control map, timeline, network

Needs the optional extra: pip install 'drcdata[site]' (Jinja2, Altair, vl-convert-python, networkx).
"""
from __future__ import annotations

from drcdata.errors import UsageError

EXTRA_MODULES = {"jinja2", "altair", "vl_convert", "networkx"}


def build_site(out, *, db=None, package=None):
    """Write the site into `out`; see drcdata.site.build.build_site. Returns a SiteSummary."""
    try:
        from .build import build_site as _build
    except ModuleNotFoundError as exc:
        if exc.name in EXTRA_MODULES:
            raise UsageError(f"the site needs the optional extra ({exc.name} is not installed): "
                             "pip install 'drcdata[site]'") from None
        raise
    return _build(out, db=db, package=package)
