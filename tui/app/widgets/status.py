"""The status line: index size, last crawl, articles new since the last visit."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.widgets import Static

from tui.app.backend import Status
from tui.app.text import thousands


def compact_date(value: datetime) -> str:
    """`28/11/2026 à 6h15` in local time (status line: short, French)."""
    local = value.astimezone()
    return f"{local:%d/%m/%Y} à {local.hour}h{local.minute:02d}"


def status_content(status: Status, arrived: int = 0) -> Content:
    """Index size, what is new (since the last visit, during this session), last crawl."""
    indexed = "article indexé" if status.documents == 1 else "articles indexés"
    parts: list[tuple[str, str]] = [(f"{thousands(status.documents)} {indexed}", "")]
    if status.new_since_look:
        n = status.new_since_look
        noun = "nouveau" if n == 1 else "nouveaux"
        parts.append((f"{thousands(n)} {noun} depuis votre dernière visite",
                      "bold $text-success"))
    if arrived:
        verb = "arrivé" if arrived == 1 else "arrivés"
        parts.append((f"{thousands(arrived)} {verb} pendant la session", "bold $text-success"))
    if status.last_crawl is not None:
        parts.append((f"collecte du {compact_date(status.last_crawl)}", ""))
    else:
        parts.append(("aucune collecte enregistrée", "$text-muted"))
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
