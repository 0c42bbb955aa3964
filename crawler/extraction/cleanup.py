"""Boilerplate recognition: class/id patterns, tag names and phrases that mark non-content."""

from __future__ import annotations

import re
from functools import lru_cache

from bs4 import Tag

from crawler.extraction.document import class_id

# Class/id words of blocks that are never the article's text.
BOILERPLATE = re.compile(
    r"comment|disqus|share|sharing|social|sociaux|news-?letter|snippet|\btoc(?:[-_]|\b)|sabox|"
    r"subscri|abonn|cookie|consent|gdpr|"
    r"rgpd|related|relat|connexe|recommend|similar|also|aussi|more-?stories|read-?more|lire-?plus|"
    r"promo|advert|\bads?\b|\bad[-_]|[-_]ads?\b|adslot|sponsor|banner|sidebar|side-bar|"
    r"breadcrumb|fil-?ariane|pagination|pager|\bnav|menu|footer|foot\b|masthead|"
    r"popup|modal|overlay|toolbar|tool-bar|caption|legende|légende|\blegend\b|credit|copyright|"
    r"author-?info|author-?box|"
    r"\btags?\b|tag-?list|keywords|taboola|outbrain|trending|popular|most-?read|"
    r"les-?plus|author-?bio|about-?author|signup|sign-up|login|paywall-?(?:box|prompt)|"
    r"visually-?hidden|sr-only|screen-?reader|skip-?link|rating|vote|poll|"
    r"newsticker|ticker|livefyre|feedback|survey|donat|table-?of-?contents|"
    r"follow|community|partner|forum|slider|carousel|gallery-?(?:nav|thumbs)",
    re.IGNORECASE,
)
# Words that rescue a block matched above (e.g. "article-footer" no, "main-content" yes).
CONTENT = re.compile(
    r"article|content|contenu|\bbody|entry|post|story|text|texte|main|prose|chapo|lead|corps|"
    r"artikel|inhalt|beitrag|rich-?text",
    re.IGNORECASE,
)
# Strong negatives that a content word does not rescue.
ALWAYS = re.compile(
    r"comment|cookie|consent|news-?letter|\btoc(?:[-_]|\b)|sabox|share|social|related|"
    r"recommend|taboola|outbrain|"
    r"advert|sponsor|promo|paywall-?(?:box|prompt)|caption|legende|\blegend\b|credit|breadcrumb|"
    r"author-?info|author-?box|"
    r"sr-only|visually-?hidden|author-?bio|about-?author|more-?stories|"
    r"\bads?\b",
    re.IGNORECASE,
)
BOILERPLATE_TAGS = frozenset(("nav", "aside", "footer", "form", "figcaption", "dialog", "menu"))
ROLE_BOILERPLATE = frozenset(
    ("navigation", "banner", "contentinfo", "complementary", "search", "dialog", "menu",
     "menubar", "alert", "alertdialog", "tooltip")
)

# Headings/lead-ins of related-link blocks and other page furniture, FR/EN/DE.
RELATED_PHRASE = re.compile(
    r"^\W*(?:[àa] lire (?:aussi|également|egalement|ensuite)|lire (?:aussi|également|egalement|"
    r"la suite)|voir aussi|sur le même sujet|sur le meme sujet|dans la même rubrique|"
    r"nos articles|articles? (?:li[ée]s|similaires|associ[ée]s)|les plus lus|plus d['’]articles|"
    r"d['’]autres articles|à découvrir|a decouvrir|découvrez aussi|read (?:more|also|next)|"
    r"related(?: articles| stories| posts)?|more (?:on|from|stories)|see also|you may also like|"
    r"recommended|most (?:read|popular)|trending|auch interessant|mehr zum thema|"
    r"weitere artikel|das könnte sie auch interessieren|lesen sie auch|zum thema|"
    r"ähnliche artikel|ähnliche beiträge|weitere beiträge|mehr themen|jetzt teilen|"
    r"notas relacionadas|noticias relacionadas|te puede interesar|empfohlen|tags?\s*:|"
    r"mots[- ]cl[ée]s\s*:|th[èe]mes?\s*:|partager|"
    r"share (?:this|on)|suivez[- ]nous|follow us|abonnez[- ]vous|inscrivez[- ]vous|"
    r"s['’]abonner|newsletter|commentaires?|comments?|leave a (?:comment|reply)|"
    r"laisser un commentaire|réagir|kommentare?|publicit[ée]|advertisement|anzeige|"
    r"cet article est réservé|la suite est réservée|article réservé|réservé aux abonnés|"
    r"vous avez aimé|tous droits réservés|all rights reserved|crédits? photo|photo\s*:|"
    r"©|\(c\)\s)",
    re.IGNORECASE,
)


