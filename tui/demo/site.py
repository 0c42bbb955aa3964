"""The demo press sites over HTTP: one stdlib server per title on its own port of 127.0.0.1.

    with DemoSites() as sites:
        sites.base_url("dakar-eco")            # http://127.0.0.1:PORT
        sites.article_url("dakar-eco/some-slug")
        sites.stats().not_modified             # 304s answered so far

Pages, feeds and sitemaps are rendered once at start. GET and HEAD honour conditional
requests (If-None-Match, else If-Modified-Since -> 304), so a re-crawl is incremental.
Every request is counted per site, so tests can check what a crawler did from the server side.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from corpus.errors import CorpusError
from tui.demo.catalog import DemoArticle, DemoDataError, load_articles
from tui.demo.content import Resource, SiteContent, build_site
from tui.demo.sites import SITES, SiteSpec

log = logging.getLogger(__name__)
HOST = "127.0.0.1"


class DemoPortBusy(CorpusError):
    """A port the demo must reuse (to keep its URLs stable) is taken by another program."""

    def __init__(self, site: str, port: int) -> None:
        super().__init__(f"port {port} of the demo site {site} is in use by another program")
        self.site = site
        self.port = port


@dataclass
class RequestStats:
    """What a site (or all of them) was asked, counted on the server side."""

    requests: int = 0
    conditional: int = 0       # requests carrying If-None-Match or If-Modified-Since
    not_modified: int = 0      # answered 304
    ok: int = 0
    not_found: int = 0
    paths: Counter[str] = field(default_factory=Counter)
    user_agents: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[tuple[str, int]] = field(default_factory=Counter)  # (kind, status)

    def add(self, other: RequestStats) -> None:
        self.requests += other.requests
        self.conditional += other.conditional
        self.not_modified += other.not_modified
        self.ok += other.ok
        self.not_found += other.not_found
        self.paths.update(other.paths)
        self.user_agents.update(other.user_agents)
        self.by_kind.update(other.by_kind)


class _SiteServer(ThreadingHTTPServer):
    """One site's server; remembers open connections so that stop() closes them all."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], content: SiteContent | None = None) -> None:
        super().__init__(address, _Handler)
        self.content = content
        self.stats = RequestStats()
        self.lock = threading.Lock()
        self._connections: set[socket.socket] = set()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up mid-request is ordinary; never print tracebacks to stderr.
        log.debug("demo site: error serving %s", client_address, exc_info=True)

    def close_connections(self) -> None:
        with self.lock:
            connections = list(self._connections)
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def count(self, path: str, status: int, conditional: bool, user_agent: str,
              kind: str) -> None:
        with self.lock:
            s = self.stats
            s.requests += 1
            s.conditional += conditional
            s.not_modified += status == 304
            s.ok += status == 200
            s.not_found += status == 404
            s.paths[path] += 1
            s.user_agents[user_agent] += 1
            s.by_kind[(kind, status)] += 1


