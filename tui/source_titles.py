"""Display titles of the sources (`title` in the sources file), by source name."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from corpus.text import strip_controls

_SPACES = re.compile(r"\s+")


def source_titles(sources_file: Path) -> dict[str, str]:
    """Source name → display title from a sources file ({} when missing or unreadable:
    the names are shown instead)."""
    try:
        data = tomllib.loads(sources_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    sources = data.get("source")
    titles: dict[str, str] = {}
    for source in sources if isinstance(sources, list) else []:
        if isinstance(source, dict):
            name, title = source.get("name"), source.get("title")
            if isinstance(name, str) and isinstance(title, str):
                clean = _SPACES.sub(" ", strip_controls(title)).strip()
                if clean:
                    titles[name] = clean
    return titles
