"""Article pages in the six house styles of the demo press titles.

- `wordpress` (Usine Maghreb): a WordPress theme with a Yoast-like JSON-LD `@graph`;
- `opengraph` (Énergies Afrique): OpenGraph and `article:*` meta only, `<div>` soup;
- `microdata` (Le Courrier industriel): schema.org microdata (`itemprop=articleBody`...);
- `plain` (Dakar Éco): no structured data, a byline "Par …" and "Publié le … à …" in text;
- `amp` (Tunis Industrie): a normal page and an AMP variant whose canonical is the normal one;
- `legacy` (Ports & Logistique): an old CMS served in windows-1252, plain meta tags.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from tui.demo.catalog import DemoArticle, slugify
from tui.demo.chrome import (
    Page,
    document,
    e,
    footer,
    french_date,
    french_datetime,
    header,
    most_read,
    newsletter_box,
    related_block,
    share_buttons,
)


@dataclass(frozen=True)
class ArticleContext:
    """Everything a template needs to render one article."""

    page: Page
    article: DemoArticle
    related: Sequence[DemoArticle]
    popular: Sequence[DemoArticle]

    @property
    def url(self) -> str:
        return self.page.base_url + self.page.site.article_path_of(self.article)

    @property
    def amp_url(self) -> str | None:
        path = self.page.site.amp_path_of(self.article)
        return self.page.base_url + path if path else None


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def _paragraphs(article: DemoArticle, insert_after: int = -1, insert: str = "") -> str:
    out = []
    for i, para in enumerate(article.body):
        out.append(f"<p>{e(para)}</p>")
        if i == insert_after and insert:
            out.append(insert)
    return "\n".join(out)


def _json_ld(data: object) -> str:
    # `</` inside a script would end it early: escape it the way JSON allows.
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def _news_article_ld(ctx: ArticleContext, *, with_body: bool) -> dict[str, object]:
    a = ctx.article
    data: dict[str, object] = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": ctx.url},
        "headline": a.title, "description": a.lead,
        "datePublished": _iso(a.published), "dateModified": _iso(a.last_change),
        "author": [{"@type": "Person", "name": a.author}],
        "publisher": {"@type": "Organization", "name": ctx.page.site.title},
        "articleSection": a.section, "keywords": list(a.tags), "inLanguage": a.language,
    }
    if with_body:
        data["articleBody"] = a.text
    return data


def wordpress(ctx: ArticleContext) -> str:
    a, site = ctx.article, ctx.page.site
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "@id": ctx.page.base_url + "/#website", "name": site.title,
             "url": ctx.page.base_url + "/", "inLanguage": "fr-FR"},
            {"@type": "WebPage", "@id": ctx.url, "url": ctx.url, "name": a.title,
             "isPartOf": {"@id": ctx.page.base_url + "/#website"}},
            {k: v for k, v in _news_article_ld(ctx, with_body=False).items()
             if k != "@context"},
        ],
    }
    head = (
        f'<link rel="canonical" href="{e(ctx.url)}">\n'
        f'<meta name="description" content="{e(a.lead)}">\n'
        '<meta name="generator" content="WordPress 6.5.2">\n' + _json_ld(graph)
    )
    inline = related_block(site, ctx.related[:2], css="related-inline")
    updated = (f' <time class="updated" datetime="{_iso(a.modified)}">Mis à jour le '
               f"{e(french_date(a.modified))}</time>" if a.modified else "")
    tags = ", ".join(f'<a href="/tag/{e(slugify(t))}/" rel="tag">{e(t)}</a>' for t in a.tags)
    body = (
        f'<div id="page" class="site">{header(ctx.page, a.section)}\n'
        '<div id="content" class="site-content"><main id="main" class="site-main">\n'
        f'<article id="post-{_post_id(a)}" class="post type-post '
        'status-publish format-standard hentry">\n<header class="entry-header">'
        f'<span class="cat-links"><a href="{e(site.section_listing_path(a.section))}" '
        f'rel="category tag">{e(a.section)}</a></span>'
        f'<h1 class="entry-title">{e(a.title)}</h1><div class="entry-meta">'
        f'<span class="posted-on"><time class="entry-date published" '
        f'datetime="{_iso(a.published)}">{e(french_date(a.published))}</time>{updated}</span>'
        f' <span class="byline">par <span class="author vcard"><a class="url fn n" '
        f'href="/author/{e(slugify(a.author))}/">{e(a.author)}</a></span></span></div>'
        "</header>\n"
        '<div class="entry-content">\n'
        f'<p class="chapo"><strong>{e(a.lead)}</strong></p>\n'
        f"{_paragraphs(a, insert_after=1, insert=inline)}\n"
        f"{share_buttons(ctx.url, a.title)}\n</div>\n"
        f'<footer class="entry-footer"><span class="tags-links">Mots-clés : {tags}</span>'
        "</footer>\n</article>\n"
        f'<nav class="post-navigation">{related_block(site, ctx.related[2:], heading="Sur le même sujet")}</nav>\n'  # noqa: E501
        '<div id="comments" class="comments-area"><h3 class="comments-title">0 commentaire'
        '</h3><div id="respond"><h3>Laisser un commentaire</h3><form action="/wp-comments-post.php"'
        ' method="post"><textarea name="comment"></textarea><button>Publier</button></form>'
        "</div></div>\n</main>\n"
        f'<aside id="secondary" class="widget-area">{most_read(site, ctx.popular)}'
        f"{newsletter_box(site)}</aside></div>\n{footer(site)}</div>"
    )
    return document(ctx.page, title=f"{a.title} - {site.title}", head=head, body=body,
                    lang=_lang(a), body_class="post-template-default single single-post")


def opengraph(ctx: ArticleContext) -> str:
    a, site = ctx.article, ctx.page.site
    meta = [
        ("og:type", "article"), ("og:title", a.title), ("og:description", a.lead),
        ("og:url", ctx.url), ("og:site_name", site.title),
        ("og:locale", "en_GB" if a.language == "en" else "fr_FR"),
        ("og:image", ctx.page.base_url + f"/images/{a.slug}.jpg"),
        ("article:published_time", _iso(a.published)),
        ("article:modified_time", _iso(a.last_change)),
        ("article:author", a.author), ("article:section", a.section),
        *(("article:tag", t) for t in a.tags),
    ]
    head = "\n".join(f'<meta property="{p}" content="{e(v)}">' for p, v in meta)
    head += (f'\n<meta name="twitter:card" content="summary_large_image">'
             f'\n<link rel="canonical" href="{e(ctx.url)}">')
    tags = "".join(f'<a class="tag" href="/tag/{e(slugify(t))}">{e(t)}</a>' for t in a.tags)
    body = (
        f'<div class="layout">{header(ctx.page, a.section)}\n<div class="content-wrapper">'
        '<div class="col-main"><div class="post">\n'
        f'<div class="post-kicker">{e(a.section)}</div><h1 class="post-title">{e(a.title)}'
        f'</h1>\n<div class="post-lead">{e(a.lead)}</div>\n'
        f'<div class="post-info"><span class="post-author">Par {e(a.author)}</span> · '
        f'<span class="post-date">{a.published:%d/%m/%Y}</span></div>\n'
        f'<figure class="post-image"><img src="/images/{e(a.slug)}.jpg" alt="">'
        f"<figcaption>Illustration. © {e(site.title)} / DR</figcaption></figure>\n"
        f'<div class="post-body">{_paragraphs(a)}</div>\n'
        f'<div class="post-tags">{tags}</div></div>\n{share_buttons(ctx.url, a.title)}\n'
        f"{related_block(site, ctx.related, heading='Sur le même sujet', css='related-posts')}"
        f"</div>\n"
        f'<div class="col-side">{newsletter_box(site)}{most_read(site, ctx.popular)}</div>'
        f"</div>\n{footer(site)}</div>"
    )
    return document(ctx.page, title=f"{a.title} | {site.title}", head=head, body=body,
                    lang=_lang(a), body_class="article")


def microdata(ctx: ArticleContext) -> str:
    a, site = ctx.article, ctx.page.site
    head = (f'<link rel="canonical" href="{e(ctx.url)}">\n'
            f'<meta name="description" content="{e(a.lead)}">')
    modified = (
        f' <span class="maj">Mis à jour le <time itemprop="dateModified" '
        f'datetime="{_iso(a.modified)}">{e(french_datetime(a.modified))}</time></span>'
        if a.modified else ""
    )
    keywords = "".join(f'<li><a href="/mot-cle/{e(slugify(t))}"><span itemprop="keywords">'
                       f"{e(t)}</span></a></li>" for t in a.tags)
    body = (
        f"{header(ctx.page, a.section)}\n"
        '<div id="wrap"><nav class="breadcrumb"><a href="/">Accueil</a> › '
        f'<a href="{e(site.section_listing_path(a.section))}">{e(a.section)}</a></nav>\n'
        '<article class="article-full" itemscope itemtype="https://schema.org/NewsArticle">'
        f'<meta itemprop="mainEntityOfPage" content="{e(ctx.url)}">'
        f'<meta itemprop="inLanguage" content="{e(a.language)}">\n'
        f'<p class="surtitre" itemprop="articleSection">{e(a.section)}</p>'
        f'<h1 itemprop="headline">{e(a.title)}</h1>\n'
        f'<p class="chapeau" itemprop="description">{e(a.lead)}</p>\n'
        '<div class="signature">Par <span itemprop="author" itemscope '
        f'itemtype="https://schema.org/Person"><span itemprop="name">{e(a.author)}</span>'
        f'</span> — <time itemprop="datePublished" datetime="{_iso(a.published)}">le '
        f"{e(french_datetime(a.published))}</time>{modified}</div>\n"
        f'<div class="texte" itemprop="articleBody">{_paragraphs(a)}</div>\n'
        f'<ul class="mots-cles">{keywords}</ul>\n</article>\n'
        f"{share_buttons(ctx.url, a.title)}\n"
        f"{related_block(site, ctx.related, heading='Lire aussi')}\n"
        f'<div class="pub">Publicité</div></div>\n{footer(site)}'
    )
    return document(ctx.page, title=f"{a.title} - {site.title}", head=head, body=body,
                    lang=_lang(a), body_class="article")


def plain(ctx: ArticleContext) -> str:
    a, site = ctx.article, ctx.page.site
    modified = (f'<br>Mis à jour le {e(french_datetime(a.modified))}' if a.modified else "")
    body = (
        f'<div id="global">{header(ctx.page, a.section)}\n<div id="contenu">'
        f'<div class="fil">Vous êtes ici : <a href="/">Accueil</a> &gt; '
        f'<a href="{e(site.section_listing_path(a.section))}">{e(a.section)}</a></div>\n'
        f'<div class="article"><span class="rubrique">{e(a.section)}</span>\n'
        f"<h1>{e(a.title)}</h1>\n"
        f'<p class="auteur">Par {e(a.author)}</p>\n'
        f'<p class="date">Publié le {e(french_datetime(a.published))}{modified}</p>\n'
        f'<p class="intro"><b>{e(a.lead)}</b></p>\n{_paragraphs(a)}\n</div>\n'
        f"{share_buttons(ctx.url, a.title)}\n"
        f"{related_block(site, ctx.related)}\n"
        f"</div>\n"
        f'<div id="droite">{most_read(site, ctx.popular)}{newsletter_box(site)}</div>\n'
        f"{footer(site)}</div>"
    )
    return document(ctx.page, title=f"{a.title} | {site.title}", head="", body=body,
                    lang=_lang(a), body_class="article")


def amp_normal(ctx: ArticleContext) -> str:
    a, site = ctx.article, ctx.page.site
    head = (f'<link rel="canonical" href="{e(ctx.url)}">\n'
            f'<link rel="amphtml" href="{e(ctx.amp_url or "")}">\n'
            f'<meta name="description" content="{e(a.lead)}">\n'
            + _json_ld(_news_article_ld(ctx, with_body=True)))
    body = (
        f"{header(ctx.page, a.section)}\n<main>{_amp_article(ctx)}\n"
        f"{share_buttons(ctx.url, a.title)}\n{related_block(site, ctx.related)}</main>\n"
        f'<aside class="sidebar">{most_read(site, ctx.popular)}</aside>\n{footer(site)}'
    )
    return document(ctx.page, title=f"{a.title} | {site.title}", head=head, body=body,
                    lang=_lang(a), body_class="article")


def amp_variant(ctx: ArticleContext) -> str:
    """The AMP page: same article, AMP boilerplate, canonical link to the normal page."""
    a, site = ctx.article, ctx.page.site
    head = (
        f'<link rel="canonical" href="{e(ctx.url)}">\n'
        '<script async src="https://cdn.ampproject.org/v0.js"></script>\n'
        "<style amp-boilerplate>body{visibility:hidden}</style>\n"
        "<style amp-custom>.share{display:flex}</style>\n"
        + _json_ld(_news_article_ld(ctx, with_body=True))
    )
    body = (
        f'<header class="amp-header"><a href="{e(ctx.page.base_url)}/">{e(site.title)}</a>'
        "</header>\n"
        f"<main>{_amp_article(ctx, amp=True)}\n"
        '<amp-social-share type="linkedin" width="40" height="40"></amp-social-share>\n'
        f"{related_block(site, ctx.related)}</main>\n{footer(site)}"
    )
    return document(ctx.page, title=f"{a.title} | {site.title}", head=head, body=body,
                    lang=_lang(a), html_attrs=" amp", body_class="amp")


def _amp_article(ctx: ArticleContext, *, amp: bool = False) -> str:
    a = ctx.article
    image = (f'<amp-img src="/images/{e(a.slug)}.jpg" width="800" height="450" '
             'layout="responsive" alt=""></amp-img>' if amp
             else f'<img src="/images/{e(a.slug)}.jpg" alt="">')
    return (
        f'<article class="article"><p class="section">{e(a.section)}</p>'
        f"<h1>{e(a.title)}</h1>\n"
        f'<p class="byline">Par <a rel="author" href="/auteur/{e(slugify(a.author))}">'
        f'{e(a.author)}</a> · <time datetime="{_iso(a.published)}">'
        f"{e(french_datetime(a.published))}</time></p>\n"
        f'<p class="lead">{e(a.lead)}</p>\n<figure>{image}<figcaption>Photo d’illustration.'
        f"</figcaption></figure>\n<div class=\"article-body\">{_paragraphs(a)}</div></article>"
    )


def legacy(ctx: ArticleContext) -> str:
    a, site = ctx.article, ctx.page.site
    head = (f'<meta name="description" content="{e(a.lead)}">\n'
            f'<meta name="author" content="{e(a.author)}">\n'
            f'<meta name="date" content="{a.published:%Y-%m-%d}">\n'
            f'<meta name="keywords" content="{e(", ".join(a.tags))}">\n'
            f'<link rel="canonical" href="{e(ctx.url)}">')
    maj = (f" &ndash; mis &agrave; jour le {a.modified:%d/%m/%Y}" if a.modified else "")
    body = (
        f"{header(ctx.page, a.section)}\n"
        '<table class="main" width="100%" cellpadding="0" cellspacing="0"><tr>'
        '<td class="col-gauche" valign="top">'
        f'<div class="bloc-actu"><span class="rub">{e(a.section)}</span>'
        f'<h1 class="titre">{e(a.title)}</h1>\n'
        f'<div class="infos">{a.published:%d/%m/%Y} &agrave; {a.published:%H:%M}{maj} '
        f"| {e(a.author)}</div>\n"
        f'<div class="chapo">{e(a.lead)}</div>\n<div class="texte">{_paragraphs(a)}</div>'
        f"</div>\n{share_buttons(ctx.url, a.title)}\n"
        f"{related_block(site, ctx.related, heading='Dans la même rubrique')}</td>\n"
        f'<td class="col-droite" valign="top">{newsletter_box(site)}'
        f"{most_read(site, ctx.popular)}</td></tr></table>\n{footer(site)}"
    )
    return document(ctx.page, title=f"{site.title} - {a.title}", head=head, body=body,
                    lang=_lang(a), body_class="article")


def _post_id(article: DemoArticle) -> int:
    return int(hashlib.sha1(article.key.encode()).hexdigest()[:6], 16) % 9000 + 1000


def _lang(article: DemoArticle) -> str:
    return "en" if article.language == "en" else "fr"


RENDERERS: dict[str, Callable[[ArticleContext], str]] = {
    "wordpress": wordpress,
    "opengraph": opengraph,
    "microdata": microdata,
    "plain": plain,
    "amp": amp_normal,
    "legacy": legacy,
}


def render_article(ctx: ArticleContext) -> str:
    return RENDERERS[ctx.page.site.template](ctx)
