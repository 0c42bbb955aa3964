"""`veille trends`: how many articles searches find per month, week or year."""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from corpus.batches import batched
from tui.cli.exitcodes import CommandError, Exit

if TYPE_CHECKING:
    from tui.trends import Trends

NAME = "trends"
HELP = ("combien d’articles chaque recherche trouve par mois, semaine ou année (tableau, "
        "graphique, JSON, CSV)")
DESCRIPTION = (
    "Compter, pour chaque REQUÊTE, les articles que trouve la recherche (le même compte que "
    "`veille search`, filtres compris) par mois, semaine ISO ou année de publication, sur "
    "la période des articles datés trouvés (ou --since/--until), périodes vides comprises. "
    "Sur un terminal, un graphique en barres ; dans un tube, un simple tableau ; --json et "
    "--csv pour les scripts ; --plot FICHIER.svg (ou .png, avec l’extra `plot` : "
    "matplotlib) trace aussi les courbes dans un fichier. Les articles sans date ne comptent "
    "que dans les totaux."
)
SEARCH_PAGE = 10


def configure(parser: argparse.ArgumentParser) -> None:

    parser.add_argument("queries", nargs="+", metavar="REQUÊTE",
                        help="une recherche ou plusieurs, chacune entre guillemets")
    parser.add_argument("--by", choices=("month", "week", "year"), default="month",
                        help="période : month (mois), week (semaine) ou year (année) "
                        "(défaut : month)")
    parser.add_argument("--since", metavar="DATE", help="publiés à partir de DATE")
    parser.add_argument("--until", metavar="DATE", help="publiés jusqu’à DATE")
    parser.add_argument("--source", metavar="NOM", action="append", default=[],
                        help="seulement cette source (répétable)")
    parser.add_argument("--per-source", action="store_true",
                        help="avec --json : aussi les comptes de chaque source")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="un objet JSON")
    out.add_argument("--csv", action="store_true",
                     help="CSV : la période, puis une colonne par requête")
    parser.add_argument("--plot", metavar="FICHIER",
                        help="écrire aussi le graphique dans FICHIER : .svg (sans dépendance) "
                        "ou .png (il faut matplotlib : pip install 'veille[plot]')")


def run(args: argparse.Namespace) -> int:
    from tui.cli.commands._shared import parse_date_arg
    from tui.cli.exitcodes import nothing_yet

    queries = [q.strip() for q in args.queries]
    if any(not q for q in queries):
        raise CommandError("une REQUÊTE vide ne compte rien : donnez des mots à chaque recherche")
    since = parse_date_arg(args.since, "--since")
    until_arg = parse_date_arg(args.until, "--until", end=True)
    plot = _plot_path(args) if args.plot else None
    if not args.home.has_corpus():
        raise nothing_yet(args.home.root)
    trends = _compute(args, queries, since, until_arg)
    if plot is not None:
        _write_plot(trends, plot, queries)
    if args.json:
        from tui.cli.commands._shared import print_json

        data = trends.to_json()
        data.update(since=since.date().isoformat() if since else None,
                    until=_until_day(until_arg).isoformat() if until_arg else None,
                    sources=list(args.source))
        print_json(data)
    elif args.csv:
        _write_csv(trends)
    else:
        _print(trends)
    return Exit.OK


def _plot_path(args: argparse.Namespace) -> Path:
    from tui.cli.commands._shared import guard_output
    from tui.trends_plot import PLOT_SUFFIXES

    path = Path(args.plot).expanduser()
    if path.suffix.lower() not in PLOT_SUFFIXES:
        raise CommandError(f"--plot {args.plot} : un fichier .svg ou .png")
    if not path.parent.is_dir():
        raise CommandError(f"--plot {args.plot} : pas de dossier {path.parent}")
    guard_output(args.home, args.plot)
    return path


def _write_plot(trends: Trends, path: Path, queries: list[str]) -> None:
    """The chart to `path`, atomically (a failed write leaves no half file)."""
    import os
    import tempfile

    from tui.trends import period_label
    from tui.trends_plot import PlotUnavailable, write_plot

    span = (f" : {period_label(trends.periods[0], trends.by)} – "
            f"{period_label(trends.periods[-1], trends.by)}" if trends.periods else "")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        write_plot(trends, Path(tmp), title=f"Tendances{span}")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except PlotUnavailable as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"écriture impossible de {path} : {exc.strerror or exc}") from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    sys.stderr.write(f"graphique des tendances → {path}\n")


def _until_day(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    from calendar import monthrange

    year = int(value[:4])
    if len(value) == 4:
        return date(year, 12, 31)
    month = int(value[5:7])
    return date(year, month, monthrange(year, month)[1])


def _compute(args: argparse.Namespace, queries: list[str], since: datetime | None,
             until: date | datetime | str | None) -> Trends:
    import indexer
    from corpus import open_store
    from tui.trends import compute

    def ids_of(query: str) -> list[str]:
        # The page size of `veille search` (its --limit default): its `total` is the count.
        total = searcher.search(query, limit=SEARCH_PAGE, sources=args.source, since=since,
                                until=until, snippets=False).total
        ids: list[str] = searcher.search_ids(query, sources=args.source, since=since,
                                             until=until, partial=True)
        return ids[:total]

    def sources_of(ids: list[str]) -> dict[str, str]:
        found = {}
        for batch in batched(ids):
            found.update({a.id: a.source for a in store.get_many(batch).values()})
        return found

    try:
        with indexer.Searcher(args.home) as searcher, \
                open_store(args.home, create=False) as store:
            return compute(queries, args.by, ids_of=ids_of, dates_of=store.published_dates,
                           sources_of=sources_of if args.per_source else None,
                           since=since.date() if since else None,
                           until=_until_day(until) if until else None)
    except indexer.NoIndex:
        raise CommandError(f"pas encore d’index dans {args.home.root} : lancez `veille index`",
                           Exit.NOTHING_YET) from None


def _print(trends: Trends) -> None:
    from tui.cli.output import color_enabled, color_mode
    from tui.trends_chart import chart_lines, table_lines

    out = sys.stdout
    if not trends.periods:
        out.write("aucun article daté trouvé : rien à compter par période\n")
        for series in trends.series:
            out.write(f"  {series.query} : {series.total} article"
                      f"{'s' if series.total > 1 else ''}\n")
        return
    if out.isatty() or color_mode() == "always":
        width = min(shutil.get_terminal_size((100, 24)).columns, 160)
        lines = chart_lines(trends, width, color_enabled(out))
    else:
        lines = table_lines(trends)
    out.write("\n".join(lines) + "\n")
    undated = [s for s in trends.series if s.undated]
    for series in undated:
        out.write(f"({series.undated} article{'s' if series.undated > 1 else ''} sans date "
                  f"pour « {series.query} »)\n")


def _write_csv(trends: Trends) -> None:
    from tui.formats.csvfile import csv_cell

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["period", *(csv_cell(s.query) for s in trends.series)])
    for period in trends.periods:
        writer.writerow([period, *(s.counts.get(period, 0) for s in trends.series)])

