"""Page analysis (decode, parse, links, extraction) in worker processes with a time limit.

Parsing hostile HTML can cost minutes of CPU in C code that no thread can interrupt, and a
thread stuck there keeps the process from stopping on SIGTERM. So every parse runs in a
small pool of worker processes (fresh interpreters running `_worker_process`, talking
pickles over their stdin and stdout): a job that outlives its time limit is abandoned and
its process killed (a fresh one replaces it, and the jobs queued behind it go to another),
a worker that dies takes only its page with it, and the event loop reads the workers' pipes without
blocking. Each worker holds up to DEPTH jobs, so that it never waits for the event loop
between two pages; it says when it starts one, which is when that job's clock starts.
"""

from __future__ import annotations

import asyncio
import collections
import itertools
import logging
import os
import signal
import subprocess
import sys
import time
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
JOBS_PER_WORKER = 1_000  # then the worker is replaced: its memory never creeps up
DEPTH = 2                # jobs queued in one worker at a time
WATCH_EVERY = 0.2        # seconds between two looks at the running jobs' clocks


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

def _serve(inbox: Connection, outbox: Connection) -> None:
    """Run jobs from `inbox` until it closes; say "start" before each, then its reply."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the crawler's to handle
    while True:
        try:
            message = inbox.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        job_id, fn, args = message
        outbox.send(("start", job_id))
        try:
            reply: tuple[Any, ...] = ("ok", job_id, fn(*args))
        except DiscoveryError as exc:
            reply = ("discovery", job_id, str(exc))
        except Exception as exc:  # noqa: BLE001 - reported to the crawler, the worker lives on
            reply = ("error", job_id, f"{type(exc).__name__}: {exc}", traceback.format_exc())
        try:
            outbox.send(reply)
        except (EOFError, OSError):
            return
        except Exception as exc:  # noqa: BLE001 - a result that does not pickle
            outbox.send(("error", job_id, f"unsendable result ({type(exc).__name__}: {exc})",
                         ""))


def _worker_process() -> None:
    """The worker process's entry point (stdin brings jobs, stdout takes the replies)."""
    inbox = Connection(os.dup(0), writable=False)
    outbox = Connection(os.dup(1), readable=False)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)     # nothing printed by a library can corrupt the result pipe
    _serve(inbox, outbox)


# -- the crawler side ------------------------------------------------------------------------

@dataclass
class _Job:
    id: int
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    future: asyncio.Future[Any]
    started: float | None = None


class _Worker:
    """One worker process and the jobs sent to it, in order."""

    def __init__(self) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from crawler.analysis import _worker_process as w; w()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, close_fds=True)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.outbox = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self.inbox = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()
        self.jobs: collections.deque[_Job] = collections.deque()
        self.done = 0
        self.sent = 0

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def send(self, job: _Job) -> None:
        self.outbox.send((job.id, job.fn, job.args))
        self.jobs.append(job)
        self.sent += 1

    def kill(self) -> None:
        for conn in (self.inbox, self.outbox):
            try:
                conn.close()
            except OSError:
                pass
        if self.alive:
            self.process.kill()
        try:
            self.process.wait(2)
        except subprocess.TimeoutExpired:
            pass

    def close(self) -> None:
        try:
            self.outbox.send(None)
        except (OSError, ValueError):
            pass
        try:
            self.process.wait(1)
        except subprocess.TimeoutExpired:
            pass
        self.kill()


