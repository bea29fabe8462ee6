"""The minutes drafter: a session's contributions in, the seed's summary out.

Pure Python, no Django: it takes plain data (``Header``, ``Item``) and returns plain
data (``Draft``), which ``to_markdown`` writes in the structure of the alliance's
published summaries (see ../shared/seeds): a header, *Conceptual framework*,
*Identification of disruptions and needs*, *Solutions*, *Spoken round*, *References*.
A section with nothing in it is left out.

Rules, all deterministic (the same input always gives the same draft):
- the session's own framing (its description) opens the conceptual framework, then
  framework contributions become paragraphs; disruptions and needs share one section
  of bullets; solutions are bullets; references are links, from reference
  contributions and from links inside any other contribution, once each;
- near-duplicates within a section (the same content words, mostly) merge into one
  bullet that keeps every source: a wording with key phrases, then the longest, then
  the earliest, is shown;
- every bullet cites the contributions (``#id``) and organisations it comes from;
- bullets are ordered by how many organisations raised them, then by time, then id;
- the scribe's key phrases (``**bold**``) are kept as they are;
- the spoken round lists every turn on the floor in time order: who spoke (and for
  which organisation), the one-line point they asked the floor with, and beneath it
  what the scribe captured during that turn.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from alliance.lib import kinds

SECTION_FRAMEWORK = "Conceptual framework"
SECTION_NEEDS = "Identification of disruptions and needs"
SECTION_SOLUTIONS = "Solutions"
SECTION_ROUND = "Spoken round"
SECTION_REFERENCES = "References"
SECTIONS = (SECTION_FRAMEWORK, SECTION_NEEDS, SECTION_SOLUTIONS, SECTION_ROUND, SECTION_REFERENCES)
KIND_SECTION = {
    kinds.FRAMEWORK: SECTION_FRAMEWORK,
    kinds.DISRUPTION: SECTION_NEEDS,
    kinds.NEED: SECTION_NEEDS,
    kinds.SOLUTION: SECTION_SOLUTIONS,
    kinds.REFERENCE: SECTION_REFERENCES,
}
FORMAT_PURPOSE = {
    "Gilles Rules": "designed to allow everybody to speak and share, optimizing time",
}
# Two wordings of one point: this share of their content words in common (Jaccard).
NEAR_DUPLICATE = 0.6
# Citations close a bullet in this shape, so the importer can take them off again.
CITATION = re.compile(r"\s*\*\((?:[^()]|\([^()]*\))*·\s*(?:#\d+\s*)+\)\*\s*$")
LINK = re.compile(r"\[([^\]\n]+)\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)")
BARE_URL = re.compile(r"(?<![(\[<])\bhttps?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOP = frozenset(
    [
        "a", "an", "and", "are", "as", "at", "be", "been", "by", "for", "from", "has", "have", "in", "is", "it",
        "its", "of", "on", "or", "that", "the", "their", "there", "these", "they", "this", "to", "was", "were",
        "which", "with", "we", "our", "not", "also", "can", "more", "most", "need", "needs",
    ]
)


@dataclass(frozen=True)
class Header:
    alliance: str
    starts_at: dt.datetime  # aware, in the session's own zone
    zone: str
    working_format: str
    registration_url: str  # "" when registration is closed: the minutes then link nowhere
    topic: str
    framing: str = ""  # the session's own conceptual framing (Markdown paragraphs)


@dataclass(frozen=True)
class Item:
    """One contribution. ``organisation`` is a display name ("" when unknown)."""

    id: int
    kind: str
    text: str
    created_at: dt.datetime
    organisation: str = ""
    turn: str = ""  # the ``Turn.id`` a scribe captured it in ("" when written, or unknown)


@dataclass(frozen=True)
class Turn:
    """One turn on the floor. ``id`` is any string unique within the session."""

    id: str
    speaker: str
    started_at: dt.datetime
    point: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class Spoken:
    turn: Turn
    captures: tuple[Bullet, ...]


@dataclass(frozen=True)
class Bullet:
    text: str
    sources: tuple[int, ...]
    organisations: tuple[str, ...]


@dataclass(frozen=True)
class Reference:
    title: str
    url: str
    sources: tuple[int, ...]


@dataclass(frozen=True)
class Draft:
    header: Header
    framework: tuple[Bullet, ...]
    needs: tuple[Bullet, ...]
    solutions: tuple[Bullet, ...]
    references: tuple[Reference, ...]
    round: tuple[Spoken, ...] = ()


def one_line(text: str) -> str:
    return " ".join(text.split())


def content_words(text: str) -> frozenset[str]:
    plain = LINK.sub(r"\1", text).replace("**", " ")
    return frozenset(w for w in (m.group(0).lower() for m in _WORD.finditer(plain)) if w not in _STOP)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _voices(items: Iterable[Item]) -> int:
    # Each organisation counts once; a contribution without one is a voice of its own.
    return len({item.organisation or f"#{item.id}" for item in items})


def merge(items: Sequence[Item], threshold: float = NEAR_DUPLICATE) -> tuple[Bullet, ...]:
    """Group near-duplicates (greedy, in time order, each item joining the first group
    whose first item it resembles) and order the groups as the minutes list them."""
    ordered = sorted(items, key=lambda i: (i.created_at, i.id))
    groups: list[tuple[frozenset[str], list[Item]]] = []
    for item in ordered:
        if not one_line(item.text):
            continue
        words = content_words(item.text)
        for head_words, members in groups:
            if similarity(words, head_words) >= threshold:
                members.append(item)
                break
        else:
            groups.append((words, [item]))

    def rank(members: list[Item]) -> tuple[int, dt.datetime, int]:
        return (-_voices(members), members[0].created_at, members[0].id)

    bullets = []
    for _words, members in sorted(groups, key=lambda g: rank(g[1])):
        # The scribe's key phrases must survive the merge: a wording with bold ones first.
        shown = sorted(members, key=lambda i: ("**" not in i.text, -len(one_line(i.text)), i.created_at, i.id))[0]
        organisations = tuple(sorted({m.organisation for m in members if m.organisation}))
        bullets.append(Bullet(text=one_line(shown.text), sources=tuple(m.id for m in members),
                              organisations=organisations))
    return tuple(bullets)


def links(text: str) -> list[tuple[str, str]]:
    found = [(one_line(m.group(1)), m.group(2)) for m in LINK.finditer(text)]
    rest = LINK.sub(" ", text)
    found += [(m.group(0), m.group(0)) for m in BARE_URL.finditer(rest)]
    return found


def references(items: Sequence[Item]) -> tuple[Reference, ...]:
    seen: dict[tuple[str, str], list[int]] = {}
    for item in sorted(items, key=lambda i: (i.created_at, i.id)):
        found = links(item.text)
        if not found and item.kind == kinds.REFERENCE and one_line(item.text):
            found = [(one_line(item.text), "")]
        for title, url in found:
            seen.setdefault((title, url), []).append(item.id)
    return tuple(Reference(title=t, url=u, sources=tuple(s)) for (t, u), s in seen.items())


def spoken_round(turns: Sequence[Turn], items: Sequence[Item]) -> tuple[Spoken, ...]:
    """Each turn with what was captured in it, both in time order (no merging: this is
    the record of who said what)."""
    captured: dict[str, list[Item]] = {}
    for item in items:
        if item.turn and one_line(item.text):
            captured.setdefault(item.turn, []).append(item)
    out = []
    for turn in sorted(turns, key=lambda t: (t.started_at, t.id)):
        said = sorted(captured.get(turn.id, ()), key=lambda i: (i.created_at, i.id))
        out.append(Spoken(turn=turn, captures=tuple(
            Bullet(text=one_line(i.text), sources=(i.id,), organisations=(i.organisation,) if i.organisation else ())
            for i in said)))
    return tuple(out)


def draft(header: Header, items: Sequence[Item], turns: Sequence[Turn] = ()) -> Draft:
    by_section: dict[str, list[Item]] = {s: [] for s in SECTIONS}
    for item in items:
        section = KIND_SECTION.get(item.kind)
        if section is not None:
            by_section[section].append(item)
    return Draft(
        header=header,
        framework=merge(by_section[SECTION_FRAMEWORK]),
        needs=merge(by_section[SECTION_NEEDS]),
        solutions=merge(by_section[SECTION_SOLUTIONS]),
        references=references(items),
        round=spoken_round(turns, items),
    )


# --- Markdown -----------------------------------------------------------------------------

def when(starts_at: dt.datetime, zone: str) -> str:
    """"Thursday 21 May 2020 at 08:30 (Europe/Brussels)": English, like the summaries."""
    return f"{starts_at:%A} {starts_at.day} {starts_at:%B %Y} at {starts_at:%H:%M} ({zone})"


def citation(bullet: Bullet) -> str:
    who = ", ".join(bullet.organisations) or "imported"
    return f" *({who} · {' '.join(f'#{s}' for s in bullet.sources)})*"


def strip_citation(text: str) -> str:
    return CITATION.sub("", text)


def header_markdown(header: Header) -> list[str]:
    purpose = FORMAT_PURPOSE.get(header.working_format)
    working = f"Working format is based on “*{header.working_format}*”" + (f" ({purpose})" if purpose else "")
    lines = [f"# {header.alliance}", "", when(header.starts_at, header.zone), "", working, ""]
    if header.registration_url:
        lines += [f"[Link to registration of the session]({header.registration_url})", ""]
    lines += [f"Topic of the day: **{header.topic}**", ""]
    return lines


def framing_paragraphs(framing: str) -> list[str]:
    """The session's framing as paragraphs of one line each; a line that would read as a
    heading is escaped, so the framing cannot open a section of its own."""
    paragraphs = [one_line(p) for p in re.split(r"\n\s*\n", framing.replace("\r\n", "\n"))]
    return ["\\" + p if p.startswith("#") else p for p in paragraphs if p]


def turn_line(turn: Turn) -> str:
    who = f"**{one_line(turn.speaker)}**" + (f" ({one_line(turn.organisation)})" if turn.organisation else "")
    point = one_line(turn.point)
    return f"- {who}: {point}" if point else f"- {who}"


def to_markdown(result: Draft) -> str:
    lines = header_markdown(result.header)
    framing = framing_paragraphs(result.header.framing)
    if framing or result.framework:
        lines += [f"## {SECTION_FRAMEWORK}", ""]
        for text in framing:
            lines += [text, ""]
        for paragraph in result.framework:
            lines += [paragraph.text + citation(paragraph), ""]
    for title, bullets in ((SECTION_NEEDS, result.needs), (SECTION_SOLUTIONS, result.solutions)):
        if bullets:
            lines += [f"## {title}", ""]
            lines += [f"- {b.text}{citation(b)}" for b in bullets]
            lines.append("")
    if result.round:
        lines += [f"## {SECTION_ROUND}", ""]
        for spoken in result.round:
            lines.append(turn_line(spoken.turn))
            lines += [f"    - {b.text}{citation(b)}" for b in spoken.captures]
        lines.append("")
    if result.references:
        lines += [f"## {SECTION_REFERENCES}", ""]
        lines += [f"- [{r.title}]({r.url})" if r.url else f"- {r.title}" for r in result.references]
    return "\n".join(lines).rstrip() + "\n"
