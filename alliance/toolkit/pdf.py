"""An invoice as PDF, in the member's language (ReportLab, with its bundled Vera fonts,
which carry every European letter)."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils import formats, translation
from django.utils.translation import gettext as _

from alliance.toolkit import dues, queries
from alliance.toolkit.models import Invoice


@lru_cache(maxsize=1)
def _font() -> str:
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont("ToolkitVera", str(folder / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont("ToolkitVera-Bold", str(folder / "VeraBd.ttf")))
    return "ToolkitVera"


def money(cents: int, currency: str) -> str:
    """Cents as the active language writes an amount: exact, no float on the way."""
    decimal = str(formats.get_format("DECIMAL_SEPARATOR"))
    thousands = str(formats.get_format("THOUSAND_SEPARATOR")) or " "
    return f"{dues.format_cents(cents, decimal, thousands)} {currency}"


def invoice_pdf(invoice: Invoice) -> bytes:
    """Number, dates, issuer, member, lines, total, paid and still due."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    font = _font()
    normal = ParagraphStyle("n", fontName=font, fontSize=10.5, leading=14)
    title = ParagraphStyle("t", fontName=f"{font}-Bold", fontSize=16, leading=20)
    bill = queries.bill(invoice)
    member = invoice.membership.organisation
    with translation.override(invoice.language):
        rows = [[_("Description"), _("Amount")]]
        rows += [[Paragraph(escape(line.description), normal), money(line.amount_cents, invoice.currency)]
                 for line in invoice.lines.all()]
        rows.append([_("Total"), money(bill.total, invoice.currency)])
        if bill.reduced:
            rows.append([_("Reductions and waivers"), money(-min(bill.reduced, bill.total), invoice.currency)])
        if bill.paid:
            rows.append([_("Paid"), money(-bill.paid, invoice.currency)])
        rows.append([_("Still due"), money(bill.balance, invoice.currency)])
        date = lambda d: formats.date_format(d, "DATE_FORMAT")  # noqa: E731 - a local shorthand
        story = [
            Paragraph(escape(_("Invoice %(number)s") % {"number": invoice.reference}), title),
            Spacer(1, 4 * mm),
            Paragraph(escape(_("From: %(name)s") % {"name": invoice.organisation.name}), normal),
            Paragraph(escape(_("To: %(name)s") % {"name": member.name}), normal),
            Paragraph(escape(_("Cluster: %(name)s") % {"name": invoice.membership.cluster.name}), normal),
            Paragraph(escape(_("Invoice date: %(date)s") % {"date": date(invoice.issued_on)}), normal),
            Paragraph(escape(_("Due date: %(date)s") % {"date": date(bill.effective_due_on)}), normal),
            Spacer(1, 6 * mm),
            Table(rows, colWidths=[120 * mm, 45 * mm], hAlign="LEFT", style=[
                ("FONTNAME", (0, 0), (-1, -1), font), ("FONTNAME", (0, 0), (-1, 0), f"{font}-Bold"),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"), ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("LINEABOVE", (0, len(invoice.lines.all()) + 1), (-1, len(invoice.lines.all()) + 1), 0.6,
                 colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP")]),
        ]
        out = io.BytesIO()
        SimpleDocTemplate(out, pagesize=A4, title=_("Invoice %(number)s") % {"number": invoice.reference},
                          leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
                          bottomMargin=18 * mm).build(story)
    return out.getvalue()
