"""The ecosystem report's drafter (issue 10 item 4), a pure core: plain data in, Markdown
out, no Django.

A report says whose words are whose. What people said in sessions is quoted verbatim,
each in a block quote of its own with an attribution line after it (organisation type,
region, session date, a link to the minutes); what the coordinator wrote sits under
"Coordinator's …" headings; every sentence the drafter makes up itself (counts, the
list of sessions) is introduced as "the draft's words". None of this can be undone by
the text itself: in every piece of user text — quotes, the coordinator's paragraphs,
theme names, session topics — the characters that can start Markdown are
backslash-escaped (CommonMark lets any ASCII punctuation be escaped, and then it is only
a character), so a statement that begins with "#" or "> " or holds "[x](javascript:…)"
reads as those characters and never becomes a heading, a quote or a link; the rest
(commas, full stops, hyphens inside a line) stays as typed, so the Markdown download
reads well too. Whitespace inside a quote is collapsed to
single spaces: a quote is one paragraph; the words and their order are the speaker's.

The report is written in English, the alliance's working language, as the minutes are.
The body depends only on its input (no "drafted today" line), so that publishing
twice with nothing changed is recognisably the same text (same hash).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote as url_quote

from alliance.lib import kinds

KINDS = kinds.STATEMENT_KINDS  # in the report's order
KIND_HEADINGS = {kinds.DISRUPTION: "Disruptions", kinds.NEED: "Needs", kinds.SOLUTION: "Solutions"}
QUOTES_PER_KIND = 5

# What can start Markdown anywhere in a line (emphasis, code, links, HTML, entities,
# tables, headings' closing #) and, at the start of a line, a block (a list, a quote, a
# thematic break, a setext underline, an ordered list's "1." or "1)").
_INLINE = re.compile(r"([\\`*_\[\]<>&|~#])")
_LINE_START = re.compile(r"^([-+=>])|^(\d+)([.)])")
# In a link destination: keep what a URL needs, percent-encode the rest (spaces,
# parentheses, angle brackets, backslashes) so the destination cannot end early.
_URL_SAFE = ":/?#[]@!$&'*+,;=%-._~"


def escape(text: str) -> str:
    """User text as Markdown that renders as exactly that text, on one line."""
    escaped = _INLINE.sub(r"\\\1", " ".join(text.split()))
    return _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped)


def paragraphs(text: str) -> list[str]:
    """A coordinator's text as escaped paragraphs (blank lines separate them)."""
    return [escape(part) for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if part.strip()]


def _link(label: str, url: str) -> str:
    if not url.startswith(("http://", "https://", "/")):
        return escape(label)
    return f"[{escape(label)}]({url_quote(url, safe=_URL_SAFE)})"


@dataclass(frozen=True)
class Quote:
    """One statement as the report quotes it. ``organisation`` (an id) and ``region`` (a
    code) are what is counted; the labels are what the attribution line shows."""

    id: int
    kind: str
    text: str
    organisation: int | None = None
    organisation_type: str = ""  # its label, e.g. "Company"
    region: str = ""  # NUTS code
    region_name: str = ""
    session: int | None = None
    session_topic: str = ""
    session_date: str = ""  # ISO date
    link: str = ""  # to the minutes (absolute, or a path)
    reference: str = ""  # what it is in its source, e.g. "contribution 123"


@dataclass(frozen=True)
class ThemeSection:
    title: str
    quotes: tuple[Quote, ...]  # most representative first


@dataclass(frozen=True)
class Report:
    alliance: str
    ecosystem: str  # the ecosystem's name
    introduction: str = ""
    recommendations: str = ""
    themes: tuple[ThemeSection, ...] = ()
    # Statements of the ecosystem that are in no (listed) theme.
    other: tuple[Quote, ...] = ()
    quotes_per_kind: int = QUOTES_PER_KIND


@dataclass(frozen=True)
class Counts:
    statements: int
    by_kind: dict[str, int] = field(default_factory=dict)
    organisations: int = 0
    regions: int = 0
    sessions: int = 0


def count(quotes: Iterable[Quote]) -> Counts:
    quotes = list(quotes)
    return Counts(statements=len(quotes), by_kind={k: sum(1 for q in quotes if q.kind == k) for k in KINDS},
                  organisations=len({q.organisation for q in quotes if q.organisation is not None}),
                  regions=len({q.region for q in quotes if q.region}),
                  sessions=len({q.session for q in quotes if q.session is not None}))


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary_sentence(counts: Counts) -> str:
    """The drafter's own sentence about some statements: "12 organisations from 5
    regions raised this: …". Numbers and fixed words only, nothing to escape."""
    said = ", ".join(_plural(counts.by_kind.get(k, 0), k, f"{k}s") for k in KINDS)
    return (f"{_plural(counts.organisations, 'organisation', 'organisations')} from "
            f"{_plural(counts.regions, 'region', 'regions')} raised this in "
            f"{_plural(counts.sessions, 'session', 'sessions')}: {said}.")


