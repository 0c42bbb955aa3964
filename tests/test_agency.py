"""Agency credits: recognised in credit positions only, never in running text."""

from __future__ import annotations

import pytest

from corpus import Article, BadArticle
from corpus.agency import canonical, detect_agency

BODY = "Le port de Ndayane accueillera ses premiers navires à la fin de l’année."


@pytest.mark.parametrize(("text", "agency"), [
    (f"Rabat, 4 mars (MAP) – {BODY}", "MAP"),
    (f"Alger – APS – {BODY}", "APS"),
    (f"DAKAR (Reuters) - {BODY}", "Reuters"),
    (f"Tunis, 12 avril 2026 (TAP) — {BODY}", "TAP"),
    (f"(MAP) - {BODY}", "MAP"),
    (f"{BODY} – APS", "APS"),
    (f"{BODY}\n\n(avec AFP)", "AFP"),
    (f"{BODY}\n\nAvec Reuters", "Reuters"),
    (f"{BODY}\n\nSource : MAP", "MAP"),
    (f"{BODY} (APA)", "APA"),
    (f"{BODY} (AFP/Reuters)", "AFP, Reuters"),
    (f"Le chantier, lancé en mars (avec l’AFP), avance. {BODY}", "AFP"),
    (f"{BODY}\n\n(Agence France-Presse)", "AFP"),
])
def test_credits_are_recognised(text: str, agency: str) -> None:
    assert detect_agency(text) == agency


@pytest.mark.parametrize("text", [
    "Le MAPPING des risques industriels est prêt.",
    "la MAP du projet sera publiée en juin. La MAP est prête.",
    "La feuille de route (MAP) du projet est validée.",
    "MAP du projet – la suite des travaux",
    "Selon la Maghreb Arabe Presse (MAP), le port ouvrira en juin.",
    "La Maghreb Arabe Presse (MAP) rapporte que le port ouvrira en juin.",
    f"{BODY} Le groupe l’a confirmé à l’AFP.",
    f"{BODY} selon l’agence Reuters.",
    "Les APS de la région réclament des moyens.",
    f"{BODY}\n\nPhoto : AFP",
    f"{BODY}\n\n© AFP",
    "Map et Aps sont des mots ordinaires ici.",
])
def test_running_text_is_not_a_credit(text: str) -> None:
    assert detect_agency(text) == ""


@pytest.mark.parametrize(("author", "agency"), [
    ("La rédaction avec AFP", "AFP"), ("AFP", "AFP"), ("Le Matin (MAP)", "MAP"),
    ("Karim B. / APS", "APS"), ("Amine Tazi", ""), ("Mapping Team", ""),
])
def test_bylines(author: str, agency: str) -> None:
    assert detect_agency(BODY, author=author) == agency


def test_canonical_names() -> None:
    assert canonical("Agence  France-Presse") == "AFP"
    assert canonical("maghreb arabe presse") == "MAP"
    assert canonical("Reuters") == "Reuters"


def test_agency_in_article_json_round_trip() -> None:
    art = Article.from_json({"url": "https://x.example/a", "text": BODY, "agency": " APS "})
    assert art.agency == "APS" and art.to_json()["agency"] == "APS"
    assert Article.from_json({"url": "https://x.example/a", "text": BODY}).agency == ""
    with pytest.raises(BadArticle, match="agency"):
        Article.from_json({"url": "https://x.example/a", "text": BODY, "agency": 3})


def test_hostile_text_is_read_in_linear_time() -> None:
    import time
    start = time.process_time()
    for unit in ("MAP/", "– AFP et ", "(avec MAP/", "Rabat " , "(" ):
        assert detect_agency(unit * 100_000) in ("", "MAP", "AFP")
    assert time.process_time() - start < 10  # quadratic scans took minutes
