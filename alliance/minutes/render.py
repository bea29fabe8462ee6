"""Minutes from Markdown to safe HTML, to PDF, and what changed between two versions.

Markdown is rendered by markdown-it-py with raw HTML off, and the result is cleaned
again by nh3 (ammonia): a contribution that says ``<script>`` shows as text, and a
``javascript:`` link is not a link. The PDF is built by ReportLab with its bundled
Bitstream Vera fonts, so ``make run`` needs no system package.
"""

from __future__ import annotations

import difflib
import io
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "a", "br", "blockquote", "code",
                "hr"}
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False})


def to_html(body: str) -> str:
    return nh3.clean(_markdown.render(body), tags=ALLOWED_TAGS, attributes={"a": {"href"}},
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow")


def diff(old: str, new: str) -> list[tuple[str, str]]:
    """Line by line: ("same" | "added" | "removed", line). Templates escape the lines."""
    out = []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        tag, text = line[:2], line[2:]
        if tag == "? ":
            continue
        out.append(({"+ ": "added", "- ": "removed"}.get(tag, "same"), text))
    return out


# --- PDF ------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _fonts() -> str:
    import reportlab
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(reportlab.__file__).parent / "fonts"
    for name, file in (("Vera", "Vera.ttf"), ("Vera-Bold", "VeraBd.ttf"), ("Vera-Italic", "VeraIt.ttf"),
                       ("Vera-BoldItalic", "VeraBI.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    addMapping("Vera", 0, 0, "Vera")
    addMapping("Vera", 1, 0, "Vera-Bold")
    addMapping("Vera", 0, 1, "Vera-Italic")
    addMapping("Vera", 1, 1, "Vera-BoldItalic")
    return "Vera"


def _inline(token: Any) -> str:
    """A markdown-it inline token as ReportLab's paragraph mark-up (everything escaped)."""
    out: list[str] = []
    closers: list[str] = []
    for child in token.children or ():
        if child.type == "text" or child.type == "code_inline":
            out.append(escape(child.content))
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" " if child.type == "softbreak" else "<br/>")
        elif child.type == "strong_open":
            out.append("<b>")
        elif child.type == "strong_close":
            out.append("</b>")
        elif child.type == "em_open":
            out.append("<i>")
        elif child.type == "em_close":
            out.append("</i>")
        elif child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            if href.startswith(("http://", "https://", "mailto:")):
                out.append(f'<a href="{escape(href, {chr(34): "&quot;"})}" color="blue">')
                closers.append("</a>")
            else:  # a link to nowhere ("#", as in old summaries) stays visible as underlined text
                out.append("<u>")
                closers.append("</u>")
        elif child.type == "link_close" and closers:
            out.append(closers.pop())
    return "".join(out)


def to_pdf(body: str, title: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

    font = _fonts()
    styles = getSampleStyleSheet()
    normal = ParagraphStyle("body", parent=styles["Normal"], fontName=font, fontSize=10.5, leading=14)
    heads = {1: ParagraphStyle("h1", parent=styles["Heading1"], fontName="Vera-Bold", fontSize=16, leading=20),
             2: ParagraphStyle("h2", parent=styles["Heading2"], fontName="Vera-Bold", fontSize=13, leading=17)}
    story: list[Any] = []
    tokens = _markdown.parse(body)
    bullets: list[Any] | None = None
    heading = 0
    for token in tokens:
        if token.type == "heading_open":
            heading = min(2, int(token.tag[1:]))
        elif token.type == "bullet_list_open" or token.type == "ordered_list_open":
            bullets = []
        elif token.type in ("bullet_list_close", "ordered_list_close") and bullets is not None:
            story.append(ListFlowable(bullets, bulletType="bullet", start="•", leftIndent=12, bulletFontName=font))
            story.append(Spacer(1, 2 * mm))
            bullets = None
        elif token.type == "inline":
            text = _inline(token)
            if heading:
                story.append(Paragraph(text, heads[heading]))
                heading = 0
            elif bullets is not None:
                bullets.append(ListItem(Paragraph(text, normal), leftIndent=12))
            else:
                story.append(Paragraph(text, normal))
                story.append(Spacer(1, 2 * mm))
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, title=title, leftMargin=20 * mm, rightMargin=20 * mm,
                                 topMargin=18 * mm, bottomMargin=18 * mm)
    document.build(story or [Paragraph(escape(title), normal)])
    return out.getvalue()
