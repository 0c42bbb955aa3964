"""Page analysis (decode, parse, links, extraction) in worker processes with a time limit.

Parsing hostile HTML can cost minutes of CPU in C code that no thread can interrupt, and a
thread stuck there keeps the process from stopping on SIGTERM. So every parse runs in a
small pool of worker processes: a job that outlives its time limit is abandoned and its
process killed (a fresh one replaces it), a worker that dies takes only its page with it,
and the event loop waits on the worker's pipe without blocking. Workers are forked from a
forkserver that has this module (and the parsers) imported, so a new one costs
milliseconds.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing.connection import Connection
from typing import Any

from corpus import Article
from crawler.decode import decode_html
from crawler.discovery import DiscoveryError, page_links
from crawler.errors import CrawlerError

log = logging.getLogger(__name__)

Extractor = Callable[..., Article | None]
MIN_TIME_LIMIT = 2.0     # seconds: a page's analysis is never abandoned sooner


class AnalysisError(CrawlerError):
    """A page's analysis failed: it took too long, its worker died, or it raised."""

    def __init__(self, message: str, *, details: str = "") -> None:
        super().__init__(message)
        self.details = details   # the worker's traceback, for the log


@dataclass
class Analysis:
    """What an HTML page holds for the crawler."""

    article: Article | None = None
    canonical: str | None = None
    links: list[str] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)
    encoding: str = ""
    reason: str = ""         # why the page is no article (when an article was wanted)


@dataclass
class PageJob:
    body: bytes
    content_type: str | None
    url: str
    want_article: bool
    fetched_at: datetime
    selectors: dict[str, str] = field(default_factory=dict)
    article_hint: bool = False   # the source's article_pattern says this URL is an article
    extractor: Extractor | None = None


def analyse(job: PageJob) -> Analysis:
    """Decode the page, find its links and (when wanted) extract its article."""
    html, encoding = decode_html(job.body, job.content_type)
    links = page_links(html, job.url)
    result = Analysis(canonical=links.canonical, links=links.links,
                      next_pages=links.next_pages, encoding=encoding)
    if not job.want_article:
        return result
    kwargs: dict[str, Any] = {"fetched_at": job.fetched_at}
    if job.selectors:
        kwargs["selectors"] = dict(job.selectors)
    if job.extractor is not None:
        result.article = job.extractor(html, job.url, **kwargs)
        result.reason = "" if result.article is not None else "not an article"
        return result
    from crawler.extraction import extract_page

    page = extract_page(html, job.url, article_hint=job.article_hint, **kwargs)
    result.article, result.reason = page.article(), page.reason
    result.canonical = page.canonical_url or result.canonical
    return result


# -- the worker side -----------------------------------------------------------------------

def _worker_main(conn: Connection) -> None:
    """Run jobs from `conn` until it closes (the crawler's process ended or let us go)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the crawler's to handle
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        fn, args = message
        try:
            reply: tuple[Any, ...] = ("ok", fn(*args))
        except DiscoveryError as exc:
            reply = ("discovery", str(exc), "")
        except Exception as exc:  # noqa: BLE001 - reported to the crawler, the worker lives on
            reply = ("error", f"{type(exc).__name__}: {exc}", traceback.format_exc())
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return
        except Exception as exc:  # noqa: BLE001 - a result that does not pickle
            conn.send(("error", f"unsendable result ({type(exc).__name__}: {exc})", ""))


# -- the crawler side ------------------------------------------------------------------------

class _Worker:
    def __init__(self, context: Any) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child,), daemon=True,
                                       name="veille-analysis")
        self.process.start()
        child.close()

    async def call(self, fn: Callable[..., Any], args: tuple[Any, ...], limit: float) -> Any:
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()
        fd = self.conn.fileno()

        def readable() -> None:
            if not ready.done():
                ready.set_result(None)

        loop.add_reader(fd, readable)
        try:
            self.conn.send((fn, args))
            async with asyncio.timeout(limit):
                await ready
            reply = self.conn.recv()
        except TimeoutError:            # (an OSError: handled by the pool)
            raise
        except (EOFError, OSError):
            raise AnalysisError("the page's analysis process died (out of memory?)") from None
        finally:
            loop.remove_reader(fd)
        kind = reply[0]
        if kind == "ok":
            return reply[1]
        if kind == "discovery":
            raise DiscoveryError(reply[1])
        raise AnalysisError(f"unexpected {reply[1]}", details=reply[2])

    def kill(self) -> None:
        try:
            self.conn.close()
        except OSError:
            pass
        if self.process.is_alive():
            self.process.kill()
        self.process.join(2)

    def close(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(1)
        self.kill()


class AnalysisPool:
    """`await pool.run(fn, *args)`: fn(*args) in a worker, abandoned after `time_limit` s."""

    def __init__(self, time_limit: float, workers: int | None = None) -> None:
        self.time_limit = max(MIN_TIME_LIMIT, time_limit)
        self.size = workers or max(1, min(4, os.cpu_count() or 1))
        self._context: Any = None
        self._idle: asyncio.Queue[_Worker | None] | None = None
        self._all: set[_Worker] = set()

    async def __aenter__(self) -> AnalysisPool:
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["crawler.analysis", "crawler.extraction"])
        self._idle = asyncio.Queue()
        for _ in range(self.size):
            self._idle.put_nowait(None)   # started when first needed
        return self

    async def __aexit__(self, *exc: object) -> None:
        for worker in list(self._all):
            worker.close()
        self._all.clear()

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        assert self._idle is not None, "use `async with AnalysisPool(...)`"
        worker = await self._idle.get()
        try:
            if worker is None or not worker.process.is_alive():
                worker = await asyncio.to_thread(self._start)
            return await worker.call(fn, args, self.time_limit)
        except TimeoutError:
            self._discard(worker)
            worker = None
            raise AnalysisError(f"parsing took longer than {self.time_limit:g} s, "
                                "abandoned") from None
        except (AnalysisError, asyncio.CancelledError) as exc:
            if not isinstance(exc, AnalysisError) or "died" in str(exc):
                self._discard(worker)
                worker = None
            raise
        finally:
            self._idle.put_nowait(worker)

    def _start(self) -> _Worker:
        worker = _Worker(self._context)
        self._all.add(worker)
        return worker

    def _discard(self, worker: _Worker | None) -> None:
        if worker is not None:
            self._all.discard(worker)
            worker.kill()