class AnalysisPool:
    """`await pool.run(fn, *args)`: fn(*args) in a worker, abandoned after `time_limit` s.

    `fn` and its arguments must pickle (module-level functions, plain data)."""

    def __init__(self, time_limit: float, workers: int | None = None) -> None:
        self.time_limit = max(MIN_TIME_LIMIT, time_limit)
        self.size = workers or max(1, min(4, os.cpu_count() or 1))
        self._workers: list[_Worker] = []
        self._ids = itertools.count()
        self._room: asyncio.Semaphore | None = None
        self._watch: asyncio.Task[None] | None = None
        self._launching = 0

    async def __aenter__(self) -> AnalysisPool:
        self._room = asyncio.Semaphore(self.size * DEPTH)
        self._watch = asyncio.create_task(self._watchdog())
        return self

    async def __aexit__(self, *exc: object) -> None:
        for worker in list(self._workers):
            self._forget(worker)
            if worker.jobs:
                worker.kill()       # busy (maybe on a hostile page): nothing to wait for
            else:
                worker.close()
        if self._watch is not None:
            self._watch.cancel()
            await asyncio.gather(self._watch, return_exceptions=True)

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        assert self._room is not None, "use `async with AnalysisPool(...)`"
        async with self._room:
            job = _Job(next(self._ids), fn, args, asyncio.get_running_loop().create_future())
            await self._dispatch(job)
            return await job.future

    # -- placing jobs --------------------------------------------------------------------

    async def _dispatch(self, job: _Job) -> None:
        worker = await self._worker_with_room()
        try:
            worker.send(job)
        except (OSError, ValueError):          # it died before taking the job
            self._retire(worker, AnalysisError("the page's analysis process died"))
            worker = await self._worker_with_room()
            worker.send(job)

    def _live(self) -> list[_Worker]:
        return [w for w in self._workers if w.alive and w.sent < JOBS_PER_WORKER]

    def _pick(self) -> _Worker | None:
        """The least busy worker with room, unless starting another would serve better."""
        live = self._live()
        idle = [w for w in live if len(w.jobs) < DEPTH]
        if idle and (min(len(w.jobs) for w in idle) == 0
                     or len(live) + self._launching >= self.size):
            return min(idle, key=lambda w: len(w.jobs))
        return None

    async def _worker_with_room(self) -> _Worker:
        while True:
            worker = self._pick()
            if worker is not None:
                return worker
            if len(self._live()) + self._launching < self.size:
                self._launching += 1
                try:
                    worker = await asyncio.to_thread(_Worker)
                finally:
                    self._launching -= 1
                self._workers.append(worker)
                asyncio.get_running_loop().add_reader(worker.inbox.fileno(), self._readable,
                                                      worker)
                return worker
            await asyncio.sleep(0.005)   # every worker full or starting: rare, and brief

    # -- replies -------------------------------------------------------------------------

    def _readable(self, worker: _Worker) -> None:
        try:
            while worker.inbox.poll():
                self._reply(worker, worker.inbox.recv())
        except (EOFError, OSError):
            self._retire(worker, AnalysisError(
                "the page's analysis process died (out of memory?)"))
            return
        if not worker.jobs and worker.sent >= JOBS_PER_WORKER:
            self._forget(worker)
            worker.close()

    def _reply(self, worker: _Worker, message: tuple[Any, ...]) -> None:
        kind, job_id = message[0], message[1]
        if not worker.jobs or worker.jobs[0].id != job_id:
            return  # a job already given up (the pool is closing, e.g. on SIGTERM)
        job = worker.jobs[0]
        if kind == "start":
            job.started = time.monotonic()
            return
        worker.jobs.popleft()
        worker.done += 1
        if job.future.done():
            return                              # its caller gave up (cancelled)
        if kind == "ok":
            job.future.set_result(message[2])
        elif kind == "discovery":
            job.future.set_exception(DiscoveryError(message[2]))
        else:
            job.future.set_exception(AnalysisError(f"unexpected {message[2]}",
                                                   details=message[3]))

    # -- the clock -----------------------------------------------------------------------

    async def _watchdog(self) -> None:
        while True:
            await asyncio.sleep(WATCH_EVERY)
            now = time.monotonic()
            for worker in list(self._workers):
                job = worker.jobs[0] if worker.jobs else None
                if job is not None and job.started is not None and \
                        now - job.started > self.time_limit:
                    self._retire(worker, AnalysisError(
                        f"parsing took longer than {self.time_limit:g} s, abandoned"))
                elif job is None and not worker.alive:
                    self._forget(worker)

    def _retire(self, worker: _Worker, error: AnalysisError) -> None:
        """Kill `worker`: its running job fails with `error`, the ones queued move on."""
        self._forget(worker)
        worker.kill()
        jobs = list(worker.jobs)
        worker.jobs.clear()
        for index, job in enumerate(jobs):
            if job.future.done():
                continue
            if index == 0:
                job.future.set_exception(error)
            else:
                asyncio.ensure_future(self._redispatch(job))

    async def _redispatch(self, job: _Job) -> None:
        try:
            await self._dispatch(job)
        except Exception as exc:  # noqa: BLE001 - no worker could be started
            if not job.future.done():
                job.future.set_exception(AnalysisError(f"no analysis process: {exc}"))

    def _forget(self, worker: _Worker) -> None:
        if worker in self._workers:
            self._workers.remove(worker)
            try:
                asyncio.get_running_loop().remove_reader(worker.inbox.fileno())
            except (OSError, ValueError, RuntimeError):
                pass

