"""A press review as Markdown: title block, one `##` per group, one `###` per article."""

from __future__ import annotations

import re

from tui.review.model import Review, ReviewItem, Segments

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def escape(text: str) -> str:
    """Markdown's special characters backslashed: article text stays text."""
    return _SPECIAL.sub(r"\\\1", text)


def segments_md(segments: Segments) -> str:
    return "".join(f"**{escape(t.strip())}**" if hot and t.strip() else escape(t)
                   for t, hot in segments)


def item_md(item: ReviewItem) -> list[str]:
    meta = " · ".join(escape(p) for p in (
        item.source, item.date_fr, f"par {item.author}" if item.author else "") if p)
    lines = [f"### {escape(item.title)}", "", f"*{meta}*" if meta else "", ""]
    if item.excerpt:
        lines += [segments_md(item.excerpt), ""]
    lines += [f"Source : <{item.url}>" if _linkable(item.url) else f"Source : {escape(item.url)}",
              ""]
    return [line for i, line in enumerate(lines) if line or (i and lines[i - 1])]


def render_markdown(review: Review) -> str:
    out = [f"# {escape(review.title)}", ""]
    out += [escape(review.subtitle), ""] if review.subtitle else []
    out += [f"{review.facts} — établie le {review.made_on_fr}", ""]
    if len(review.groups) > 1:
        out += ["## Sommaire", ""]
        out += [f"- {escape(g.title)} ({len(g.items)})" for g in review.groups]
        out.append("")
    for group in review.groups:
        out += [f"## {escape(group.title)}", ""]
        for item in group.items:
            out += item_md(item)
    return "\n".join(out).rstrip("\n") + "\n"


def _linkable(url: str) -> bool:
    return url.startswith(("http://", "https://")) and not re.search(r"[\s<>]", url)
