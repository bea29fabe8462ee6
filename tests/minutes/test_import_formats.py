"""Markdown, plain text, HTML and DOCX read into the same structure; prose is classified."""

import io

import docx
import pytest

from alliance.minutes import classify
from alliance.minutes.importer import parse

HEADED_MD = """# Alliance Against Coronavirus

Tuesday 2 June 2020 at 08:30 CET

Working format: "Gilles Rules"

Topic of the day: **Tourism after the lockdown**

## Conceptual framework

Tourism is the ecosystem hit hardest by the **travel restrictions**.

## Disruptions and needs

- Hotels have **lost 80 % of their bookings**
- Need a common sanitary protocol for beaches

## Solutions

- A regional voucher scheme, see [the scheme](https://tourism.example/vouchers)
"""


def check_headed(parsed):
    assert parsed.starts_at.isoformat() == "2020-06-02T08:30:00+02:00"
    assert parsed.zone == "Europe/Brussels"
    assert parsed.topic == "Tourism after the lockdown"
    assert parsed.working_format == "Gilles Rules"
    assert [i.kind for i in parsed.items][:1] == ["framework"]
    counts = parsed.counts()
    assert counts["contributions"]["framework"] == 1
    assert counts["contributions"]["disruption"] + counts["contributions"]["need"] == 2
    assert counts["contributions"]["solution"] == 1
    assert parsed.references == [("the scheme", "https://tourism.example/vouchers")]
    assert counts["bold_phrases"] == 2
    assert not parsed.flagged


def test_a_headed_markdown_summary():
    check_headed(parse("june.md", HEADED_MD.encode()))


def test_the_same_summary_as_html_with_a_script_that_does_not_survive():
    html = """<html><head><title>x</title><script>alert(1)</script></head><body>
    <h1>Alliance Against Coronavirus</h1><p>Tuesday 2 June 2020 at 08:30 CET</p>
    <p>Working format: "Gilles Rules"</p><p>Topic of the day: <b>Tourism after the lockdown</b></p>
    <h2>Conceptual framework</h2>
    <p>Tourism is the ecosystem hit hardest by the <strong>travel restrictions</strong>.</p>
    <h2>Disruptions and needs</h2>
    <ul><li>Hotels have <b>lost 80 % of their bookings</b><img src=x onerror=alert(1)></li>
    <li>Need a common sanitary protocol for beaches</li></ul>
    <h2>Solutions</h2>
    <ul><li>A regional voucher scheme, see <a href="https://tourism.example/vouchers">the scheme</a></li></ul>
    </body></html>"""
    parsed = parse("june.html", html.encode())
    check_headed(parsed)
    assert all("<" not in i.text and "alert" not in i.text for i in parsed.items)


def test_the_same_summary_as_plain_text_with_capital_headings():
    text = (HEADED_MD.replace("# Alliance", "Alliance").replace("## Conceptual framework", "CONCEPTUAL FRAMEWORK")
            .replace("## Disruptions and needs", "IDENTIFICATION OF DISRUPTIONS AND NEEDS")
            .replace("## Solutions", "SOLUTIONS"))
    check_headed(parse("june.txt", text.encode()))


def test_the_same_summary_as_a_word_document():
    document = docx.Document()
    document.add_heading("Alliance Against Coronavirus", level=1)
    document.add_paragraph("Tuesday 2 June 2020 at 08:30 CET")
    document.add_paragraph('Working format: "Gilles Rules"')
    topic = document.add_paragraph("Topic of the day: ")
    topic.add_run("Tourism after the lockdown").bold = True
    document.add_heading("Conceptual framework", level=2)
    framework = document.add_paragraph("Tourism is the ecosystem hit hardest by the ")
    framework.add_run("travel restrictions").bold = True
    framework.add_run(".")
    document.add_heading("Disruptions and needs", level=2)
    first = document.add_paragraph("Hotels have ", style="List Bullet")
    first.add_run("lost 80 % of their bookings").bold = True
    document.add_paragraph("Need a common sanitary protocol for beaches", style="List Bullet")
    document.add_heading("Solutions", level=2)
    document.add_paragraph("A regional voucher scheme, see [the scheme](https://tourism.example/vouchers)",
                           style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    check_headed(parse("june.docx", out.getvalue()))


PROSE = """European Alliance Against Coronavirus, 9 April 2020 at 8.30

Topic of the day: Liquidity for SMEs

Today we discussed how the crisis changes the financing of small companies. Many members cannot pay their suppliers \
because orders stopped in March. Companies urgently need bridging loans within weeks. The regional bank offers a \
guarantee fund for cluster members. Thanks to everyone for joining.
"""


def test_a_prose_summary_is_sorted_sentence_by_sentence_with_a_confidence():
    parsed = parse("april.txt", PROSE.encode())
    assert not parsed.headed
    assert parsed.topic == "Liquidity for SMEs"
    assert parsed.starts_at.isoformat() == "2020-04-09T08:30:00+02:00"
    assert len(parsed.items) == 5
    assert all(0 < i.confidence <= 1 and i.scores for i in parsed.items)
    assert [i.kind for i in parsed.items if not i.flagged] == [
        i.kind for i in parsed.items if not i.flagged and i.kind in {"framework", "disruption", "need", "solution",
                                                                     "other"}]
    by_text = {i.text: i for i in parsed.items}
    assert by_text["Companies urgently need bridging loans within weeks."].kind == "need"
    assert by_text["The regional bank offers a guarantee fund for cluster members."].kind == "solution"
    assert by_text["Thanks to everyone for joining."].kind == "other"
    # Flagged: the classifier is unsure, or a rule cue ("need", "stopped") names other kinds than its model.
    assert all(i.flagged == classify.classify(i.text).flagged for i in parsed.items)
    assert all(i.flagged for i in parsed.items if i.confidence < classify.CONFIDENT)


@pytest.mark.parametrize(("name", "data", "message"), [
    ("empty.md", b"   \n", "empty"),
    ("binary.txt", b"\x00\x01\x02garbage", "binary"),
    ("latin.txt", "Réunion du 3 mai 2020".encode("latin-1"), "UTF-8"),
    ("nodate.md", b"# Alliance\n\nTopic of the day: masks\n\n## Solutions\n\n- A platform\n", "no date"),
    ("notopic.md", b"3 May 2020 at 8.30\n\n## Solutions\n\n- A platform\n", "no topic"),
    ("nothing.md", b"Topic of the day: masks\n\n3 May 2020\n", "no contributions"),
    ("fake.docx", b"PK\x03\x04 not really a zip", "Word"),
    ("slides.pdf", b"%PDF-1.4", "unknown file type"),
    ("huge.md", b"# x\n" + b"a" * (2 * 1024 * 1024 + 1), "larger than"),
])
def test_bad_files_are_refused_with_a_message(name, data, message):
    from alliance.minutes.importer import ImportRefusedError

    with pytest.raises(ImportRefusedError, match=message):
        parse(name, data)
