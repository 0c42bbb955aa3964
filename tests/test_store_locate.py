"""Which store a home uses: $VEILLE_STORE, then `store` in veille.toml, else the home's
SQLite file; bad or unavailable stores exit 2 with one line that never shows a password."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpus import Home, Upsert, open_store, redact_url, store_exists
from corpus.store import ENV_VAR, BadStoreConfig, SqliteLocation, locate
from tests.articles import make_article


def test_without_configuration_the_home_has_its_sqlite_file(home: Home,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    where = locate(home)
    assert isinstance(where, SqliteLocation) and where.path == home.corpus_db
    assert where.lock_file == home.lock_file
    assert not store_exists(home) and not home.has_corpus()
    with open_store(home) as store:
        store.upsert(make_article(1))
    assert home.corpus_db.exists() and home.has_corpus()


def test_veille_toml_names_the_store_and_the_environment_wins(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    home = Home(tmp_path / "home").ensure()
    (home.root / "veille.toml").write_text('store = "sqlite:partage/corpus.sqlite3"\n',
                                          encoding="utf-8")
    shared = home.root / "partage" / "corpus.sqlite3"
    with open_store(home) as store:  # relative to the home
        assert store.upsert(make_article(1)) is Upsert.NEW
    assert shared.exists() and not home.corpus_db.exists() and home.has_corpus()
    side = locate(home)
    assert isinstance(side, SqliteLocation) and side.side_dir == home.root
    with open_store(home) as store:  # the open store knows where it was found
        assert isinstance(store.location, SqliteLocation)
        assert store.location.side_dir == home.root and store.location.path == shared
        assert store.location.lock_file == shared.with_name("writer.lock")
    other = tmp_path / "ailleurs.sqlite3"
    monkeypatch.setenv(ENV_VAR, f"sqlite://{other}")
    assert not home.has_corpus()
    with open_store(home) as store:
        assert store.count() == 0
    assert other.exists()
    monkeypatch.setenv(ENV_VAR, str(shared))  # a bare path
    with open_store(home, create=False) as store:
        assert store.count() == 1


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://veille:s3cr3t@db.example:5432/presse",
     "postgresql://veille:***@db.example:5432/presse"),
    ("postgres://veille@db.example/presse?sslmode=require&password=s3cr3t",
     "postgres://veille@db.example/presse?sslmode=require&password=***"),
    ("sqlite:///srv/veille/corpus.sqlite3", "sqlite:///srv/veille/corpus.sqlite3"),
])
def test_redact_url_never_shows_a_password(url: str, shown: str) -> None:
    assert redact_url(url) == shown


@pytest.mark.parametrize(("config", "expected"), [
    ('store = "mysql://veille:s3cr3t@db/presse"', "adresse de corpus inconnue"),
    ('store = "sqlite://hote/corpus"', "adresse SQLite sans chemin"),
    ("store = 3", "doit être une adresse de corpus"),
    ("store = [", "n’est pas un fichier TOML valide"),
])
def test_a_bad_store_setting_is_bad_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          config: str, expected: str) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    home = Home(tmp_path / "home").ensure()
    (home.root / "veille.toml").write_text(config + "\n", encoding="utf-8")
    with pytest.raises(BadStoreConfig, match=expected) as caught:
        home.has_corpus()
    assert "s3cr3t" not in str(caught.value)


_WITHOUT_POSTGRES = (
    "import sys; sys.modules['corpus.store.postgres'] = None\n"  # as in a Veille without it
    "from tui.cli import main; sys.exit(main(sys.argv[1:]))"
)


@pytest.mark.parametrize("command", [["stats"], ["search", "hydrogène"], ["index"],
                                     ["import", "-"]])
def test_a_store_this_veille_cannot_open_exits_2_in_one_line(tmp_path: Path,
                                                             command: list[str]) -> None:
    """Without PostgreSQL support (corpus.store.postgres, or its driver), a PostgreSQL URL
    is refused before anything is read or written, and its password is never printed."""
    home = tmp_path / "home"
    env = {**os.environ, "VEILLE_STORE": "postgresql://veille:s3cr3t@127.0.0.1:1/presse"}
    run = subprocess.run([sys.executable, "-c", _WITHOUT_POSTGRES, "--home", str(home),
                          *command], capture_output=True, text=True, timeout=120, env=env,
                         input="")
    assert run.returncode == 2, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "PostgreSQL" in lines[0], run.stderr
    assert "s3cr3t" not in run.stderr + run.stdout and "postgresql://veille:***@" in lines[0]
    assert not (home / "corpus.sqlite3").exists()


def test_output_never_overwrites_a_configured_corpus_file(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    from tui.cli import main

    shared = tmp_path / "partage" / "corpus.sqlite3"
    monkeypatch.setenv(ENV_VAR, str(shared))
    home = Home(tmp_path / "home").ensure()
    with open_store(home) as store:
        store.upsert(make_article(1))
    before = shared.read_bytes()
    assert main(["--home", str(home.root), "export", "--output", str(shared)]) == 2
    assert shared.read_bytes() == before
    assert home.holds_data_at(shared) and not home.holds_data_at(tmp_path / "sortie.jsonl")
