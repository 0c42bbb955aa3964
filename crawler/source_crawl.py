"""One source's crawl: its frontier, its workers, and what each kind of page leads to.

Frontier order: feeds and sitemaps first, then listing pages, then article URLs never
stored (newest first when a feed or sitemap gave a date), then URLs left pending by an
earlier run, then known articles to re-validate with a conditional GET, then retries.
The `max_pages` budget counts every page asked for; what it leaves out stays pending in the
crawl state for the next run.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from corpus import Article, BadURL, Upsert, canonical_url, parse_datetime
from crawler.analysis import AnalysisError
from crawler.discovery import (
    MAX_SITEMAP_BYTES,
    DiscoveryError,
    Link,
    is_non_html,
    looks_like_article,
    parse_feed,
    parse_sitemap,
    xml_kind,
)
from crawler.errors import CrawlerError, FetchError
from crawler.fetch import Page
from crawler.redact import redact
from crawler.sink import StateOp
from crawler.sources import Source
from crawler.state import CrawlState, UrlState

if TYPE_CHECKING:
    from collections.abc import Callable

    from corpus import CorpusStore
    from crawler.analysis import Analysis
    from crawler.fetch import Fetcher
    from crawler.report import CrawlReport
    from crawler.robots import Robots
    from crawler.sink import Sink
    from crawler.sources import CrawlerSettings

log = logging.getLogger(__name__)

# Frontier priorities (lower first).
DISCOVERY, LISTING, NEW, PENDING, REVALIDATE, RETRY = range(6)
MAX_SITEMAP_DEPTH = 3
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", ""})


def is_html_type(media_type: str) -> bool:
    return media_type in HTML_TYPES


@dataclass(order=True)
class Task:
    priority: tuple[int, float, int]
    url: str = field(compare=False)
    kind: str = field(compare=False)            # feed | sitemap | listing | article
    depth: int = field(compare=False, default=0)
    page: int = field(compare=False, default=0)  # pagination index of a listing page
    hint: Link | None = field(compare=False, default=None)
    via_canonical: bool = field(compare=False, default=False)


class CrawlRun(Protocol):
    """What a source's crawl uses of the run it belongs to (`crawler.crawl.Crawler`): the
    shared fetcher, store, state, sink, robots.txt cache and worker pool. A protocol, so
    that this module does not import `crawler.crawl`, which imports it."""

    report: CrawlReport
    max_pages: int | None
    settings: CrawlerSettings

    @property
    def fetcher(self) -> Fetcher: ...
    @property
    def store(self) -> CorpusStore: ...
    @property
    def state(self) -> CrawlState: ...
    @property
    def sink(self) -> Sink: ...

    def page_done(self, source: str, queued: int) -> None: ...
    def known_robots(self, url: str) -> Robots | None: ...
    async def robots(self, url: str, source: Source) -> Robots: ...
    async def analyse(self, page: Page, url: str, source: Source, *, want_article: bool,
                      fetched_at: datetime) -> Analysis: ...
    async def parse(self, fn: Callable[..., Any], *args: Any) -> Any: ...


class SourceCrawl:
    """Crawls one source within a running crawl (a `CrawlRun`)."""

    def __init__(self, crawler: CrawlRun, source: Source) -> None:
        self.crawler = crawler
        self.source = source
        self.report = crawler.report.source(source.name)
        caps = [c for c in (source.max_pages, crawler.max_pages) if c is not None]
        self.budget = min(caps) if caps else None
        self.queue: asyncio.PriorityQueue[Task] = asyncio.PriorityQueue()
        self.seen: set[str] = set()
        self._order = itertools.count()
        self._unexpected = 0
        self._busy = 0
        self._room = crawler.settings.max_pending   # new URLs this run may still add

    # -- the frontier --------------------------------------------------------------------

    def enqueue(self, url: str, kind: str, rank: int, *, depth: int = 0, page: int = 0,
                hint: Link | None = None, via_canonical: bool = False) -> bool:
        if url in self.seen:
            return False
        self.seen.add(url)
        newest_first = -hint.published.timestamp() if hint and hint.published else 0.0
        self.queue.put_nowait(Task((rank, newest_first, next(self._order)), url, kind,
                                   depth, page, hint, via_canonical))
        return True

    def _canonical(self, url: str) -> str | None:
        try:
            return canonical_url(url)
        except BadURL:
            return None

    # -- running -------------------------------------------------------------------------

    async def run(self) -> None:
        source = self.source
        robots = await self.crawler.robots(source.url, source)
        if robots.disallow_all:
            self.report.error = robots.reason + " : source ignorée pour ce crawl"
            self.report.attempted += 1     # robots.txt: the one page asked for, failed
            self.report.failed += 1
            log.info("%s: %s", source.name, redact(self.report.error))
            return
        for url in source.feeds:
            self.enqueue(url, "feed", DISCOVERY)
        for url in [*source.sitemaps, *(u for u in robots.sitemaps if source.allows(u))]:
            self.enqueue(url, "sitemap", DISCOVERY)
        starts = source.start_urls or (
            () if source.feeds or source.sitemaps else (source.url,))
        for url in starts:
            self.enqueue(url, "listing", LISTING)
        self._prune()
        for rec in self.crawler.state.pending(source.name, self.budget):
            if rec.kind == "article":
                published = parse_datetime(rec.published) if rec.published else None
                self.enqueue(rec.url, "article", PENDING, depth=source.depth,
                             hint=Link(rec.url, published=published, title=rec.title or ""))
        await self._work()

    def _prune(self) -> None:
        state = self.crawler.state
        with state.transaction():
            dropped = state.prune(self.source.name, self.crawler.settings.max_pending)
        if dropped:
            log.info("%s: crawl state pruned: %s", self.source.name,
                     ", ".join(f"{n} {why.replace('_', ' ')}" for why, n in dropped.items()))

    async def _work(self) -> None:
        count = max(1, self.crawler.settings.per_host) * 2
        join = asyncio.ensure_future(self.queue.join())
        workers = [asyncio.create_task(self._worker()) for _ in range(count)]
        try:
            done, _ = await asyncio.wait([join, *workers], return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                if task is not join:
                    task.result()  # a worker only ends by raising a fatal error
        finally:
            for task in [*workers, join]:
                task.cancel()
            await asyncio.gather(*workers, join, return_exceptions=True)

    async def _worker(self) -> None:
        while True:
            task = await self.queue.get()
            try:
                if self.budget is None or self.report.attempted < self.budget:
                    self.report.attempted += 1
                    self._busy += 1
                    try:
                        await self._handle(task)
                    finally:
                        self._busy -= 1
                    self.crawler.page_done(self.source.name, self._remaining())
            finally:
                self.queue.task_done()

    def _remaining(self) -> int:
        """Pages still to do: queued, plus those other workers are handling."""
        left = self.queue.qsize() + self._busy
        if self.budget is not None:
            left = min(left, max(0, self.budget - self.report.attempted))
        return left

    async def _handle(self, task: Task) -> None:
        try:
            if task.kind in ("feed", "sitemap"):
                await self._discovery_doc(task)
            elif task.kind == "listing":
                await self._listing(task)
            else:
                await self._article(task)
        except FetchError as exc:
            self._fetch_failed(task, exc)
        except DiscoveryError as exc:
            self.report.failed += 1
            self._note(task, f"{task.url}: {exc}")
            self._state_failed(task, str(exc), gone=False)
        except AnalysisError as exc:
            self.report.failed += 1
            self._note(task, f"{task.url}: {exc}")
            if exc.details:
                log.info("%s: %s: %s", self.source.name, redact(task.url), redact(exc.details))
            self._state_failed(task, str(exc), gone=False)
        except (CrawlerError, asyncio.CancelledError):
            raise
        except Exception as exc:  # a bug (or a page no parser survives): the run goes on
            self.report.failed += 1
            self._unexpected += 1
            message = f"{task.url}: unexpected {type(exc).__name__}: {exc}"
            self._note(task, message)
            if self._unexpected == 1:   # the traceback goes to the log file, not to stderr
                log.info("%s: %s", self.source.name, redact(message), exc_info=True)
            self._state_failed(task, message, gone=False)

    def _fetch_failed(self, task: Task, exc: FetchError) -> None:
        if exc.kind in ("type", "refused"):
            reason = "not a web page" if exc.kind == "type" else (
                "disallowed by robots.txt" if "robots.txt" in str(exc) else "refused")
            self._skip(task.url, reason, str(exc))
            if exc.kind == "refused":   # being refused by robots.txt is worth a line
                self.report.note_error(f"{task.url}: {exc}")
        else:
            self.report.failed += 1
            self._note(task, f"{task.url}: {exc}")
        self._state_failed(task, str(exc), gone=exc.permanent)

    def _skip(self, url: str, reason: str, detail: str = "") -> None:
        """A page that is no article: counted per reason, listed, and logged."""
        self.report.skip(url, reason)
        log.info("%s: skipped %s: %s", self.source.name, redact(url),
                 redact(detail) if detail and detail != reason else reason)

    def _state_failed(self, task: Task, error: str, *, gone: bool) -> None:
        url, name, kind = task.url, self.source.name, task.kind
        self.crawler.sink.state_op(lambda st: st.failed(url, name, kind, error, gone=gone))

    def _note(self, task: Task, message: str, level: int = logging.INFO) -> None:
        log.log(level, "%s: %s", self.source.name, redact(message))
        if level > logging.DEBUG:
            self.report.note_error(message)

    async def _allow(self, url: str) -> str | None:
        if not self.source.allows(url):
            return f"{urlsplit(url).netloc} is not the source's host ({self.source.host})"
        robots = await self.crawler.robots(url, self.source)
        return None if robots.can_fetch(url) else f"disallowed by robots.txt: {url}"

    def _fetched(self, page: Page) -> None:
        self.report.fetched += 1
        if page.redirects:
            log.debug("%s: %s redirected to %s", self.source.name, redact(page.url),
                      redact(page.final_url))

    # -- feeds and sitemaps --------------------------------------------------------------

    async def _discovery_doc(self, task: Task) -> None:
        rec = self.crawler.state.get(task.url) if task.kind == "sitemap" else None
        page = await self.crawler.fetcher.fetch(
            task.url, allow=self._allow, headers=_validators(rec),
            max_bytes=max(MAX_SITEMAP_BYTES, self.crawler.settings.max_bytes))
        self._fetched(page)
        if page.not_modified:
            url = task.url
            self.crawler.sink.state_op(lambda st: st.not_modified(url))
            return
        kind = xml_kind(page.body)
        if kind is None and page.content_type in ("text/html", "application/xhtml+xml"):
            raise DiscoveryError(f"not a feed or a sitemap but a web page ({page.content_type})")
        kind = kind or task.kind
        base = page.final_url
        if kind == "sitemap":
            content = await self.crawler.parse(parse_sitemap, page.body, base)
            for child in content.sitemaps:
                if self.source.allows(child) and task.depth < MAX_SITEMAP_DEPTH:
                    self.enqueue(child, "sitemap", DISCOVERY, depth=task.depth + 1)
            links = content.pages
        else:
            links = await self.crawler.parse(parse_feed, page.body, base, page.content_type)
        self._found(links, depth=self.source.depth, from_listing=False)
        self._record_fetched(task.url, task.kind, "ok", page)

    def _record_fetched(self, url: str, kind: str, status: str, page: Page,
                        **extra: str | None) -> None:
        name = self.source.name
        etag, modified = page.etag, page.last_modified
        self.crawler.sink.state_op(lambda st: st.fetched(
            url, name, kind, status, etag=etag, last_modified=modified, **extra))

    # -- listing pages -------------------------------------------------------------------

    async def _listing(self, task: Task) -> None:
        page = await self.crawler.fetcher.fetch(task.url, allow=self._allow,
                                                accept=is_html_type)
        self._fetched(page)
        analysis = await self.crawler.analyse(page, page.final_url, self.source,
                                              want_article=False, fetched_at=datetime.now(UTC))
        self._found([Link(u) for u in analysis.links], depth=task.depth + 1, from_listing=True)
        if task.page + 1 < self.source.listing_pages:
            for nxt in analysis.next_pages:
                url = self._canonical(nxt)
                if url and self.source.allows(url) and not is_non_html(url):
                    if self.enqueue(url, "listing", LISTING, depth=task.depth,
                                    page=task.page + 1):
                        break
        self._record_fetched(task.url, "listing", "ok", page)

    # -- what discovery found ------------------------------------------------------------

    def _found(self, links: list[Link], *, depth: int, from_listing: bool) -> None:
        """Queue the article URLs among `links` and record them in the crawl state."""
        source = self.source
        candidates: dict[str, Link] = {}
        for link in links:
            url = self._canonical(link.url)
            if (url is None or url in candidates or not source.allows(url) or is_non_html(url)
                    or not source.is_article_url(url)
                    or (from_listing and source.article_pattern is None
                        and not looks_like_article(url))):
                continue
            robots = self.crawler.known_robots(url)
            if robots is not None and not robots.can_fetch(url):
                self._skip(url, "disallowed by robots.txt")   # never asked for nor recorded
                continue
            candidates[url] = Link(url, link.published, link.modified, link.title)
        if not candidates:
            return
        known = self.crawler.state.get_many(candidates)
        now = datetime.now(UTC)
        fresh: list[tuple[str, str | None, str]] = []
        for url, link in candidates.items():
            rec = known.get(url)
            if url not in self.seen:
                self.report.discovered += 1
            if rec is None and self._room <= 0:
                if self._room == 0:
                    log.info("%s: %d new URLs this run: the rest wait for the next runs",
                             source.name, self.crawler.settings.max_pending)
                    self._room = -1
                continue
            if rec is None or rec.status == "pending":
                if rec is None:
                    self._room -= 1
                if self.enqueue(url, "article", NEW, depth=depth, hint=link):
                    fresh.append((url, link.published.isoformat() if link.published else None,
                                  link.title))
            elif rec.status == "stored":
                if not _unchanged_since(link, rec):
                    self.enqueue(url, "article", REVALIDATE, depth=depth, hint=link)
            elif rec.status == "alias" and rec.alias_of:
                self.enqueue(rec.alias_of, "article", REVALIDATE, depth=depth, hint=link,
                             via_canonical=True)
            elif rec.worth_fetching(now):
                self.enqueue(url, "article", RETRY, depth=depth, hint=link)
        if fresh:
            name = source.name
            self.crawler.sink.state_op(lambda st: st.discovered(name, "article", fresh))

    # -- articles ------------------------------------------------------------------------

    async def _article(self, task: Task) -> None:
        crawler = self.crawler
        rec = crawler.state.get(task.url)
        if rec is not None and rec.status == "stored" and not (
            rec.article_id and crawler.store.record(rec.article_id)
        ):
            rec = None  # the corpus lost it (deleted, or a new corpus): fetch it whole
        headers = _validators(rec) if rec is not None and rec.status == "stored" else {}
        page = await crawler.fetcher.fetch(task.url, allow=self._allow, accept=is_html_type,
                                           headers=headers)
        self._fetched(page)
        body_hash = hashlib.sha1(page.body).hexdigest() if not page.not_modified else None
        if page.not_modified or (headers and rec is not None and rec.body_hash == body_hash):
            self.report.unchanged += 1
            if page.not_modified:
                url = task.url
                crawler.sink.state_op(lambda st: st.not_modified(url))
            else:
                self._record_fetched(task.url, "article", "stored", page,
                                     article_id=rec.article_id if rec else None,
                                     body_hash=body_hash)
            return
        fetched_at = datetime.now(UTC)
        final = self._canonical(page.final_url) or task.url
        analysis = await crawler.analyse(page, final, self.source, want_article=True,
                                         fetched_at=fetched_at)
        target = self._canonical(analysis.canonical or "") or final
        if target != final and not self._credible_canonical(target):
            target = final
        if target != final and not task.via_canonical:
            # The page names its canonical URL elsewhere (an AMP page, a print or tracking
            # variant): store the article from that URL's own page, once.
            self.enqueue(target, "article", NEW, depth=task.depth, hint=task.hint,
                         via_canonical=True)
            self._record_fetched(task.url, "article", "alias", page, alias_of=target)
            return
        if analysis.article is None:
            self._skip(task.url, analysis.reason or "not an article")
            self._record_fetched(task.url, "article", "noarticle", page, body_hash=body_hash)
            return
        article = _finish(analysis.article, target, self.source.name, task.hint, fetched_at)
        self.seen.add(target)
        ops = [_stored_op(task.url, self.source.name, article.id, page, body_hash)]
        if target != task.url:
            ops.append(_stored_op(target, self.source.name, article.id, page, body_hash))
        crawler.sink.article(article, self._on_stored, *ops)
        if task.depth < self.source.depth:
            self._found([Link(u) for u in analysis.links], depth=task.depth + 1,
                        from_listing=True)

    def _credible_canonical(self, url: str) -> bool:
        """Whether a page's canonical URL may name the article (else the page's URL does).

        Sites get it wrong: every page pointing at the home page or its section would
        fold all articles into one. The canonical must be on the source's hosts and look
        like an article URL itself.
        """
        source = self.source
        if not source.allows(url) or is_non_html(url) or urlsplit(url).path in ("", "/"):
            return False
        if source.article_pattern is not None:
            return source.is_article_url(url)
        return looks_like_article(url)

    def _on_stored(self, article: Article, outcome: Upsert) -> None:
        if outcome is Upsert.NEW:
            self.report.new += 1
            self.report.new_ids.append(article.id)
        elif outcome is Upsert.CHANGED:
            self.report.updated += 1
        else:
            self.report.unchanged += 1


def _finish(article: Article, url: str, source: str, hint: Link | None,
            fetched_at: datetime) -> Article:
    """The extracted article under its canonical URL, with what the feed or sitemap knew."""
    changes: dict[str, object] = {"url": url, "source": source, "fetched_at": fetched_at}
    if hint is not None:
        if article.published is None and hint.published is not None:
            changes["published"] = hint.published
        if not article.title and hint.title:
            changes["title"] = hint.title
    return article.replace(**changes)


def _stored_op(url: str, source: str, article_id: str, page: Page, body_hash: str | None
               ) -> StateOp:
    etag, modified = page.etag, page.last_modified

    def op(st: CrawlState) -> None:
        st.fetched(url, source, "article", "stored", article_id=article_id, etag=etag,
                   last_modified=modified, body_hash=body_hash)
    return op


def _validators(rec: UrlState | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if rec is not None:
        if rec.etag:
            headers["If-None-Match"] = rec.etag
        if rec.last_modified:
            headers["If-Modified-Since"] = rec.last_modified
    return headers


def _unchanged_since(link: Link, rec: UrlState) -> bool:
    """Whether a sitemap's lastmod says the page has not changed since we fetched it."""
    if link.modified is None or not rec.last_fetched:
        return False
    return link.modified <= datetime.fromisoformat(rec.last_fetched)
