"""End to end on one PostgreSQL corpus: crawler processes on two "machines" (homes), then
two researchers' homes indexing from it and finding the same articles."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from pathlib import Path

from corpus import Upsert, open_store
from tests.conftest import veille_exe
from tests.crawlsite import Request, Response, Site, article_html
from tests.pgserver import PgServer

UA = "veille-test/1.0 (+mailto:test@example.org)"
TOPICS = ["l’hydrogène vert à Tarfaya", "le port de Ndayane", "les câbleurs de Kénitra",
          "le cacao d’Abidjan", "le ciment d’Oran", "l’acier de Jorf Lasfar"]


def popen(home: Path, *args: str, store: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "VEILLE_STORE"}
    env["VEILLE_STORE"] = store
    return subprocess.Popen([veille_exe(), "--home", str(home), *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def run(home: Path, *args: str, store: str) -> subprocess.CompletedProcess[str]:
    proc = popen(home, *args, store=store)
    out, err = proc.communicate(timeout=180)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def press_site(site: Site, name: str, n: int, gate: threading.Event | None = None) -> None:
    """`n` articles under /2026/03/, a listing page; each article waits for `gate`."""
    links = "".join(f'<a href="/2026/03/{name}-{i}">{i}</a>' for i in range(n))
    site.page("/liste", f"<html><body>{links}</body></html>")
    for i in range(n):
        body = article_html(f"{name.capitalize()} {i} : {TOPICS[i % len(TOPICS)]} accélère",
                            paragraphs=[f"Article {i} de {name} sur {TOPICS[i % len(TOPICS)]}. "
                                        "Les industriels y voient « un tournant » pour la "
                                        "filière, selon les chiffres du ministère publiés "
                                        "mardi, qui tablent sur 1 200 emplois d’ici à 2027."]
                            ).encode()

        def answer(req: Request, body: bytes = body) -> Response:
            if gate is not None:
                assert gate.wait(60), "the gate never opened"
            return Response(200, body, {"Content-Type": "text/html; charset=utf-8"})

        site.route(f"/2026/03/{name}-{i}", answer)


def sources_file(path: Path, sites: dict[str, Site], timeout: int = 60) -> Path:
    """A sources file; the timeout outlasts any gate a test holds an answer behind."""
    text = f'[crawler]\nuser_agent = "{UA}"\ndelay = 0\ntimeout = {timeout}\nretries = 0\n'
    for name, site in sites.items():
        text += (f'\n[[source]]\nname = "{name}"\nurl = "{site.base}/"\n'
                 f'start_urls = ["{site.base}/liste"]\narticle_pattern = "/2026/03/"\n')
    path.write_text(text, encoding="utf-8")
    return path


def test_two_crawls_of_one_source_second_exits_75_every_article_once(
        pg_url: str, tmp_path: Path) -> None:
    gate = threading.Event()
    with Site() as site:
        press_site(site, "alpha", 6, gate)
        sources = sources_file(tmp_path / "sources.toml", {"alpha": site})
        first = popen(tmp_path / "crawler-1", "crawl", "--sources", str(sources),
                      "--no-index", "--json", store=pg_url)
        try:
            assert site.wait_for_hits(2, timeout=60), "the first crawl never started"
            second = run(tmp_path / "crawler-2", "crawl", "--sources", str(sources),
                         "--no-index", store=pg_url)
            assert second.returncode == 75, second.stderr
            assert "« alpha »" in second.stderr and f"PID {first.pid}" in second.stderr
            # Another source on the same host: refused too (one crawl per host at a time).
            twin = sources_file(tmp_path / "twin.toml", {"alpha-bis": site})
            third = run(tmp_path / "crawler-2", "crawl", "--sources", str(twin),
                        "--no-index", store=pg_url)
            assert third.returncode == 75, third.stderr
            assert "l’hôte « 127.0.0.1 »" in third.stderr
        finally:
            gate.set()
            out, err = first.communicate(timeout=180)
        assert first.returncode == 0, err
        assert json.loads(out)["new"] == 6
        again = run(tmp_path / "crawler-2", "crawl", "--sources", str(sources), "--no-index",
                    "--json", store=pg_url)  # the other machine, afterwards: nothing new
        assert again.returncode == 0, again.stderr
        assert json.loads(again.stdout)["new"] == 0
    with open_store(pg_url, create=False) as store:
        assert store.count() == 6
        records = [store.record(a.id) for a in store.iter_articles()]
        assert all(r is not None and r.revision == 1 for r in records)


def test_crawls_of_other_sources_run_at_once_then_two_homes_find_the_same(
        pg_server: PgServer, pg_url: str, tmp_path: Path) -> None:
    """Two crawler homes crawl one source each at the same time (each site answers only
    once the other has been reached: run one after the other, they would never finish);
    two researchers' homes, on the reader role, index and search the shared corpus."""
    alpha_hit, beta_hit = threading.Event(), threading.Event()
    # Two hosts (a crawl locks its hosts too): the second site on another loopback address.
    with Site() as alpha, Site(host="127.0.0.2") as beta:
        press_site(alpha, "alpha", 4, beta_hit)
        press_site(beta, "beta", 5, alpha_hit)
        alpha.route("/robots.txt", lambda req: (alpha_hit.set(), Response(404))[1])
        beta.route("/robots.txt", lambda req: (beta_hit.set(), Response(404))[1])
        both = {"alpha": alpha, "beta": beta}
        one = sources_file(tmp_path / "one.toml", both)
        crawls = [popen(tmp_path / f"crawler-{name}", "crawl", "--sources", str(one),
                        "--source", name, "--no-index", "--json", store=pg_url)
                  for name in both]
        results = [c.communicate(timeout=180) for c in crawls]
        for proc, (_, err) in zip(crawls, results, strict=True):
            assert proc.returncode == 0, err
        assert [json.loads(out)["new"] for out, _ in results] == [4, 5]
    with open_store(pg_url, create=False) as store:
        assert store.count() == 9
        _, reader = store.location.create_roles()  # type: ignore[attr-defined]
    dbname = pg_url.rsplit("/", 1)[1]
    pg_server.admin(f"CREATE ROLE equipe_{dbname} LOGIN PASSWORD 'pw-equipe' IN ROLE {reader}")
    reader_url = pg_server.url(dbname, user=f"equipe_{dbname}", password="pw-equipe")
    homes = [tmp_path / "amina", tmp_path / "bruno"]
    for home in homes:
        assert run(home, "index", store=reader_url).returncode == 0
    # --no-group: the synthetic articles share most of their text, so they are one story
    found = [json.loads(run(home, "search", "hydrogène", "--json", "--no-group",
                            store=reader_url).stdout) for home in homes]
    assert found[0]["total"] >= 2
    assert [r["id"] for r in found[0]["results"]] == [r["id"] for r in found[1]["results"]]
    # A new article: Amina's index follows the feed; Bruno's is behind until he indexes.
    with open_store(pg_url) as store:
        new = store.get(found[0]["results"][0]["id"])
        assert new is not None
        extra = new.replace(url=new.url + "-suite", title="Hydrogène : la suite à Tarfaya")
        assert store.upsert(extra) is Upsert.NEW
    assert run(homes[0], "index", store=reader_url).returncode == 0
    stats = [json.loads(run(home, "stats", "--json", store=reader_url).stdout)
             for home in homes]
    assert stats[0]["index"]["behind"] == 0 and stats[1]["index"]["behind"] == 1
    assert stats[0]["store"] == stats[1]["store"] and "pw-equipe" not in stats[0]["store"]
    assert run(homes[1], "index", store=reader_url).returncode == 0
    after = [json.loads(run(home, "search", "hydrogène suite", "--json", "--no-group",
                            store=reader_url).stdout) for home in homes]
    assert extra.id in [r["id"] for r in after[0]["results"]]
    assert [r["id"] for r in after[0]["results"]] == [r["id"] for r in after[1]["results"]]


