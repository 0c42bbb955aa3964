"""A press review as a Word document (python-docx, imported only here): a title page, a
heading per group and per article, the excerpt with highlights, the URL as a link."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui.review.model import Review, ReviewItem, Segments


def write_docx(review: Review, path: Path) -> None:
    import docx
    from docx.enum.text import WD_BREAK, WD_COLOR_INDEX

    document = docx.Document()
    props = document.core_properties
    props.title, props.subject, props.language = review.title, review.subtitle, "fr-FR"
    props.author = "veille"
    _title_page(document, review, WD_BREAK.PAGE)
    for group in review.groups:
        document.add_heading(_xml_safe(group.title), level=1)
        for item in group.items:
            _item(document, item, WD_COLOR_INDEX.YELLOW)
    document.save(str(path))


def _title_page(document: Any, review: Review, page_break: Any) -> None:
    document.add_heading(_xml_safe(review.title), level=0)
    if review.subtitle:
        document.add_paragraph(_xml_safe(review.subtitle), style="Subtitle")
    document.add_paragraph(review.facts)
    document.add_paragraph(f"Établie le {review.made_on_fr}")
    if len(review.groups) > 1:
        document.add_paragraph().add_run("Sommaire").bold = True
        for group in review.groups:
            document.add_paragraph(f"{_xml_safe(group.title)} ({len(group.items)})",
                                   style="List Bullet")
    document.add_paragraph().add_run().add_break(page_break)


def _item(document: Any, item: ReviewItem, colour: Any) -> None:
    document.add_heading(_xml_safe(item.title), level=2)
    meta = " · ".join(p for p in (
        item.source, item.date_fr, f"par {item.author}" if item.author else "") if p)
    if meta:
        document.add_paragraph().add_run(_xml_safe(meta)).italic = True
    if item.excerpt:
        _segments(document.add_paragraph(), item.excerpt, colour)
    cite = document.add_paragraph()
    cite.add_run("Source : ")
    if item.url.startswith(("http://", "https://")):
        _hyperlink(cite, item.url)
    else:
        cite.add_run(_xml_safe(item.url))


def _segments(paragraph: Any, segments: Segments, colour: Any) -> None:
    for text, hot in segments:
        run = paragraph.add_run(_xml_safe(text))
        if hot:
            run.bold = True
            run.font.highlight_color = colour


def _hyperlink(paragraph: Any, url: str) -> None:
    """A real link (python-docx has no API for it: a `w:hyperlink` with a relationship)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(underline)
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "0563C1")
    props.append(colour)
    run.append(props)
    text = OxmlElement("w:t")
    text.text = _xml_safe(url)
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


def _xml_safe(text: str) -> str:
    """XML 1.0 refuses most control characters (the corpus strips them already)."""
    return "".join(c for c in text if c in "\t\n" or ord(c) >= 0x20)
