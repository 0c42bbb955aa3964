"""`veille extract`: run the article extractor on one page, store nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.exitcodes import CommandError, Exit

if TYPE_CHECKING:
    from crawler.extraction import Extraction

NAME = "extract"
HELP = "passer l’extracteur d’articles sur une page, sans rien stocker"
DESCRIPTION = (
    "Passer l’extracteur d’articles sur une page enregistrée (FICHIER.html) ou une URL "
    "(récupérée une fois, par un simple GET) et afficher ce qu’il trouve : titre, dates, "
    "auteur, chapeau et corps en texte lisible, ou le JSON d’article avec --json. Rien "
    "n’est stocké.\n\n"
    "Codes de sortie : 0 un article a été trouvé ; 1 la page n’est pas un article (une "
    "liste, une page de mot-clé, une page d’erreur, trop peu de texte : la raison est "
    "affichée sur stderr) ; 2 fichier illisible, URL irrécupérable ou usage incorrect."
)
USER_AGENT = "veille/0.1"
TIMEOUT = 20.0
MAX_BYTES = 20_000_000


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="FICHIER.html|URL",
                        help="une page enregistrée ou une URL http(s)")
    parser.add_argument("--url", metavar="URL",
                        help="l’URL de la page (défaut : l’URL récupérée, sinon le lien "
                             "canonique de la page)")
    parser.add_argument("--json", action="store_true", help="afficher le JSON d’article")


def run(args: argparse.Namespace) -> int:
    from crawler.extraction import extract_page

    target: str = args.target
    if target.startswith(("http://", "https://")):
        data, fetched_url, charset = _fetch(target)
    else:
        data, fetched_url, charset = _read(Path(target)), None, None
    from datetime import UTC, datetime

    page_url = args.url or fetched_url or ""
    page = extract_page(data, page_url, fetched_at=datetime.now(UTC), http_charset=charset)
    if not page.is_article:
        from crawler.report import reason_label

        raise CommandError(f"pas un article : {reason_label(page.reason)}", Exit.UNEXPECTED)
    url = args.url or fetched_url or page.canonical_url or page.og_url
    if args.json:
        from tui.cli.commands._shared import print_json

        if not url:
            raise CommandError(f"{target} n’indique pas d’URL canonique : passez --url URL",
                               Exit.USAGE)
        article = page.article(url)
        assert article is not None
        print_json(article.to_json())
    else:
        sys.stdout.write(format_extraction(page, url))
    return Exit.OK


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES)
    except FileNotFoundError:
        raise CommandError(f"fichier introuvable : {path}") from None
    except IsADirectoryError:
        raise CommandError(f"{path} est un dossier, pas une page") from None
    except OSError as exc:
        raise CommandError(f"lecture impossible de {path} : {exc.strerror or exc}") from None


def _fetch(url: str) -> tuple[bytes, str, str | None]:
    """The page's bytes (Content-Encoding undone, capped while inflating), its final URL
    and its Content-Type header."""
    import httpx

    from crawler.inflate import ACCEPT_ENCODING, ContentDecoder, DecodingError
    from crawler.redact import redact

    shown = redact(url)
    try:
        with httpx.Client(timeout=TIMEOUT, follow_redirects=True,
                          headers={"User-Agent": USER_AGENT,
                                   "Accept-Encoding": ACCEPT_ENCODING}) as client, \
                client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise CommandError(f"récupération impossible de {shown} : HTTP "
                                   f"{response.status_code}")
            decoder = ContentDecoder(response.headers.get("content-encoding"))
            body = bytearray()
            for raw in response.iter_raw():
                for chunk in decoder.feed(raw):
                    body += chunk
                    if len(body) >= MAX_BYTES:
                        return (bytes(body[:MAX_BYTES]), str(response.url),
                                response.headers.get("content-type"))
            decoder.finish()
            return bytes(body), str(response.url), response.headers.get("content-type")
    except httpx.InvalidURL as exc:
        raise CommandError(f"URL incorrecte : {shown} ({redact(str(exc))})") from None
    except httpx.HTTPError as exc:
        raise CommandError(f"récupération impossible de {shown} : {type(exc).__name__} : "
                           f"{redact(str(exc))}") from None
    except DecodingError as exc:
        raise CommandError(f"lecture impossible de {shown} : {exc}") from None


def format_extraction(page: Extraction, url: str, width: int | None = None) -> str:
    """The extracted article as wrapped plain text (nothing from the page is interpreted)."""
    import shutil

    from tui.render import french_date, safe, wrapped_body

    width = width or min(shutil.get_terminal_size((100, 24)).columns, 100)
    lines = [safe(page.title) or "(sans titre)", ""]
    meta = [p for p in (
        french_date(page.published, with_time=True),
        f"par {page.author}" if page.author else "",
        page.section, page.language,
    ) if p]
    if meta:
        lines.append(safe(" · ".join(meta)))
    if page.modified and page.modified != page.published:
        lines.append(f"mis à jour le {french_date(page.modified, with_time=True)}")
    lines.append(safe(url) if url else "(URL inconnue : passer --url URL)")
    if page.canonical_url and page.canonical_url != url:
        lines.append(f"canonique : {safe(page.canonical_url)}")
    if page.tags:
        lines.append("mots-clés : " + safe(", ".join(page.tags)))
    if page.paywalled:
        lines.append("réservé aux abonnés : seul le texte visible est extrait")
    lines.append("")
    lines.extend(wrapped_body(page.lead, page.text, width))
    return "\n".join(lines)
