"""The report drafter, for any statements and any coordinator's text: every quote reads
verbatim as one block quote, the counts are right, and no user text can add a heading,
a quote, a link or a list of its own."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from alliance.overview import report_draft as rd

markdown = MarkdownIt("commonmark", {"html": False}).enable("table")

# Any text, including Markdown's own syntax and HTML, as people might type it.
texts = st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(
    list("#>*_-+[]()!<>`|\\&\n")), max_size=12) | st.sampled_from(
    ["](javascript:alert(1))", "<script>", "&amp;", "1. ", "---", "    code"]), min_size=1, max_size=6).map(
    "".join).filter(lambda t: t.strip())

quotes = st.builds(
    rd.Quote, id=st.integers(1, 10_000), kind=st.sampled_from(rd.KINDS), text=texts,
    organisation=st.none() | st.integers(1, 6), organisation_type=st.sampled_from(["Company", "", "Cluster # 1"]),
    region=st.sampled_from(["", "ITC4", "DE21", "FR10"]), region_name=st.sampled_from(["", "Lombardia", "[x]"]),
    session=st.none() | st.integers(1, 4), session_topic=texts, session_date=st.sampled_from(["", "2020-05-21"]),
    link=st.sampled_from(["", "/sessions/1/minutes/", "https://x.example/a b(c)", "javascript:alert(1)"]),
    reference=st.sampled_from(["", "contribution 12"]))

reports = st.builds(
    rd.Report, alliance=st.just("Alliance"), ecosystem=texts, introduction=st.text(max_size=200),
    recommendations=st.text(max_size=200),
    themes=st.lists(st.builds(rd.ThemeSection, title=texts, quotes=st.lists(quotes, min_size=1, max_size=6)
                              .map(tuple)), max_size=3).map(tuple),
    other=st.lists(quotes, max_size=4).map(tuple), quotes_per_kind=st.integers(1, 5))


def _text(node: SyntaxTreeNode) -> str:
    if node.type == "text" or node.type == "code_inline":
        return node.content
    if node.type == "softbreak":
        return "\n"
    return "".join(_text(child) for child in node.children)


def _quoted(report: rd.Report) -> list[rd.Quote]:
    out = []
    for quotes in [*(s.quotes for s in report.themes), report.other]:
        for kind in rd.KINDS:
            out += [q for q in quotes if q.kind == kind][:report.quotes_per_kind]
    return out


@settings(max_examples=150, deadline=None)
@given(reports)
def test_every_quote_is_one_block_quote_of_exactly_its_words(report):
    tree = SyntaxTreeNode(markdown.parse(rd.to_markdown(report)))
    blocks = [node for node in tree.walk() if node.type == "blockquote"]
    expected = _quoted(report)
    assert [_text(b) for b in blocks] == [" ".join(q.text.split()) for q in expected]


@settings(max_examples=150, deadline=None)
@given(reports)
def test_user_text_adds_no_heading_link_or_list(report):
    tree = SyntaxTreeNode(markdown.parse(rd.to_markdown(report)))
    headings = [n for n in tree.walk() if n.type == "heading"]
    # The title, the two coordinator's sections, "In numbers", themes with their kinds,
    # the remainder with its kinds, and the sessions cited: nothing else.
    kinds = sum(len({q.kind for q in s.quotes}) for s in report.themes) + len({q.kind for q in report.other})
    assert len(headings) == (1 + 2 + 1 + (1 if report.themes else 0) + len(report.themes) + kinds
                             + (1 if report.other else 0)
                             + (1 if rd.sessions(_quoted_all(report)) else 0))
    links = [n.attrs["href"] for n in tree.walk() if n.type == "link"]
    assert all(href.startswith(("/", "https://")) and " " not in href for href in links)
    assert not [n for n in tree.walk() if n.type in ("html_block", "html_inline", "image", "table")]
    lists = [n for n in tree.walk() if n.type in ("bullet_list", "ordered_list")]
    assert len(lists) <= 1


def _quoted_all(report: rd.Report) -> list[rd.Quote]:
    return [q for s in report.themes for q in s.quotes] + list(report.other)


@settings(max_examples=100, deadline=None)
@given(st.lists(quotes, max_size=30))
def test_the_counts_are_of_distinct_organisations_regions_and_sessions(items):
    counts = rd.count(items)
    assert counts.statements == len(items) == sum(counts.by_kind.values())
    assert counts.organisations == len({q.organisation for q in items if q.organisation is not None})
    assert counts.regions == len({q.region for q in items if q.region})
    assert counts.sessions == len({q.session for q in items if q.session is not None})


@given(texts)
def test_escaped_text_renders_as_itself(text):
    tree = SyntaxTreeNode(markdown.parse(rd.escape(text)))
    assert _text(tree) == " ".join(text.split())


def test_the_summary_sentence_says_the_numbers():
    items = [rd.Quote(id=i, kind="need", text="x", organisation=i % 3, region=f"R{i % 2}", session=1)
             for i in range(6)]
    assert rd.summary_sentence(rd.count(items)) == (
        "3 organisations from 2 regions raised this in 1 session: 0 disruptions, 6 needs, 0 solutions.")
