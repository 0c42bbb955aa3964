"""The results list: one entry per hit (date, source, title, then a one-line snippet)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from indexer import Hit
from tui.app.text import marked_words, one_line, snippet_content, title_content
from tui.render import short_date
from tui.reprints import story_label

NEW_MARK = "●"
KEPT_MARK = "✚"  # in the selection


def hit_prompt(hit: Hit, new: bool = False, kept: bool = False,
               words: set[str] | None = None) -> Content:
    """Two lines of literal text: `12/03/2025  source  Title` and the snippet (its matched
    words: the hit's spans); in the title, its matched words (the hit's title spans) and
    the words the snippet marks (and `words`, folded) are highlighted."""
    excerpt = hit.marked_snippet
    marked = marked_words([excerpt]) | (words or set())
    head = Content.assemble(
        (KEPT_MARK + " " if kept else "", "bold"),
        (NEW_MARK + " " if new else "", "bold $text-success"),
        (short_date(hit.published), "$text-muted"),
        "  ",
        (one_line(hit.source), "$text-accent"),
        "  ",
        title_content(hit.marked_title, marked).stylize("bold"),
    )
    snippet = snippet_content(excerpt) if excerpt.text else Content("")
    story = Content.assemble((f"↻ {story_label(hit)} · ", "bold $text-warning")) \
        if hit.reprints else Content("")
    return Content.assemble(head, "\n", Content("  "), story, snippet.stylize("$text-muted"))


class ResultsList(OptionList):
    """Hits of the current search; the highlighted one is shown in the preview."""

    BINDINGS = [
        Binding("j", "cursor_down", "Suivant", show=False),
        Binding("k", "cursor_up", "Précédent", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(markup=False, **kwargs)  # type: ignore[arg-type]
        self.hits: list[Hit] = []
        self.new_ids: set[str] = set()
        self.kept_ids: set[str] = set()  # in the selection (marked)
        self.words: set[str] = set()  # the query's words, folded (highlighted in titles)

    def show_hits(self, hits: Sequence[Hit], new_ids: Iterable[str] = (),
                  keep: str | None = None) -> None:
        """Replace the list; keep the highlight on the article `keep` if still there."""
        self.hits = list(hits)
        self.new_ids = set(new_ids)
        self.set_options(self._make_options(self.hits))
        index = next((i for i, h in enumerate(self.hits) if h.id == keep), None)
        if self.hits:
            self.highlighted = index if index is not None else 0
            if index is None:
                self.scroll_home(animate=False)

    def append_hits(self, hits: Sequence[Hit]) -> None:
        known = {h.id for h in self.hits}
        fresh = [h for h in hits if h.id not in known]
        self.hits.extend(fresh)
        self.add_options(self._make_options(fresh))

    def _make_options(self, hits: Sequence[Hit]) -> list[Option]:
        return [Option(hit_prompt(h, h.id in self.new_ids, h.id in self.kept_ids, self.words),
                       id=f"hit-{h.id}") for h in hits]

    def mark_kept(self, kept: Iterable[str]) -> None:
        """Mark the hits in the selection (only the changed entries are redrawn)."""
        kept = set(kept)
        changed = kept ^ self.kept_ids
        self.kept_ids = kept
        for index, hit in enumerate(self.hits):
            if hit.id in changed:
                self.replace_option_prompt_at_index(
                    index, hit_prompt(hit, hit.id in self.new_ids, hit.id in kept, self.words))

    @property
    def current_hit(self) -> Hit | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.hits):
            return None
        return self.hits[index]
