"""Any terminal (issue 11): encodings without `…` or `’`, NO_COLOR, TERM=dumb, --color,
and `veille QUERY`. Real processes: the encoding and the terminal are theirs."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
from pathlib import Path

import pytest

import indexer
from corpus import Article, Home, Store
from tests.conftest import veille_exe

ARTICLES = [
    Article(url="https://presse.example.ma/2025/06/30/h2",
            title="Hydrogène vert : l’usine de Tarfaya « prête » … ou presque",
            lead="L’électrolyseur de 100 MW entre en service — enfin.",
            text="Le consortium a confirmé l’hydrogène vert pour l’été.\n\nLa production "
                 "d’ammoniac vert suivra, selon l’opérateur.",
            source="usine-maghreb", published="2025-06-30T23:30:00+00:00",
            section="Énergie", author="Rédaction"),
    Article(url="https://presse.example.sn/2025/07/01/ia",
            title="L’AI Act et l’IA générative : ce qui change pour les PME",
            lead="Aujourd’hui j’ai un contrat, dit un dirigeant : qu’ai-je à craindre ?",
            text="La réglementation de l’UE s’applique à l’IA des entreprises.",
            source="dakar-eco", published="2025-07-01T08:00:00+00:00"),
    Article(url="https://presse.example.tn/2025/02/10/verbe",
            title="Un dirigeant témoigne",
            lead="« J’ai signé, je l’ai dit, et qu’ai-je obtenu ? »",
            text="Aujourd’hui j’ai un contrat avec un équipementier de Sousse.",
            source="tunis-industrie", published="2025-02-10T10:00:00+00:00"),
]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    home = Home.resolve(tmp_path_factory.mktemp("terminals") / "home")
    home.ensure()
    with Store.open(home.corpus_db) as store:
        store.upsert_many(ARTICLES)
    indexer.update_index(home)
    return home


def latin9(home: Home, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONUTF8", "LC_ALL", "LANG")}
    env["PYTHONIOENCODING"] = "iso8859-15"
    return subprocess.run([veille_exe(), "--home", str(home.root), *args], env=env,
                          capture_output=True, stdin=subprocess.DEVNULL, timeout=60)


@pytest.mark.parametrize("args", [
    ["search", "hydrogène"], ["search", "hydrogène", "--json"], ["stats"],
    ["show", ARTICLES[0].id], ["show", ARTICLES[0].id, "--json"], ["export"],
    ["export", "--query", "hydrogène"], ["export", "--format", "csv"],
])
def test_a_latin9_terminal_never_crashes(home: Home, args: list[str]) -> None:
    proc = latin9(home, *args)
    assert proc.returncode == 0, proc.stderr
    assert b"UnicodeEncodeError" not in proc.stderr
    text = proc.stdout.decode("iso8859-15")
    if "--json" in args or args[0] == "export" and "csv" not in args:
        for line in text.splitlines():
            data = json.loads(line)  # valid, and lossless: the escapes carry every char
            assert "’" in json.dumps(data, ensure_ascii=False)
    elif args[0] == "search":
        assert "l'usine" in text.lower() and "hydrogène" in text.lower()  # ’ → ', é kept


def test_a_latin9_watch_digest(home: Home, tmp_path: Path) -> None:
    other = Home.resolve(tmp_path / "w")
    other.ensure()
    with Store.open(other.corpus_db) as store:
        store.upsert_many(ARTICLES)
    indexer.update_index(other)
    assert latin9(other, "watch", "add", "h2", "hydrogène vert").returncode == 0
    for args in (["watch", "show", "h2"], ["watch", "show", "h2", "--format", "jsonl"],
                 ["watch", "show", "h2", "--json"], ["watch", "list"]):
        proc = latin9(other, *args)
        assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr
        if "--json" in args or "jsonl" in args:
            for line in proc.stdout.decode("ascii").splitlines():
                json.loads(line)


def on_a_pty(home: Home, *args: str, env: dict[str, str] | None = None) -> bytes:
    """Run veille with stdout on a pseudo-terminal; everything it wrote there."""
    leader, follower = pty.openpty()
    full = {**os.environ, "TERM": "xterm-256color", **(env or {})}
    full.pop("NO_COLOR", None) if "NO_COLOR" not in (env or {}) else None
    proc = subprocess.Popen([veille_exe(), "--home", str(home.root), *args], env=full,
                            stdin=subprocess.DEVNULL, stdout=follower, stderr=follower)
    os.close(follower)
    out = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    assert proc.wait(timeout=30) == 0
    return out


def test_bold_on_a_terminal_but_not_with_no_color(home: Home) -> None:
    assert b"\x1b[" in on_a_pty(home, "search", "hydrogène")
    assert b"\x1b" not in on_a_pty(home, "search", "hydrogène", env={"NO_COLOR": "1"})
    assert b"\x1b" not in on_a_pty(home, "search", "hydrogène", env={"TERM": "dumb"})
    assert b"\x1b" not in on_a_pty(home, "search", "hydrogène", "--color", "never")
    assert b"\x1b" not in on_a_pty(home, "--color", "never", "search", "hydrogène")


def test_color_always_even_into_a_pipe(home: Home) -> None:
    proc = subprocess.run([veille_exe(), "--home", str(home.root), "search", "hydrogène",
                           "--color", "always"], capture_output=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0 and b"\x1b[1m" in proc.stdout
    plain = subprocess.run([veille_exe(), "--home", str(home.root), "search", "hydrogène"],
                           capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
    assert b"\x1b" not in plain.stdout


def test_veille_query_without_a_terminal_points_to_search(home: Home) -> None:
    proc = subprocess.run([veille_exe(), "--home", str(home.root), "hydrogène", "vert"],
                          capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 2
    assert "veille search 'hydrogène vert'" in proc.stderr
    assert "invalid choice" not in proc.stderr


def test_veille_query_opens_the_workbench_on_it(home: Home,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.cli import main
    from tui.cli.commands import tui as tui_command

    opened: list[tuple[Home, str]] = []
    monkeypatch.setattr(tui_command, "has_terminal", lambda: True)
    monkeypatch.setattr(tui_command, "open_workbench",
                        lambda h, q="": opened.append((h, q)) or 0)
    assert main(["--home", str(home.root), "hydrogène", "vert"]) == 0
    assert main(["hydrogène", "--home", str(home.root)]) == 0
    assert main(["--home", str(home.root)]) == 0
    assert [q for _, q in opened] == ["hydrogène vert", "hydrogène", ""]


def test_acronyms_in_capitals_are_not_elided_verbs(home: Home) -> None:
    with indexer.Searcher(home) as s:
        for query in ("AI", "ai", "IA", "UE"):
            hits = s.search(query).hits
            assert [h.id for h in hits] == [ARTICLES[1].id], query
        assert "<mark>AI</mark>" in s.search("AI").hits[0].snippet or \
            "AI" in s.search("AI").hits[0].title
        assert s.search('"AI Act"').total == 1


@pytest.mark.parametrize(("since", "until", "expected"), [
    ("2025-06-30", "2025-06-30", [0]),
    ("30/06/2025", "30/06/2025", [0]),
    ("juin 2025", "Juin 2025", [0]),
    ("1er juin 2025", "06/2025", [0]),
    ("2025-06", "2025-07", [1, 0]),
    ("fevrier 2025", "février 2025", [2]),
    ("2025", "2025", [1, 0, 2]),
])
def test_one_date_grammar_for_since_until_and_date_field(
        home: Home, since: str, until: str, expected: list[int],
        capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    want = [ARTICLES[i].id for i in expected]
    assert main(["--home", str(home.root), "search", "date:>=1000", "--sort", "date",
                 "--since", since, "--until", until, "--json"]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)["results"]] == want
    with indexer.Searcher(home) as s:
        field = s.search(f'date:["{since}" TO "{until}"]'.replace('"', ""), sort="date")
        assert [h.id for h in field.hits] == want, field.notes


@pytest.mark.parametrize("bad", ["hier", "2025-13", "31/02/2025", "juin", "13/2025"])
def test_a_bad_date_exits_2_naming_the_forms(home: Home, bad: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    for command in (["search", "x", "--since", bad], ["export", "--until", bad]):
        assert main(["--home", str(home.root), *command]) == 2
        err = capsys.readouterr().err
        assert "formes acceptées" in err and "juin 2025" in err and "30/06/2025" in err
        assert "Traceback" not in err


def test_progress_lines_send_no_escapes_to_a_dumb_terminal(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from tui.cli.progress import Progress

    for term, escapes in (("dumb", False), ("xterm", True)):
        monkeypatch.setenv("TERM", term)
        stream = io.StringIO()
        with Progress("import", 10, stream=stream, enabled=True) as progress:
            progress._draw(1.0)
            progress.advance(5)
        assert ("\x1b" in stream.getvalue()) is escapes, term
        assert "import" in stream.getvalue()
