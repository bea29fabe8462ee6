"""A published ecosystem report quotes each statement verbatim in a block quote with who
said it and where, marks the coordinator's words and the draft's own words, counts the
organisations and regions behind each theme, and cites the sessions."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from alliance.accounts.models import Role
from alliance.overview import actions
from tests.factories import UserFactory
from tests.overview.reports import MASKS, TRICKY, health_statements

pytestmark = pytest.mark.django_db


def _quotes(body: str) -> list[str]:
    tree = SyntaxTreeNode(MarkdownIt("commonmark").parse(body))

    def text(node):
        return node.content if node.type == "text" else "".join(text(c) for c in node.children)

    return [text(n) for n in tree.walk() if n.type == "blockquote"]


def test_a_published_report_quotes_verbatim_and_marks_the_coordinators_words():
    data = health_statements()
    coordinator = UserFactory(role=Role.COORDINATOR)
    actions.save_report_draft(by=coordinator, ecosystem=data["ecosystem"],
                              introduction="The health ecosystem was hit first.\n\nHospitals ran short.",
                              recommendations="Pool the purchase of masks.")
    body = actions.publish_report(by=coordinator, ecosystem=data["ecosystem"]).body
    assert set(_quotes(body)) == {MASKS, "Wir brauchen Schutzmasken", TRICKY, "Cash flow for small suppliers"}
    assert "## Coordinator's introduction\n\n*The coordinator's words.*\n\nThe health ecosystem was hit first" in body
    assert "## Coordinator's recommendations\n\n*The coordinator's words.*\n\nPool the purchase of masks" in body
    assert "### 1. Protective equipment" in body
    assert ("*The draft's words:* 3 organisations from 2 regions raised this in 1 session: "
            "1 disruption, 1 need, 1 solution.") in body
    # The attribution follows the quote, outside it: organisation type, region, date, minutes.
    assert f"> {actions.report_draft.escape(MASKS)}\n\n— Company, " in body
    assert f"/sessions/{data['session'].pk}/minutes/" in body and "## Sessions cited" in body


def test_a_statement_cannot_pass_for_markdown_of_its_own():
    data = health_statements()
    from alliance.minutes.render import to_html

    html = to_html(actions.publish_report(by=None, ecosystem=data["ecosystem"]).body)
    assert "<h1>Not a heading" not in html and "<b>" not in html and 'href="javascript' not in html
    assert "# Not a heading &gt; nor a quote [link](javascript:alert(1)) &lt;b&gt;bold&lt;/b&gt;" in html


def test_other_ecosystems_statements_are_not_in_the_report():
    data = health_statements()
    assert "Tourism needs visitors" not in actions.publish_report(by=None, ecosystem=data["ecosystem"]).body
