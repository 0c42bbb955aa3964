"""Every subcommand has help text and is documented; the docs' links resolve."""

from __future__ import annotations

import re

import pytest

from tests.conftest import repo_root
from tui.cli.program import build_parser, command_modules

README = (repo_root() / "README.md").read_text(encoding="utf-8")
COMMANDS = [m.NAME for m in command_modules()]


@pytest.mark.parametrize("name", COMMANDS)
def test_subcommand_has_help_and_is_in_the_readme(name: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args([name, "--help"])
    assert exit_info.value.code == 0
    help_text = capsys.readouterr().out
    assert f"usage : veille {name}" in help_text
    assert len(help_text.splitlines()) >= 4
    assert f"`veille {name}" in README or f"`veille [{name}]" in README


@pytest.mark.parametrize("action", ["add", "list", "rm", "seen", "show"])
def test_watch_actions_have_help_and_are_documented(action: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["watch", action, "--help"])
    assert exit_info.value.code == 0
    assert f"usage : veille watch {action}" in capsys.readouterr().out
    assert re.search(rf"veille watch [^\n]*\b{action}\b", README)


def test_readme_starts_with_what_veille_is_and_the_two_commands() -> None:
    head = README[:1500]
    assert head.startswith("# Veille")
    assert "make demo" in head and "make test" in head


def test_documentation_links_resolve() -> None:
    for target in re.findall(r"\]\((docs/[^)#]+)\)", README):
        assert (repo_root() / target).is_file(), target


def test_the_command_reference_is_generated_from_the_parsers() -> None:
    """docs/cli.md lists every option the parsers accept; regenerate it with
    `python -m tui.cli.doc > docs/cli.md` after changing a command's arguments."""
    from tui.cli.doc import render

    committed = (repo_root() / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == render(), "docs/cli.md is stale: run `python -m tui.cli.doc > docs/cli.md`"


def test_the_command_reference_names_every_option() -> None:
    from tui.cli.doc import render

    text = render()
    for option in ("--no-lock", "--no-index", "--quiet", "--limit", "--source", "--rebuild"):
        assert f"`{option}" in text, option


def test_every_command_module_is_known_by_name() -> None:
    from tui.cli.program import COMMAND_NAMES

    assert COMMAND_NAMES == set(COMMANDS)
