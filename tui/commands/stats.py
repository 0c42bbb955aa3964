"""`veille stats`: articles per source, date span, index state, last crawl."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from tui.exitcodes import Exit

NAME = "stats"
HELP = "articles per source, date span, index state, last crawl"
DESCRIPTION = (
    "Summarise the home: how many articles each source holds and the span of their "
    "publication dates, whether the index is up to date, and when the last crawl ran."
)

LAST_CRAWL_KEY = "last_crawl"  # store meta: JSON summary of the last crawl (crawler writes it)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def collect(home: Any) -> dict[str, Any]:
    """The stats of a home as a JSON-ready dict (raises CommandError when there is none)."""
    from tui.commands._shared import open_store_for_reading

    with open_store_for_reading(home) as store:
        sources = store.source_stats()
        seq = store.last_seq()
        last_crawl_raw = store.get_meta(LAST_CRAWL_KEY)
    first = min((s.first_published for s in sources if s.first_published), default=None)
    last = max((s.last_published for s in sources if s.last_published), default=None)
    return {
        "home": str(home.root),
        "articles": sum(s.articles for s in sources),
        "sources": {
            s.source or "(none)": {
                "articles": s.articles,
                "first_published": s.first_published.isoformat() if s.first_published else None,
                "last_published": s.last_published.isoformat() if s.last_published else None,
                "last_added": s.last_added.isoformat() if s.last_added else None,
            }
            for s in sources
        },
        "first_published": first.isoformat() if first else None,
        "last_published": last.isoformat() if last else None,
        "corpus_seq": seq,
        "index": _index_state(home, seq),
        "last_crawl": json.loads(last_crawl_raw) if last_crawl_raw else None,
    }


def _index_state(home: Any, seq: int) -> dict[str, Any] | None:
    import indexer

    state_fn = getattr(indexer, "index_state", None)
    if state_fn is None:
        return None
    state: dict[str, Any] = state_fn(home, corpus_seq=seq)
    return state


def run(args: argparse.Namespace) -> int:
    data = collect(args.home)
    if args.json:
        from tui.commands._shared import print_json

        print_json(data)
        return Exit.OK
    n = data["articles"]
    out = [f"{n:,} article{'s' if n > 1 else ''} dans {data['home']}".replace(",", " ")]
    if data["first_published"]:
        out.append(f"publiés du {data['first_published'][:10]} au "
                   f"{data['last_published'][:10]}")
    width = max((len(name) for name in data["sources"]), default=6)
    for name, info in data["sources"].items():
        span = ""
        if info["first_published"]:
            span = f"  {info['first_published'][:10]} … {info['last_published'][:10]}"
        out.append(f"  {name:<{width}}  {info['articles']:>7,}{span}")
    index = data["index"]
    if index is None:
        out.append("index : indisponible")
    elif not index.get("exists"):
        out.append("index : pas encore (lancez `veille index`)")
    else:
        behind = index.get("behind", 0)
        status = "à jour" if not behind else \
            f"{behind} modifications de retard (lancez `veille index`)"
        docs = f"{index.get('documents', 0):,}".replace(",", " ")
        out.append(f"index : {docs} documents, {status}")
    crawl = data["last_crawl"]
    if crawl:
        out.append(
            f"dernière collecte : {crawl.get('finished_at', '?')[:19].replace('T', ' ')} — "
            f"{crawl.get('new', 0)} nouveaux, {crawl.get('updated', 0)} mis à jour, "
            f"{crawl.get('failed', 0)} en échec"
        )
    else:
        out.append("dernière collecte : jamais")
    sys.stdout.write("\n".join(out) + "\n")
    return Exit.OK
