"""The help screen (`?` or F1): every key, and the query syntax."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Recherche", [
        ("taper", "chercher au fil de la frappe"),
        ("Entrée, ↓", "aller aux résultats"),
        ("↑ (boîte vide)", "requêtes précédentes ; ↓ pour revenir"),
        ("/", "revenir à la boîte de recherche"),
        ("Ctrl+G", "appliquer la suggestion « Vouliez-vous dire »"),
    ]),
    ("Résultats", [
        ("↑ ↓  j k", "article précédent, suivant (l’aperçu suit)"),
        ("PgUp PgDn Home End", "par pages, au début, à la fin"),
        ("Entrée", "lire l’aperçu (↑ ↓ j k Espace pour défiler)"),
        ("Échap", "revenir d’un niveau, fermer un écran"),
        ("o", "ouvrir l’article dans le navigateur"),
        ("c", "copier l’URL (presse-papiers, OSC 52)"),
        ("m", "articles similaires"),
        ("e", "exporter les résultats (JSON Lines ou CSV)"),
    ]),
    ("Filtres et tri", [
        ("s", "trier par pertinence ou par date"),
        ("f", "aller aux filtres (sources, années) ; Entrée choisit"),
        ("d", "période de publication (du … au …)"),
        ("x", "retirer tous les filtres"),
    ]),
    ("Application", [
        ("r", "actualiser (nouveaux articles, aussi automatique)"),
        ("t", "thème clair ou sombre"),
        ("Ctrl+P", "palette de commandes (toutes les actions)"),
        ("? F1", "cette aide"),
        ("q  Ctrl+Q", "quitter (q hors de la boîte de recherche)"),
    ]),
]

SYNTAX: list[tuple[str, str]] = [
    ("hydrogène vert", "les articles ayant tous les mots d’abord, puis les autres"),
    ("\"data center\"", "expression exacte"),
    ("-charbon  NOT charbon", "exclure un mot (aussi SAUF)"),
    ("solaire OR éolien", "l’un ou l’autre (aussi OU) ; AND/ET : les deux"),
    ("+maroc", "mot obligatoire"),
    ("(solaire OR éolien) maroc", "regrouper"),
    ("titre:batterie", "dans un champ : titre, auteur, source, tag, rubrique"),
    ("date:2025  date:2025-03", "une période ; date:>=2025-02, date:[2025-01 TO 2025-06]"),
    ("hydro*", "préfixe"),
    ("accents, pluriels", "énergie = energies, industrielle = industriel"),
    ("question en français", "« où produit-on de l’hydrogène ? » fonctionne aussi"),
    ("(boîte vide)", "les derniers articles"),
]


def help_content() -> Content:
    lines: list[Content] = [Content("Veille — aide").stylize("bold $text-accent"), Content("")]
    for title, keys in KEYS:
        lines.append(Content(title).stylize("bold"))
        for key, what in keys:
            lines.append(Content.assemble(("  " + key.ljust(18), "bold $text-accent"), what))
        lines.append(Content(""))
    lines.append(Content("Syntaxe des requêtes").stylize("bold"))
    for example, what in SYNTAX:
        lines.append(Content.assemble(("  " + example.ljust(27), "$text-accent"), what))
    lines += [Content(""), Content("Échap, q ou ? pour fermer").stylize("$text-muted")]
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Fermer")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(help_content(), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
