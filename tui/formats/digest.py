"""A watch's digest (`veille watch show`): as text, JSON Lines or Markdown. Counts are of
stories: a new story once, a new reprint of a story seen before as « nouvelle reprise »."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TextIO

from corpus.french import plural
from tui.formats.jsonl import json_text
from tui.render import french_date, safe

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


class Marks:
    """What a digest says of each article: new (a new story's), « nouvelle reprise » (a
    new reprint of a story seen before), and the other arrivals folded into a new story."""

    def __init__(self, new: set[str] | None = None, reprises: set[str] | None = None,
                 folded: dict[str, list[str]] | None = None) -> None:
        self.new = new or set()
        self.reprises = reprises or set()
        self.folded = folded or {}
        self.titles: dict[str, Any] = {}   # folded ids -> their hits (`--new`)
        self.stories = sum(1 for i in self.new if i in self.folded) if folded is not None \
            else len(self.new)

    def json(self, aid: str) -> dict[str, Any]:
        return {"new": aid in self.new, "reprise": aid in self.reprises,
                "new_reprints": self.folded.get(aid, [])}

    def note(self, aid: str) -> str:
        """`repris par 2 titres : …` under a new story's representative (`--new`)."""
        others = [self.titles[i] for i in self.folded.get(aid, []) if i in self.titles]
        if not others:
            return ""
        sources = {h.source for h in others}
        listed = ", ".join(safe(h.source) for h in others)
        return f"repris par {_count(len(sources), 'titre', 'titres')} : {listed}"


@dataclass(frozen=True)
class Digest:
    """What a digest shows: the watch, its hits (with snippets), what is new in them."""

    watch: Any                   # indexer's Watch: name, query
    hits: list[Any]              # indexer.Hit
    marks: Marks | set[str]      # the Marks, or just the new ids
    only_new: bool = False       # `--new`: the hits are the new ones
    matching: int | None = None  # how many articles the watch counts (None: len(hits))
    bold: bool = False           # text on a terminal: matched words in bold, not `**…**`

    @property
    def marked(self) -> Marks:
        return self.marks if isinstance(self.marks, Marks) else Marks(set(self.marks))


def write_text(digest: Digest, out: TextIO) -> None:
    out.write(text_digest(digest.watch, digest.hits, digest.marked, only_new=digest.only_new,
                          matching=digest.matching, bold=digest.bold))


def write_jsonl(digest: Digest, out: TextIO) -> None:
    marks = digest.marked
    for h in digest.hits:
        row = h.to_json() | marks.json(h.id) | {"watch": digest.watch.name}
        out.write(json_text(row, out) + "\n")


def write_markdown(digest: Digest, out: TextIO) -> None:
    out.write(markdown_digest(digest.watch, digest.hits, digest.marked,
                              only_new=digest.only_new))


def _count(n: int, singular: str, plural_form: str) -> str:
    return f"{n} {plural(n, singular, plural_form)}"


def _heading(marks: Marks, only_new: bool, total: int, shown: int) -> str:
    """`2 nouveaux sujets, 1 nouvelle reprise` / `12 articles, dont 2 nouveaux`."""
    reprises = len(marks.reprises)
    again = (", " + _count(reprises, "nouvelle reprise", "nouvelles reprises")
             if reprises else "")
    if only_new:
        return _count(marks.stories, "nouveau sujet", "nouveaux sujets") + again
    count = _count(total, "article", "articles")
    count += ", dont " + _count(len(marks.new), "nouveau", "nouveaux") + again
    if shown < total:
        count += f" ; les {shown} plus récents" if shown > 1 else " ; le plus récent"
    return count


def text_digest(watch: Any, hits: list[Any], marks: Marks | set[str], *, only_new: bool,
                matching: int | None = None, bold: bool = False) -> str:
    """The digest as text: matched words in bold on a terminal (`bold`), else `**…**`
    (never guillemets, which read as quotes). `marks`: the new ids, or the Marks."""
    if not isinstance(marks, Marks):
        marks = Marks(set(marks))
    left, right = ("\x1b[1m", "\x1b[0m") if bold else ("**", "**")
    head = f"Veille « {safe(watch.name)} » — {safe(watch.query)}"
    total = len(hits) if matching is None else matching
    lines = [head, _heading(marks, only_new, total, len(hits)), ""]
    pad = "" if only_new else "  "
    for h in hits:
        flag = "" if only_new else "● " if h.id in marks.new else \
            "↻ " if h.id in marks.reprises else "  "
        lines.append(f"{flag}{safe(h.title)}")
        meta = " · ".join(p for p in (h.source, french_date(h.published)) if p)
        if h.id in marks.reprises:
            meta += " · nouvelle reprise"
        lines.append(f"{pad}{safe(meta)}")
        lines.append(f"{pad}{safe(h.url)}")
        if h.snippet:
            snippet = h.marked_snippet.render(safe, lambda w: f"{left}{safe(w)}{right}")
            lines.append(f"{pad}{snippet}")
        if only_new and (note := marks.note(h.id)):
            lines.append(f"{pad}{note}")
        lines.append("")
    return "\n".join(lines) + ("\n" if not hits else "")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", safe(text))


def markdown_digest(watch: Any, hits: list[Any], marks: Marks | set[str], *,
                    only_new: bool) -> str:
    if not isinstance(marks, Marks):
        marks = Marks(set(marks))
    what = _heading(marks, True, len(hits), len(hits)) if only_new \
        else _count(len(hits), "article", "articles")
    lines = [f"## Veille « {_md(watch.name)} » : {what}", "",
             f"Requête : `{watch.query.replace('`', '')}`", ""]
    for h in hits:
        new = " *(nouvelle reprise)*" if h.id in marks.reprises else \
            " *(nouveau)*" if h.id in marks.new and not only_new else ""
        meta = ", ".join(p for p in (_md(h.source), french_date(h.published)) if p)
        lines.append(f"- **[{_md(h.title)}](<{h.url}>)** — {meta}{new}  ")
        if h.snippet:
            snippet = h.marked_snippet.render(_md, lambda w: f"**{_md(w)}**")
            lines.append(f"  {snippet}")
        if only_new and (note := marks.note(h.id)):
            lines.append(f"  {_md(note)}")
    return "\n".join(lines) + "\n"
