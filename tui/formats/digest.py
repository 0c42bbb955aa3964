"""A watch's digest (`veille watch show`): as text, JSON Lines or Markdown."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, TextIO

from corpus.french import plural
from tui.formats.jsonl import json_text
from tui.render import french_date, safe

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


@dataclass(frozen=True)
class Digest:
    """What a digest shows: the watch, its hits (with snippets), which are new."""

    watch: Any                   # indexer's Watch: name, query
    hits: list[Any]              # indexer.Hit
    new_ids: set[str] = field(default_factory=set)
    only_new: bool = False       # `--new`: the hits are the new ones
    matching: int | None = None  # how many articles the watch counts (None: len(hits))
    bold: bool = False           # text on a terminal: matched words in bold, not `**…**`


def write_text(digest: Digest, out: TextIO) -> None:
    out.write(text_digest(digest.watch, digest.hits, digest.new_ids, only_new=digest.only_new,
                          matching=digest.matching, bold=digest.bold))


def write_jsonl(digest: Digest, out: TextIO) -> None:
    for h in digest.hits:
        row = h.to_json() | {"new": h.id in digest.new_ids, "watch": digest.watch.name}
        out.write(json_text(row, out) + "\n")


def write_markdown(digest: Digest, out: TextIO) -> None:
    out.write(markdown_digest(digest.watch, digest.hits, digest.new_ids,
                              only_new=digest.only_new))


def _count(n: int, singular: str, plural_form: str) -> str:
    return f"{n} {plural(n, singular, plural_form)}"


def text_digest(watch: Any, hits: list[Any], new_ids: set[str], *, only_new: bool,
                matching: int | None = None, bold: bool = False) -> str:
    """The digest as text: matched words in bold on a terminal (`bold`), else `**…**`
    (never guillemets, which read as quotes)."""
    left, right = ("\x1b[1m", "\x1b[0m") if bold else ("**", "**")
    head = f"Veille « {safe(watch.name)} » — {safe(watch.query)}"
    if only_new:
        count = _count(len(new_ids), "nouvel article", "nouveaux articles")
    else:
        total = len(hits) if matching is None else matching
        count = _count(total, "article", "articles")
        count += ", dont " + _count(len(new_ids), "nouveau", "nouveaux")
        if len(hits) < total:
            count += f" ; les {len(hits)} plus récents" if len(hits) > 1 else \
                " ; le plus récent"
    lines = [head, count, ""]
    for h in hits:
        flag = "● " if h.id in new_ids and not only_new else "  " if not only_new else ""
        lines.append(f"{flag}{safe(h.title)}")
        meta = " · ".join(p for p in (h.source, french_date(h.published)) if p)
        pad = "  " if not only_new else ""
        lines.append(f"{pad}{safe(meta)}")
        lines.append(f"{pad}{safe(h.url)}")
        if h.snippet:
            snippet = h.marked_snippet.render(safe, lambda w: f"{left}{safe(w)}{right}")
            lines.append(f"{pad}{snippet}")
        lines.append("")
    return "\n".join(lines) + ("\n" if not hits else "")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", safe(text))


def markdown_digest(watch: Any, hits: list[Any], new_ids: set[str], *, only_new: bool) -> str:
    what = (_count(len(new_ids), "nouvel article", "nouveaux articles") if only_new
            else _count(len(hits), "article", "articles"))
    lines = [f"## Veille « {_md(watch.name)} » : {what}", "",
             f"Requête : `{watch.query.replace('`', '')}`", ""]
    for h in hits:
        new = " *(nouveau)*" if h.id in new_ids and not only_new else ""
        meta = ", ".join(p for p in (_md(h.source), french_date(h.published)) if p)
        lines.append(f"- **[{_md(h.title)}](<{h.url}>)** — {meta}{new}  ")
        if h.snippet:
            snippet = h.marked_snippet.render(_md, lambda w: f"**{_md(w)}**")
            lines.append(f"  {snippet}")
    return "\n".join(lines) + "\n"
