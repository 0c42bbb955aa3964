"""The preview pane: the highlighted hit whole, scrollable, matched words highlighted."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from corpus import Article
from indexer import Hit
from tui.app.text import highlighted, one_line, plain
from tui.render import french_date


def article_content(article: Article, words: set[str]) -> Content:
    """Title, source, French date, author, URL, lead and body, as literal text."""
    meta = [p for p in (
        one_line(article.source),
        french_date(article.published, with_time=True),
        f"par {one_line(article.author)}" if article.author else "",
        "réservé aux abonnés (texte visible seulement)" if article.paywalled else "",
    ) if p]
    parts: list[Content] = [
        highlighted(one_line(article.title) or "(sans titre)", words).stylize("bold"),
        plain(" · ".join(meta), "$text-secondary"),
    ]
    if article.modified and article.published and article.modified > article.published:
        parts.append(plain(f"mis à jour le {french_date(article.modified, with_time=True)}",
                           "$text-muted"))
    parts.append(plain(article.url, "$text-muted underline"))
    if article.lead:
        parts += [Content(""), highlighted(article.lead, words).stylize("italic")]
    parts += [Content(""), highlighted(article.text, words)]
    return Content("\n").join(parts)


def hit_only_content(hit: Hit) -> Content:
    """What the result itself says, when the article is no longer in the corpus."""
    return Content("\n").join([
        plain(hit.title or "(sans titre)", "bold"),
        plain(" · ".join(p for p in (hit.source, french_date(hit.published)) if p),
              "$text-secondary"),
        plain(hit.url, "$text-muted underline"),
        Content(""),
        plain("Cet article n’est plus dans le corpus.", "$text-warning"),
    ])


class PreviewPane(VerticalScroll, can_focus=True):
    """Scrollable whole article (Enter on a result moves here; Escape goes back)."""

    BINDINGS = [
        Binding("j", "scroll_down", "Descendre", show=False),
        Binding("k", "scroll_up", "Monter", show=False),
        Binding("space", "page_down", "Page suivante", show=False),
    ]

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(Content(""), id="preview-body", markup=False)

    def show(self, content: Content) -> None:
        self.query_one("#preview-body", Static).update(content)
        self.scroll_home(animate=False)

    @property
    def text(self) -> str:
        """The plain text shown (for tests and copy)."""
        body = self.query_one("#preview-body", Static)
        return str(body.content)
