"""The status line: index size, last crawl, articles new since the last visit."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tui.app.backend import Status
from tui.app.text import thousands
from tui.render import french_date


def status_content(status: Status, arrived: int = 0) -> Content:
    parts: list[tuple[str, str]] = [(f"{thousands(status.documents)} articles indexés", "")]
    if status.last_crawl is not None:
        parts.append((f"dernière collecte le {french_date(status.last_crawl, with_time=True)}",
                      ""))
    else:
        parts.append(("aucune collecte enregistrée", "$text-muted"))
    if status.new_since_look:
        parts.append((f"{thousands(status.new_since_look)} nouveaux depuis votre dernière visite",
                      "bold $text-success"))
    if arrived:
        parts.append((f"{thousands(arrived)} arrivés pendant la session", "bold $text-success"))
    if status.behind:
        parts.append((f"index en retard de {thousands(status.behind)} (veille index)",
                      "$text-warning"))
    pieces: list[Content | tuple[str, str] | str] = []
    for i, part in enumerate(parts):
        if i:
            pieces.append((" · ", "$text-muted"))
        pieces.append(part)
    return Content.assemble(*pieces)


class StatusLine(Static):
    def show(self, status: Status, arrived: int = 0) -> None:
        self.update(status_content(status, arrived))
