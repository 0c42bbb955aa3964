"""`veille show ID|URL`: one article, whole."""

from __future__ import annotations

import argparse
import sys

from corpus import Article, CorpusStore
from tui.cli.exitcodes import CommandError, Exit

NAME = "show"
HELP = "montrer un article, en entier"
DESCRIPTION = (
    "Afficher un article stocké, trouvé par son id ou par l’une de ses URL. Tout le texte "
    "affiché, URL et id compris, est débarrassé des séquences de contrôle du terminal. "
    "Quand d’autres articles reprennent le même sujet (une dépêche d’agence, un "
    "communiqué), ils sont listés après lui, les plus anciens d’abord ; --json les donne "
    "dans `story` et `reprints`."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ref", metavar="ID|URL",
                        help="id d’article (16 chiffres hexadécimaux) ou URL")
    parser.add_argument("--json", action="store_true", help="afficher le JSON d’article")


def run(args: argparse.Namespace) -> int:
    from tui.cli.commands._shared import open_store_for_reading, print_json
    from tui.render import format_article_text

    with open_store_for_reading(args.home) as store:
        article = store.get(args.ref)
        if article is None:
            raise CommandError(f"aucun article {args.ref!r} dans {args.home.root}",
                               Exit.USAGE)
        story = store.story_of(article.id)
        others = story_articles(store, story, article.id)
    if args.json:
        data = article.to_json()
        data["story"] = story
        data["reprints"] = [_reprint_json(a) for a in others]
        print_json(data)
    else:
        sys.stdout.write(format_article_text(article))
        if others:
            sys.stdout.write(_others_text(others))
    return Exit.OK


def story_articles(store: CorpusStore, story: int | None, article_id: str) -> list[Article]:
    """The other articles of `story`, earliest first."""
    if story is None:
        return []
    ids = [i for i in store.story_members(story) if i != article_id]
    found = store.get_many(ids)
    return [found[i] for i in ids if i in found]


def _reprint_json(article: Article) -> dict[str, object]:
    return {"id": article.id, "url": article.url, "title": article.title,
            "source": article.source,
            "published": article.published.isoformat() if article.published else None,
            "agency": article.agency}


def _others_text(others: list[Article]) -> str:
    from corpus.french import count
    from tui.render import safe, short_date

    lines = ["", f"Même sujet, {count(len(others), 'autre article', 'autres articles')} :"]
    for a in others:
        when = short_date(a.published).strip() or "sans date"
        lines.append(f"  {when}  {safe(a.source)}  {safe(a.title) or '(sans titre)'}")
        lines.append(f"      {a.id}  {safe(a.url)}")
    return "\n".join(lines) + "\n"
