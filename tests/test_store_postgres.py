"""The PostgreSQL store on a real server: atomic batches, ordered feed under concurrent
writers, migrations, the two roles, advisory locks, passwords never shown."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus import Article, LockHeld, StoreError, Upsert
from corpus.errors import ReadOnlyStore
from corpus.store.postgres import PostgresLocation, locate
from corpus.store.postgres.store import PostgresStore
from tests.articles import make_article
from tests.pgserver import ADMIN_PASSWORD, PgServer


@pytest.fixture
def store(pg_url: str) -> Iterator[PostgresStore]:
    with locate(pg_url).open() as opened:
        yield opened


def _login(server: PgServer, url: str, role: str, name: str, password: str) -> str:
    """A login role `name` member of `role`, and the URL connecting as it."""
    dbname = url.rsplit("/", 1)[1]
    name = f"{name}_{dbname}"  # roles are the cluster's: one per test database
    server.admin(f"CREATE ROLE {name} LOGIN PASSWORD '{password}' IN ROLE {role}")
    return server.url(dbname, user=name, password=password)


def test_a_failing_batch_commits_nothing(store: PostgresStore) -> None:
    store.upsert(make_article(0))
    before = store.last_seq()

    class Boom(Exception):
        pass

    def articles() -> Iterator[Article]:
        yield make_article(1)
        yield make_article(2)
        raise Boom

    with pytest.raises(Boom):
        with store.transaction():
            store.upsert_many(articles(), batch_size=10)
    assert store.count() == 1
    assert store.last_seq() == before
    assert store.get(make_article(1).id) is None
    assert store.story_of(make_article(1).id) is None  # the story tables rolled back too


def test_two_writers_interleave_and_the_feed_never_skips(pg_url: str) -> None:
    """Two connections upsert overlapping articles at once: each article stored once,
    sequence numbers unique and gap-free, and a follower's watermark sees every change."""
    location = locate(pg_url)
    location.open().close()
    errors: list[BaseException] = []

    def write(offset: int) -> None:
        try:
            with location.open() as mine:
                for i in range(offset, offset + 40):
                    mine.upsert_many([make_article(i % 50, words=60)], batch_size=1)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    seen: dict[str, int] = {}
    with location.open() as follower:
        threads = [threading.Thread(target=write, args=(k * 20,)) for k in range(2)]
        for t in threads:
            t.start()
        mark = 0
        while any(t.is_alive() for t in threads):
            for change in follower.changes_since(mark):
                seen[change.id] = change.seq
                mark = change.seq
        for t in threads:
            t.join()
        for change in follower.changes_since(mark):
            seen[change.id] = change.seq
        assert not errors
        assert follower.count() == 50
        assert set(seen) == {make_article(i).id for i in range(50)}
        records = [follower.record(aid) for aid in seen]
        assert all(r is not None and r.revision == 1 for r in records)
        assert sorted(r.added_seq for r in records if r) == list(range(1, 51))
        assert follower.last_seq() == 50


def test_upgrade_refuses_a_newer_schema_and_a_missing_corpus(pg_url: str,
                                                             pg_server: PgServer) -> None:
    with pytest.raises(StoreError, match="pas de corpus Veille"):
        locate(pg_url).open(create=False)
    assert not locate(pg_url).exists()
    locate(pg_url).open().close()
    assert locate(pg_url).exists()
    dbname = pg_url.rsplit("/", 1)[1]
    pg_server.admin("INSERT INTO veille.schema_version(version) VALUES (99)", dbname)
    with pytest.raises(StoreError, match="plus récente"):
        locate(pg_url).open()


def test_reader_role_reads_and_may_not_write(pg_url: str, pg_server: PgServer) -> None:
    with locate(pg_url).open() as owner:
        owner.upsert_many(make_article(i) for i in range(3))
    writer_role, reader_role = locate(pg_url).create_roles()
    reader_url = _login(pg_server, pg_url, reader_role, "lectrice", "secret-lecture")
    writer_url = _login(pg_server, pg_url, writer_role, "robot", "secret-ecriture")
    with locate(reader_url).open() as reader:
        assert not reader.writable
        assert reader.count() == 3
        assert len(list(reader.changes_since(0))) == 3
        with pytest.raises(ReadOnlyStore, match="lectrice"):
            reader.upsert(make_article(9))
    with pytest.raises(ReadOnlyStore, match="droit de lire"):
        locate(reader_url).writer_lock("crawl").acquire()
    with locate(writer_url).open() as writer:
        assert writer.writable
        assert writer.upsert(make_article(9)) is Upsert.NEW
        assert writer.delete(make_article(0).id)
        with pytest.raises(ReadOnlyStore):  # no DDL, no tampering with the schema version
            writer._q("DELETE FROM schema_version")
    with locate(writer_url).writer_lock("crawl"):
        pass


