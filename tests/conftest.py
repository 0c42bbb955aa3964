"""Shared fixtures. Every test gets its own temporary home; nothing touches the network."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus import Home


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads or writes the real user data directory."""
    monkeypatch.setenv("VEILLE_HOME", str(tmp_path_factory.mktemp("default-home")))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))
    monkeypatch.delenv("VEILLE_DEBUG", raising=False)
    monkeypatch.delenv("VEILLE_STORE", raising=False)  # never the developer's own corpus
    yield


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """`veille` commands run in-process add handlers to the root logger: remove them after."""
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    yield
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.fixture
def home(tmp_path: Path) -> Home:
    """A fresh, empty home directory."""
    return Home.resolve(tmp_path / "home")


def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


def veille_exe() -> str:
    """The installed `veille` console script of the running interpreter's environment."""
    import sys

    candidate = Path(sys.executable).with_name("veille")
    return str(candidate) if candidate.exists() else "veille"


os.environ.setdefault("PYTHONUTF8", "1")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    """A scratch PostgreSQL cluster for the session (tests/pgserver.py)."""
    from tests.pgserver import server_or_fail

    yield from server_or_fail()


@pytest.fixture
def pg_url(pg_server: object) -> str:
    """The URL of a new, empty PostgreSQL database, connected as its superuser."""
    from tests.pgserver import PgServer

    assert isinstance(pg_server, PgServer)
    return pg_server.url(pg_server.new_database())
