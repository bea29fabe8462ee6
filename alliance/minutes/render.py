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
                "pre", "hr", "table", "thead", "tbody", "tr", "th", "td"}
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


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
        if child.type in ("text", "code_inline", "html_inline"):
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


def _styles() -> dict[str | int, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

    font = _fonts()
    sample = getSampleStyleSheet()
    normal = ParagraphStyle("body", parent=sample["Normal"], fontName=font, fontSize=10.5, leading=14)
    return {
        "normal": normal,
        1: ParagraphStyle("h1", parent=sample["Heading1"], fontName="Vera-Bold", fontSize=16, leading=20),
        2: ParagraphStyle("h2", parent=sample["Heading2"], fontName="Vera-Bold", fontSize=13, leading=17),
        3: ParagraphStyle("h3", parent=sample["Heading3"], fontName="Vera-Bold", fontSize=11.5, leading=15),
        # Vera, not Courier: ReportLab's Courier has only the Latin-1 characters, and a code
        # block must keep every character the web page shows.
        "code": ParagraphStyle("code", parent=normal, fontSize=9, leading=12, backColor=colors.HexColor("#f3f3f3"),
                               borderPadding=3, spaceBefore=2, spaceAfter=6),
        "quote": ParagraphStyle("quote", parent=normal, leftIndent=14, textColor=colors.HexColor("#444444")),
    }


def _blocks(node: Any, styles: dict[str | int, Any], style: Any = None) -> list[Any]:
    """The flowables of a Markdown block node's children: every block type markdown-it
    produces here, nested lists and quotes included, so the PDF carries all the text."""
    from reportlab.lib.units import mm
    from reportlab.platypus import HRFlowable, ListFlowable, ListItem, Paragraph, Preformatted, Spacer, Table

    style = style or styles["normal"]
    out: list[Any] = []
    for child in node.children:
        kind = child.type
        if kind == "heading":
            level = min(3, int(child.tag[1:]))
            out.append(Paragraph(_inline(child.children[0].token), styles[level]))
        elif kind == "paragraph":
            out.append(Paragraph(_inline(child.children[0].token), style))
            if not child.hidden:  # the paragraphs of a tight list item sit close together
                out.append(Spacer(1, 2 * mm))
        elif kind in ("bullet_list", "ordered_list"):
            items = [ListItem(_blocks(item, styles, style) or [Paragraph("", style)], leftIndent=12)
                     for item in child.children]
            if kind == "ordered_list":
                start = int(child.attrs.get("start", 1) or 1)
                out.append(ListFlowable(items, bulletType="1", start=start, leftIndent=16,
                                        bulletFontName=style.fontName, bulletFontSize=style.fontSize))
            else:
                out.append(ListFlowable(items, bulletType="bullet", start="•", leftIndent=12,
                                        bulletFontName=style.fontName))
            out.append(Spacer(1, 2 * mm))
        elif kind in ("fence", "code_block", "html_block"):
            # Long lines wrap at a space rather than run off the page.
            out.append(Preformatted(child.content.rstrip("\n"), styles["code"], maxLineLength=90, splitChars=" "))
        elif kind == "blockquote":
            out.extend(_blocks(child, styles, styles["quote"]))
        elif kind == "hr":
            out.append(HRFlowable(width="100%", thickness=0.5, spaceBefore=4, spaceAfter=4))
        elif kind == "table":
            rows = [[Paragraph(_inline(cell.children[0].token) if cell.children else "", style)
                     for cell in row.children] for part in child.children for row in part.children]
            if rows:
                out.append(Table(rows, hAlign="LEFT", style=[("GRID", (0, 0), (-1, -1), 0.4, "#999999"),
                                                             ("VALIGN", (0, 0), (-1, -1), "TOP")]))
                out.append(Spacer(1, 2 * mm))
    return out


def to_pdf(body: str, title: str) -> bytes:
    from markdown_it.tree import SyntaxTreeNode
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = _styles()
    story = _blocks(SyntaxTreeNode(_markdown.parse(body)), styles)
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, title=title, leftMargin=20 * mm, rightMargin=20 * mm,
                                 topMargin=18 * mm, bottomMargin=18 * mm)
    document.build(story or [Paragraph(escape(title), styles["normal"])])
    return out.getvalue()
