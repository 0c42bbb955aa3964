"""Deterministic French articles for tests, in the register of industry press."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from corpus import Article

_SUBJECTS = [
    ("Maroc", "l’hydrogène vert", "Énergies Afrique"),
    ("Sénégal", "le port de Ndayane", "Dakar Éco"),
    ("Tunisie", "les câbleurs automobiles", "Tunis Industrie"),
    ("Côte d’Ivoire", "la transformation du cacao", "Abidjan Industrie"),
    ("Algérie", "l’acier et le ciment", "Alger Eco"),
]
_SENTENCES = [
    "Selon {who}, la filière a franchi « un cap décisif » au cours du dernier trimestre.",
    "Le projet mobilise 2,4 milliards de dirhams et devrait créer 1 200 emplois directs.",
    "Les industriels misent sur l’Industrie 4.0 et l’IA pour gagner en compétitivité.",
    "La COP28 a relancé l’intérêt des investisseurs pour {topic} au {country}.",
    "Aujourd’hui, les PME sous-traitantes réclament un accès plus simple au financement.",
    "Les exportations vers l’UE ont progressé de 12 % sur un an, d’après les douanes.",
    "Le ministère table sur une mise en service d’ici à 2027, « si le calendrier tient ».",
]


def make_article(i: int, *, source: str | None = None, words: int = 120) -> Article:
    """Article number `i`: stable text, date and URL for the same `i`."""
    rng = random.Random(i)
    country, topic, title_source = _SUBJECTS[i % len(_SUBJECTS)]
    who = rng.choice(["Amine Tazi, directeur général", "Fatou Ndiaye, analyste",
                      "Claire Martin, économiste"])
    paragraphs = []
    count = 0
    while count < words:
        sentences = [s.format(who=who, topic=topic, country=country)
                     for s in rng.sample(_SENTENCES, 3)]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    published = datetime(2024, 1, 1, 9, 30, tzinfo=UTC) + timedelta(days=7 * i, hours=i % 9)
    return Article(
        url=f"https://www.example-{i % 3}.ma/industrie/{2024 + i % 3}/article-{i}.html",
        title=f"{country} : {topic} en question ({i})",
        lead=f"Le point sur {topic} au {country}, article {i}.",
        text="\n\n".join(paragraphs),
        published=published,
        author=who.split(",")[0],
        source=source or f"source-{i % 3}",
        section="Industrie",
        tags=[country, "industrie"],
        language="fr",
        fetched_at=published + timedelta(hours=2),
    )
