"""The explorer: a static, offline site generated from the built database.

    from drcdata.site import build_site
    build_site("site/")          # index.html, a page per record, control map, timeline, network

Needs the optional extra: pip install 'drcdata[site]' (Jinja2, Altair, vl-convert-python, networkx).
"""
from .build import SiteSummary, build_site  # noqa: F401
