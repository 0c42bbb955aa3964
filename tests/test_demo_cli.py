"""`veille demo --no-tui` as a user runs it: a real process, twice, and its failure modes."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from pathlib import Path

from conftest import veille_exe

from corpus import Home, WriterLock
from tui.demo import load_articles, read_ports


def veille(*args: str, timeout: float = 90) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.monotonic()
    proc = subprocess.run([veille_exe(), *args], capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL, env=os.environ.copy())
    return proc, time.monotonic() - start


def test_demo_twice_adds_nothing_the_second_time(tmp_path: Path) -> None:
    home = tmp_path / "demo"
    total = len(load_articles())
    first, seconds = veille("--home", str(home), "demo", "--no-tui")
    assert first.returncode == 0, first.stderr
    assert seconds < 60
    assert f"Articles par source ({total} dans le corpus)" in first.stdout
    assert f"{total} nouveaux articles" in first.stdout
    assert "$ veille search" in first.stdout
    assert first.stderr == ""
    ports = read_ports(home / "sources.toml")
    second, seconds = veille("--home", str(home), "demo", "--no-tui")
    assert second.returncode == 0, second.stderr
    assert seconds < 60
    assert f"Articles par source ({total} dans le corpus)" in second.stdout
    assert re.search(r"\d+ sources parcourues : \d+ pages récupérées ; 0 nouvel article, "
                     r"0 mis à jour", second.stdout)
    not_modified = re.search(r"(\d+) réponses? 304 Not Modified", second.stdout)
    assert not_modified and int(not_modified.group(1)) > 0
    assert read_ports(home / "sources.toml") == ports


def test_the_default_demo_home_is_not_the_real_home() -> None:
    real = Home.resolve(os.environ["VEILLE_HOME"])
    demo = Path(os.environ["XDG_DATA_HOME"]) / "veille-demo"
    proc, _ = veille("demo", "--no-tui")
    assert proc.returncode == 0, proc.stderr
    assert f"Corpus de démonstration : {demo}" in proc.stdout
    assert Home.resolve(demo).has_corpus()
    assert not real.has_corpus()


def test_a_held_lock_exits_75(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "demo").ensure()
    with WriterLock(home):
        proc, _ = veille("--home", str(home.root), "demo", "--no-tui")
    assert proc.returncode == 75
    assert str(os.getpid()) in proc.stderr and "Traceback" not in proc.stderr


def test_a_recorded_port_taken_by_another_program_is_a_clear_error(tmp_path: Path) -> None:
    home = tmp_path / "demo"
    assert veille("--home", str(home), "demo", "--no-tui")[0].returncode == 0
    site, port = sorted(read_ports(home / "sources.toml").items())[0]
    with socket.socket() as blocker:
        blocker.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        blocker.bind(("127.0.0.1", port))
        blocker.listen()
        proc, _ = veille("--home", str(home), "demo", "--no-tui")
    assert proc.returncode == 1
    assert str(port) in proc.stderr and site in proc.stderr and "--home" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_a_foreign_sources_file_is_never_overwritten(tmp_path: Path) -> None:
    home = tmp_path / "demo"
    home.mkdir()
    mine = home / "sources.toml"
    mine.write_text("[crawler]\nconcurrency = 1\n", encoding="utf-8")
    proc, _ = veille("--home", str(home), "demo", "--no-tui")
    assert proc.returncode == 1
    assert "not written by `veille demo`" in proc.stderr
    assert mine.read_text(encoding="utf-8") == "[crawler]\nconcurrency = 1\n"


def test_help_explains_the_demo_home() -> None:
    proc, _ = veille("demo", "--help")
    assert proc.returncode == 0
    text = " ".join(proc.stdout.split())
    assert "veille-demo" in text and "--no-tui" in text and "vrai corpus" in text
