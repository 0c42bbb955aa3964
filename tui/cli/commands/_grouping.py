"""The command-line options of reprint grouping: `--no-group`, `--prefer`."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corpus import Home


def add_grouping_options(parser: argparse.ArgumentParser) -> None:
    """`--no-group` and `--prefer`, for the commands that show stories."""
    parser.add_argument("--no-group", dest="group", action="store_false",
                        help="chaque article est un résultat : les reprises d’un même sujet ne "
                        "sont pas regroupées")
    parser.add_argument("--prefer", metavar="NOM", action="append", default=None,
                        help="un sujet est représenté par l’article de cette source quand "
                        "elle en a un (répétable, la première préférée d’abord ; défaut : "
                        "`prefer` de la table [stories] du fichier des sources, sinon "
                        "l’article le plus ancien)")


def preferred(home: Home, names: Sequence[str] | None, known: Sequence[str]) -> list[str]:
    """The sources whose article represents a story: `--prefer` (checked against `known`:
    exit 2 for a typo), else the sources file's `[stories] prefer`."""
    from tui.cli.commands._shared import check_sources
    from tui.source_titles import preferred_sources

    if names:
        check_sources(list(names), list(known), "--prefer")
        return list(names)
    return preferred_sources(home.sources_file)
