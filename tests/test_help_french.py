"""The help speaks French: argparse's own words, every description, every option's help."""

from __future__ import annotations

import argparse
import re
import subprocess
from collections.abc import Iterator

import pytest

from tests.conftest import veille_exe
from tui.cli.program import build_parser

# argparse's English words, as Python 3.11+ prints them in a help or a usage error
ARGPARSE_ENGLISH = ("usage:", "positional arguments", "\noptions:", "optional arguments",
                    "show this help message", "show program's version", "error:")
# Words that are common in English help texts and are no French words (case-sensitive:
# upper-case query operators such as NOT or OR are part of the query language).
ENGLISH_WORDS = frozenset(
    "the of and with to is are be by for from into this that these when where which only "
    "each every show print write read default file files directory home article's "
    "instead without before after once".split())
# What is quoted as code is no prose: `veille search --json`, option names, URLs, paths
_NOT_PROSE = re.compile(r"`[^`]*`|--?[\w-]+|\S*[:/$=.]\S*|\{[^}]*\}")
_WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)*")


def parsers() -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """`veille` and every command and action parser under it, with their names."""
    todo: list[tuple[str, argparse.ArgumentParser]] = [("veille", build_parser())]
    while todo:
        name, parser = todo.pop()
        yield name, parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                todo.extend((f"{name} {sub}", p) for sub, p in action.choices.items())


def texts(parser: argparse.ArgumentParser) -> Iterator[str]:
    """The parser's own words: description, epilog, the help of each argument and of each
    sub-command."""
    yield parser.description or ""
    yield parser.epilog or ""
    for action in parser._actions:
        if action.help is not argparse.SUPPRESS:
            yield action.help or ""
        if isinstance(action, argparse._SubParsersAction):
            yield from (choice.help or "" for choice in action._choices_actions)


PARSERS = dict(parsers())
# command and action names (`show`, `list`…) are the CLI's words, not prose
NAMES = frozenset(word for name in PARSERS for word in name.split())


def english_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(_NOT_PROSE.sub(" ", text))
            if w in ENGLISH_WORDS and w not in NAMES}


def test_the_checks_would_see_english() -> None:
    """The word check finds English prose, and lets French prose and quoted code pass."""
    assert english_words("print the article of this source") == {"print", "the", "of", "this"}
    assert english_words("print every hit, --json for scripts") == {"print", "every", "for"}
    assert english_words("afficher le bilan (défaut : `the --default`), a OR b") == set()
    assert english_words("l’URL de la page (défaut : sources.toml in/the/home)") == set()


def test_every_command_and_action_is_covered() -> None:
    for name in ("veille search", "veille watch add", "veille selection export",
                 "veille store copy"):
        assert name in PARSERS
    assert len(PARSERS) > 20


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_help_has_no_english_heading(name: str) -> None:
    text = PARSERS[name].format_help()
    assert text.startswith(f"usage : {name}"), text[:80]
    for phrase in ARGPARSE_ENGLISH:
        assert phrase not in text, (name, phrase)
    assert "afficher cette aide et quitter" in text
    assert "\noptions :\n" in text


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_every_text_of_the_help_is_french(name: str) -> None:
    parser = PARSERS[name]
    if name != "veille":
        assert parser.description, f"{name} has no description"
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):  # its sub-commands have the help
            for choice in action._choices_actions:
                assert choice.help, f"{name} {choice.dest} has no help"
        elif action.help is not argparse.SUPPRESS:
            assert action.help, f"{name}: {action.option_strings or action.dest} has no help"
    for text in texts(parser):
        assert not english_words(text), (name, english_words(text), text)


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_wrapping_keeps_french_punctuation_with_its_word(name: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """« : », « ; » and « » » never start a line, « « » never ends one, at any width."""
    for columns in ("50", "67", "80", "101"):
        monkeypatch.setenv("COLUMNS", columns)
        for line in PARSERS[name].format_help().splitlines():
            assert not re.match(r"\s*[:;?!»]", line), (name, columns, line)
            assert not line.rstrip().endswith("«"), (name, columns, line)


def test_a_description_keeps_its_paragraphs() -> None:
    text = PARSERS["veille extract"].format_help()
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
    assert any(p.startswith("Passer l’extracteur") and p.endswith("Rien n’est stocké.")
               for p in paragraphs)
    assert any(p.startswith("Codes de sortie : 0 un article a été trouvé") for p in paragraphs)
    assert max(len(line) for line in text.splitlines()) < 100  # wrapped, not raw


def test_veille_help_in_a_terminal_session_is_french() -> None:
    """The installed command, in its own process: the top help and a command's help."""
    for args in (["--help"], ["search", "--help"], ["watch", "show", "-h"]):
        proc = subprocess.run([veille_exe(), *args], capture_output=True, text=True,
                              encoding="utf-8", timeout=60)
        assert proc.returncode == 0 and proc.stderr == "", args
        assert proc.stdout.startswith("usage : veille"), proc.stdout[:80]
        for phrase in ARGPARSE_ENGLISH:
            assert phrase not in proc.stdout, (args, phrase)
    top = subprocess.run([veille_exe(), "--help"], capture_output=True, text=True,
                         encoding="utf-8", timeout=60).stdout
    assert "Codes de sortie : 0 succès" in " ".join(top.split())
    assert "--home DOSSIER" in top and "COMMANDE" in top


def test_usage_errors_stay_french_and_one_line() -> None:
    proc = subprocess.run([veille_exe(), "search"], capture_output=True, text=True,
                          encoding="utf-8", timeout=60)
    assert proc.returncode == 2
    assert proc.stderr == ("veille search: erreur : arguments obligatoires manquants : "
                           "REQUÊTE (voir `veille search --help`)\n")
