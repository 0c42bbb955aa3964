"""The preview pane: the highlighted hit whole, scrollable, matched words highlighted."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from corpus import Article
from indexer import Hit
from tui.app.text import HIGHLIGHT, highlighted, one_line, plain
from tui.render import french_date
from tui.reprints import story_label

HIGHLIGHT_MARK = HIGHLIGHT.split(" on ")[-1]  # what tells a highlight span from the others


def article_content(article: Article, words: set[str], story: Content | None = None
                    ) -> Content:
    """Title, source, French date, author, URL, lead and body, as literal text; `story`
    (its reprints, `story_content`) after the URL."""
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
    facts = facts_content(article, words)
    if facts is not None:
        parts.append(facts)
    if article.modified and article.published and article.modified > article.published:
        parts.append(plain(f"mis à jour le {french_date(article.modified, with_time=True)}",
                           "$text-muted"))
    parts.append(plain(article.url, "$text-muted underline"))
    if story is not None:
        parts.append(story)
    if article.lead:
        parts += [Content(""), highlighted(article.lead, words).stylize("italic")]
    parts += [Content(""), highlighted(article.text, words)]
    return Content("\n").join(parts)


LANGUAGES = {"fr": "français", "en": "anglais", "ar": "arabe", "es": "espagnol",
             "de": "allemand", "pt": "portugais", "it": "italien"}


def facts_content(article: Article, words: set[str]) -> Content | None:
    """`Rubrique Énergie · Mots-clés IA, Industrie 4.0 · français · payant`: what the
    article's page says of it (a tag that matched the search is highlighted)."""
    parts: list[Content] = []
    if article.section:
        parts.append(Content.assemble(("Rubrique ", "$text-muted"),
                                      highlighted(one_line(article.section), words)))
    if article.tags:
        tags = Content(", ").join(highlighted(one_line(t), words) for t in article.tags)
        parts.append(Content.assemble(("Mots-clés ", "$text-muted"), tags))
    language = one_line(article.language).lower()
    if language:
        parts.append(Content(LANGUAGES.get(language.split("-")[0], language)))
    if getattr(article, "paywalled", False):
        parts.append(Content("accès payant").stylize("bold $text-warning"))
    reprints = getattr(article, "reprints", None)
    if isinstance(reprints, int) and reprints > 0:
        parts.append(Content(f"repris {reprints} fois").stylize("$text-muted"))
    return Content(" · ").join(parts) if parts else None


def story_content(hit: Hit) -> Content | None:
    """Under the article: the other articles of its story this search found, and the keys
    to open them and see what each one added or cut (None for a story of one article)."""
    if not hit.reprints:
        return None
    lines = [plain(f"↻ {story_label(hit).capitalize()} :", "bold $text-warning")]
    for n, r in enumerate(hit.reprints, 1):
        when = french_date(r.published) or "sans date"
        lines.append(plain(f"  {n}. {when} · {one_line(r.source)} — "
                           f"{one_line(r.title) or '(sans titre)'}"))
    lines.append(plain("  « v » : ouvrir les reprises et voir ce que chacune ajoute ou coupe",
                       "$text-muted"))
    lines.append(Content(""))
    return Content("\n").join(lines)


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
        Binding("n", "next_match", "Occurrence suivante", show=False),
        Binding("N", "previous_match", "Occurrence précédente", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.content = Content("")
        self.match_index: int | None = None

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(Content(""), id="preview-body", markup=False)

    def show(self, content: Content) -> None:
        self.content = content
        self.match_index = None
        self.query_one("#preview-body", Static).update(content)
        self.scroll_home(animate=False)

    def action_next_match(self) -> None:
        self._jump(+1)

    def action_previous_match(self) -> None:
        self._jump(-1)

    def _jump(self, step: int) -> None:
        lines = self._match_rows()
        if not lines:
            self.notify("Aucune occurrence surlignée dans cet article.", timeout=2)
            return
        if self.match_index is None:
            top = self.scroll_y
            after = [i for i, row in enumerate(lines) if row >= top]
            index = (after[0] if after else 0) if step > 0 else max(
                (i for i, row in enumerate(lines) if row < top), default=len(lines) - 1)
        else:
            index = (self.match_index + step) % len(lines)
        self.match_index = index
        self.scroll_to(y=max(lines[index] - 2, 0), animate=False)
        self.notify(f"Occurrence {index + 1} sur {len(lines)}", timeout=1.5)

    def _match_rows(self) -> list[int]:
        width = self.query_one("#preview-body", Static).content_region.width or 80
        rows: list[int] = []
        row = 0
        for line in self.content.split("\n", allow_blank=True):
            for wrapped in line.wrap(width) or [Content("")]:
                if any(HIGHLIGHT_MARK in str(span.style) for span in wrapped.spans):
                    if not rows or rows[-1] != row:
                        rows.append(row)
                row += 1
        return rows

    @property
    def text(self) -> str:
        """The plain text shown (for tests and copy)."""
        body = self.query_one("#preview-body", Static)
        return str(body.content)
