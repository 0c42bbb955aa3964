"""What surrounds an article on a press site: header, menus, cookie banner, share buttons,
related links, newsletter box, footer, listing pages. The extractor must drop all of it.

Every piece of text is escaped with `html.escape`; URLs are site-relative paths or absolute.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from urllib.parse import quote

from tui.demo.catalog import DemoArticle, slugify
from tui.demo.sites import SiteSpec

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def french_date(value: datetime) -> str:
    """`12 mars 2025` (`1er` for the first of the month)."""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def french_datetime(value: datetime) -> str:
    """`12 mars 2025 à 14h05`, in the time zone the date was written in."""
    return f"{french_date(value)} à {value.hour:02d}h{value.minute:02d}"


def e(text: str) -> str:
    """Escape text for HTML content and attribute values alike."""
    return escape(text, quote=True)


@dataclass(frozen=True)
class Page:
    """What the chrome needs to know about the page it wraps."""

    site: SiteSpec
    sections: Sequence[str]        # every section of the site, in menu order
    base_url: str                  # `http://127.0.0.1:PORT`, no trailing slash


def header(page: Page, current_section: str = "") -> str:
    site = page.site
    items = []
    for section in page.sections:
        cls = ' class="current"' if section == current_section else ""
        href = site.section_listing_path(section)
        items.append(f'<li{cls}><a href="{e(href)}">{e(section)}</a></li>')
    return (
        f'<header class="site-header"><div class="brand"><a href="/" rel="home">'
        f'{e(site.title)}</a><p class="tagline">{e(site.tagline)}</p></div>'
        f'<nav class="main-menu" aria-label="Menu principal"><ul><li><a href="/">Accueil</a>'
        f'</li>{"".join(items)}<li><a href="/newsletter">Newsletter</a></li></ul></nav>'
        f'<form class="search-form" action="/recherche" method="get"><label>Rechercher'
        f'<input type="search" name="q" placeholder="Rechercher un article…"></label>'
        f"<button>OK</button></form>"
        f'<a class="subscribe" href="/abonnement">S’abonner dès 1 € le premier mois</a>'
        f"</header>"
    )


def cookie_banner(site: SiteSpec) -> str:
    return (
        '<div id="cookie-consent" class="cookie-banner" role="dialog" aria-label="Cookies">'
        f"<p>{e(site.title)} et ses partenaires utilisent des cookies pour mesurer "
        "l’audience, personnaliser les contenus et vous proposer des publicités adaptées. "
        "Vous pouvez accepter ou paramétrer vos choix à tout moment. Notre politique de "
        "confidentialité a été mise à jour le 1er janvier 2024.</p>"
        '<button class="accept">Tout accepter</button> <button class="settings">Paramétrer'
        '</button> <a href="/confidentialite">En savoir plus</a></div>'
    )


def share_buttons(url: str, title: str) -> str:
    u, t = quote(url, safe=""), quote(title, safe="")
    return (
        '<div class="share-buttons"><span class="share-label">Partager cet article :</span>'
        f'<a class="share fb" href="https://www.facebook.com/sharer/sharer.php?u={u}">'
        "Facebook</a>"
        f'<a class="share x" href="https://twitter.com/intent/tweet?url={u}&amp;text={t}">X</a>'
        f'<a class="share in" href="https://www.linkedin.com/sharing/share-offsite/?url={u}">'
        "LinkedIn</a>"
        f'<a class="share wa" href="https://wa.me/?text={t}%20{u}">WhatsApp</a>'
        f'<a class="share mail" href="mailto:?subject={t}&amp;body={u}">E-mail</a>'
        '<a class="share print" href="javascript:window.print()">Imprimer</a></div>'
    )


def related_block(site: SiteSpec, related: Sequence[DemoArticle], *,
                  heading: str = "À lire aussi", css: str = "related") -> str:
    if not related:
        return ""
    items = "".join(
        f'<li><a href="{e(site.listed_path_of(a))}">{e(a.title)}</a>'
        f' <span class="related-date">{e(french_date(a.published))}</span></li>'
        for a in related
    )
    return (f'<aside class="{e(css)}"><h3 class="related-title">{e(heading)}</h3>'
            f"<ul>{items}</ul></aside>")


def newsletter_box(site: SiteSpec) -> str:
    return (
        '<div class="newsletter-box"><h4>La newsletter de la rédaction</h4>'
        f"<p>Chaque matin, l’essentiel de l’actualité de {e(site.title)} dans votre boîte "
        "mail. Gratuit, sans engagement.</p><form action=\"/newsletter\" method=\"post\">"
        '<input type="email" name="email" placeholder="Votre adresse e-mail">'
        "<button>Je m’inscris</button></form></div>"
    )


def most_read(site: SiteSpec, articles: Sequence[DemoArticle]) -> str:
    items = "".join(f'<li><a href="{e(site.listed_path_of(a))}">{e(a.title)}</a></li>'
                    for a in articles[:5])
    return f'<div class="widget most-read"><h4>Les plus lus</h4><ol>{items}</ol></div>'


def footer(site: SiteSpec) -> str:
    return (
        '<footer class="site-footer"><div class="footer-links">'
        '<a href="/mentions-legales">Mentions légales</a> · <a href="/contact">Contact</a> · '
        '<a href="/publicite">Publicité</a> · <a href="/cgu">Conditions générales</a> · '
        f'<a href="{e(site.admin_path)}">Espace rédaction</a> · '
        f'<a href="{e(site.feed_path)}">Flux RSS</a></div>'
        f"<p class=\"copyright\">© 2026 {e(site.title)}. Tous droits réservés. Toute "
        "reproduction, même partielle, est interdite sans autorisation écrite de la "
        "rédaction.</p>"
        '<div class="social">Suivez-nous : <a href="https://www.linkedin.com/">LinkedIn</a> '
        '<a href="https://x.com/">X</a> <a href="https://www.youtube.com/">YouTube</a></div>'
        "</footer>"
    )


def analytics_script(site: SiteSpec, page_type: str) -> str:
    return (
        "<script>window.dataLayer = window.dataLayer || [];"
        f'dataLayer.push({{"site": "{site.name}", "pageType": "{page_type}", '
        '"theme": "2024-09-01", "consent": "pending"});</script>'
    )


def document(page: Page, *, title: str, head: str, body: str, lang: str = "fr",
             html_attrs: str = "", body_class: str = "") -> str:
    """A whole HTML document in the site's house style."""
    charset = page.site.encoding
    meta_charset = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        if charset != "utf-8" else '<meta charset="utf-8">'
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{e(lang)}"{html_attrs}>\n<head>\n{meta_charset}\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n{head}\n"
        f'<link rel="alternate" type="application/{page.site.feed_format}+xml" '
        f'title="{e(page.site.title)}" href="{e(page.site.feed_path)}">\n'
        f'<link rel="stylesheet" href="/static/{page.site.name}.css">\n</head>\n'
        f'<body class="{e(body_class)}">\n{cookie_banner(page.site)}\n{body}\n'
        f"{analytics_script(page.site, body_class or 'page')}\n</body>\n</html>\n"
    )