def test_advisory_lock_per_kind(pg_url: str) -> None:
    location = locate(pg_url)
    location.open().close()
    with location.writer_lock("crawl"):
        with pytest.raises(LockHeld) as held:
            locate(pg_url).writer_lock("crawl").acquire()
        assert "crawl" in str(held.value) and ADMIN_PASSWORD not in str(held.value)
        assert f"PID {os.getpid()}" in str(held.value)  # who holds it, from the server
        with location.writer_lock("import"):  # another kind: its own lock
            pass
    with locate(pg_url).writer_lock("crawl"):  # released on leaving
        pass


def test_index_lock_is_the_homes_own(pg_url: str, tmp_path: object) -> None:
    from pathlib import Path

    from corpus import Home

    assert isinstance(tmp_path, Path)
    one, two = Home.resolve(tmp_path / "a"), Home.resolve(tmp_path / "b")
    with PostgresLocation(pg_url, one).writer_lock("index"):
        with PostgresLocation(pg_url, two).writer_lock("index"):  # two homes index at once
            pass
        with pytest.raises(LockHeld):
            PostgresLocation(pg_url, one).writer_lock("index").acquire()


def test_password_never_shown(pg_server: PgServer, pg_url: str) -> None:
    location = locate(pg_url)
    assert ADMIN_PASSWORD not in location.display and "***" in location.display
    bad = pg_url.replace("127.0.0.1", "127.0.0.1").replace(
        pg_server.url().split("@")[0].split(":", 2)[2], "faux-mot-de-passe-123")
    with pytest.raises(StoreError) as failed:
        locate(bad).open()
    assert "faux-mot-de-passe-123" not in str(failed.value)
    assert "connexion impossible" in str(failed.value)


def test_password_from_pgpassfile_and_libpq_params(pg_server: PgServer, pg_url: str,
                                                   tmp_path: object,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    dbname = pg_url.rsplit("/", 1)[1]
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"127.0.0.1:{pg_server.port}:*:veille_admin:{ADMIN_PASSWORD}\n")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    url = pg_server.url(dbname, password=None) + "?sslmode=disable&application_name=essai"
    with locate(url).open() as opened:
        assert opened.count() == 0
        row = opened._q("SELECT application_name FROM pg_stat_activity WHERE pid = "
                        "pg_backend_pid()")
        assert row[0][0] == "essai"
    with pytest.raises(StoreError, match="SSL"):  # sslmode=require against a server without
        locate(pg_server.url(dbname, password=None) + "?sslmode=require").open()


def test_crawl_locks_per_source_all_or_none(pg_url: str) -> None:
    location = locate(pg_url)
    location.open().close()
    with location.crawl_lock(["usine", "dakar"]):
        with locate(pg_url).crawl_lock(["tunis", "abidjan"]):  # other sources: at once
            pass
        with pytest.raises(LockHeld) as held:
            locate(pg_url).crawl_lock(["tunis", "dakar"]).acquire()
        assert "« dakar »" in str(held.value)
        with locate(pg_url).crawl_lock(["tunis"]):  # the refused run took nothing
            pass
    with locate(pg_url).crawl_lock(["dakar"]):
        pass


def test_crawl_locks_per_host(pg_url: str) -> None:
    """Two sources on one host are never crawled by two processes at once."""
    location = locate(pg_url)
    location.open().close()
    with location.crawl_lock(["usine"], ["www.usine.ma", "amp.usine.ma"]):
        with pytest.raises(LockHeld) as held:
            locate(pg_url).crawl_lock(["usine-energie"], ["WWW.usine.ma"]).acquire()
        assert "l’hôte « www.usine.ma »" in str(held.value)
        with locate(pg_url).crawl_lock(["dakar"], ["www.dakar.sn"]):
            pass


def test_batch_with_duplicates_and_a_resurrected_article(store: PostgresStore) -> None:
    """Inside one batch: the same article twice (second copy unchanged, third changed), and
    an article deleted earlier coming back (its tombstone goes)."""
    gone = make_article(5)
    store.upsert(gone)
    assert store.delete(gone.id)
    a = make_article(6)
    edited = a.replace(title="Titre corrigé")
    counts = store.upsert_many([a, a, edited, gone], batch_size=10)
    assert counts == {"new": 2, "changed": 1, "unchanged": 1}
    record = store.record(a.id)
    assert record is not None and record.revision == 2
    feed = list(store.changes_since(0))
    assert [c.id for c in feed].count(gone.id) == 1 and all(c.article for c in feed)
    stored = store.get(a.id)
    assert stored is not None and stored.title == "Titre corrigé"


_WRITER = """
import sys
from corpus.store.postgres import locate
from tests.articles import make_article
with locate(sys.argv[1]).open() as store:
    i = 0
    while True:
        store.upsert_many([make_article(i + k, words=40) for k in range(20)], batch_size=20)
        i += 20
        print(i, flush=True)
"""

