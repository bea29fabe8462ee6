"""The PDF of the minutes carries all the text the web page shows, in the same order:
nested lists with their parent lines, fenced and indented code, tables, quotes, links,
bold and numbered lists (generated Markdown compared with pypdf's text of the PDF)."""

import io
import re
from html.parser import HTMLParser

import pypdf
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.minutes import render

WORD = re.compile(r"[^\W_]+")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_words(body: str) -> list[str]:
    parser = _Text()
    parser.feed(render.to_html(body))
    return WORD.findall(" ".join(parser.parts))


def pdf_words(body: str) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(render.to_pdf(body, "Minutes")))
    return WORD.findall(" ".join(page.extract_text() for page in reader.pages))


def in_order(needles: list[str], haystack: list[str]) -> bool:
    rest = iter(haystack)
    return all(any(word == found for found in rest) for word in needles)


def assert_pdf_has_the_pages_text(body: str) -> None:
    web, pdf = html_words(body), pdf_words(body)
    assert web, body
    assert in_order(web, pdf), f"missing from the PDF: {sorted(set(web) - set(pdf))}\n{body}"


NESTED = """## Solutions

- Clusters facing **financial challenges**
    - innovation projects stopped
        - deeply nested remark
    - second child
- Governance matters

1. first numbered
2. second numbered
    1. numbered child
"""

CODE = """Intro paragraph

```python
def fees(members):
    return sum(m.fee for m in members)
```

    indented code block line

> A quoted **remark** with a [link](https://example.org/paper)

| Region | Need |
| --- | --- |
| Lombardy | masks |
| Basque | fees |

---

Last paragraph with `inline code`.
"""


def test_a_nested_list_keeps_its_parent_lines():
    assert_pdf_has_the_pages_text(NESTED)
    assert {"Clusters", "financial", "Governance", "first", "numbered"} <= set(pdf_words(NESTED))


def test_code_blocks_quotes_tables_and_rules_keep_their_text():
    assert_pdf_has_the_pages_text(CODE)
    assert {"fees", "members", "indented", "Lombardy", "Basque", "quoted", "inline"} <= set(pdf_words(CODE))


words = st.sampled_from(["masks", "fees", "clusters", "tourism", "hospital", "Lombardy", "région", "Straße",
                         "suppliers", "training", "liquidity", "governance", "platform", "online"])
phrase = st.lists(words, min_size=1, max_size=8).map(" ".join)


@st.composite
def inline(draw):
    text = draw(phrase)
    style = draw(st.sampled_from(["plain", "bold", "em", "link", "code"]))
    return {"plain": text, "bold": f"**{text}**", "em": f"*{text}*", "link": f"[{text}](https://x.example/p)",
            "code": f"`{text}`"}[style]


@st.composite
def block(draw, depth=0):
    kind = draw(st.sampled_from(["paragraph", "list", "ordered", "fence", "quote", "table", "heading"]))
    if kind == "paragraph":
        return " ".join(draw(st.lists(inline(), min_size=1, max_size=4)))
    if kind == "heading":
        return "#" * draw(st.integers(1, 4)) + " " + draw(phrase)
    if kind in ("list", "ordered"):
        lines = []
        for number in range(1, draw(st.integers(1, 4)) + 1):
            marker = f"{number}." if kind == "ordered" else "-"
            lines.append(f"{marker} {draw(inline())}")
            if depth < 2 and draw(st.booleans()):
                child = draw(block(depth + 1))
                lines += ["    " + line if line else "" for line in child.split("\n")]
        return "\n".join(lines)
    if kind == "fence":
        return "```\n" + "\n".join(draw(st.lists(phrase, min_size=1, max_size=4))) + "\n```"
    if kind == "quote":
        return "> " + draw(inline())
    cells = draw(st.lists(st.lists(words, min_size=2, max_size=2), min_size=1, max_size=3))
    return "\n".join(["| a | b |", "| --- | --- |", *(f"| {x} | {y} |" for x, y in cells)])


@settings(max_examples=60, deadline=None)
@given(st.lists(block(), min_size=1, max_size=6))
def test_generated_markdown_loses_no_text_in_the_pdf(blocks):
    assert_pdf_has_the_pages_text("\n\n".join(blocks) + "\n")