def listing_page(page: Page, *, heading: str, articles: Sequence[DemoArticle],
                 page_no: int, pages: int, path_of_page: str, section: str = "",
                 popular: Sequence[DemoArticle] = ()) -> str:
    """A paginated listing (home page or section): teasers linking to articles."""
    site = page.site
    teasers = "".join(_teaser(site, a) for a in articles)
    links = []
    head = f'<link rel="canonical" href="{e(page.base_url + path_of_page)}">'
    if page_no > 1:
        prev_path = _page_path(site, section, page_no - 1)
        links.append(f'<a class="prev" rel="prev" href="{e(prev_path)}">« Page précédente</a>')
        head += f'\n<link rel="prev" href="{e(prev_path)}">'
    for n in range(1, pages + 1):
        cls = ' class="current" aria-current="page"' if n == page_no else ""
        links.append(f'<a{cls} href="{e(_page_path(site, section, n))}">{n}</a>')
    if page_no < pages:
        next_path = _page_path(site, section, page_no + 1)
        links.append(f'<a class="next" rel="next" href="{e(next_path)}">Page suivante »</a>')
        head += f'\n<link rel="next" href="{e(next_path)}">'
    title = f"{heading} – page {page_no}" if page_no > 1 else heading
    body = (
        f"{header(page, section)}\n<main class=\"listing\"><h1>{e(heading)}</h1>\n"
        f'<div class="teasers">{teasers}</div>\n'
        f'<nav class="pagination" aria-label="Pagination">{" ".join(links)}</nav></main>\n'
        f'<aside class="sidebar">{most_read(site, popular)}{newsletter_box(site)}</aside>\n'
        f"{footer(site)}"
    )
    return document(page, title=f"{title} | {site.title}", head=head, body=body,
                    body_class="listing")


def _teaser(site: SiteSpec, article: DemoArticle) -> str:
    href = e(site.listed_path_of(article))
    lead = article.lead if len(article.lead) <= 160 else article.lead[:157].rsplit(" ", 1)[0]
    more = "" if lead == article.lead else "…"
    return (
        f'<div class="teaser"><span class="kicker">{e(article.section)}</span>'
        f'<h2><a href="{href}">{e(article.title)}</a></h2>'
        f'<p class="teaser-meta">{e(french_date(article.published))} – {e(article.author)}</p>'
        f"<p>{e(lead)}{more}</p>"
        f'<a class="read-more" href="{href}">Lire la suite</a></div>'
    )


def _page_path(site: SiteSpec, section: str, n: int) -> str:
    return site.section_listing_path(section, n) if section else site.home_listing_path(n)


def not_found_page(page: Page) -> str:
    body = (f"{header(page)}\n<main class=\"error\"><h1>Page introuvable</h1>"
            "<p>La page que vous cherchez n’existe pas ou a été déplacée.</p>"
            '<p><a href="/">Retour à l’accueil</a></p></main>\n' f"{footer(page.site)}")
    return document(page, title=f"Page introuvable | {page.site.title}", head="", body=body,
                    body_class="error404")


def admin_page(page: Page) -> str:
    body = ('<main class="login"><h1>Espace rédaction</h1><form method="post">'
            '<label>Identifiant <input name="log"></label><label>Mot de passe '
            '<input type="password" name="pwd"></label><button>Connexion</button></form></main>')
    return document(page, title=f"Connexion | {page.site.title}",
                    head='<meta name="robots" content="noindex, nofollow">', body=body,
                    body_class="login")


def author_slug(name: str) -> str:
    return slugify(name)