_LOCKER = """
import sys, time
from corpus.store.postgres import locate
with locate(sys.argv[1]).crawl_lock(["essai"]):
    print("pris", flush=True)
    sys.stdin.read()
"""


def _child(code: str, url: str) -> subprocess.Popen[str]:
    root = Path(__file__).resolve().parent.parent
    return subprocess.Popen([sys.executable, "-c", code, url], cwd=root, text=True,
                            stdout=subprocess.PIPE, stdin=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(root)})


def test_sigkill_mid_batch_loses_nothing_committed(pg_url: str) -> None:
    locate(pg_url).open().close()
    proc = _child(_WRITER, pg_url)
    assert proc.stdout is not None
    committed = 0
    try:
        for line in proc.stdout:
            committed = int(line)
            if committed >= 100:
                break
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        assert proc.stdin is not None
        proc.stdin.close()
    with locate(pg_url).open() as store:
        count = store.count()
        assert count >= committed and count % 20 == 0  # whole batches only
        assert store.last_seq() == count
        assert len(store.get_many(make_article(i, words=40).id for i in range(count))) == count
        assert len(set(store.stories_of(a.id for a in store.iter_articles()))) == count


def test_a_killed_crawl_releases_its_source_lock(pg_url: str) -> None:
    locate(pg_url).open().close()
    proc = _child(_LOCKER, pg_url)
    assert proc.stdout is not None and proc.stdin is not None
    try:
        assert proc.stdout.readline().strip() == "pris"
        with pytest.raises(LockHeld):
            locate(pg_url).crawl_lock(["essai"]).acquire()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        proc.stdin.close()
    # The kernel closed the dead process's socket: the server ends its session and its
    # locks; the next crawl takes the lock (retrying for the server to notice, at most 10 s).
    deadline = time.monotonic() + 10
    while True:
        try:
            with locate(pg_url).crawl_lock(["essai"]):
                break
        except LockHeld:
            assert time.monotonic() < deadline, "the lock outlived its killed holder"
            time.sleep(0.05)


def test_a_version_1_corpus_is_upgraded_and_its_roles_get_the_new_tables(
        pg_url: str, pg_server: PgServer) -> None:
    from corpus.store.postgres import schema

    location = locate(pg_url)
    conn = location.connect()
    with conn.transaction(), conn.cursor() as cur:  # a corpus as Veille's schema 1 made it
        cur.execute("CREATE SCHEMA veille")
        cur.execute("CREATE TABLE veille.schema_version (version integer PRIMARY KEY, "
                    "applied_at timestamptz NOT NULL DEFAULT now())")
        schema.STEPS[1](cur)
        cur.execute("INSERT INTO veille.schema_version(version) VALUES (1)")
        cur.execute("UPDATE veille.feed SET seq = 1")
        cur.execute("INSERT INTO veille.articles SELECT 'a1', 'https://x.ma/a1', 'Titre', '', "
                    "'Texte', NULL, NULL, '', 'x', '', '[]'::jsonb, 'fr', NULL, false, '', "
                    "'h', 1, 1, 1, '2026-12-01T00:00:00+00:00', '2026-12-01T00:00:00+00:00'")
    conn.close()
    writer_role, _ = location.create_roles()  # roles made while the schema was at 1
    writer_url = _login(pg_server, pg_url, writer_role, "ancien", "secret-ancien")
    with pytest.raises(StoreError, match="propriétaire"):  # a writer may not migrate
        locate(writer_url).open()
    with location.open() as upgraded:
        assert upgraded.count() == 1 and upgraded.last_seq() == 1
        versions = upgraded._q("SELECT version FROM schema_version ORDER BY 1")
        assert [v[0] for v in versions] == list(range(1, schema.LATEST + 1))
    state = locate(writer_url).side_db("crawl")
    assert state is not None
    with state:  # the writer role got the table the upgrade made
        state.execute("INSERT INTO urls(url, source, kind, status, first_seen, last_seen) "
                      "VALUES (?, ?, 'article', 'pending', ?, ?)",
                      ("https://x.ma/a", "x", "2026-12-01", "2026-12-01"))
        assert state.execute("SELECT count(*) FROM urls").fetchone()[0] == 1


def test_without_the_driver_a_postgresql_store_is_bad_input(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Veille installed without the `team` extra: one line saying what to install, exit 2."""
    from corpus.store import BadStoreConfig
    from tui.cli.program import main

    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(BadStoreConfig, match="veille\\[team\\]"):
        locate("postgresql://u@127.0.0.1:1/base").exists()
    monkeypatch.setenv("VEILLE_STORE", "postgresql://u:secret@127.0.0.1:1/base")
    assert main(["--home", str(tmp_path / "h"), "search", "hydrogène"]) == 2
    err = capsys.readouterr().err
    assert "veille[team]" in err and "secret" not in err and err.count("\n") == 1
