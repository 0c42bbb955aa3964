"""Crawl speed and memory: a local press site of N article pages, no politeness delay.

    .venv/bin/python -m bench.crawl_perf [--pages 2000] [--per-host 8] [--concurrency 16]

A server process (so that it does not share the crawler's interpreter) serves a sitemap of
N article pages (~25 KB each: navigation, footer and a ~600-word French article written by
this script). The crawler runs in this process into a fresh home with the real extractor,
as `veille crawl --no-index` would. Reports pages/s overall and the crawler process's RSS
when 25%, 50% and 100% of the pages were done, and its peak (sampled every 20 ms): memory
must stay flat in the number of pages. A second run re-validates all pages (conditional
GET, the server answers 304) and reports that too.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

WORDS = (
    "industrie usine production énergie hydrogène vert solaire éolien réseau port conteneur "
    "logistique phosphate engrais ciment acier automobile câblage aéronautique textile "
    "agroalimentaire investissement milliards emplois exportations marché filière "
    "compétitivité transition décarbonation partenariat stratégie capacité mégawatts tonnes "
    "croissance trimestre chiffre affaires PME IA UE COP28 5G 4.0"
).split()
GLUE = "le la les de des du un une et à au aux pour sur dans avec par qui que est".split()
NAV = "".join(f'<li><a href="/rubrique/{w}/">{w.capitalize()}</a></li>' for w in WORDS[:30])


def article_page(i: int) -> bytes:
    rng = random.Random(i)
    words = [rng.choice(GLUE) if rng.random() < 0.45 else rng.choice(WORDS) for _ in range(600)]
    paragraphs = "".join(f"<p>{' '.join(words[k:k + 60]).capitalize()}.</p>"
                         for k in range(0, 600, 60))
    title = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
    related = "".join(f'<li><a href="/2026/03/article-{(i + k) % 97}">Lire aussi {k}</a></li>'
                      for k in range(1, 9))
    footer = "<p>Mentions légales · Contact · Abonnement · Publicité</p>" * 10
    html = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>{title} | Le Journal de Bench</title>"
        f'<meta name="description" content="{title}">'
        '<meta property="og:type" content="article">'
        f'<link rel="canonical" href="/2026/03/article-{i}"></head><body>'
        f'<header><nav><ul>{NAV}</ul></nav></header><main><article>'
        f"<h1>{title}</h1><p class=\"byline\">Par Rédaction Bench</p>"
        f'<time datetime="2026-03-{1 + i % 28:02d}T08:00:00+01:00">mars 2026</time>'
        f'<div class="article-content">{paragraphs}</div></article>'
        f"<aside><ul>{related}</ul></aside></main><footer>{footer}</footer></body></html>"
    )
    return html.encode("utf-8")


def serve(pages: int, port_out: Any, stop: Any) -> None:
    cache: dict[int, bytes] = {}
    sitemap = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               + "".join(f"<url><loc>{{base}}/2026/03/article-{i}</loc></url>"
                         for i in range(pages)) + "</urlset>")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            path = self.path
            etag = f'"{path}"'
            if path == "/sitemap.xml":
                host = self.headers.get("Host", "")
                body = sitemap.replace("{base}", f"http://{host}").encode()
                ctype = "application/xml"
            elif path.startswith("/2026/03/article-"):
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                i = int(path.rsplit("-", 1)[1])
                if i not in cache:
                    cache[i] = article_page(i)
                body, ctype = cache[i], "text/html; charset=utf-8"
            else:
                body, ctype = b"not found", "text/plain"
                self.send_response(404)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: Any, client_address: Any) -> None:
            pass  # a client closing a kept-alive connection at the end is no news

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port_out.put(server.server_address[1])
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    stop.wait()
    server.shutdown()


def rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 1e6


def crawl_once(home: Path, sources_path: Path, pages: int) -> dict[str, Any]:
    import crawler

    peak = [rss_mb()]
    at: dict[str, float] = {}
    running = threading.Event()
    running.set()

    def sample() -> None:
        while running.is_set():
            peak[0] = max(peak[0], rss_mb())
            time.sleep(0.02)

    marks = {max(1, pages // 4): "25%", max(1, pages // 2): "50%", pages: "100%"}

    def progress(done: int, total: int | None, detail: str | None) -> None:
        label = marks.get(done - 1)   # the sitemap is the first page
        if label and label not in at:
            at[label] = rss_mb()

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    report = crawler.crawl(home, crawler.load_sources(sources_path), progress=progress)
    seconds = time.perf_counter() - started
    running.clear()
    sampler.join()
    return {"seconds": seconds, "report": report.to_json(), "rss_at": at, "peak": peak[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--per-host", type=int, default=8)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    ports: Any = multiprocessing.Queue()
    stop = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(args.pages, ports, stop), daemon=True)
    server.start()
    port = ports.get(timeout=30)
    base = f"http://127.0.0.1:{port}"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp) / "home"
            sources = Path(tmp) / "sources.toml"
            sources.write_text(
                f'[crawler]\nuser_agent = "veille-bench/0.1"\nconcurrency = {args.concurrency}\n'
                f'per_host = {args.per_host}\ndelay = 0\ntimeout = 30\n\n'
                f'[[source]]\nname = "bench"\nurl = "{base}/"\n'
                f'sitemaps = ["{base}/sitemap.xml"]\narticle_pattern = "/2026/03/"\n'
                f"max_pages = {args.pages + 10}\n", encoding="utf-8")
            baseline = rss_mb()
            first = crawl_once(home, sources, args.pages)
            second = crawl_once(home, sources, args.pages)
    finally:
        stop.set()
        server.join(10)
    for name, run in (("first crawl", first), ("re-crawl (304)", second)):
        rep = run["report"]
        rate = rep["fetched"] / run["seconds"]
        at = ", ".join(f"{k} {v:.0f} MB" for k, v in run["rss_at"].items())
        print(f"{name}: {rep['fetched']} pages in {run['seconds']:.1f} s = {rate:.0f} pages/s; "
              f"new {rep['new']}, unchanged {rep['unchanged']}, failed {rep['failed']}; "
              f"RSS at {at}; peak {run['peak']:.0f} MB (before: {baseline:.0f} MB)")
    print(json.dumps({"pages": args.pages, "first": first, "recrawl": second}, default=str))


if __name__ == "__main__":
    main()