def test_the_crawl_state_is_shared_by_the_crawler_machines(pg_url: str,
                                                           tmp_path: Path) -> None:
    """A source crawled by one machine, then by the other: the second asks conditionally
    (the first machine's ETags are on the server) and stores nothing twice."""
    with Site() as site:
        press_site(site, "alpha", 3)
        for i in range(3):  # the articles with an ETag, answering 304 to a match
            body = article_html(f"Alpha {i} : la filière accélère",
                                paragraphs=[f"Article {i}, assez long pour être gardé : les "
                                            "industriels y voient « un tournant »."]).encode()

            def answer(req: Request, body: bytes = body, tag: str = f'"v{i}"') -> Response:
                if req.headers.get("if-none-match") == tag:
                    return Response(304, b"", {"ETag": tag})
                return Response(200, body, {"Content-Type": "text/html; charset=utf-8",
                                            "ETag": tag})

            site.route(f"/2026/03/alpha-{i}", answer)
        sources = sources_file(tmp_path / "sources.toml", {"alpha": site})
        first = run(tmp_path / "crawler-1", "crawl", "--sources", str(sources), "--no-index",
                    "--json", store=pg_url)
        assert first.returncode == 0, first.stderr
        assert json.loads(first.stdout)["new"] == 3
        stats = json.loads(run(tmp_path / "crawler-2", "stats", "--json", store=pg_url).stdout)
        assert stats["crawl_state"]["urls"] >= 4  # the other machine's, before any crawl here
        second = run(tmp_path / "crawler-2", "crawl", "--sources", str(sources),
                     "--no-index", "--json", store=pg_url)
        assert second.returncode == 0, second.stderr
        assert json.loads(second.stdout)["new"] == 0
        asked = [h for h in site.hits if "/2026/03/alpha-" in h.path]
        assert len(asked) == 6
        assert all(h.headers.get("if-none-match") == f'"v{h.path[-1]}"' for h in asked[3:])
    with open_store(pg_url, create=False) as store:
        assert store.count() == 3
