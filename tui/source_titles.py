"""What the workbench and the commands read of a sources file without validating it:
the source names, and their display titles (`title`), by name."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from corpus.text import strip_controls

_SPACES = re.compile(r"\s+")


def _entries(sources_file: Path) -> list[dict[str, object]]:
    """The `[[source]]` tables of a sources file ([] when missing or unreadable)."""
    try:
        data = tomllib.loads(sources_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []
    sources = data.get("source")
    return [s for s in sources if isinstance(s, dict)] if isinstance(sources, list) else []


def source_names(sources_file: Path) -> list[str]:
    """The source names of a sources file ([] when missing or unreadable)."""
    return [str(s["name"]) for s in _entries(sources_file) if s.get("name")]


def source_titles(sources_file: Path) -> dict[str, str]:
    """Source name → display title from a sources file ({} when missing or unreadable:
    the names are shown instead)."""
    titles: dict[str, str] = {}
    for source in _entries(sources_file):
        name, title = source.get("name"), source.get("title")
        if isinstance(name, str) and isinstance(title, str):
            clean = _SPACES.sub(" ", strip_controls(title)).strip()
            if clean:
                titles[name] = clean
    return titles


def preferred_sources(sources_file: Path) -> list[str]:
    """`prefer` of the `[stories]` table: the sources whose article represents a story of
    reprints, first preferred first ([] when missing, unreadable or not a list of names)."""
    try:
        data = tomllib.loads(sources_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []
    table = data.get("stories")
    prefer = table.get("prefer") if isinstance(table, dict) else None
    if isinstance(prefer, str):
        prefer = [prefer]
    if not isinstance(prefer, list):
        return []
    return [p for p in prefer if isinstance(p, str) and p]
