"""`veille import FILE|-`: JSON Lines of articles into the corpus."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import BinaryIO

from corpus import Article, BadArticle
from tui.exitcodes import CommandError, Exit
from tui.progress import Progress

NAME = "import"
HELP = "import JSON Lines of articles into the corpus"
DESCRIPTION = (
    "Read articles as JSON Lines (one object per line; `url` and `text` required, see the "
    "article JSON in the docs) from FILE or standard input (`-`) and store them. Articles "
    "already stored unchanged are left alone; changed ones are updated. A bad line is "
    "reported with its number and the others are still imported (exit 2)."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .jsonl file, or - for standard input")
    parser.add_argument("--source", metavar="NAME",
                        help="source name for articles that have none")
    parser.add_argument("--no-index", action="store_true",
                        help="do not bring the index up to date afterwards")
    parser.add_argument("--quiet", action="store_true", help="no summary line")


def run(args: argparse.Namespace) -> int:
    from tui.commands._shared import writing

    stream = _open_input(args.file)
    bad: list[tuple[int, str]] = []
    counts: dict[str, int] = {}
    try:
        with writing(args.home) as store, Progress("import") as progress:
            articles = _parse_lines(stream, bad, args.source, progress)
            counts = store.upsert_many(articles)
            if not args.no_index:
                _update_index(args)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    for lineno, message in bad[:50]:
        sys.stderr.write(f"veille import : ligne {lineno} : {message}\n")
    if len(bad) > 50:
        sys.stderr.write(f"veille import : … et {len(bad) - 50} autres lignes incorrectes\n")
    if not args.quiet:
        n = sum(counts.values())
        sys.stderr.write(
            f"{n} {'article importé' if n <= 1 else 'articles importés'} : "
            f"{counts.get('new', 0)} nouveaux, {counts.get('changed', 0)} modifiés, "
            f"{counts.get('unchanged', 0)} inchangés"
            + (f" ; {len(bad)} {'ligne incorrecte' if len(bad) == 1 else 'lignes incorrectes'}"
               if bad else "") + "\n"
        )
    return Exit.USAGE if bad else Exit.OK


def _open_input(path: str) -> BinaryIO:
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise CommandError(f"lecture impossible de {path} : {exc.strerror}") from None


def _parse_lines(stream: BinaryIO, bad: list[tuple[int, str]], default_source: str | None,
                 progress: Progress) -> Iterator[Article]:
    """Articles from JSON Lines; bad lines are recorded in `bad` and skipped."""
    for lineno, raw in enumerate(stream, start=1):
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad.append((lineno, f"pas du texte UTF-8 ({exc.reason} à l’octet {exc.start})"))
            continue
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            bad.append((lineno, f"JSON invalide ({exc.msg}, colonne {exc.colno})"))
            continue
        try:
            article = Article.from_json(data)
        except BadArticle as exc:
            bad.append((lineno, str(exc)))
            continue
        if not article.source and default_source:
            article.source = default_source
        progress.advance()
        yield article


def _update_index(args: argparse.Namespace) -> None:
    """Bring the index up to date, when the indexer is installed (it is, in a release)."""
    try:
        import indexer
    except ImportError:  # pragma: no cover
        return
    update = getattr(indexer, "update_index", None)
    if update is not None:
        update(args.home, lock=False)
