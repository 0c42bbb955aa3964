"""The corpus store: upsert semantics, change feed, concurrency, crash safety, refusal."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from corpus import Article, Store, StoreError, Upsert
from tests.articles import make_article


def test_upsert_new_unchanged_changed(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.db") as store:
        a = make_article(1)
        assert store.upsert(a) is Upsert.NEW
        assert store.upsert(a) is Upsert.UNCHANGED
        record = store.record(a.id)
        assert record is not None and record.revision == 1
        changed = a.replace(text=a.text + "\n\nMise à jour : le calendrier glisse.")
        assert store.upsert(changed) is Upsert.CHANGED
        record2 = store.record(a.id)
        assert record2 is not None and record2.revision == 2
        assert record2.added_seq == record.added_seq  # still the same arrival
        assert record2.change_seq > record.change_seq
        stored = store.get(a.id)
        assert stored is not None and stored.text.endswith("le calendrier glisse.")
        assert store.count() == 1


def test_same_article_under_tracking_url_is_one_article(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.db") as store:
        a = make_article(2)
        b = a.replace(url=a.url.replace("https://www.", "HTTPS://WWW.")
                      + "?utm_source=newsletter&xtor=RSS-1&fbclid=abc#comments")
        assert a.id == b.id
        assert store.upsert(a) is Upsert.NEW
        assert store.upsert(b) is Upsert.UNCHANGED
        assert store.get(b.url) is not None


def test_change_feed_new_changed_deleted(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.db") as store:
        arts = [make_article(i) for i in range(5)]
        store.upsert_many(arts)
        mark = store.last_seq()
        assert [c.id for c in store.changes_since(0)] == [a.id for a in arts]
        store.upsert(arts[1].replace(title="Nouveau titre"))
        assert store.delete(arts[3].id)
        assert not store.delete(arts[3].id)
        changes = list(store.changes_since(mark))
        assert [(c.id, c.article is None) for c in changes] == [
            (arts[1].id, False), (arts[3].id, True)]
        assert changes[0].article is not None and changes[0].article.title == "Nouveau titre"
        # Re-adding a deleted article clears its tombstone: it appears once, as present.
        store.upsert(arts[3])
        again = list(store.changes_since(mark))
        assert [(c.id, c.article is None) for c in again][-1] == (arts[3].id, False)
        assert len({c.id for c in again}) == len(again)


def test_added_since_ignores_edits(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.db") as store:
        store.upsert_many([make_article(i) for i in range(3)])
        mark = store.last_seq()
        store.upsert(make_article(0).replace(title="Édité"))
        store.upsert(make_article(10))
        assert store.added_since(mark) == [make_article(10).id]


def test_iter_articles_streams_all_in_chunks(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.db") as store:
        store.upsert_many([make_article(i, words=20) for i in range(23)])
        got = list(store.iter_articles(chunk=5))
        assert len(got) == 23 and len({a.id for a in got}) == 23
        assert sorted(a.id for a in got) == [a.id for a in got]
        assert {a.source for a in store.iter_articles(source="source-1")} == {"source-1"}


def test_readers_work_while_a_writer_holds_a_transaction(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with Store.open(path) as writer, Store.open(path, create=False) as reader:
        writer.upsert(make_article(0))
        with writer.transaction():
            writer.upsert(make_article(1))
            # The reader is not blocked and sees only committed data.
            assert reader.count() == 1
            assert reader.get(make_article(0).id) is not None
        assert reader.count() == 2


def test_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    path.write_bytes(b"this is not sqlite at all\x00" * 100)
    with pytest.raises(StoreError, match="n’est pas un corpus Veille ou est abîmé"):
        Store.open(path)
    assert path.read_bytes().startswith(b"this is not sqlite")  # left untouched


def test_refuses_a_foreign_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (n INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="pas un corpus Veille"):
        Store.open(path)


def test_refuses_a_missing_corpus_when_not_creating(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="pas de corpus"):
        Store.open(tmp_path / "absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()


_WRITER = textwrap.dedent("""
    import sys
    from corpus import Store
    from tests.articles import make_article
    store = Store.open(sys.argv[1])
    i = 0
    while True:
        with store.transaction():
            for _ in range(25):
                store.upsert(make_article(i, words=60))
                i += 1
        print(i, flush=True)
""")


def test_sigkill_mid_batch_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path)], cwd=root,
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert proc.stdout is not None
    committed = 0
    try:
        for line in proc.stdout:
            committed = int(line)
            if committed >= 200:
                break
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    assert committed >= 200
    with Store.open(path) as store:
        assert store.count() >= committed
        ids = store.get_many(make_article(i, words=60).id for i in range(committed))
        assert len(ids) == committed
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()


def test_article_json_round_trip_and_validation() -> None:
    a = make_article(3)
    assert Article.from_json(a.to_json()) == a
    from corpus import BadArticle

    with pytest.raises(BadArticle, match="url"):
        Article.from_json({"text": "x"})
    with pytest.raises(BadArticle, match="text"):
        Article.from_json({"url": "https://a.fr/x"})
    with pytest.raises(BadArticle, match="published"):
        Article.from_json({"url": "https://a.fr/x", "text": "x", "published": "hier"})
    with pytest.raises(BadArticle, match="http"):
        Article.from_json({"url": "ftp://a.fr/x", "text": "x"})


def test_article_strips_control_characters_and_escapes() -> None:
    a = Article(url="https://a.fr/x", title="\x1b]0;pwned\x07[bold red]ALERTE[/]\x1b[31m",
                text="Un\x00 texte\x1b[2J propre\r\n\r\nDeuxième\u202e paragraphe")
    assert a.title == "[bold red]ALERTE[/]"
    assert a.text == "Un texte propre\n\nDeuxième paragraphe"
