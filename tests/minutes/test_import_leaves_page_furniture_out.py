"""By-lines, stamps, share buttons, menus, tags, photo credits and attached files are page
furniture: never a contribution, a reference or the date."""

import pytest

from alliance.minutes.importer import is_furniture, is_stamp, parse

STAMPS = [
    "Submitted by Anna Rossi on 12 June 2020", "By Peter Novak, Cluster Excellence Denmark",
    "Posted on 4 May 2020 by the editorial team", "Last updated: 3 July 2020", "Created 02/05/2020",
    "Author: Jan Horvat · 5 min read", "Von Sabine Keller | 12. Juni 2020", "Veröffentlicht am 12. Juni 2020",
    "Par Luc Bernard – publié le 12 juin 2020", "Mis à jour le 3 juillet 2020", "A cura di Paola Neri",
    "Pubblicato il 12 giugno 2020", "Por Ana Ruiz · 12 de junio de 2020", "Actualizado el 3 de julio de 2020",
]
FURNITURE = [
    "Share this page", "Share on LinkedIn", "Seite teilen", "Partager cette page", "Condividi", "Compartir",
    "Photo: © Shutterstock", "Image credit: Cluster archive", "Foto: Max Muster", "Crédit photo : DR", "© ECCP 2020",
    "Presentation_ECCP_final.pdf", "Slides_session_4.pptx (2.1 MB)", "Attachments:", "Allegati:",
    "Download the report: Report_2020.pdf", "Tags: health, recovery", "Schlagworte: Tourismus", "Home",
    "Read more", "Contact: office@cluster.example",
]
CONTENT = [
    "By March, most hotels in the region had closed.", "Home care services were interrupted for weeks.",
    "Published guidelines helped shops to reopen safely.", "Photographers lost most of their commissions.",
    "The cluster shared its report with the regional government.", "Von März bis Mai fiel der Umsatz um die Hälfte.",
    "Par ailleurs, les salons ont été annulés.", "Di fronte alla crisi, i cluster hanno reagito in fretta.",
]


@pytest.mark.parametrize("line", STAMPS)
def test_a_by_line_or_stamp_is_a_stamp(line):
    assert is_stamp(line)


@pytest.mark.parametrize("line", FURNITURE)
def test_share_credit_file_and_menu_lines_are_furniture(line):
    assert is_furniture(line)


@pytest.mark.parametrize("line", CONTENT)
def test_sentences_that_start_like_furniture_are_content(line):
    assert not is_stamp(line) and not is_furniture(line)


def test_no_furniture_line_becomes_a_contribution_reference_or_the_date():
    text = "\n\n".join([
        "# Construction after the lockdown", "By Marta Lindqvist, Nordic Construction Cluster",
        "Published on 30 June 2020", "Photo: © Shutterstock", "Share this page",
        "At the session of 24 June, construction clusters compared notes. Many sites were stopped for weeks. "
        "Firms need clear safety rules. Public clients should pay faster.",
        "- [Slides_construction_24June.pdf](https://clusters.example/slides.pdf)", "Tags: construction",
    ])
    parsed = parse("page.md", text.encode())
    assert parsed.starts_at.date().isoformat() == "2020-06-24"
    texts = " ".join(i.text for i in parsed.items)
    for furniture in ("Marta", "Published", "Shutterstock", "Share", "Slides_", "Tags"):
        assert furniture not in texts
    assert parsed.references == []


def test_an_html_pages_menu_and_footer_are_left_out():
    html = """<html><body><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
    <article><h1>Retail after the lockdown</h1><p>Submitted by Jo Smith on Mon, 06/15/2020 - 09:12</p>
    <p>The Alliance met on 11 June 2020 to discuss retail. Shops were closed for two months.</p></article>
    <footer><p>Legal notice</p><p>© European Union</p></footer></body></html>"""
    parsed = parse("page.html", html.encode())
    assert parsed.topic == "Retail after the lockdown"
    assert parsed.starts_at.date().isoformat() == "2020-06-11"
    assert [i.text for i in parsed.items] == ["The Alliance met on 11 June 2020 to discuss retail.",
                                              "Shops were closed for two months."]