class _Handler(BaseHTTPRequestHandler):
    server: _SiteServer
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""
    timeout = 30  # an idle keep-alive connection is closed after this many seconds
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms stall

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def _respond(self, *, send_body: bool) -> None:
        content = self.server.content
        assert content is not None
        parts = urlsplit(self.path)
        key = parts.path + (f"?{parts.query}" if parts.query else "")
        resource = content.resources.get(key)
        if resource is None and parts.query:
            # Like most CMSs, article pages ignore unknown query strings (utm_*, etc.).
            candidate = content.resources.get(parts.path)
            if candidate is not None and candidate.kind in ("article", "amp"):
                resource = candidate
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        conditional = inm is not None or ims is not None
        if resource is None:
            status = 404
            self._send(404, content.not_found, content.html_type, send_body=send_body)
        elif _not_modified(resource, inm, ims):
            status = 304
            self.send_response(304)
            self._validators(resource)
            self.end_headers()
        else:
            status = 200
            self._send(200, resource.body, resource.content_type, send_body=send_body,
                       resource=resource)
        self.server.count(key, status, conditional, self.headers.get("User-Agent", ""),
                          resource.kind if resource else "missing")

    def _send(self, status: int, body: bytes, content_type: str, *, send_body: bool,
              resource: Resource | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if resource is not None:
            self._validators(resource)
            self.send_header("Cache-Control", "public, max-age=0, must-revalidate")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _validators(self, resource: Resource) -> None:
        self.send_header("ETag", resource.etag)
        self.send_header("Last-Modified", http_date(resource.last_modified))


def http_date(value: datetime) -> str:
    return format_datetime(value.astimezone(UTC), usegmt=True)


def _not_modified(resource: Resource, inm: str | None, ims: str | None) -> bool:
    """RFC 9110: If-None-Match wins; If-Modified-Since is used only without it."""
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or resource.etag in tags
    if ims is not None:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError, IndexError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return resource.last_modified.replace(microsecond=0) <= since
    return False


class DemoSites:
    """The demo titles served on 127.0.0.1, one port each; a context manager.

    `ports` maps site names to the ports to bind (0 or absent: any free port). A port that
    cannot be bound raises DemoPortBusy: the demo reuses its ports so its URLs stay stable.
    Sites without any article are not served.
    """

    def __init__(self, articles: Sequence[DemoArticle] | None = None, *,
                 ports: Mapping[str, int] | None = None, host: str = HOST,
                 sites: Iterable[SiteSpec] = SITES) -> None:
        self.articles: list[DemoArticle] = list(articles if articles is not None
                                                else load_articles())
        specs = {s.name: s for s in sites}
        unknown = sorted({a.site for a in self.articles} - set(specs))
        if unknown:
            raise DemoDataError(f"articles of unknown demo sites: {', '.join(unknown)}")
        self.sites: tuple[SiteSpec, ...] = tuple(
            s for s in specs.values() if any(a.site == s.name for a in self.articles))
        self.host = host
        self._wanted_ports = dict(ports or {})
        self._servers: dict[str, _SiteServer] = {}
        self._threads: dict[str, threading.Thread] = {}

    # -- life cycle ---------------------------------------------------------------------
    def start(self) -> DemoSites:
        try:
            for spec in self.sites:
                port = self._wanted_ports.get(spec.name, 0)
                try:
                    server = _SiteServer((self.host, port))
                except OSError as exc:
                    raise DemoPortBusy(spec.name, port) from exc
                self._servers[spec.name] = server
            for spec in self.sites:
                server = self._servers[spec.name]
                mine = [a for a in self.articles if a.site == spec.name]
                server.content = build_site(spec, self.base_url(spec.name), mine)
                thread = threading.Thread(target=server.serve_forever, kwargs={
                    "poll_interval": 0.05}, name=f"demo-{spec.name}", daemon=True)
                thread.start()
                self._threads[spec.name] = thread
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for name, thread in self._threads.items():
            self._servers[name].shutdown()
            thread.join()
        for server in self._servers.values():
            server.close_connections()
            server.server_close()
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> DemoSites:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # -- addresses ----------------------------------------------------------------------
    @property
    def ports(self) -> dict[str, int]:
        return {name: int(server.server_address[1]) for name, server in self._servers.items()}

    def base_url(self, site: str) -> str:
        """`http://127.0.0.1:PORT` of a running site, without a trailing slash."""
        return f"http://{self.host}:{self._servers[site].server_address[1]}"

    def spec(self, site: str) -> SiteSpec:
        for spec in self.sites:
            if spec.name == site:
                return spec
        raise KeyError(site)

    def article(self, key: str) -> DemoArticle:
        for a in self.articles:
            if a.key == key:
                return a
        raise KeyError(key)

    def article_url(self, key: str) -> str:
        """The canonical URL of the article `site/slug` (the one a crawl must store)."""
        a = self.article(key)
        return self.base_url(a.site) + self.spec(a.site).article_path_of(a)

    def listed_url(self, key: str) -> str:
        """The URL listings and sitemaps link to (the AMP page on the AMP site)."""
        a = self.article(key)
        return self.base_url(a.site) + self.spec(a.site).listed_path_of(a)

    def resource(self, site: str, path: str) -> Resource | None:
        content = self._servers[site].content
        return content.resources.get(path) if content else None

    # -- what was asked -----------------------------------------------------------------
    def stats(self, site: str | None = None) -> RequestStats:
        """A snapshot of the request counts of one site, or of all together."""
        total = RequestStats()
        for name, server in self._servers.items():
            if site is None or name == site:
                with server.lock:
                    total.add(server.stats)
        return total

    def reset_stats(self) -> None:
        for server in self._servers.values():
            with server.lock:
                server.stats = RequestStats()

