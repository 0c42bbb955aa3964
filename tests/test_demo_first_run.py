"""`veille demo` on a terminal: the sites serve while the workbench is open, the home holds
a `sources.toml` that `veille crawl` reads, and the demo says where its home is after."""

from __future__ import annotations

import json
import subprocess
import tomllib
import urllib.request
from pathlib import Path

import pytest
from conftest import veille_exe

import tui.cli.commands.demo as demo
import tui.cli.commands.tui as tui_command
from tui.cli import main
from tui.demo.sources import MARKER


def test_sites_serve_while_the_workbench_is_open_and_the_home_is_printed_after(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "demo"
    seen: dict[str, object] = {}

    def workbench(opened_home: object) -> int:
        sources = tomllib.loads((home / "sources.toml").read_text(encoding="utf-8"))
        url = sources["source"][0]["url"]
        with urllib.request.urlopen(url, timeout=10) as response:
            seen["status"] = response.status
        crawl = subprocess.run([veille_exe(), "--home", str(home), "crawl", "--json"],
                               capture_output=True, text=True, timeout=120,
                               stdin=subprocess.DEVNULL)
        seen["crawl"] = crawl.returncode, crawl.stderr
        seen["report"] = json.loads(crawl.stdout.strip().splitlines()[-1])
        return 0

    monkeypatch.setattr(tui_command, "has_terminal", lambda: True)
    monkeypatch.setattr(demo, "_open_workbench", workbench)
    assert main(["--home", str(home), "demo"]) == 0
    assert seen["status"] == 200
    assert seen["crawl"] == (0, "")
    assert seen["report"]["failed"] == 0  # type: ignore[index]
    out = capsys.readouterr().out
    assert f"Corpus de démonstration : {home}" in out
    assert f"--home {home} search 'hydrogène vert'" in out
    assert not (home / "demo-sources.toml").exists()


def test_an_older_demo_home_keeps_its_ports_and_moves_to_sources_toml(tmp_path: Path) -> None:
    home = tmp_path / "demo"
    first = subprocess.run([veille_exe(), "--home", str(home), "demo", "--no-tui"],
                           capture_output=True, text=True, timeout=120,
                           stdin=subprocess.DEVNULL)
    assert first.returncode == 0, first.stderr
    text = (home / "sources.toml").read_text(encoding="utf-8")
    assert text.startswith(MARKER)
    (home / "sources.toml").rename(home / "demo-sources.toml")
    second = subprocess.run([veille_exe(), "--home", str(home), "demo", "--no-tui"],
                            capture_output=True, text=True, timeout=120,
                            stdin=subprocess.DEVNULL)
    assert second.returncode == 0, second.stderr
    assert not (home / "demo-sources.toml").exists()
    again = (home / "sources.toml").read_text(encoding="utf-8")
    ports = [line for line in text.splitlines() if line.startswith("url = ")]
    assert ports == [line for line in again.splitlines() if line.startswith("url = ")]
    assert "; 0 nouvel article," in second.stdout
