"""Extraction benchmark: the scorer's interface around `crawler.extract`, plus timing.

Data: ../shared/bench/extraction (990 real pages with gold fragments; see its README).

    # quality (fragment P/R/F1, title/date/author match), from the repo root:
    .venv/bin/python ../shared/bench/extraction/score_extraction.py bench.extraction:extract
    # per-page time (median, p90, max) on one core, and the same scores:
    .venv/bin/python -m bench.extraction [--limit N] [--lang fr]
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "extraction"
PLACEHOLDER_URL = "https://bench.invalid/page"


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


def _pages(limit: int | None, lang: str | None) -> list[Path]:
    manifest = [json.loads(line) for line in (DATA / "manifest.jsonl").open(encoding="utf-8")]
    if lang:
        manifest = [m for m in manifest if m["lang"] == lang]
    return [DATA / "pages" / m["id"] for m in manifest[:limit]]


def timing(pages: list[Path]) -> dict[str, float]:
    """Per-page wall time of crawler.extract on decoded text, one process, one core."""
    from bs4 import BeautifulSoup

    from crawler import extract as extract_article

    seconds, parse_seconds = [], []
    for page in pages:
        raw = gzip.open(page / "page.html.gz").read()
        try:
            html = raw.decode("utf-8")
        except UnicodeDecodeError:
            html = raw.decode("cp1252", "replace")
        start = time.perf_counter()
        extract_article(html, PLACEHOLDER_URL)
        seconds.append(time.perf_counter() - start)
        if "<" in html:  # reference: a bare BeautifulSoup parse of the same page
            start = time.perf_counter()
            BeautifulSoup(html.replace("<?xml", "<?x"), "lxml")
            parse_seconds.append(time.perf_counter() - start)
    seconds.sort()
    return {
        "pages": len(seconds),
        "median_ms": statistics.median(seconds) * 1000,
        "p90_ms": seconds[int(len(seconds) * 0.9)] * 1000,
        "max_ms": seconds[-1] * 1000,
        "parse_median_ms": statistics.median(parse_seconds) * 1000,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--lang")
    parser.add_argument("--no-score", action="store_true", help="only time")
    args = parser.parse_args(argv)
    if not (DATA / "manifest.jsonl").exists():
        print(f"benchmark data absent: {DATA} (see ../shared/bench/README.md)", file=sys.stderr)
        return 2
    pages = _pages(args.limit, args.lang)
    figures = timing(pages)
    print("timing: {pages} pages, median {median_ms:.1f} ms, p90 {p90_ms:.1f} ms, "
          "max {max_ms:.0f} ms; bare BeautifulSoup(lxml) parse median {parse_median_ms:.1f} ms"
          .format(**figures))
    if not args.no_score:
        sys.path.insert(0, str(DATA))
        import score_extraction  # type: ignore[import-not-found]

        score_argv = ["bench.extraction:extract", "--data", str(DATA), "--jobs", "2"]
        if args.limit:
            score_argv += ["--limit", str(args.limit)]
        if args.lang:
            score_argv += ["--lang", args.lang]
        score_extraction.main(score_argv)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
