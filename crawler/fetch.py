"""The Fetcher: one pooled httpx.AsyncClient, global and per-host limits, politeness clocks.

Guarantees, whatever the callers do concurrently:
- at most `concurrency` requests in flight overall and `per_host` per host;
- a host never sees two request starts closer than its delay (`set_delay` raises it, e.g.
  from robots.txt Crawl-delay; a `Retry-After` pushes the host's clock further);
- every request carries the configured User-Agent; only http(s) is fetched;
- a connect, read and total timeout per request; bodies streamed and abandoned past
  `max_bytes`, counted while each Content-Encoding layer inflates (crawler.inflate), so a
  gzip bomb, even gzip of gzip, is abandoned within a few chunks of memory;
- redirects are followed by hand, each hop checked by the caller's `allow` (same host,
  robots.txt), up to `max_redirects`, loops detected;
- connection errors, timeouts, 429 and 5xx are retried with exponential backoff and jitter,
  honouring `Retry-After` (seconds or an HTTP date).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from crawler.errors import FetchError
from crawler.inflate import ACCEPT_ENCODING, ContentDecoder, DecodingError
from crawler.redact import redact
from crawler.sources import CrawlerSettings

log = logging.getLogger(__name__)

REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRYABLE = frozenset({429, 500, 502, 503, 504, 507, 520, 521, 522, 523, 524})
MAX_RETRY_AFTER = 300.0   # a longer Retry-After gives up on the host for this run
MAX_BACKOFF = 60.0
MAX_THROTTLE_DELAY = 60.0   # the adaptive delay never grows past this
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

Allow = Callable[[str], Awaitable[str | None]]   # URL -> None when allowed, else why not
Accept = Callable[[str], bool]            # media type -> whether we want the body


@dataclass
class Page:
    """A fetched response: 200 with a body, or 304 (not modified) without one."""

    url: str                 # the URL asked for
    final_url: str           # after redirects
    status: int
    headers: httpx.Headers
    body: bytes = b""
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return media_type(self.headers.get("content-type"))

    @property
    def etag(self) -> str | None:
        value = self.headers.get("etag")
        return str(value) if value else None

    @property
    def last_modified(self) -> str | None:
        value = self.headers.get("last-modified")
        return str(value) if value else None


def media_type(header: str | None) -> str:
    return (header or "").split(";", 1)[0].strip().lower()


class HostGate:
    """One host's limits: `per_host` slots and the clock of its next allowed request start.

    `floor` is the delay asked for (the source's `delay`, robots.txt's Crawl-delay);
    `delay` is the one applied, raised above the floor when the host slows down
    (AutoThrottle-like: towards latency / per_host, the rate at which `per_host`
    requests in flight would follow each other) or answers 429/503 (doubled, at least
    its Retry-After), and eased back down as the host answers quickly again.
    """

    def __init__(self, host: str, per_host: int, delay: float) -> None:
        self.host = host
        self.per_host = per_host
        self.slots = asyncio.Semaphore(per_host)
        self.lock = asyncio.Lock()
        self.floor = delay
        self.delay = delay
        self.next_start = 0.0
        self.closed: str | None = None   # why the host gets no more requests this run
        self._told = 0.0                 # the delay last reported in the log

    def push_back(self, until: float) -> None:
        self.next_start = max(self.next_start, until)

    def raise_floor(self, delay: float) -> None:
        """Space requests at least `delay` apart, the next one included."""
        if delay > self.floor:
            if self.next_start and delay > self.delay:
                self.next_start += delay - self.delay   # the last start + the new delay
            self.floor = delay
            self.delay = max(self.delay, delay)

    def observe(self, status: int, latency: float, retry_after: float | None) -> None:
        """Adapt the delay to how the host answered one request."""
        if status in (429, 503):
            wanted = max(2 * self.delay, 1.0, retry_after or 0.0)
            self._set(min(MAX_THROTTLE_DELAY, wanted), f"answers HTTP {status}")
            return
        target = latency / self.per_host
        new = (self.delay + target) / 2
        if status >= 400 and new < self.delay:
            return                       # errors are no sign that the host is fine again
        self._set(max(self.floor, min(MAX_THROTTLE_DELAY, new)),
                  f"takes {latency:.1f} s to answer")

    def _set(self, delay: float, why: str) -> None:
        self.delay = max(self.floor, delay)
        if self.delay >= max(self.floor + 0.1, 1.5 * self.floor, 2 * self._told):
            log.info("%s %s: slowing down to %.1f s between requests", self.host, why,
                     self.delay)
            self._told = self.delay
        elif self._told and self.delay <= max(self.floor, self._told / 4):
            log.info("%s answers quickly again: %.1f s between requests", self.host,
                     self.delay)
            self._told = 0.0


class Fetcher:
    """Fetches pages politely. Use as `async with Fetcher(settings) as fetcher:`."""

    def __init__(self, settings: CrawlerSettings, *,
                 transport: httpx.AsyncBaseTransport | None = None,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
                 rng: Callable[[], float] = random.random) -> None:
        self.settings = settings
        self._transport = transport
        self._sleep = sleep
        self._rng = rng
        self._client: httpx.AsyncClient | None = None
        self._global: asyncio.Semaphore | None = None
        self._gates: dict[str, HostGate] = {}
        self.requests = 0

    async def __aenter__(self) -> Fetcher:
        s = self.settings
        self._global = asyncio.Semaphore(s.concurrency)
        self._client = httpx.AsyncClient(
            headers={"User-Agent": s.user_agent, "Accept": ACCEPT,
                     "Accept-Encoding": ACCEPT_ENCODING,
                     "Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"},
            timeout=httpx.Timeout(connect=min(s.timeout, 10.0), read=s.timeout,
                                  write=s.timeout, pool=None),
            limits=httpx.Limits(max_connections=s.concurrency,
                                max_keepalive_connections=s.concurrency),
            follow_redirects=False,
            transport=self._transport,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # -- politeness ----------------------------------------------------------------------

    def gate(self, host: str) -> HostGate:
        gate = self._gates.get(host)
        if gate is None:
            gate = self._gates[host] = HostGate(host, self.settings.per_host, 0.0)
        return gate

    def set_delay(self, host: str, delay: float) -> None:
        """Request starts to `host` at least `delay` seconds apart (only ever raised), the
        next one included: raised after a request, it spaces the next from that one."""
        self.gate(host).raise_floor(delay)

    # -- fetching ------------------------------------------------------------------------

    async def fetch(self, url: str, *, allow: Allow | None = None, accept: Accept | None = None,
                    headers: dict[str, str] | None = None,
                    max_bytes: int | None = None, truncate: bool = False) -> Page:
        """GET `url`, following allowed redirects; raises FetchError saying why it failed.

        A body over `max_bytes` (default: the settings') is abandoned, or with `truncate`
        cut there (robots.txt: its first 500 KB count).
        """
        seen = {url}
        chain: list[str] = []
        current = url
        while True:
            refusal = _check_scheme(current) or (await allow(current) if allow else None)
            if refusal:
                kind = "redirect" if chain else "refused"
                raise FetchError(refusal, url=url, kind=kind, permanent=True)
            result = await self._with_retries(current, headers, accept, max_bytes, truncate)
            if isinstance(result, Page):
                result.url = url
                result.redirects = chain
                return result
            location = urljoin(current, result)
            chain.append(current)
            if location in seen:
                raise FetchError(f"redirect loop at {location}", url=url, kind="redirect",
                                 permanent=True)
            if len(chain) > self.settings.max_redirects:
                raise FetchError(f"more than {self.settings.max_redirects} redirects",
                                 url=url, kind="redirect", permanent=True)
            seen.add(location)
            current = location

    async def _with_retries(self, url: str, headers: dict[str, str] | None,
                            accept: Accept | None, max_bytes: int | None,
                            truncate: bool) -> Page | str:
        attempts = self.settings.retries + 1
        for attempt in range(1, attempts + 1):
            try:
                return await self._attempt(url, headers, accept, max_bytes, truncate)
            except _Retry as retry:
                if attempt == attempts:
                    raise FetchError(f"{retry.reason} (after {attempts} attempts)", url=url,
                                     kind=retry.kind, status=retry.status) from None
                wait = self._backoff(attempt)
                if retry.retry_after is not None:
                    wait = max(wait, retry.retry_after)
                log.debug("retrying %s in %.2f s: %s", redact(url), wait, retry.reason)
                await self._sleep(wait)
        raise AssertionError("unreachable")

    def _backoff(self, attempt: int) -> float:
        base = self.settings.backoff * (2 ** (attempt - 1))
        return float(min(MAX_BACKOFF, base + self._rng() * self.settings.backoff))

    async def _attempt(self, url: str, headers: dict[str, str] | None, accept: Accept | None,
                       max_bytes: int | None, truncate: bool) -> Page | str:
        assert self._client is not None and self._global is not None, "use `async with`"
        gate = self.gate(_host(url))
        async with gate.slots:
            start = _StartClock(gate)
            await gate.lock.acquire()
            try:
                wait = gate.next_start - start.loop.time()
                if wait > 0:
                    await self._sleep(wait)
                if gate.closed:
                    raise FetchError(gate.closed, url=url, kind="http")
                await self._global.acquire()
            except BaseException:
                start.mark()
                raise
            if gate.delay <= 0:
                start.mark()
            try:
                self.requests += 1
                async with asyncio.timeout(self.settings.timeout):
                    return await self._request(url, headers, accept, max_bytes, truncate,
                                               gate, start)
            except TimeoutError:
                raise _Retry(f"timed out after {self.settings.timeout:g} s", "timeout") from None
            except httpx.TimeoutException as exc:
                raise _Retry(f"timed out ({type(exc).__name__})", "timeout") from None
            except httpx.TransportError as exc:
                if isinstance(exc, httpx.UnsupportedProtocol):
                    raise FetchError(str(exc), url=url, kind="refused", permanent=True) from None
                raise _Retry(f"{type(exc).__name__}: {exc}".rstrip(": "), "network") from None
            finally:
                start.mark()
                self._global.release()

    async def _request(self, url: str, headers: dict[str, str] | None, accept: Accept | None,
                       max_bytes: int | None, truncate: bool, gate: HostGate,
                       start: _StartClock) -> Page | str:
        assert self._client is not None
        limit = max_bytes or self.settings.max_bytes
        request = self._client.build_request("GET", url, headers=headers,
                                             extensions={"trace": start.trace})
        response = await self._client.send(request, stream=True)
        try:
            status = response.status_code
            gate.observe(status, start.loop.time() - start.at,
                         parse_retry_after(response.headers.get("retry-after")))
            if status in REDIRECTS and "location" in response.headers:
                return response.headers["location"].strip()
            if status == 304:
                return Page(url, url, status, response.headers)
            if status in RETRYABLE:
                retry_after = parse_retry_after(response.headers.get("retry-after"))
                if retry_after is not None and retry_after > MAX_RETRY_AFTER:
                    gate.closed = (f"HTTP {status} with Retry-After {retry_after:.0f} s, too "
                                   f"long for this run: no more requests to {_host(url)}")
                    raise FetchError(gate.closed, url=url, kind="http", status=status)
                if retry_after is not None:
                    gate.push_back(asyncio.get_running_loop().time() + retry_after)
                raise _Retry(f"HTTP {status}", "http", status, retry_after)
            if status >= 400 or status < 200:
                raise FetchError(f"HTTP {status}", url=url, kind="http", status=status,
                                 permanent=status in (404, 410, 451))
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit and not truncate:
                raise FetchError(f"body of {int(declared):,} bytes is over max_bytes "
                                 f"({limit:,})", url=url, kind="too-large")
            ctype = media_type(response.headers.get("content-type"))
            if accept is not None and not accept(ctype):
                raise FetchError(f"not a page we read ({ctype or 'no content type'})",
                                 url=url, kind="type", permanent=True)
            body = await _read_capped(response, limit, url, truncate)
            return Page(url, url, status, response.headers, body)
        finally:
            await response.aclose()


class _StartClock:
    """Sets a host's clock once a request has really started: when its headers are sent.

    The host's lock is held from the wait until then, so that neither a slow connection
    set-up nor a pause of this process between the wait and the write can squeeze two
    request starts closer than the delay. `mark()` is idempotent; the
    fetcher calls it in any case once the attempt ends (a conservative start time).
    """

    def __init__(self, gate: HostGate) -> None:
        self.gate = gate
        self.loop = asyncio.get_running_loop()
        self.at = self.loop.time()
        self._marked = False

    def mark(self) -> None:
        if not self._marked:
            self._marked = True
            self.at = self.loop.time()
            self.gate.next_start = max(self.gate.next_start,
                                       self.loop.time() + self.gate.delay)
            self.gate.lock.release()

    async def trace(self, event: str, info: dict[str, Any]) -> None:
        if event.endswith("send_request_headers.complete"):
            self.mark()


class _Retry(Exception):
    def __init__(self, reason: str, kind: str, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind
        self.status = status
        self.retry_after = retry_after


async def _read_capped(response: httpx.Response, limit: int, url: str,
                       truncate: bool) -> bytes:
    """The body, its Content-Encoding undone layer by layer and capped while inflating."""
    try:
        decoder = ContentDecoder(response.headers.get("content-encoding"))
    except DecodingError as exc:
        raise FetchError(str(exc), url=url, kind="decode", permanent=True) from None
    chunks: list[bytes] = []
    size = 0
    try:
        async for raw in response.aiter_raw():
            for chunk in decoder.feed(raw):
                size += len(chunk)
                if size > limit:
                    if truncate:
                        chunks.append(chunk[:len(chunk) - (size - limit)])
                        return b"".join(chunks)
                    raise FetchError(f"body over max_bytes ({limit:,}) once decoded, abandoned",
                                     url=url, kind="too-large")
                chunks.append(chunk)
        decoder.finish()
    except DecodingError as exc:
        raise FetchError(str(exc), url=url, kind="decode") from None
    return b"".join(chunks)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _check_scheme(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"not a valid URL: {url!r}"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"not an http(s) URL: {url!r}"
    return None
