"""The Fetcher against misbehaving endpoints of a real server on 127.0.0.1."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from crawler.errors import FetchError
from crawler.fetch import Fetcher, parse_retry_after
from crawler.sources import CrawlerSettings
from tests.crawlsite import Request, Response, Site, StaticSite

UA = "veille-test/1.0 (+mailto:test@example.org)"


def settings(**overrides: object) -> CrawlerSettings:
    values: dict[str, object] = {"user_agent": UA, "concurrency": 8, "per_host": 2,
                                 "timeout": 2.0, "max_bytes": 100_000, "delay": 0.0,
                                 "retries": 2, "backoff": 0.01, "max_redirects": 5}
    values.update(overrides)
    return CrawlerSettings(**values)  # type: ignore[arg-type]


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as s:
        yield s


def same_host(site: Site):  # type: ignore[no-untyped-def]
    async def allow(url: str) -> str | None:
        return None if url.startswith(site.base + "/") else f"another host: {url}"
    return allow


async def test_user_agent_and_body(site: Site) -> None:
    site.page("/a", "<p>bonjour</p>")
    async with Fetcher(settings()) as fetcher:
        page = await fetcher.fetch(site.url("/a"))
    assert page.status == 200 and page.body == b"<p>bonjour</p>"
    assert page.content_type == "text/html"
    assert site.hits_for("/a")[0].headers["user-agent"] == UA


async def test_a_host_never_sees_two_starts_closer_than_its_delay() -> None:
    import asyncio

    with StaticSite({f"/p{i}": {"body": "ok"} for i in range(6)}) as site:
        async with Fetcher(settings(per_host=3)) as fetcher:
            fetcher.set_delay("127.0.0.1", 0.2)
            await asyncio.gather(*(fetcher.fetch(site.url(f"/p{i}")) for i in range(6)))
        hits = site.hits()
    starts = sorted(h.started for h in hits)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert len(starts) == 6
    assert all(h.headers["user-agent"] == UA for h in hits)
    # Without the clock the gaps are about a millisecond; the margin covers the scheduling
    # noise of a loaded 2-core machine in the server's own timestamps.
    assert min(gaps) >= 0.2 - 0.04, gaps


async def test_global_concurrency_limit_holds(site: Site) -> None:
    in_flight = 0
    peak = 0
    lock = threading.Lock()

    def slow(req: Request) -> Response:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        site.stopping.wait(0.05)
        with lock:
            in_flight -= 1
        return Response(200, b"ok")

    site.route("/slow", slow)
    import asyncio

    async with Fetcher(settings(concurrency=3, per_host=8)) as fetcher:
        await asyncio.gather(*(fetcher.fetch(site.url(f"/slow?i={i}")) for i in range(12)))
    assert len(site.hits_for("/slow")) == 12
    assert peak <= 3


async def test_503_with_retry_after_then_success(site: Site) -> None:
    site.route("/busy", lambda req: Response(503, b"busy", {"Retry-After": "1"})
               if req.count == 1 else Response(200, b"enfin"))
    async with Fetcher(settings()) as fetcher:
        page = await fetcher.fetch(site.url("/busy"))
    hits = site.hits_for("/busy")
    assert page.body == b"enfin" and len(hits) == 2
    assert hits[1].started - hits[0].started >= 0.95


async def test_500_forever_gives_up_after_the_retries(site: Site) -> None:
    site.page("/broken", "oops", status=500)
    async with Fetcher(settings(retries=2)) as fetcher:
        with pytest.raises(FetchError) as info:
            await fetcher.fetch(site.url("/broken"))
    assert info.value.kind == "http" and info.value.status == 500
    assert "after 3 attempts" in str(info.value)
    assert len(site.hits_for("/broken")) == 3


async def test_404_is_not_retried_and_is_permanent(site: Site) -> None:
    async with Fetcher(settings()) as fetcher:
        with pytest.raises(FetchError) as info:
            await fetcher.fetch(site.url("/missing"))
    assert info.value.status == 404 and info.value.permanent
    assert len(site.hits_for("/missing")) == 1


async def test_a_read_that_hangs_times_out(site: Site) -> None:
    site.route("/hang", lambda req: Response(hang=True))
    started = time.monotonic()
    async with Fetcher(settings(timeout=0.3, retries=1)) as fetcher:
        with pytest.raises(FetchError) as info:
            await fetcher.fetch(site.url("/hang"))
    assert info.value.kind == "timeout"
    assert len(site.hits_for("/hang")) == 2
    assert time.monotonic() - started < 3


async def test_a_body_that_drips_past_the_total_timeout_is_abandoned(site: Site) -> None:
    def drip() -> Iterator[bytes]:
        for _ in range(100):
            yield b"x" * 10
            if site.stopping.wait(0.05):
                return

    site.route("/drip", lambda req: Response(200, headers={"Content-Type": "text/html"},
                                             chunks=drip()))
    async with Fetcher(settings(timeout=0.4, retries=0)) as fetcher:
        with pytest.raises(FetchError) as info:
            await fetcher.fetch(site.url("/drip"))
    assert info.value.kind == "timeout"


async def test_redirect_loop_is_detected(site: Site) -> None:
    site.page("/loop-a", "", status=302, headers={"Location": "/loop-b"})
    site.page("/loop-b", "", status=301, headers={"Location": "/loop-a"})
    async with Fetcher(settings()) as fetcher:
        with pytest.raises(FetchError, match="redirect loop") as info:
            await fetcher.fetch(site.url("/loop-a"), allow=same_host(site))
    assert info.value.kind == "redirect"
    assert len(site.hits_for("/loop-a")) == 1 and len(site.hits_for("/loop-b")) == 1


async def test_too_many_redirects(site: Site) -> None:
    for i in range(10):
        site.page(f"/r{i}", "", status=307, headers={"Location": f"/r{i + 1}"})
    async with Fetcher(settings(max_redirects=3)) as fetcher:
        with pytest.raises(FetchError, match="more than 3 redirects"):
            await fetcher.fetch(site.url("/r0"))
    assert len(site.hits) == 4


async def test_redirect_within_the_host_is_followed(site: Site) -> None:
    site.page("/old", "", status=301, headers={"Location": "/new?x=1"})
    site.page("/new", "nouveau")
    async with Fetcher(settings()) as fetcher:
        page = await fetcher.fetch(site.url("/old"), allow=same_host(site))
    assert page.body == b"nouveau"
    assert page.url == site.url("/old") and page.final_url == site.url("/new?x=1")
    assert page.redirects == [site.url("/old")]


async def test_redirect_to_another_host_is_refused(site: Site) -> None:
    with Site("127.0.0.2") as other:
        other.page("/secret", "internal")
        site.page("/away", "", status=302, headers={"Location": other.url("/secret")})
        async with Fetcher(settings()) as fetcher:
            with pytest.raises(FetchError, match="another host") as info:
                await fetcher.fetch(site.url("/away"), allow=same_host(site))
        assert info.value.kind == "redirect"
        assert other.hits == []


async def test_only_http_is_fetched(site: Site) -> None:
    site.page("/ftp", "", status=302, headers={"Location": "ftp://127.0.0.1/file"})
    async with Fetcher(settings()) as fetcher:
        with pytest.raises(FetchError, match="not an http"):
            await fetcher.fetch("file:///etc/passwd")
        with pytest.raises(FetchError, match="not an http"):
            await fetcher.fetch(site.url("/ftp"))


async def test_body_far_above_max_bytes_without_content_length(site: Site) -> None:
    sent = 0

    def endless() -> Iterator[bytes]:
        nonlocal sent
        for _ in range(10_000):
            sent += 65536
            yield b"a" * 65536

    site.route("/huge", lambda req: Response(200, headers={"Content-Type": "text/html"},
                                             chunks=endless()))
    async with Fetcher(settings(max_bytes=200_000)) as fetcher:
        with pytest.raises(FetchError, match="over max_bytes") as info:
            await fetcher.fetch(site.url("/huge"))
    assert info.value.kind == "too-large"
    assert sent < 50_000_000   # abandoned early, not read to the end


async def test_declared_content_length_over_max_bytes_is_not_read(site: Site) -> None:
    site.page("/big", b"b" * 300_000)
    async with Fetcher(settings(max_bytes=200_000)) as fetcher:
        with pytest.raises(FetchError, match="300,000 bytes is over max_bytes"):
            await fetcher.fetch(site.url("/big"))


async def test_a_pdf_is_refused_by_content_type(site: Site) -> None:
    site.page("/rapport", b"%PDF-1.7 ...", "application/pdf")
    async with Fetcher(settings()) as fetcher:
        with pytest.raises(FetchError, match="application/pdf") as info:
            await fetcher.fetch(site.url("/rapport"),
                                accept=lambda t: t in ("text/html", ""))
    assert info.value.kind == "type" and info.value.permanent


async def test_conditional_get_returns_304(site: Site) -> None:
    def etagged(req: Request) -> Response:
        if req.headers.get("if-none-match") == '"v1"':
            return Response(304, headers={"ETag": '"v1"'})
        return Response(200, b"corps", {"ETag": '"v1"', "Content-Type": "text/html"})

    site.route("/e", etagged)
    async with Fetcher(settings()) as fetcher:
        first = await fetcher.fetch(site.url("/e"))
        second = await fetcher.fetch(site.url("/e"), headers={"If-None-Match": first.etag or ""})
    assert first.etag == '"v1"' and not first.not_modified
    assert second.not_modified and second.body == b""


async def test_connection_refused_is_retried_then_reported() -> None:
    with Site() as gone:
        url = gone.url("/x")
    async with Fetcher(settings(retries=1)) as fetcher:
        with pytest.raises(FetchError, match="after 2 attempts") as info:
            await fetcher.fetch(url)
    assert info.value.kind == "network"


def test_retry_after_forms() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    later = datetime.now(UTC) + timedelta(seconds=30)
    seconds = parse_retry_after(format_datetime(later, usegmt=True))
    assert seconds is not None and 25 <= seconds <= 31
    assert parse_retry_after("Mon, 01 Jan 2001 00:00:00 GMT") == 0.0


async def test_a_long_retry_after_closes_the_host_for_this_run(site: Site) -> None:
    site.page("/later", "", status=429, headers={"Retry-After": "86400"})
    site.page("/other", "ok")
    async with Fetcher(settings()) as fetcher:
        with pytest.raises(FetchError, match="too long for this run"):
            await fetcher.fetch(site.url("/later"))
        started = time.monotonic()
        with pytest.raises(FetchError, match="no more requests to 127.0.0.1"):
            await fetcher.fetch(site.url("/other"))
        assert time.monotonic() - started < 1
    assert len(site.hits_for("/later")) == 1 and site.hits_for("/other") == []


async def test_truncate_keeps_the_first_bytes(site: Site) -> None:
    site.route("/long", lambda req: Response(200, headers={"Content-Type": "text/plain"},
                                             chunks=(b"0123456789" * 1000 for _ in range(50))))
    async with Fetcher(settings()) as fetcher:
        page = await fetcher.fetch(site.url("/long"), max_bytes=25_000, truncate=True)
    assert len(page.body) == 25_000 and page.body.startswith(b"0123456789")
