"""The sources file (TOML, see DESIGN.md) describing the running demo sites to the crawler."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

from tui.demo.catalog import DemoDataError
from tui.demo.content import sections_of
from tui.demo.site import DemoSites
from tui.demo.sites import SITE_NAMES

MARKER = "# Written by `veille demo`"
USER_AGENT = "veille-demo/0.1 (+local demo; no network)"


def _toml_str(text: str) -> str:
    # A JSON string is a valid TOML basic string for everything we write here.
    return json.dumps(text, ensure_ascii=False)


def _toml_list(items: list[str]) -> str:
    return "[" + ", ".join(_toml_str(i) for i in items) + "]"


def sources_toml(sites: DemoSites) -> str:
    """A sources file for every running demo site: feeds, sitemaps, listings, no delay.

    Some sites list their sitemap here; the others leave it to robots.txt's `Sitemap:` line,
    as real sources files often do.
    """
    out = [
        f"{MARKER} for the demo press sites it serves on {sites.host} while it runs.",
        "# The ports are reused from run to run, so that the URLs stay the same and a",
        "# second run re-crawls incrementally (conditional GETs) instead of duplicating.",
        "",
        "[crawler]",
        f"user_agent = {_toml_str(USER_AGENT)}",
        "concurrency = 8",
        "per_host = 4",
        "timeout = 10",
    ]
    for spec in sites.sites:
        base = sites.base_url(spec.name)
        articles = [a for a in sites.articles if a.site == spec.name]
        start = [base + "/"] + [base + spec.section_listing_path(s)
                                for s in sections_of(articles)]
        out += [
            "",
            "[[source]]",
            f"name = {_toml_str(spec.name)}",
            f"title = {_toml_str(spec.title)}",
            f"url = {_toml_str(base + '/')}",
            f"feeds = {_toml_list([base + spec.feed_path])}",
        ]
        if spec.sitemap_in_sources:
            out.append(f"sitemaps = {_toml_list([base + spec.sitemap_path])}")
        out += [
            f"start_urls = {_toml_list(start)}",
            f"article_pattern = {_toml_str(spec.article_pattern)}",
            "max_pages = 2000",
            "delay = 0.0",
        ]
    return "\n".join(out) + "\n"


def read_ports(path: Path) -> dict[str, int]:
    """The ports a previous demo run recorded in its sources file ({} if there is none).

    Raises DemoDataError if the file exists but was not written by `veille demo`.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise DemoDataError(f"cannot read {path}: {exc}") from None
    if not text.startswith(MARKER):
        raise DemoDataError(f"{path} was not written by `veille demo`; refusing to replace it")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DemoDataError(f"{path}: not valid TOML ({exc})") from None
    ports: dict[str, int] = {}
    for source in data.get("source", []):
        name, url = source.get("name"), source.get("url")
        if name in SITE_NAMES and isinstance(url, str):
            port = urlsplit(url).port
            if port:
                ports[name] = port
    return ports