# Class tokens that describe the page, not the block (WordPress body/post classes).
_STATUS_TOKEN = re.compile(
    r"^(?:category|tag|has|status|format|type|postid|page-id|single|parent|lang|term)-|"
    r"-(?:open|closed|enabled|disabled|active)$"
)


def _names(tag: Tag) -> str:
    names = class_id(tag)
    if "-" in names:
        names = _without_status(names)
    return names


@lru_cache(maxsize=4096)
def _without_status(names: str) -> str:
    return " ".join(t for t in names.split() if not _STATUS_TOKEN.search(t))


SOFT = 1     # page furniture by name or class, unless it turns out to hold the article
STRONG = 2   # comments, cookie notices, share bars, related links: always furniture


def boilerplate_level(tag: Tag) -> int:
    """0 for content-or-unknown, SOFT or STRONG for page furniture (name, role, class/id)."""
    name = tag.name
    if name in ("body", "html", "main", "article"):
        return 0
    attrs = tag.attrs
    if not attrs:
        return SOFT if name in BOILERPLATE_TAGS else 0
    role = attrs.get("role")
    return _level(name, _names(tag), role.lower() if isinstance(role, str) else "",
                  attrs.get("aria-hidden") == "true")


@lru_cache(maxsize=8192)
def _level(name: str, names: str, role: str, aria_hidden: bool) -> int:
    """boilerplate_level on what it reads (pages repeat the same class names: cached)."""
    furniture_name = bool(names) and bool(BOILERPLATE.search(names))
    if furniture_name and ALWAYS.search(names):
        return STRONG
    if name in BOILERPLATE_TAGS or role in ROLE_BOILERPLATE or aria_hidden:
        return SOFT
    if furniture_name and not CONTENT.search(names):
        return SOFT
    return 0


def names_content(tag: Tag) -> bool:
    """Whether the element's class/id names it as content ("entry-content", "article")."""
    return bool(CONTENT.search(_names(tag)))


def is_related_text(text: str) -> bool:
    """Whether a short block reads like furniture ("À lire aussi…", "Partager", "©…")."""
    return len(text) < 300 and bool(RELATED_PHRASE.match(text))


# Calls to action closing an article: subscribe, sign up, follow us, get the app, the
# paywall's "the rest is for subscribers", comment counters. Only read at a body's end.
CALL_TO_ACTION = re.compile(
    r"\b(?:subscri(?:be|ption|bers?)|suscr[ií]b|abonn(?:ez|er|ement|é|ée|és)|"
    r"abonnier|abonnent|newsletter|posteingang|sign(?:ing)? up|inscrivez|"
    r"d[ée]j[àa] (?:abonn|inscrit)|already a (?:subscriber|member)|log in|connectez-vous|"
    r"(?:follow|suivez|suivre|folgen sie|folge|s[ií]guenos|seguir a)\b.{0,60}"
    r"\b(?:twitter|facebook|instagram|linkedin|youtube|tiktok|telegram|whatsapp)|"
    r"(?:download|get|téléchargez|télécharger|laden sie)\b.{0,60}\bapps?\b|"
    r"\bapps? (?:for|pour|für) (?:ios|android|iphone)|"
    r"la suite (?:de cet article )?est réservée|pour lire la suite|"
    r"il vous reste \d+ ?% de cet article|cet article est réservé|réservé aux abonnés|"
    r"the full story|for full access|to continue reading|"
    r"(?:keine|bisherige|\d+) kommentare?|no comments|aucun commentaire|"
    r"(?:contact(?:ez)?|kontakt(?:ieren)?) (?:us|nous|sie uns)|"
    r"(?:advertise|annoncez|werben sie) (?:with|avec|bei))",
    re.IGNORECASE,
)
CTA_CHARS = 400   # a call to action is a line or two


def is_call_to_action(text: str) -> bool:
    """Whether a paragraph reads like a call to action (only meaningful at a body's end)."""
    return len(text) < CTA_CHARS and bool(CALL_TO_ACTION.search(text))
