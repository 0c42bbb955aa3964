"""A press review as one self-contained, printable HTML file (no external resource)."""

from __future__ import annotations

from html import escape

from tui.review.model import Review, ReviewItem, Segments

CSS = """
:root { color-scheme: light; }
body { font-family: Georgia, "Times New Roman", serif; color: #1a1a1a; background: #fff;
       max-width: 46rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.5; }
header.title-page { min-height: 60vh; display: flex; flex-direction: column;
       justify-content: center; border-bottom: 2px solid #1a1a1a; margin-bottom: 2rem; }
header.title-page h1 { font-size: 2.4rem; margin: 0 0 .5rem; }
header.title-page .subtitle { font-size: 1.2rem; margin: 0 0 1rem; }
header.title-page .facts { color: #444; }
nav.toc ol { padding-left: 1.2rem; }
nav.toc a { color: inherit; }
section.group > h2 { border-bottom: 1px solid #999; padding-bottom: .2rem; margin-top: 2rem; }
article { margin: 1.2rem 0 1.6rem; break-inside: avoid; }
article h3 { font-size: 1.15rem; margin: 0 0 .2rem; }
article .meta { color: #444; font-style: italic; margin: 0 0 .4rem; }
article .excerpt { margin: 0 0 .4rem; }
article .cite { font-size: .9rem; color: #333; margin: 0; word-break: break-all; }
mark { background: #ffe28a; color: #1a1a1a; font-weight: bold; padding: 0 .1em; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  header.title-page { min-height: 90vh; break-after: page; border: none; }
  nav.toc { break-after: page; }
  section.group > h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  article .cite a::after { content: ""; }
  mark { background: none; text-decoration: underline; }
}
"""


def segments_html(segments: Segments) -> str:
    return "".join(f"<mark>{escape(t)}</mark>" if hot else escape(t) for t, hot in segments)


def _href(url: str) -> str | None:
    """Only http(s) links are links (never `javascript:` from a hostile page)."""
    return url if url.startswith(("http://", "https://")) else None


def item_html(item: ReviewItem) -> str:
    meta = " · ".join(escape(p) for p in (
        item.source, item.date_fr, f"par {item.author}" if item.author else "") if p)
    when = (f' datetime="{item.published.date().isoformat()}"' if item.published else "")
    href = _href(item.url)
    cite = (f'<a href="{escape(href)}">{escape(item.url)}</a>' if href
            else escape(item.url))
    parts = ["<article>", f"<h3>{escape(item.title)}</h3>"]
    if meta:
        parts.append(f'<p class="meta"><time{when}>{meta}</time></p>')
    if item.excerpt:
        parts.append(f'<p class="excerpt">{segments_html(item.excerpt)}</p>')
    parts += [f'<p class="cite">Source : {cite}</p>', "</article>"]
    return "\n".join(parts)


def render_html(review: Review) -> str:
    out = [
        "<!DOCTYPE html>", '<html lang="fr">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="veille">',
        f"<title>{escape(review.title)}</title>", f"<style>{CSS}</style>", "</head>",
        "<body>", '<header class="title-page">', f"<h1>{escape(review.title)}</h1>",
    ]
    if review.subtitle:
        out.append(f'<p class="subtitle">{escape(review.subtitle)}</p>')
    out += [f'<p class="facts">{escape(review.facts)}</p>',
            f'<p class="facts">Établie le {escape(review.made_on_fr)}</p>', "</header>"]
    if len(review.groups) > 1:
        out += ['<nav class="toc">', "<h2>Sommaire</h2>", "<ol>"]
        out += [f'<li><a href="#g{n}">{escape(g.title)}</a> ({len(g.items)})</li>'
                for n, g in enumerate(review.groups, 1)]
        out += ["</ol>", "</nav>"]
    out.append("<main>")
    for n, group in enumerate(review.groups, 1):
        out += [f'<section class="group" id="g{n}">', f"<h2>{escape(group.title)}</h2>"]
        out += [item_html(item) for item in group.items]
        out.append("</section>")
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
