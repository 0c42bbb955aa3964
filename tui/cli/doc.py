"""The command reference (docs/cli.md), generated from the argument parsers themselves.

`python -m tui.cli.doc > docs/cli.md` writes it; `make test` checks that the file matches,
so the reference can never omit an option the program accepts (the way sqlite-utils keeps
its docs with cog).
"""

from __future__ import annotations

import argparse
import re
import sys

HEADER = """\
# Command reference

Generated from the `veille` argument parsers by `python -m tui.cli.doc > docs/cli.md`;
`make test` fails when this file and the parsers disagree. Every command also has `--help`.
"""


def render() -> str:
    from tui.cli.program import build_parser

    parser = build_parser()
    parts = [HEADER, _section(parser, "veille", level=2, top=True)]
    for name, sub in _subcommands(parser):
        parts.append(_section(sub, f"veille {name}", level=2))
        for child, grand in _subcommands(sub):
            parts.append(_section(grand, f"veille {name} {child}", level=3))
    return "\n".join(parts).rstrip() + "\n"


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    found: list[tuple[str, argparse.ArgumentParser]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.extend(action.choices.items())
    return found


def _section(parser: argparse.ArgumentParser, title: str, *, level: int,
             top: bool = False) -> str:
    lines = [f"{'#' * level} `{title}`", ""]
    if parser.description:
        lines += [" ".join(parser.description.split()), ""]
    lines += ["```", _usage(parser, title), "```", ""]
    rows = [_row(action) for action in parser._actions
            if not isinstance(action, argparse._SubParsersAction)
            and action.help is not argparse.SUPPRESS]
    if rows:
        lines += ["| argument | meaning |", "| --- | --- |", *rows, ""]
    if top and parser.epilog:
        lines += [" ".join(parser.epilog.split()), ""]
    return "\n".join(lines)


def _usage(parser: argparse.ArgumentParser, title: str) -> str:
    """The usage line at a fixed width, whatever the terminal running the generator."""
    formatter = argparse.HelpFormatter(prog=title, width=100, max_help_position=30)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups,
                        prefix="")
    return formatter.format_help().strip()


def _row(action: argparse.Action) -> str:
    if action.option_strings:
        name = ", ".join(action.option_strings)
        if action.nargs != 0:
            name += f" {_metavar(action)}"
    else:
        name = _metavar(action)
    text = " ".join((action.help or "").split())
    if action.choices is not None and not isinstance(action.choices, dict):
        choices = "|".join(str(c) for c in action.choices)
        named = all(re.search(rf"\b{re.escape(str(c))}\b", text) for c in action.choices)
        if choices not in text and not named:  # the help names them already
            text = f"{text} ({choices})" if text else choices
    text = text.replace("%(default)s", str(action.default)).replace("|", "\\|")
    return f"| `{name}` | {text} |"


def _metavar(action: argparse.Action) -> str:
    if action.metavar is not None:
        return action.metavar if isinstance(action.metavar, str) else " ".join(action.metavar)
    if action.choices is not None:
        return "{" + ",".join(str(c) for c in action.choices) + "}"
    return action.dest.upper()


if __name__ == "__main__":
    sys.stdout.write(render())
