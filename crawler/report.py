"""What a crawl did: counts per source and overall, and the ids of the new articles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from corpus import clean_line
from corpus.french import count, decimal, number, plural
from crawler.redact import redact

MAX_ERRORS_PER_SOURCE = 20
MAX_SKIPS_LISTED = 50         # skipped pages listed per source (all are counted)

# The skip reasons (codes kept as they are in the JSON summary) as people read them:
# singular and plural, after a count ("2 pages de liste").
SKIP_LABELS: dict[str, tuple[str, str]] = {
    "listing page": ("page de liste", "pages de liste"),
    "not a web page": ("contenu non web", "contenus non web"),
    "disallowed by robots.txt": ("interdite par robots.txt", "interdites par robots.txt"),
    "refused": ("refusée", "refusées"),
    "not an article": ("page sans article", "pages sans article"),
    "no text": ("page sans texte", "pages sans texte"),
    "error page": ("page d’erreur", "pages d’erreur"),
    "empty page": ("page vide", "pages vides"),
    "binary content": ("contenu binaire", "contenus binaires"),
}


def reason_label(reason: str) -> str:
    """The French label of a skip reason, in the singular ("page de liste")."""
    return SKIP_LABELS[reason][0] if reason in SKIP_LABELS else reason


def skip_label(reason: str, n: int) -> str:
    """`2 pages de liste`: a count of skipped pages with its reason in French."""
    if reason in SKIP_LABELS:
        return count(n, *SKIP_LABELS[reason])
    return f"{number(n)} {reason}"


@dataclass
class SourceReport:
    """One source's run. `status` is "ok", or "failed" when nothing could be fetched."""

    name: str
    fetched: int = 0       # pages fetched (200 or 304): articles, feeds, sitemaps, listings
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0        # pages that failed after retries
    skipped: int = 0       # not articles, not web pages, refused by robots.txt
    discovered: int = 0    # article URLs found by feeds, sitemaps and listings
    attempted: int = 0     # pages asked for (the max_pages budget counts these)
    error: str = ""        # why the whole source failed, when it did
    errors: list[str] = field(default_factory=list)
    new_ids: list[str] = field(default_factory=list)
    skip_reasons: dict[str, int] = field(default_factory=dict)
    skips: list[dict[str, str]] = field(default_factory=list)   # {url, reason}, capped

    @property
    def status(self) -> str:
        if self.error or (self.attempted > 0 and self.fetched == 0):
            return "failed"
        return "ok"

    def note_error(self, message: str) -> None:
        """Keep a sample of page errors (cleaned: they quote URLs and servers' words)."""
        if len(self.errors) < MAX_ERRORS_PER_SOURCE:
            self.errors.append(redact(clean_line(message))[:300])

    def skip(self, url: str, reason: str) -> None:
        """Count a page skipped for `reason` (a short category) and list the first ones."""
        self.skipped += 1
        self.skip_reasons[reason] = self.skip_reasons.get(reason, 0) + 1
        if len(self.skips) < MAX_SKIPS_LISTED:
            self.skips.append({"url": redact(clean_line(url))[:500], "reason": reason})

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status, "attempted": self.attempted, "fetched": self.fetched,
            "new": self.new, "updated": self.updated, "unchanged": self.unchanged,
            "failed": self.failed, "skipped": self.skipped, "discovered": self.discovered,
            "skip_reasons": dict(self.skip_reasons), "skipped_pages": list(self.skips),
            **({"error": redact(clean_line(self.error))} if self.error else {}),
        }


@dataclass
class CrawlReport:
    """The whole run: totals are sums over `per_source`."""

    per_source: dict[str, SourceReport] = field(default_factory=dict)
    seconds: float = 0.0

    def source(self, name: str) -> SourceReport:
        if name not in self.per_source:
            self.per_source[name] = SourceReport(name)
        return self.per_source[name]

    def _sum(self, name: str) -> int:
        return sum(int(getattr(r, name)) for r in self.per_source.values())

    @property
    def sources(self) -> int:
        return len(self.per_source)

    @property
    def fetched(self) -> int:
        return self._sum("fetched")

    @property
    def new(self) -> int:
        return self._sum("new")

    @property
    def updated(self) -> int:
        return self._sum("updated")

    @property
    def unchanged(self) -> int:
        return self._sum("unchanged")

    @property
    def failed(self) -> int:
        return self._sum("failed")

    @property
    def skipped(self) -> int:
        return self._sum("skipped")

    @property
    def attempted(self) -> int:
        return self._sum("attempted")

    @property
    def skip_reasons(self) -> dict[str, int]:
        """Skipped pages per reason, most frequent first."""
        counts: dict[str, int] = {}
        for r in self.per_source.values():
            for reason, n in r.skip_reasons.items():
                counts[reason] = counts.get(reason, 0) + n
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    @property
    def new_ids(self) -> list[str]:
        return [aid for r in self.per_source.values() for aid in r.new_ids]

    @property
    def errors(self) -> list[str]:
        out = [f"{r.name} : {redact(clean_line(r.error))}" for r in self.per_source.values()
               if r.error]
        out += [f"{r.name} : {e}" for r in self.per_source.values() for e in r.errors]
        return out

    @property
    def failed_sources(self) -> list[str]:
        return [r.name for r in self.per_source.values() if r.status == "failed"]

    @property
    def all_failed(self) -> bool:
        """Every source failed (the command exits 1)."""
        return bool(self.per_source) and len(self.failed_sources) == len(self.per_source)

    def summary(self) -> str:
        """The one-line summary cron sees (in French; the JSON keeps its English keys)."""
        line = (f"{count(self.sources, 'source parcourue', 'sources parcourues')} : "
                f"{count(self.fetched, 'page récupérée', 'pages récupérées')} ; "
                f"{count(self.new, 'nouvel article', 'nouveaux articles')}, "
                f"{number(self.updated)} {plural(self.updated, 'mis à jour', 'mis à jour')}, "
                f"{number(self.unchanged)} {plural(self.unchanged, 'inchangé')} ; "
                f"{count(self.failed, 'page en échec', 'pages en échec')}, "
                f"{count(self.skipped, 'page ignorée', 'pages ignorées')}")
        reasons = self.skip_reasons
        if reasons:
            line += " (" + ", ".join(skip_label(reason, n) for reason, n in reasons.items()) + ")"
        line += f" en {decimal(self.seconds)} s"
        failed = self.failed_sources
        if failed:
            line += f" ; {count(len(failed), 'source en échec', 'sources en échec')} : " \
                    f"{', '.join(failed)}"
        return line

    def to_json(self) -> dict[str, Any]:
        skipped_pages = [{"source": r.name, **skip} for r in self.per_source.values()
                         for skip in r.skips][:MAX_SKIPS_LISTED * 2]
        return {
            "sources": self.sources, "attempted": self.attempted, "fetched": self.fetched,
            "new": self.new, "updated": self.updated, "unchanged": self.unchanged,
            "failed": self.failed, "skipped": self.skipped,
            "sources_failed": len(self.failed_sources), "failed_sources": self.failed_sources,
            "skip_reasons": self.skip_reasons, "skipped_pages": skipped_pages,
            "seconds": round(self.seconds, 3),
            "per_source": {name: r.to_json() for name, r in self.per_source.items()},
            "errors": self.errors[:50],
        }
