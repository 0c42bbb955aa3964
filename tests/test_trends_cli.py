"""`veille trends`: per-period counts that add up to what `veille search` counts."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from test_tui_app import build_home

from corpus import Home
from tui.cli import main
from tui.trends import count_series, period_key, periods_between
from tui.trends_chart import bar, chart_lines


@pytest.fixture
def indexed(tmp_path: Path) -> Home:
    return build_home(tmp_path / "home")


def run(home: Home, *args: str) -> int:
    return main(["--home", str(home.root), *args])


def search_total(home: Home, query: str, capsys: pytest.CaptureFixture[str],
                 *extra: str) -> int:
    assert run(home, "search", query, "--json", *extra) == 0
    return int(json.loads(capsys.readouterr().out)["total"])


@pytest.mark.parametrize("query", ["hydrogène", "hydrogène vert", "usines solaire", "IA"])
def test_counts_add_up_to_the_search_total(indexed: Home, query: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    total = search_total(indexed, query, capsys)
    assert run(indexed, "trends", query, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    series = data["series"][0]
    assert series["total"] == total
    assert sum(series["counts"]) + series["undated"] == total
    assert data["periods"] == sorted(data["periods"]) and len(set(data["periods"])) == len(
        data["periods"])


def test_filters_are_the_search_filters(indexed: Home,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    total = search_total(indexed, "hydrogène", capsys, "--source", "echos-demo",
                         "--since", "2025-01-01")
    assert run(indexed, "trends", "hydrogène", "--source", "echos-demo", "--since",
               "2025-01-01", "--until", "2025-12", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["series"][0]["total"] == total == 1
    assert data["periods"][0] == "2025-01" and data["periods"][-1] == "2025-12"
    assert data["series"][0]["counts"][1] == 1  # février 2025: l’acier vert
    assert data["since"] == "2025-01-01" and data["until"] == "2025-12-31"


def test_several_queries_by_year_with_sources(indexed: Home,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert run(indexed, "trends", "hydrogène", "IA", "--by", "year", "--per-source",
               "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["periods"] == ["2024", "2025", "2026"]
    h2, ia = data["series"]
    assert h2["counts"] == [1, 2, 0]
    assert h2["sources"] == {"echos-demo": [1, 1, 0], "usine-demo": [0, 1, 0]}
    assert ia["query"] == "IA" and sum(ia["counts"]) == ia["total"]


def test_csv_and_table(indexed: Home, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(indexed, "trends", "hydrogène", "=cmd()", "--by", "year", "--csv") == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["period", "hydrogène", "'=cmd()"]
    assert rows[1][0] == "2024" and rows[1][1] == "1"
    assert run(indexed, "trends", "hydrogène", "--by", "year") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["période", "hydrogène"]
    assert lines[-1].split() == ["total", "3"]


def test_bad_input_exits_2_and_an_empty_home_3(indexed: Home, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert run(indexed, "trends", "hydrogène", "--since", "mars") == 2
    assert "--since" in capsys.readouterr().err
    assert run(indexed, "trends", " ") == 2
    assert main(["--home", str(tmp_path / "empty"), "trends", "hydrogène"]) == 3
    with pytest.raises(SystemExit) as info:
        run(indexed, "trends", "x", "--by", "day")
    assert info.value.code == 2


def test_periods_and_bars() -> None:
    assert period_key(date(2025, 3, 12), "week") == "2025-W11"
    assert periods_between(date(2024, 11, 5), date(2025, 2, 1), "month") == [
        "2024-11", "2024-12", "2025-01", "2025-02"]
    assert periods_between(date(2024, 12, 30), date(2025, 1, 12), "week") == [
        "2025-W01", "2025-W02"]
    assert bar(0, 10, 20) == "" and bar(10, 10, 20) == "█" * 20 and bar(1, 1000, 20) == "▏"
    series = count_series("q", ["a", "b", "c"], {"a": datetime(2025, 3, 1),
                                                 "b": datetime(2025, 3, 9)}, "month")
    assert series.counts == {"2025-03": 2} and series.undated == 1 and series.total == 3


def test_the_chart_fits_the_width(indexed: Home) -> None:
    from tui.trends import Series, Trends

    trends = Trends("month", ["2025-01", "2025-02"],
                    [Series("hydrogène vert", 5, {"2025-01": 5}), Series("ammoniac", 1,
                                                                         {"2025-02": 1})])
    lines = chart_lines(trends, 80, color=False)
    assert all(len(line) <= 80 for line in lines)
    assert "janvier 2025" in lines[1] and "█" in lines[1]
    assert "█████▊ 1" in lines[2]  # 1 of 5 over 29 cells, the count right after
    assert "hydrogène vert (5)" in lines[0]


def test_plot_svg_draws_one_line_a_query(indexed: Home, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from xml.etree import ElementTree

    out = tmp_path / "tendances.svg"
    assert run(indexed, "trends", "hydrogène", "<script>alert(1)</script> solaire",
               "--json", "--plot", str(out)) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)            # the JSON on stdout is unchanged
    assert str(out) in captured.err
    root = ElementTree.fromstring(out.read_text(encoding="utf-8"))
    ns = "{http://www.w3.org/2000/svg}"
    lines = root.findall(f"{ns}polyline")
    assert len(lines) == 2
    points = lines[0].attrib["points"].split()
    assert len(points) == len(data["periods"])
    texts = " ".join(t.text or "" for t in root.iter(f"{ns}text"))
    assert "Tendances" in texts and "<script>" in texts   # text, never markup
    assert not root.findall(f".//{ns}script")
    total = data["series"][0]["total"]
    assert f"hydrogène ({total} article" in texts
    assert not list(tmp_path.glob(".tendances*"))        # no temporary file left


def test_plot_refuses_what_it_cannot_write(indexed: Home, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util

    assert run(indexed, "trends", "hydrogène", "--plot", str(tmp_path / "x.pdf")) == 2
    assert ".svg ou .png" in capsys.readouterr().err
    assert run(indexed, "trends", "hydrogène", "--plot", str(tmp_path / "no" / "x.svg")) == 2
    assert "pas de dossier" in capsys.readouterr().err
    png = tmp_path / "x.png"
    code = run(indexed, "trends", "hydrogène", "--plot", str(png))
    if importlib.util.find_spec("matplotlib") is None:
        assert code == 2 and "veille[plot]" in capsys.readouterr().err
        assert not png.exists()
    else:
        assert code == 0 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
