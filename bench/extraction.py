"""Extraction benchmark: Veille and trafilatura side by side, from one run.

Data: ../shared/bench/extraction (990 real pages with gold fragments, 26 French; see its
README). Scoring is the data set's own (`score_extraction.py`: fragment precision/recall/F1,
normalised date and author match); this module only runs both extractors on each page in
turn, so that the machine's load weighs on both alike, and prints one table.

    .venv/bin/pip install -e '.[bench]'          # trafilatura, for the comparison only
    .venv/bin/python -m bench.extraction [--split all|design|confirm|french] [--limit N]

Splits (fixed, by the page id): `design` is the non-French pages whose id's SHA-1 is even,
`confirm` the other non-French pages, `french` the 26 French ones. Rules are designed on
`design` and checked on `confirm`. The scorer can also be run alone on Veille:

    .venv/bin/python ../shared/bench/extraction/score_extraction.py bench.extraction:extract
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "extraction"
PLACEHOLDER_URL = "https://bench.invalid/page"
SPLITS = ("all", "design", "confirm", "french")

Extractor = Callable[[str, "str | None"], dict[str, Any]]


def extract(html: str, url: str | None) -> dict[str, Any]:
    """The scorer's interface: text (lead + body), title, date (ISO), author."""
    from crawler.extraction import extract_page

    target = url if url and url.startswith(("http://", "https://")) else PLACEHOLDER_URL
    # extract_page is what crawler.extract runs; it also says whether the lead is visible.
    page = extract_page(html, target)
    article = page.article(target) if page.is_article else None
    if article is None:  # no article: no text, but the page's metadata is still reported
        date = page.published.isoformat() if page.published else None
        return {"text": "", "title": page.title, "date": date, "author": page.author}
    text = article.text
    if page.lead_in_page and article.lead and article.lead not in text:
        text = article.lead + "\n\n" + text
    return {
        "text": text,
        "title": article.title,
        "date": article.published.isoformat() if article.published else None,
        "author": article.author,
    }


def trafilatura_extract() -> Extractor | None:
    """trafilatura 2.x through the same interface, or None when it is not installed."""
    try:
        import trafilatura  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None

    def run(html: str, url: str | None) -> dict[str, Any]:
        found: Any = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                                 as_dict=True)
        if not isinstance(found, dict):
            return {}
        return {key: found.get(key) for key in ("text", "title", "date", "author")}

    return run


def in_split(entry: dict[str, Any], split: str) -> bool:
    if split == "all":
        return True
    if split == "french":
        return bool(entry["lang"] == "fr")
    if entry["lang"] == "fr":
        return False
    even = int(hashlib.sha1(entry["id"].encode()).hexdigest(), 16) % 2 == 0
    return even if split == "design" else not even


def pages(split: str, limit: int | None) -> list[Path]:
    manifest = [json.loads(line) for line in (DATA / "manifest.jsonl").open(encoding="utf-8")]
    chosen = [m for m in manifest if in_split(m, split)]
    return [DATA / "pages" / m["id"] for m in chosen[:limit]]


def run(dirs: list[Path], extractors: dict[str, Extractor]) -> dict[str, list[dict[str, Any]]]:
    """Score every page with every extractor, page by page (the scorer's own records)."""
    sys.path.insert(0, str(DATA))
    import score_extraction  # type: ignore[import-not-found, unused-ignore]

    records: dict[str, list[dict[str, Any]]] = {name: [] for name in extractors}
    for function in extractors.values():  # warm-up, not timed: lazy imports, caches
        score_extraction._FN = function
        if dirs:
            score_extraction._score_page(str(dirs[0]))
    for index, pdir in enumerate(dirs):
        for name, function in extractors.items():
            score_extraction._FN = function
            records[name].append(score_extraction._score_page(str(pdir)))
        if (index + 1) % 100 == 0:
            print(f"  {index + 1}/{len(dirs)} pages", file=sys.stderr)
    return records


def figures(recs: list[dict[str, Any]]) -> dict[str, float]:
    sys.path.insert(0, str(DATA))
    import score_extraction

    summary = score_extraction.summarize(recs)
    french = [r for r in recs if r["lang"] == "fr"]
    ms = [r["seconds"] * 1000 for r in recs]
    return {
        "pages": len(recs),
        "P": summary.get("frag_p", 0.0), "R": summary.get("frag_r", 0.0),
        "F1": summary.get("frag_f1", 0.0),
        "French R": score_extraction.summarize(french).get("frag_r", 0.0) if french else -1.0,
        "French P": score_extraction.summarize(french).get("frag_p", 0.0) if french else -1.0,
        "date": summary.get("date_norm", 0.0), "author": summary.get("author_norm", 0.0),
        "title": summary.get("title_norm", 0.0),
        "mean ms": statistics.mean(ms) if ms else 0.0,
        "median ms": statistics.median(ms) if ms else 0.0,
        "errors": float(summary.get("errors", 0)),
    }


def table(results: dict[str, dict[str, float]]) -> str:
    columns = ("pages", "P", "R", "F1", "French P", "French R", "date", "author", "title",
               "mean ms", "median ms", "errors")
    lines = ["| extractor | " + " | ".join(columns) + " |",
             "|---|" + "---|" * len(columns)]
    for name, values in results.items():
        cells = []
        for column in columns:
            value = values[column]
            if column in ("pages", "errors"):
                cells.append(f"{value:.0f}")
            elif column.endswith("ms"):
                cells.append(f"{value:.1f}")
            else:
                cells.append("–" if value < 0 else f"{value:.3f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=SPLITS, default="all")
    parser.add_argument("--limit", type=int, help="only the first N pages of the split")
    parser.add_argument("--no-trafilatura", action="store_true", help="Veille alone")
    args = parser.parse_args(argv)
    if not (DATA / "manifest.jsonl").exists():
        print(f"benchmark data absent: {DATA} (see ../shared/bench/README.md)", file=sys.stderr)
        return 2
    extractors: dict[str, Extractor] = {"Veille": extract}
    if not args.no_trafilatura:
        other = trafilatura_extract()
        if other is None:
            print("trafilatura is not installed (pip install -e '.[bench]'): Veille alone",
                  file=sys.stderr)
        else:
            extractors["trafilatura"] = other
    dirs = pages(args.split, args.limit)
    records = run(dirs, extractors)
    print(f"split {args.split}, {len(dirs)} pages, extractors run in turn on each page")
    print(table({name: figures(recs) for name, recs in records.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
