"""The bundled demo: articles written for Veille, judged queries, and the local press sites.

    from tui.demo import DemoSites, load_articles, load_judged_queries

`veille demo` serves the articles as six press sites on 127.0.0.1, crawls them into a demo
home, indexes them and opens the workbench; the end-to-end tests and `bench/` do the same.
Standard library only (http.server): nothing here imports the crawler, the index or the UI.
"""

from tui.demo.catalog import (
    DemoArticle,
    DemoDataError,
    JudgedQuery,
    load_articles,
    load_judged_queries,
    slugify,
)
from tui.demo.site import DemoPortBusy, DemoSites, RequestStats
from tui.demo.sites import SITE_NAMES, SITES, SiteSpec, site_named
from tui.demo.sources import read_ports, sources_toml

__all__ = [
    "SITES",
    "SITE_NAMES",
    "DemoArticle",
    "DemoDataError",
    "DemoPortBusy",
    "DemoSites",
    "JudgedQuery",
    "RequestStats",
    "SiteSpec",
    "load_articles",
    "load_judged_queries",
    "read_ports",
    "site_named",
    "slugify",
    "sources_toml",
]
