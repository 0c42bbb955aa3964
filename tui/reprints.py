"""How a story of reprints is said to people, in the CLI and the workbench (French)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.french import count
from tui.render import safe, short_date

if TYPE_CHECKING:
    from indexer import Hit


def story_label(hit: Hit) -> str:
    """`repris par 3 titres` (other sources), `1 autre version` (same source); '' alone."""
    if not hit.reprints:
        return ""
    if hit.titles:
        return f"repris par {count(hit.titles, 'titre')}"
    return count(len(hit.reprints), "autre version", "autres versions")


def reprints_line(hit: Hit) -> str:
    """`repris par 2 titres : dakar-eco (12/03/2025), …` ('' for a story of one article)."""
    if not hit.reprints:
        return ""
    listed = ", ".join(f"{safe(r.source)} ({short_date(r.published).strip() or 'sans date'})"
                       for r in hit.reprints)
    return f"{story_label(hit)} : {listed}"
