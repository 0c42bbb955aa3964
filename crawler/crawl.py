"""The Crawler: one run over the selected sources, writing articles into the corpus as it goes.

The Crawler owns everything a run needs (no module-level state): the Fetcher (one pooled
httpx client, the limits and per-host clocks), the robots.txt rules per origin, the crawl
state, the corpus store and the buffered writer. Each source is crawled by a SourceCrawl
(its own frontier and workers); all sources run concurrently under the global limits.

`crawl()` does not take the home's writer lock nor touch the index: `veille crawl` does.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from corpus import CorpusStore, Home, open_store
from crawler.analysis import Analysis, AnalysisPool, Extractor, PageJob, analyse
from crawler.errors import FetchError
from crawler.fetch import Fetcher, Page
from crawler.report import CrawlReport
from crawler.robots import MAX_ROBOTS_BYTES, Robots
from crawler.sink import Sink
from crawler.sources import CrawlerSettings, Source, Sources, load_sources
from crawler.state import CrawlState

log = logging.getLogger(__name__)

# progress(done, total, detail): pages handled so far, pages known so far (grows as
# discovery finds more), and a short description of the page just handled.
ProgressFn = Callable[[int, int | None, str | None], None]


def crawl(home: Home | str | os.PathLike[str] | None,
          sources: Sources | str | os.PathLike[str], *,
          only: tuple[str, ...] | list[str] = (), max_pages: int | None = None,
          progress: ProgressFn | None = None,
          transport: httpx.AsyncBaseTransport | None = None,
          extractor: Extractor | None = None) -> CrawlReport:
    """Crawl `sources` (or those named in `only`) into the corpus of `home`.

    `sources` is a loaded `Sources` or the path of a sources file. `max_pages` caps the
    pages fetched per source in this run (below the source's own `max_pages`).
    `progress(done, total, detail)` is called after every page. Raises SourcesError for an
    invalid sources file or an unknown name in `only`; page and source failures are in the
    report, not raised.
    """
    home = home if isinstance(home, Home) else Home.resolve(home)
    if not isinstance(sources, Sources):
        sources = load_sources(sources)
    selected = sources.select(only)
    crawler = Crawler(home, sources.settings, selected, max_pages=max_pages,
                      progress=progress, transport=transport, extractor=extractor)
    return asyncio.run(crawler.run())


class Crawler:
    """One crawl run. `await crawler.run()` from async code, or use `crawl()`."""

    def __init__(self, home: Home, settings: CrawlerSettings, sources: list[Source], *,
                 max_pages: int | None = None, progress: ProgressFn | None = None,
                 transport: httpx.AsyncBaseTransport | None = None,
                 extractor: Extractor | None = None, batch: int = 25,
                 flush_interval: float = 0.5) -> None:
        self.home = home
        self.settings = settings
        self.sources = sources
        self.max_pages = max_pages
        self.progress = progress
        self.transport = transport
        self.extractor = extractor
        self.batch = batch
        self.flush_interval = flush_interval
        self.report = CrawlReport()
        self._done = 0
        self._queued: dict[str, int] = {}
        self._robots: dict[str, Robots] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._fetcher: Fetcher | None = None
        self._pool: AnalysisPool | None = None
        self._store: CorpusStore | None = None
        self._state: CrawlState | None = None
        self._sink: Sink | None = None

    # -- the parts, available while running ----------------------------------------------

    @property
    def fetcher(self) -> Fetcher:
        assert self._fetcher is not None, "the crawler is not running"
        return self._fetcher

    @property
    def pool(self) -> AnalysisPool:
        assert self._pool is not None, "the crawler is not running"
        return self._pool

    @property
    def store(self) -> CorpusStore:
        assert self._store is not None, "the crawler is not running"
        return self._store

    @property
    def state(self) -> CrawlState:
        assert self._state is not None, "the crawler is not running"
        return self._state

    @property
    def sink(self) -> Sink:
        assert self._sink is not None, "the crawler is not running"
        return self._sink

    # -- running -------------------------------------------------------------------------

    async def run(self) -> CrawlReport:
        from crawler.source_crawl import SourceCrawl

        started = time.monotonic()
        self.home.ensure()
        for source in self.sources:
            self.report.source(source.name)
        with open_store(self.home) as store, CrawlState.open(self.home) as st:
            self._store, self._state = store, st
            self._sink = Sink(store, st, batch=self.batch, interval=self.flush_interval)
            try:
                async with Fetcher(self.settings, transport=self.transport) as fetcher, \
                        AnalysisPool(self.settings.timeout) as pool:
                    self._fetcher, self._pool = fetcher, pool
                    await asyncio.gather(*(SourceCrawl(self, s).run() for s in self.sources))
            finally:
                self._sink.flush()
                self._fetcher = self._sink = self._store = self._state = None
                self._pool = None
        self._queued.clear()
        self._show_progress()
        self.report.seconds = time.monotonic() - started
        for name, source_report in self.report.per_source.items():
            log.info("source %s: %s", name, source_report.to_json())
        log.info("%s", self.report.summary())
        return self.report

    def page_done(self, source: str, queued: int) -> None:
        """Called after each page of `source` (`queued` more waiting): flush, progress."""
        self.sink.maybe_flush()
        self._done += 1
        self._queued[source] = queued
        self._show_progress()

    def _show_progress(self) -> None:
        if self.progress is not None:
            r = self.report
            total = self._done + sum(self._queued.values())
            self.progress(self._done, total,
                          f"{r.new} new, {r.updated} updated, {r.failed} failed")

    # -- robots.txt ----------------------------------------------------------------------

    def known_robots(self, url: str) -> Robots | None:
        """The robots.txt rules of `url`'s origin if already fetched in this run."""
        return self._robots.get(_origin(url))

    async def robots(self, url: str, source: Source) -> Robots:
        """The robots.txt rules of `url`'s origin (fetched once per run, with our UA)."""
        parts = urlsplit(url)
        origin = _origin(url)
        cached = self._robots.get(origin)
        if cached is not None:
            return cached
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._robots:
                host = (parts.hostname or "").lower()
                self.fetcher.set_delay(host, source.delay)
                robots = await self._fetch_robots(origin, source)
                self.fetcher.set_delay(host, robots.delay())
                if robots.asked_delay() > robots.delay():
                    log.info("%s: robots.txt asks for %g s between requests: %g s applied",
                             origin, robots.asked_delay(), robots.delay())
                elif robots.delay() > source.delay:
                    log.info("%s: robots.txt asks for %.1f s between requests",
                             origin, robots.delay())
                self._robots[origin] = robots
        return self._robots[origin]

    async def _fetch_robots(self, origin: str, source: Source) -> Robots:
        ua = self.settings.user_agent

        async def same_site(url: str) -> str | None:
            return None if source.allows(url) else f"robots.txt redirects off the site: {url}"

        try:
            page = await self.fetcher.fetch(origin + "/robots.txt", allow=same_site,
                                            max_bytes=MAX_ROBOTS_BYTES, truncate=True)
        except FetchError as exc:
            if exc.kind == "http" and exc.status is not None and exc.status < 500 \
                    and exc.status != 429:   # "too many requests" is no "no robots.txt"
                return Robots.allow_all(ua, f"robots.txt: HTTP {exc.status}")
            if exc.kind in ("redirect", "refused"):
                return Robots.allow_all(ua, f"robots.txt ignored: {exc}")
            return Robots.deny_all(ua, f"robots.txt injoignable ({exc})")
        text = page.body.decode("utf-8", errors="replace")
        return Robots.parse(text, ua)

    # -- page analysis (in a worker process, with a time limit) ---------------------------

    async def analyse(self, page: Page, url: str, source: Source, *, want_article: bool,
                      fetched_at: datetime) -> Analysis:
        job = PageJob(page.body, page.headers.get("content-type"), url, want_article,
                      fetched_at, dict(source.selectors),
                      article_hint=source.article_pattern is not None
                      and source.is_article_url(url),
                      extractor=self.extractor)
        result: Analysis = await self.pool.run(analyse, job)
        return result

    async def parse(self, fn: Callable[..., Any], *args: Any) -> Any:
        """fn(*args) (a sitemap or feed parser) in a worker process, with a time limit."""
        return await self.pool.run(fn, *args)


def _origin(url: str) -> str:
    """scheme://host[:port] of `url`, without any credentials it carries."""
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    return f"{parts.scheme}://{netloc}"
