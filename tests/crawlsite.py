"""A scripted web site on 127.0.0.1 for crawler tests, recording every request it receives.

    with Site() as site:
        site.page("/a", "<html>...</html>")
        site.route("/flaky", lambda req: Response(503, headers={"Retry-After": "1"})
                   if req.count == 1 else Response(200, body=b"..."))
        site.hits_for("/a")  # [Hit(path, started, headers)], started = time.monotonic()

Handlers run in the server's threads; `Response.hang` makes a handler wait (until the site
stops) before answering, `Response.chunks` streams a body without Content-Length.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from corpus import Article


@dataclass
class Hit:
    path: str                 # path and query as requested
    started: float            # time.monotonic() when the request line arrived
    headers: dict[str, str]


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    count: int                # how many times this path was asked for, this one included


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    chunks: Iterable[bytes] | None = None   # streamed, no Content-Length, then close
    hang: bool = False                      # never answer (until the site stops)
    delay: float = 0.0                      # answer after this many seconds


Handler = Callable[[Request], Response]


class Site:
    """A threaded HTTP/1.1 server with scripted routes (exact path+query, else path)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        self.routes: dict[str, Handler] = {}
        self.hits: list[Hit] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}
        self._server: ThreadingHTTPServer | None = None
        self.served = threading.Condition(self._lock)

    # -- routes --------------------------------------------------------------------------

    def route(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def page(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8",
             *, status: int = 200, headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        response = Response(status, data, {"Content-Type": content_type, **(headers or {})})
        self.routes[path] = lambda req: response

    # -- running -------------------------------------------------------------------------

    @property
    def base(self) -> str:
        assert self._server is not None
        return f"http://{self.host}:{self._server.server_address[1]}"

    def url(self, path: str = "/") -> str:
        return self.base + path

    def start(self) -> Site:
        site = self

        class _Handler(_RequestHandler):
            pass

        _Handler.site = site
        self._server = _QuietServer((self.host, self.port), _Handler)
        self._server.daemon_threads = True
        thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                  daemon=True)
        thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Site:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # -- what happened -------------------------------------------------------------------

    def hits_for(self, path: str) -> list[Hit]:
        with self._lock:
            return [h for h in self.hits if h.path == path or urlsplit(h.path).path == path]

    def wait_for_hits(self, count: int, timeout: float = 10.0) -> bool:
        """Block until the site has received `count` requests (or `timeout` passed)."""
        with self.served:
            return self.served.wait_for(lambda: len(self.hits) >= count, timeout)

    def _record(self, path: str, headers: dict[str, str]) -> Request:
        with self.served:
            self.hits.append(Hit(path, time.monotonic(), headers))
            self._counts[path] = self._counts.get(path, 0) + 1
            count = self._counts[path]
            self.served.notify_all()
        return Request(path, headers, count)

    def _handler_for(self, path: str) -> Handler | None:
        return self.routes.get(path) or self.routes.get(urlsplit(path).path)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hung up on a misbehaving endpoint is what the tests want


class _RequestHandler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        headers = {k.lower(): v for k, v in self.headers.items()}
        request = self.site._record(self.path, headers)
        handler = self.site._handler_for(self.path)
        response = handler(request) if handler else Response(
            404, b"<html><body>not found</body></html>", {"Content-Type": "text/html"})
        if response.hang:
            self.site.stopping.wait(30)
            self.close_connection = True
            return
        if response.delay:
            self.site.stopping.wait(response.delay)
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.chunks is not None:
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            try:
                for chunk in response.chunks:
                    if self.site.stopping.is_set():
                        break
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        try:
            self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


# -- pages in the register of the corpus ----------------------------------------------------

PARAGRAPHS = [
    "L’industrie française accélère sa transition énergétique : les sites de production "
    "investissent dans l’hydrogène vert et les pompes à chaleur.",
    "Selon les industriels interrogés, « la décarbonation n’est plus une option » ; elle "
    "conditionne l’accès aux marchés européens dès 2026.",
    "Les PME du secteur, souvent en retrait, rattrapent leur retard grâce aux aides de "
    "l’État et à la mutualisation des investissements.",
]


def article_html(title: str, *, paragraphs: list[str] | None = None, canonical: str = "",
                 links: Iterable[str] = (), published: str = "2026-03-02T09:00:00+01:00",
                 charset: str | None = "utf-8") -> str:
    head = f'<meta charset="{charset}">' if charset else ""
    if canonical:
        head += f'<link rel="canonical" href="{canonical}">'
    body = "".join(f"<p>{p}</p>" for p in (paragraphs or PARAGRAPHS))
    nav = "".join(f'<a href="{href}">lien</a>' for href in links)
    return (f"<!doctype html><html lang=fr><head>{head}<title>{title} | Test</title></head>"
            f"<body><nav>{nav}</nav><article><h1>{title}</h1>"
            f'<time datetime="{published}">2 mars 2026</time>{body}</article></body></html>')


def rss(items: Iterable[tuple[str, str]], *, pub_date: str = "Mon, 02 Mar 2026 09:00:00 +0100"
        ) -> str:
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><pubDate>{pub_date}</pubDate></item>"
        for link, title in items)
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Flux</title><link>http://example.invalid/</link>{entries}</channel></rss>")


