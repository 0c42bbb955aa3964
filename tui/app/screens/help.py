"""The help screen (`?` or F1): every key, by screen, and the query syntax.

Laid out as two columns (the key, then what it does, wrapped under itself), so that it
reads cleanly down to 80×24; it scrolls (↑ ↓ PgUp PgDn) when it does not fit.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Recherche", [
        ("taper", "chercher au fil de la frappe"),
        ("Entrée ↓", "aller aux résultats"),
        ("↑ (boîte vide)", "requêtes précédentes ; ↓ pour revenir"),
        ("/", "revenir à la boîte de recherche"),
        ("Ctrl+G", "appliquer la suggestion « Vouliez-vous dire »"),
    ]),
    ("Résultats", [
        ("↑ ↓ j k", "article précédent, suivant (l’aperçu suit)"),
        ("PgUp PgDn", "page précédente, suivante"),
        ("Home End", "premier, dernier article"),
        ("Entrée", "lire l’aperçu"),
        ("Échap", "revenir d’un niveau, fermer un écran"),
        ("Espace", "garder l’article dans la sélection, ou l’en retirer"),
        ("o", "ouvrir l’article dans le navigateur"),
        ("c", "copier l’URL (presse-papiers, OSC 52)"),
        ("m", "articles similaires"),
        ("e", "exporter les résultats (JSON Lines ou CSV)"),
        ("v", "sujet repris (↻) : ses reprises, chacune à ouvrir ; « a » ce qu’elle ajoute "
              "ou coupe"),
    ]),
    ("Aperçu", [
        ("↑ ↓ j k", "défiler"),
        ("Espace", "page suivante"),
        ("n N", "occurrence surlignée suivante, précédente"),
        ("Échap", "revenir aux résultats"),
    ]),
    ("Filtres et tri", [
        ("s", "trier par pertinence ou par date"),
        ("f", "aller aux filtres (sources, années) ; Entrée choisit ou retire, "
              "plusieurs se combinent"),
        ("d", "période de publication (du … au …)"),
        ("x", "retirer tous les filtres"),
        ("u", "regrouper les reprises d’une même dépêche en un sujet, ou montrer chaque "
              "article"),
    ]),
    ("Veilles, sélection, tendances", [
        ("w", "enregistrer la recherche et ses filtres comme veille (un nom est demandé)"),
        ("Entrée (veille)", "dans le panneau Veilles : ouvrir la veille, ses nouveaux marqués ●"),
        ("Entrée (sélection)", "dans le panneau Sélection : l’écran de la sélection"),
        ("g", "tendances : la recherche au fil du temps, comparée à d’autres"),
    ]),
    ("Écran Tendances", [
        ("Entrée", "dans la boîte : calculer (jusqu’à cinq recherches séparées par « ; »)"),
        ("b", "par mois, par semaine, par année"),
        ("p", "par source (la première recherche), ou par recherche"),
        ("/", "modifier les recherches"),
        ("Échap", "revenir à la recherche"),
    ]),
    ("Écran Sélection", [
        ("Espace", "retirer l’article de la sélection"),
        ("e", "exporter la sélection ; la revue : veille review --from-selection"),
        ("Échap", "revenir à la recherche"),
    ]),
    ("Application", [
        ("r F5 Ctrl+R", "actualiser (nouveaux articles ; aussi automatique)"),
        ("t", "thème clair ou sombre"),
        ("Ctrl+P", "palette de commandes (toutes les actions)"),
        ("? F1", "cette aide"),
        ("q Ctrl+Q", "quitter (q hors de la boîte de recherche)"),
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


def help_rows() -> list[tuple[str, str, str]]:
    """(section, key, what) of every line of the help, in order."""
    rows = [(title, key, what) for title, keys in KEYS for key, what in keys]
    rows += [("Syntaxe des requêtes", example, what) for example, what in SYNTAX]
    return rows


def help_text() -> str:
    """The help as plain text (for tests and for the record)."""
    return "\n".join(f"{section} | {key} | {what}" for section, key, what in help_rows())


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Fermer")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Content("Veille — aide").stylize("bold $text-accent"),
                         classes="help-title")
            for title, keys in KEYS:
                yield from self._section(title, keys, "help-key")
            yield from self._section("Syntaxe des requêtes", SYNTAX, "help-example")
            yield Static(Content("Échap, q ou ? pour fermer · ↑ ↓ PgUp PgDn pour défiler")
                         .stylize("$text-muted"), classes="help-section")

    @staticmethod
    def _section(title: str, rows: list[tuple[str, str]], key_class: str) -> ComposeResult:
        yield Static(Content(title).stylize("bold"), classes="help-section")
        for key, what in rows:
            with Horizontal(classes="help-row"):
                yield Static(Content(key), classes=key_class)
                yield Static(Content(what), classes="help-what")

    def action_close(self) -> None:
        self.dismiss(None)
