"""A team's homes on one PostgreSQL corpus, through the `veille` command: init, stats,
the reader and writer roles, the crawl lock across runs, store copy both ways."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from corpus import Home, locate, open_store
from tests.articles import make_article
from tests.conftest import veille_exe
from tests.crawlsite import Site
from tests.pgserver import ADMIN_PASSWORD, PgServer
from tests.test_crawl_cli import add_articles, write_sources


def veille(home: Path, *args: str, env: dict[str, str] | None = None,
           stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k != "VEILLE_STORE"}
    full.update(env or {})
    return subprocess.run([veille_exe(), "--home", str(home), *args], capture_output=True,
                          text=True, timeout=180, env=full, input=stdin and stdin.decode())


def _jsonl(path: Path, first: int, last: int) -> Path:
    path.write_text("".join(make_article(i, words=60).dumps() + "\n"
                            for i in range(first, last)), encoding="utf-8")
    return path


def _role_url(server: PgServer, url: str, role: str, login: str) -> str:
    dbname = url.rsplit("/", 1)[1]
    name = f"{login}_{dbname}"  # roles are the cluster's: one per test database
    server.admin(f"CREATE ROLE {name} LOGIN PASSWORD 'pw-{login}-42' IN ROLE {role}")
    return server.url(dbname, user=name, password=f"pw-{login}-42")


def test_init_store_writes_config_creates_schema_and_stats_names_it(
        pg_url: str, tmp_path: Path) -> None:
    home = tmp_path / "h"
    r = veille(home, "init", "--store", pg_url)
    assert r.returncode == 0, r.stderr
    assert ADMIN_PASSWORD not in r.stdout + r.stderr
    assert "_writer" in r.stdout and "_reader" in r.stdout
    config = home / "veille.toml"
    assert pg_url in config.read_text(encoding="utf-8")
    assert (config.stat().st_mode & 0o077) == 0  # a password inside: owner only
    r = veille(home, "import", str(_jsonl(tmp_path / "a.jsonl", 0, 5)), "--no-index")
    assert r.returncode == 0, r.stderr
    assert not (home / "corpus.sqlite3").exists()  # the articles went to PostgreSQL
    with open_store(Home.resolve(home), create=False) as store:
        assert store.count() == 5
    stats = veille(home, "stats", "--json")
    data = json.loads(stats.stdout)
    assert data["articles"] == 5
    assert data["store"].startswith("postgresql://") and ADMIN_PASSWORD not in stats.stdout
    text = veille(home, "stats").stdout
    assert "corpus : postgresql://veille_admin:***@" in text
    again = veille(home, "init", "--store", pg_url)  # harmless a second time
    assert again.returncode == 0 and "5 articles" in again.stdout


def test_bad_store_urls_exit_2_without_traceback(tmp_path: Path) -> None:
    r = veille(tmp_path / "h", "init", "--store", "mysql://u:secret@h/db")
    assert r.returncode == 2 and "secret" not in r.stderr and "Traceback" not in r.stderr
    (tmp_path / "h2").mkdir()
    (tmp_path / "h2" / "veille.toml").write_text('store = "redis://x"\n', encoding="utf-8")
    r = veille(tmp_path / "h2", "stats")
    assert r.returncode in (0, 2) and "Traceback" not in r.stderr


def test_reader_home_reads_indexes_searches_and_may_not_write(
        pg_server: PgServer, pg_url: str, tmp_path: Path) -> None:
    admin_home = tmp_path / "admin"
    assert veille(admin_home, "init", "--store", pg_url).returncode == 0
    assert veille(admin_home, "import", str(_jsonl(tmp_path / "a.jsonl", 0, 8)),
                  "--no-index").returncode == 0
    with open_store(Home.resolve(admin_home), create=False) as store:
        writer_role, reader_role = store.location.create_roles()  # type: ignore[attr-defined]
    reader_url = _role_url(pg_server, pg_url, reader_role, "chercheuse")
    home = tmp_path / "lectrice"
    init = veille(home, "init", "--store", reader_url)
    assert init.returncode == 0 and "lecture seule" in init.stdout, init.stderr
    assert "rôles" not in init.stdout and "pw-chercheuse-42" not in init.stdout
    env = {"VEILLE_STORE": reader_url}
    index = veille(home, "index", env=env)
    assert index.returncode == 0, index.stderr
    found = veille(home, "search", "hydrogène", "--json", env=env)
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["total"] > 0
    export = veille(home, "export", env=env)
    assert export.returncode == 0 and export.stdout.count("\n") == 8
    for args in (["import", str(_jsonl(tmp_path / "b.jsonl", 8, 10)), "--no-index"],
                 ["store", "copy", "--from", str(tmp_path / "x.sqlite3"), "--to", reader_url]):
        if args[0] == "store":
            src = tmp_path / "x"
            assert veille(src, "import", str(tmp_path / "b.jsonl"), "--no-index").returncode == 0
            args[3] = str(src / "corpus.sqlite3")
        r = veille(home, *args, env=env)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert "droit de lire" in r.stderr and "chercheuse" in r.stderr
        assert "pw-chercheuse-42" not in r.stderr and "Traceback" not in r.stderr
    writer_url = _role_url(pg_server, pg_url, writer_role, "robot")
    r = veille(tmp_path / "robot", "import", str(tmp_path / "b.jsonl"), "--no-index",
               env={"VEILLE_STORE": writer_url})
    assert r.returncode == 0, r.stderr
    with open_store(Home.resolve(admin_home), create=False) as store:
        assert store.count() == 10


def test_reader_crawl_exits_2_before_fetching(pg_server: PgServer, pg_url: str,
                                              tmp_path: Path) -> None:
    assert veille(tmp_path / "admin", "init", "--store", pg_url).returncode == 0
    with open_store(pg_url) as store:
        _, reader_role = store.location.create_roles()  # type: ignore[attr-defined]
    reader_url = _role_url(pg_server, pg_url, reader_role, "lecteur")
    with Site() as site:
        add_articles(site, 2)
        sources = write_sources(tmp_path / "sources.toml", site, 2)
        r = veille(tmp_path / "l", "crawl", "--sources", str(sources),
                   env={"VEILLE_STORE": reader_url})
        assert r.returncode == 2, r.stderr
        assert "droit de lire" in r.stderr
        assert site.hits_for("/liste") == []


def test_second_crawl_on_the_shared_store_exits_75(pg_url: str, tmp_path: Path) -> None:
    """A crawl of the source holding its lock (another machine: another home) makes a
    second `veille crawl` of it exit 75 saying who holds it."""
    assert veille(tmp_path / "a", "init", "--store", pg_url).returncode == 0
    with Site() as site:
        add_articles(site, 2)
        sources = write_sources(tmp_path / "sources.toml", site, 2)
        with locate(pg_url).crawl_lock(["essai"]):  # type: ignore[attr-defined]
            r = veille(tmp_path / "b", "crawl", "--sources", str(sources),
                       env={"VEILLE_STORE": pg_url})
            assert r.returncode == 75, r.stderr
            assert "« essai »" in r.stderr and f"PID {os.getpid()}" in r.stderr
            assert ADMIN_PASSWORD not in r.stderr
            assert site.hits_for("/liste") == []
        r = veille(tmp_path / "b", "crawl", "--sources", str(sources), "--no-index",
                   env={"VEILLE_STORE": pg_url})
        assert r.returncode == 0, r.stderr


def test_store_copy_both_ways_and_resume(pg_url: str, tmp_path: Path) -> None:
    local = tmp_path / "local"
    assert veille(local, "import", str(_jsonl(tmp_path / "a.jsonl", 0, 30)),
                  "--no-index").returncode == 0
    r = veille(local, "store", "copy", "--to", pg_url, "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["ok"] and data["source_articles"] == 30 and data["copied"]["new"] == 30
    assert ADMIN_PASSWORD not in r.stdout
    back = tmp_path / "back.sqlite3"
    r = veille(local, "store", "copy", "--from", pg_url, "--to", str(back), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["destination_articles"] == 30
    with open_store(str(back), create=False) as copy, open_store(pg_url) as pg:
        assert sorted(a.dumps() for a in copy.iter_articles()) == \
            sorted(a.dumps() for a in pg.iter_articles())
    r = veille(local, "store", "copy", "--to", str(local / "corpus.sqlite3"))
    assert r.returncode == 2  # onto itself


def test_copy_resumes_after_the_last_committed_batch(pg_url: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from corpus.store import copy as store_copy

    monkeypatch.setattr(store_copy, "BATCH", 10)
    with open_store(str(tmp_path / "c.sqlite3")) as source:
        source.upsert_many(make_article(i, words=40) for i in range(35))
        with open_store(pg_url) as dest:
            real = dest.upsert_many
            calls = {"n": 0}

            def failing(articles: object, batch_size: int = 500) -> dict[str, int]:
                calls["n"] += 1
                if calls["n"] == 3:
                    raise ConnectionError("connexion perdue")
                return real(articles, batch_size)  # type: ignore[arg-type]

            monkeypatch.setattr(dest, "upsert_many", failing)
            with pytest.raises(ConnectionError):
                store_copy.copy_corpus(source, dest)
            assert dest.count() == 20  # two batches committed, the third rolled back
            monkeypatch.setattr(dest, "upsert_many", real)
            result = store_copy.copy_corpus(source, dest)
            assert result.resumed_after is not None and result.ok
            assert result.copied["new"] == 15 and dest.count() == 35
            assert not store_copy.copy_corpus(source, dest).resumed_after  # done: cleared