def attribution(quote: Quote) -> str:
    """"— organisation type, region, session date: [topic](minutes) (contribution N)"."""
    who = [escape(part) for part in (quote.organisation_type or "Organisation not named",
                                     quote.region_name or quote.region) if part]
    if quote.session_date:
        who.append(f"session of {escape(quote.session_date)}")
    line = "— " + ", ".join(who)
    if quote.session_topic:
        line += ": " + _link(quote.session_topic, quote.link)
    elif quote.link:
        line += ": " + _link("minutes", quote.link)
    if quote.reference:
        line += f" ({escape(quote.reference)})"
    return line


def _quoted(quote: Quote) -> list[str]:
    return [f"> {escape(quote.text)}", "", attribution(quote), ""]


def _quotes_by_kind(quotes: Sequence[Quote], per_kind: int, level: str) -> list[str]:
    out: list[str] = []
    for kind in KINDS:
        mine = [q for q in quotes if q.kind == kind]
        if not mine:
            continue
        out += [f"{level} {KIND_HEADINGS[kind]}", ""]
        for quote in mine[:per_kind]:
            out += _quoted(quote)
        if len(mine) > per_kind:
            out += [f"*The draft's words:* {_plural(len(mine) - per_kind, 'more statement', 'more statements')} "
                    "of this kind, not quoted here.", ""]
    return out


def _coordinator(title: str, text: str) -> list[str]:
    body = paragraphs(text)
    out = [f"## Coordinator's {title}", ""]
    if not body:
        return [*out, f"*The coordinator has not written {title} yet.*", ""]
    out += ["*The coordinator's words.*", ""]
    for paragraph in body:
        out += [paragraph, ""]
    return out


def sessions(quotes: Iterable[Quote]) -> list[tuple[str, str, str, int]]:
    """(date, topic, link, statements) of the sessions quoted, first first."""
    found: dict[int, list[Quote]] = {}
    for quote in quotes:
        if quote.session is not None:
            found.setdefault(quote.session, []).append(quote)
    rows = [(q[0].session_date, q[0].session_topic, q[0].link, len(q)) for q in found.values()]
    return sorted(rows)


def to_markdown(report: Report) -> str:
    every = [q for section in report.themes for q in section.quotes] + list(report.other)
    total = count(every)
    out = [f"# {escape(report.ecosystem)}: disruptions, needs and solutions", "",
           f"*An ecosystem report of the {escape(report.alliance)}.* "
           "Statements are quoted verbatim from the sessions, each followed by who said it and where; "
           "the coordinator's words and the draft's own words are marked as such.", ""]
    out += _coordinator("introduction", report.introduction)
    out += ["## In numbers", "", "*The draft's words, counted from the public statements:* "
            f"{_plural(total.statements, 'statement', 'statements')} "
            f"({', '.join(_plural(total.by_kind.get(k, 0), k, k + 's') for k in KINDS)}) "
            f"from {_plural(total.organisations, 'organisation', 'organisations')} in "
            f"{_plural(total.regions, 'region', 'regions')}, said in "
            f"{_plural(total.sessions, 'session', 'sessions')}; "
            f"{_plural(len(report.themes), 'theme', 'themes')}.", ""]
    if report.themes:
        out += ["## Themes", ""]
    for number, section in enumerate(report.themes, start=1):
        out += [f"### {number}. {escape(section.title)}", "",
                f"*The draft's words:* {summary_sentence(count(section.quotes))}", ""]
        out += _quotes_by_kind(section.quotes, report.quotes_per_kind, "####")
    if report.other:
        out += ["## Statements in no theme", "",
                f"*The draft's words:* {summary_sentence(count(report.other))}", ""]
        out += _quotes_by_kind(report.other, report.quotes_per_kind, "###")
    if not every:
        out += ["*The draft's words:* no public statement of this ecosystem yet.", ""]
    out += _coordinator("recommendations", report.recommendations)
    listed = sessions(every)
    if listed:
        out += ["## Sessions cited", "", "*The draft's words:* the sessions these statements were said in.", ""]
        for date, topic, link, n in listed:
            out.append(f"- {escape(date)}: {_link(topic or 'session', link)} "
                       f"({_plural(n, 'statement', 'statements')})")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