def simple_extract(html: str | bytes, url: str, *, fetched_at: object = None,
                   selectors: dict[str, str] | None = None) -> Article | None:
    """A tiny stand-in extractor for crawler tests: <h1> and <p> of the <article>."""
    from bs4 import BeautifulSoup

    from corpus import Article

    soup = BeautifulSoup(html, "lxml")
    node = soup.find("article")
    if node is None:
        return None
    h1 = node.find("h1")
    text = "\n\n".join(p.get_text(" ", strip=True) for p in node.find_all("p"))
    if not text:
        return None
    time_node = node.find("time")
    published = time_node.get("datetime") if time_node is not None else None
    return Article(url=url, text=text, title=h1.get_text(strip=True) if h1 else "",
                   published=published if isinstance(published, str) else None)


# -- a static site in its own process, for timing measured from the server side ----------------

class StaticSite:
    """Static routes served by another process (`python -m tests.crawlsite`).

    Request start times taken in the test's own process can be late by a garbage collection
    pause of the whole interpreter; a server process of its own records them faithfully.
    `routes` maps a path to {"status", "headers", "body"}, or to {"sequence": [...]} of
    such answers (plus an optional "delay" in seconds), one per request, the last repeated.
    """

    def __init__(self, routes: dict[str, dict[str, Any]]) -> None:
        self.routes = routes
        self._proc: subprocess.Popen[str] | None = None
        self.base = ""

    def __enter__(self) -> StaticSite:
        root = Path(__file__).resolve().parent.parent
        self._proc = subprocess.Popen([sys.executable, "-m", "tests.crawlsite"], cwd=root,
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.write(json.dumps(self.routes) + "\n")
        self._proc.stdin.flush()
        self.base = self._proc.stdout.readline().strip()
        assert self.base.startswith("http://"), "the static site did not start"
        return self

    def __exit__(self, *exc: object) -> None:
        if self._proc is not None:
            assert self._proc.stdin is not None
            self._proc.stdin.close()
            self._proc.wait(10)
            if self._proc.stdout is not None:
                self._proc.stdout.close()
            self._proc = None

    def url(self, path: str = "/") -> str:
        return self.base + path

    def hits(self) -> list[Hit]:
        with urllib.request.urlopen(self.base + "/__hits", timeout=10) as response:
            data = json.loads(response.read())
        return [Hit(path, started, headers) for path, started, headers in data]


def _answer(spec: dict[str, Any]) -> Response:
    body = spec.get("body", "")
    return Response(spec.get("status", 200), body.encode() if isinstance(body, str) else body,
                    {"Content-Type": spec.get("content_type", "text/html"),
                     **spec.get("headers", {})}, delay=spec.get("delay", 0.0))


def _serve_static() -> None:
    routes = json.loads(sys.stdin.readline())
    site = Site()
    for path, spec in routes.items():
        site.page(path, spec.get("body", ""), spec.get("content_type", "text/html"),
                  status=spec.get("status", 200), headers=spec.get("headers", {}))
        if "sequence" in spec:   # one answer per request, the last one repeated
            site.route(path, lambda req, seq=spec["sequence"]: _answer(seq[min(req.count,
                                                                             len(seq)) - 1]))

    def hits(req: Request) -> Response:
        with site._lock:
            data = [[h.path, h.started, h.headers] for h in site.hits if h.path != "/__hits"]
        return Response(200, json.dumps(data).encode(), {"Content-Type": "application/json"})

    site.route("/__hits", hits)
    with site:
        sys.stdout.write(site.base + "\n")
        sys.stdout.flush()
        sys.stdin.read()   # until the test closes our stdin


if __name__ == "__main__":
    _serve_static()


def stalling_extract(html: str | bytes, url: str, *, fetched_at: object = None,
                     selectors: dict[str, str] | None = None) -> Article | None:
    """simple_extract, except that a URL holding "lente" never finishes (busy loop)."""
    while "lente" in url:
        pass
    return simple_extract(html, url, fetched_at=fetched_at, selectors=selectors)
