"""`veille import FILE|-`: JSON Lines of articles into the corpus."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO

from corpus import Article, BadArticle
from corpus.french import count
from tui.cli.exitcodes import CommandError, Exit
from tui.cli.progress import Progress
from tui.cli.signals import check

NAME = "import"
HELP = "importer des articles en JSON Lines dans le corpus"
DESCRIPTION = (
    "Lire des articles en JSON Lines (un objet par ligne ; `url` et `text` obligatoires, "
    "voir le JSON d’article dans la documentation) dans FICHIER ou sur l’entrée standard "
    "(`-`) et les stocker. Les articles déjà stockés à l’identique sont laissés tels quels ; "
    "ceux qui ont changé sont mis à jour. Une ligne incorrecte (pas du JSON, sans url ni "
    "text, imbriquée sur plus de 64 niveaux, plus longue que 32 Mio) est signalée avec son "
    "numéro, et les autres sont importées quand même (code 2). Une date antérieure à 1900 "
    "ou de plus d’un jour dans le futur est écartée, avec une note ; l’article est gardé. "
    "SIGTERM l’arrête comme Ctrl-C (code 130), en gardant les lots déjà validés."
)

MAX_LINE_BYTES = 32 * 1024 * 1024   # an article is a few KB; the crawler caps pages at 5 MB
MAX_DEPTH = 64                      # an article is 2 levels deep (the object, its tags)
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FICHIER",
                        help="un fichier .jsonl, ou - pour l’entrée standard")
    parser.add_argument("--source", metavar="NOM",
                        help="nom de source des articles qui n’en ont pas")
    parser.add_argument("--no-index", action="store_true",
                        help="ne pas mettre l’index à jour ensuite")
    parser.add_argument("--quiet", action="store_true", help="pas de ligne de bilan")


def run(args: argparse.Namespace) -> int:
    from tui.cli.commands._shared import writing
    from tui.cli.signals import sigterm_as_interrupt

    stream = _open_input(args.file)
    bad: list[tuple[int, str]] = []
    notes: list[tuple[int, str]] = []
    counts: dict[str, int] = {}
    index_error = None
    try:
        with sigterm_as_interrupt(), writing(args.home) as store, \
                Progress("import") as progress:
            articles = _parse_lines(stream, bad, args.source, progress, notes)
            counts = store.upsert_many(articles)
            if not args.no_index:
                index_error = _update_index(args)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    _report_lines(notes, ("remarque", "remarques"))
    _report_lines(bad, ("ligne incorrecte", "lignes incorrectes"))
    if not args.quiet:
        sys.stderr.write(_summary(counts, len(bad)) + "\n")
    if index_error:
        raise CommandError(f"les articles sont stockés mais l’indexation a échoué : "
                           f"{index_error} (lancez `veille index`)", Exit.UNEXPECTED)
    return Exit.USAGE if bad else Exit.OK


def _summary(counts: dict[str, int], bad: int) -> str:
    """`3 articles importés : 2 nouveaux, 1 modifié, 0 inchangé ; 1 ligne incorrecte`."""
    new, changed = counts.get("new", 0), counts.get("changed", 0)
    unchanged = counts.get("unchanged", 0)
    total = sum(counts.values())
    line = (f"{count(total, 'article importé', 'articles importés')} : "
            f"{count(new, 'nouveau', 'nouveaux')}, {count(changed, 'modifié')}, "
            f"{count(unchanged, 'inchangé')}")
    return line + (f" ; {count(bad, 'ligne incorrecte', 'lignes incorrectes')}" if bad else "")


def _report_lines(lines: list[tuple[int, str]], what: tuple[str, str]) -> None:
    for lineno, message in lines[:50]:
        sys.stderr.write(f"veille import: ligne {lineno} : {message}\n")
    if len(lines) > 50:
        more = len(lines) - 50
        sys.stderr.write(f"veille import: … et {count(more, *what)} de plus\n")


def _open_input(path: str) -> BinaryIO:
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise CommandError(f"lecture impossible de {path} : {exc.strerror}") from None


def _lines(stream: BinaryIO, bad: list[tuple[int, str]]) -> Iterator[tuple[int, bytes]]:
    """(number, bytes) of each line; a line over MAX_LINE_BYTES is skipped (read through
    in chunks, never held whole) and recorded in `bad`."""
    lineno = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            bad.append((lineno, f"plus de {MAX_LINE_BYTES >> 20} Mio : ignorée"))
            continue
        yield lineno, raw


def _too_deep(line: str) -> bool:
    """Whether the JSON text nests arrays and objects more than MAX_DEPTH levels (the
    scan runs only on lines holding that many brackets, outside strings or not)."""
    if line.count("[") + line.count("{") <= MAX_DEPTH:
        return False
    depth = 0
    for match in _JSON_TOKENS.finditer(line):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif token in "]}":
            depth -= 1
    return False


def _decode(raw: bytes) -> Any:
    """The JSON value of one line; ValueError with the reason when it is not usable."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"pas du texte UTF-8 ({exc.reason} à l’octet {exc.start})") from None
    if not line.strip():
        return None
    if _too_deep(line):
        raise ValueError(f"plus de {MAX_DEPTH} niveaux d’imbrication : pas un article")
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"JSON incorrect ({exc.msg}, colonne {exc.colno})") from None
    except RecursionError:  # pragma: no cover - _too_deep catches these first
        raise ValueError("imbrication trop profonde : pas un article") from None


def _parse_lines(stream: BinaryIO, bad: list[tuple[int, str]], default_source: str | None,
                 progress: Progress, notes: list[tuple[int, str]] | None = None
                 ) -> Iterator[Article]:
    """Articles from JSON Lines; bad lines are recorded in `bad` and skipped, what was
    dropped from a good one (an absurd date) in `notes`."""
    for lineno, raw in _lines(stream, bad):
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            data = _decode(raw)
        except ValueError as exc:
            bad.append((lineno, str(exc)))
            continue
        if data is None:
            continue
        try:
            article = Article.from_json(data)
        except BadArticle as exc:
            bad.append((lineno, str(exc)))
            continue
        if notes is not None:
            notes.extend((lineno, note) for note in article.notes)
        if not article.source and default_source:
            article.source = default_source
        check()
        progress.advance()
        yield article


def _update_index(args: argparse.Namespace) -> str | None:
    """Bring the index up to date (we hold the lock); the error message if it failed."""
    import logging

    import indexer

    try:
        indexer.update_index(args.home, lock=False, progress=lambda done, total: check())
    except indexer.IndexerError as exc:
        logging.getLogger(__name__).info("indexing after the import failed: %s", exc,
                                         exc_info=True)
        return str(exc)
    return None
