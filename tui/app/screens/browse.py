"""What every screen showing hits shares: preview following the list, open, copy, similar,
export. `SearchScreen` and `SimilarScreen` build on it."""

from __future__ import annotations

import os
import re
import tempfile
import webbrowser
from collections.abc import Callable
from pathlib import Path

from textual import work
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList

from indexer import Hit, IndexerError
from tui import formats
from tui.app.backend import Backend
from tui.app.dialogs.error import ErrorModal
from tui.app.dialogs.export import ExportChoice, ExportDialog
from tui.app.messages import ShowSimilar, ShowStory
from tui.app.text import marked_words, one_line
from tui.app.widgets.preview import (
    PreviewPane,
    article_content,
    hit_only_content,
    story_content,
)
from tui.app.widgets.results import ResultsList
from tui.render import fold

_QUERY_WORD = re.compile(r"\w+(?:[.,]\w+)*")
_OPERATORS = {"and", "or", "not", "et", "ou"}


def query_words(query: str) -> set[str]:
    """Plain words of a query, folded (highlighted besides the words the snippets mark)."""
    return {w for w in (fold(m) for m in _QUERY_WORD.findall(query))
            if len(w) > 1 and w not in _OPERATORS and ":" not in w}


class BrowseScreen(Screen[None]):
    """A screen with a `ResultsList` (#results) and a `PreviewPane` (#preview)."""

    BINDINGS = [
        Binding("o", "open_article", "Ouvrir"),
        Binding("c", "copy_url", "Copier l’URL"),
        Binding("m", "more_like_this", "Similaires"),
        Binding("e", "export", "Exporter"),
        Binding("v", "story", "Reprises", show=False),
    ]

    def __init__(self, backend: Backend, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.backend = backend
        self._previewed: str | None = None

    # -- the widgets ---------------------------------------------------------------------

    @property
    def results(self) -> ResultsList:
        return self.query_one("#results", ResultsList)

    @property
    def preview(self) -> PreviewPane:
        return self.query_one("#preview", PreviewPane)

    def current_hit(self) -> Hit | None:
        return self.results.current_hit

    def highlight_query(self) -> str:
        """The query whose words the preview highlights."""
        return ""

    def show_preview(self, hit: Hit | None, force: bool = False) -> None:
        if hit is None:
            self._previewed = None
            self.preview.show(Content(""))
            return
        if hit.id == self._previewed and not force:
            return
        self._previewed = hit.id
        words = marked_words([hit.marked_snippet]) | query_words(self.highlight_query())
        try:
            article = self.backend.article(hit.id)
        except Exception as exc:  # the corpus is read while a crawl writes: never crash
            self.notify(f"lecture impossible : {exc}", severity="error", markup=False)
            article = None
        story = story_content(hit)
        if article is not None:
            content = article_content(article, words, story)
        else:
            content = hit_only_content(hit)
            if story is not None:
                content = Content("\n").join([content, Content(""), story])
        self.preview.show(content)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if isinstance(event.option_list, ResultsList):
            self.show_preview(self.current_hit())
            self.on_results_moved(event.option_index)

    def on_results_moved(self, index: int) -> None:
        """Hook: the highlight moved to `index` (the search screen loads more there)."""

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option_list, ResultsList):
            self.preview.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open_article", "copy_url", "more_like_this"):
            return self.current_hit() is not None or None
        if action == "story":
            hit = self.current_hit()
            return (hit is not None and bool(hit.reprints)) or None
        return True

    # -- actions -------------------------------------------------------------------------

    def action_story(self) -> None:
        """The story of the current hit: its article and its reprints, each openable,
        with what each reprint added or cut (tui.app.screens.story)."""
        hit = self.current_hit()
        if hit is not None and hit.reprints:
            self.post_message(ShowStory(hit))

    def action_open_article(self) -> None:
        hit = self.current_hit()
        if hit is not None:
            self.notify(f"Ouverture de {one_line(hit.url)}", markup=False, timeout=3)
            self._open_in_browser(hit.url)

    @work(thread=True, group="browser")
    def _open_in_browser(self, url: str) -> None:
        try:
            opened = webbrowser.open(url)
        except webbrowser.Error:
            opened = False
        if not opened:
            self.app.call_from_thread(
                self.notify, f"aucun navigateur disponible ; l’URL : {one_line(url)}",
                severity="warning", markup=False)

    def action_copy_url(self) -> None:
        hit = self.current_hit()
        if hit is not None:
            self.app.copy_to_clipboard(hit.url)
            self.notify(f"URL copiée : {one_line(hit.url)}", markup=False, timeout=3)

    def action_more_like_this(self) -> None:
        hit = self.current_hit()
        if hit is not None:
            self.post_message(ShowSimilar(hit))

    # -- export --------------------------------------------------------------------------

    def export_description(self) -> tuple[str, int | None, str]:
        """What would be exported: a description, a count, a file name stem."""
        return "", None, "veille-export"

    def export_ids(self) -> list[str]:
        """Ids of every article to export (runs in a worker thread)."""
        return [h.id for h in self.results.hits]

    def action_export(self) -> None:
        what, count, stem = self.export_description()
        if count == 0:
            self.notify("Rien à exporter.", severity="warning")
            return
        default = Path.cwd() / f"{stem}.jsonl"
        self.app.push_screen(ExportDialog(default, what, count), self._export_chosen)

    def _export_chosen(self, choice: ExportChoice | None) -> None:
        if choice is not None:
            self.notify(f"Export vers {choice.path}…", markup=False, timeout=2)
            self._export_worker(choice, self.export_ids)

    @work(thread=True, group="export", exit_on_error=False)
    def _export_worker(self, choice: ExportChoice, ids: Callable[[], list[str]]) -> None:
        try:
            count = write_export(self.backend, ids(), choice)
        except (OSError, IndexerError) as exc:
            self.app.call_from_thread(
                self.app.push_screen, ErrorModal("Export impossible", f"{choice.path} : {exc}"))
            return
        self.app.call_from_thread(
            self.notify, f"{count} articles exportés vers {choice.path}", markup=False)


def write_export(backend: Backend, ids: list[str], choice: ExportChoice) -> int:
    """Write the articles of `ids` to the chosen file, atomically; returns the count."""
    path = choice.path
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            count = formats.write_articles(choice.fmt, backend.articles(ids), out)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count
