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
HELP = "run the article extractor on one page, store nothing"
DESCRIPTION = (
    "Run the article extractor on a saved page (FILE.html) or a URL (fetched once with a "
    "plain GET) and print what it finds: title, dates, author, lead and body as readable "
    "text, or the Article JSON with --json. Nothing is stored.\n\n"
    "Exit codes: 0 an article was found; 1 the page is no article (a listing, a tag page, "
    "an error page, too little text: the reason is printed on stderr); 2 unreadable file, "
    "unfetchable URL or bad usage."
)
USER_AGENT = "veille/0.1"
TIMEOUT = 20.0
MAX_BYTES = 20_000_000


def configure(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("target", metavar="FILE.html|URL", help="a saved page or an http(s) URL")
    parser.add_argument("--url", metavar="URL",
                        help="the page's URL (default: the URL fetched, else the page's "
                             "canonical link)")
    parser.add_argument("--json", action="store_true", help="print the Article JSON")


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
