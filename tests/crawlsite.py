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

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

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

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
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
        self._server = ThreadingHTTPServer((self.host, 0), _Handler)
        self._server.daemon_threads = True
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
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


class _RequestHandler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"

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
